-- A card the customer asked to save while paying is kept only if that
-- payment succeeds. Until then it is attached at the gateway (the charge and
-- its code step use it) but is not one of the customer's cards: it is not
-- listed, cannot be chosen, made the default or removed, and it counts
-- against the cap on cards. `pending_payment_id` names the payment it waits
-- for; it is cleared in the transaction that records the payment's success.
-- A card whose payment failed or was abandoned is detached and marked
-- removed, with nothing in the customer's history.
ALTER TABLE payment_methods ADD COLUMN pending_payment_id TEXT;
