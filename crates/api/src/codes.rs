//! The stable codes clients branch on, never on messages: [`ErrorCode`]
//! (of [`crate::ApiErrorBody::code`]), [`DeclineCode`] (of
//! [`crate::Decline::code`]) and the gateway's [`GatewayCode`] for the code
//! step. Sent as today's snake_case strings; a name a
//! client does not know reads as `Unknown`.

use crate::wire::wire_enum;

wire_enum! {
    /// The stable error codes of [`crate::ApiErrorBody::code`].
    pub enum ErrorCode {
        /// 401: no session, or it expired or was logged out.
        Unauthenticated = "unauthenticated",
        /// 401: wrong email or password (same for unknown emails).
        InvalidCredentials = "invalid_credentials",
        /// 403: a state-changing request without `X-Requested-With: portal` or
        /// with a missing or wrong `X-CSRF-Token`.
        CsrfFailed = "csrf_failed",
        /// 403: the request's `Origin` is neither the portal nor an allowed embed origin.
        ForbiddenOrigin = "forbidden_origin",
        /// 429: too many attempts; see `Retry-After`.
        RateLimited = "rate_limited",
        /// 400: a query string parameter is invalid.
        InvalidQuery = "invalid_query",
        /// 400: the body is not valid JSON.
        InvalidJson = "invalid_json",
        /// 400: the JSON body has the wrong shape (missing, unknown or mistyped field).
        InvalidRequest = "invalid_request",
        /// 400: a field's value is not acceptable; the message says which and why.
        InvalidField = "invalid_field",
        /// 415: the body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// 413: the body is too large.
        BodyTooLarge = "body_too_large",
        /// 404: no such thing (or not yours).
        NotFound = "not_found",
        /// 405: the path exists but not with this method.
        MethodNotAllowed = "method_not_allowed",
        /// 408: the request took too long.
        Timeout = "timeout",
        /// 500: something failed on the server; nothing about it is echoed.
        Internal = "internal",
        /// 502: the payment gateway could not be reached or answered wrongly.
        GatewayUnavailable = "gateway_unavailable",
        /// 400: the `Idempotency-Key` header is missing or malformed.
        InvalidIdempotencyKey = "invalid_idempotency_key",
        /// 409: the `Idempotency-Key` was already used with a different request.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// 400: the amount is not positive, exceeds the balance, or is partial
        /// where partial payments are not allowed.
        InvalidAmount = "invalid_amount",
        /// 409: the invoice has nothing left to pay.
        InvoicePaid = "invoice_paid",
        /// 400: the card token was refused by the gateway (used, expired, unknown).
        InvalidToken = "invalid_token",
        /// 409: an expired card cannot be charged or made the default.
        CardExpired = "card_expired",
        /// 409: the default card cannot be removed while other cards exist.
        DefaultCardRequired = "default_card_required",
        /// 409: the card cannot be removed while a payment with it is still
        /// open (waiting for its code step, at most 30 minutes).
        CardInUse = "card_in_use",
        /// 409: the customer has the maximum number of saved cards.
        TooManyCards = "too_many_cards",
        /// 409: the payment is not waiting for a code step.
        PaymentNotPending = "payment_not_pending",
        /// 400/410: a payment link or invitation link is invalid or expired.
        InvalidLink = "invalid_link",
        /// 400: the password does not meet the rules.
        WeakPassword = "weak_password",
        /// 409: an object with this unique value (an email, an external
        /// id) exists (business API).
        AlreadyExists = "already_exists",
        /// 409: the payment cannot be refunded (not succeeded, refunded in
        /// full, or a deposit whose credit was spent) (business API).
        NotRefundable = "not_refundable",
        /// 409: the invoice was partly paid, or a payment for it is under
        /// way, so it can no longer be changed or voided (business API).
        InvoiceHasPayments = "invoice_has_payments",
        /// 409: the invoice is void and can no longer be changed (business API).
        InvoiceVoid = "invoice_void",
    }
}

wire_enum! {
    /// Why a card payment did not go through ([`crate::Decline::code`]): the
    /// gateway's decline codes and the server's own `card_not_usable`.
    pub enum DeclineCode {
        /// The issuer declined without a reason.
        GenericDecline = "generic_decline",
        /// Not enough money on the card.
        InsufficientFunds = "insufficient_funds",
        /// The card has expired.
        ExpiredCard = "expired_card",
        /// The security code is wrong.
        IncorrectCvc = "incorrect_cvc",
        /// A processing error; trying again may work.
        ProcessingError = "processing_error",
        /// Blocked as fraud (not explained further, as with real issuers).
        Fraudulent = "fraudulent",
        /// The one-time-code step failed.
        AuthenticationFailed = "authentication_failed",
        /// The server could not use the card (token expired or used, card
        /// removed at the gateway).
        CardNotUsable = "card_not_usable",
    }
}

wire_enum! {
    /// The gateway's error codes for the code step, which the browser calls
    /// itself (`POST {gateway}/v1/challenges/{id}/verify` and `…/resend`).
    pub enum GatewayCode {
        /// The code step is already finished; a code works once.
        ChallengeUsed = "challenge_used",
        /// The code step ended; no new code can be sent.
        ChallengeClosed = "challenge_closed",
        /// A new code was asked for too soon.
        ResendCooldown = "resend_cooldown",
        /// Too many codes were sent for this payment.
        ResendLimit = "resend_limit",
        /// No such code step.
        ChallengeNotFound = "challenge_not_found",
    }
}

#[cfg(test)]
mod tests {
    use super::{DeclineCode, ErrorCode};

    #[test]
    fn codes_are_sent_as_their_snake_case_names_and_unknown_names_read_as_unknown() {
        for code in ErrorCode::KNOWN {
            let json = serde_json::to_string(code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).ok(), Some(*code));
            assert_eq!(code.as_str().parse::<ErrorCode>().ok(), Some(*code));
        }
        assert_eq!(ErrorCode::InvalidQuery.as_str(), "invalid_query");
        assert_eq!(
            ErrorCode::IdempotencyKeyReused.as_str(),
            "idempotency_key_reused"
        );
        assert_eq!(DeclineCode::IncorrectCvc.as_str(), "incorrect_cvc");
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"a_code_from_the_future\"").ok(),
            Some(ErrorCode::Unknown)
        );
        assert_eq!(DeclineCode::from("lost_card"), DeclineCode::Unknown);
        assert!(
            "lost_card".parse::<DeclineCode>().is_err(),
            "storage refuses it"
        );
    }
}
