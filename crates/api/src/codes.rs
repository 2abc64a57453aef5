//! The stable error codes of [`crate::ApiErrorBody::code`]. Clients branch on
//! these, never on messages.

/// Namespace of the stable error codes (`ErrorCode::UNAUTHENTICATED`, …).
pub struct ErrorCode;

impl ErrorCode {
    /// 401: no session, or it expired or was logged out.
    pub const UNAUTHENTICATED: &'static str = "unauthenticated";
    /// 401: wrong email or password (same for unknown emails).
    pub const INVALID_CREDENTIALS: &'static str = "invalid_credentials";
    /// 403: a state-changing request without `X-Requested-With: portal` or
    /// with a missing or wrong `X-CSRF-Token`.
    pub const CSRF_FAILED: &'static str = "csrf_failed";
    /// 403: the request's `Origin` is neither the portal nor an allowed embed origin.
    pub const FORBIDDEN_ORIGIN: &'static str = "forbidden_origin";
    /// 429: too many attempts; see `Retry-After`.
    pub const RATE_LIMITED: &'static str = "rate_limited";
    /// 400: a query string parameter is invalid.
    pub const INVALID_QUERY: &'static str = "invalid_query";
    /// 400: the body is not valid JSON.
    pub const INVALID_JSON: &'static str = "invalid_json";
    /// 400: the JSON body has the wrong shape (missing, unknown or mistyped field).
    pub const INVALID_REQUEST: &'static str = "invalid_request";
    /// 400: a field's value is not acceptable; the message says which and why.
    pub const INVALID_FIELD: &'static str = "invalid_field";
    /// 415: the body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &'static str = "unsupported_media_type";
    /// 413: the body is too large.
    pub const BODY_TOO_LARGE: &'static str = "body_too_large";
    /// 404: no such thing (or not yours).
    pub const NOT_FOUND: &'static str = "not_found";
    /// 405: the path exists but not with this method.
    pub const METHOD_NOT_ALLOWED: &'static str = "method_not_allowed";
    /// 408: the request took too long.
    pub const TIMEOUT: &'static str = "timeout";
    /// 500: something failed on the server; nothing about it is echoed.
    pub const INTERNAL: &'static str = "internal";
    /// 502: the payment gateway could not be reached or answered wrongly.
    pub const GATEWAY_UNAVAILABLE: &'static str = "gateway_unavailable";
    /// 400: the `Idempotency-Key` header is missing or malformed.
    pub const INVALID_IDEMPOTENCY_KEY: &'static str = "invalid_idempotency_key";
    /// 409: the `Idempotency-Key` was already used with a different request.
    pub const IDEMPOTENCY_KEY_REUSED: &'static str = "idempotency_key_reused";
    /// 400: the amount is not positive, exceeds the balance, or is partial
    /// where partial payments are not allowed.
    pub const INVALID_AMOUNT: &'static str = "invalid_amount";
    /// 409: the invoice has nothing left to pay.
    pub const INVOICE_PAID: &'static str = "invoice_paid";
    /// 400: the card token was refused by the gateway (used, expired, unknown).
    pub const INVALID_TOKEN: &'static str = "invalid_token";
    /// 409: an expired card cannot be charged or made the default.
    pub const CARD_EXPIRED: &'static str = "card_expired";
    /// 409: the default card cannot be removed while other cards exist.
    pub const DEFAULT_CARD_REQUIRED: &'static str = "default_card_required";
    /// 409: the customer has the maximum number of saved cards.
    pub const TOO_MANY_CARDS: &'static str = "too_many_cards";
    /// 409: the payment is not waiting for a code step.
    pub const PAYMENT_NOT_PENDING: &'static str = "payment_not_pending";
    /// 400/410: a payment link or invitation link is invalid or expired.
    pub const INVALID_LINK: &'static str = "invalid_link";
    /// 400: the password does not meet the rules.
    pub const WEAK_PASSWORD: &'static str = "weak_password";
}
