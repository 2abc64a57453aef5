//! The gateway's refusal codes the server acts on (`docs/gateway-api.md`),
//! read once from [`super::GatewayError::Refused`]'s code, so callers match
//! on a type instead of comparing strings.

/// A gateway refusal, by its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalCode {
    /// `token_expired`: the token was not used within its 15 minutes.
    TokenExpired,
    /// `token_used`: a token works once.
    TokenUsed,
    /// `token_not_found`, or any other `token_…` code.
    TokenInvalid,
    /// `payment_method_not_found`: detached or never there.
    PaymentMethodNotFound,
    /// `too_many_payment_methods`: the gateway's own limit per customer.
    TooManyPaymentMethods,
    /// `invalid_expiry`: in the past or too far ahead.
    InvalidExpiry,
    /// Any other code.
    Other,
}

impl RefusalCode {
    /// The refusal a gateway code stands for.
    pub fn of(code: &str) -> Self {
        match code {
            "token_expired" => Self::TokenExpired,
            "token_used" => Self::TokenUsed,
            "payment_method_not_found" => Self::PaymentMethodNotFound,
            "too_many_payment_methods" => Self::TooManyPaymentMethods,
            "invalid_expiry" => Self::InvalidExpiry,
            other if other.starts_with("token_") => Self::TokenInvalid,
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RefusalCode;

    #[test]
    fn every_token_code_is_a_token_refusal() {
        assert_eq!(RefusalCode::of("token_used"), RefusalCode::TokenUsed);
        assert_eq!(
            RefusalCode::of("token_not_found"),
            RefusalCode::TokenInvalid
        );
        assert_eq!(RefusalCode::of("customer_not_found"), RefusalCode::Other);
    }
}
