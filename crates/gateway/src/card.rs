//! The card details the gateway keeps, and how they look in responses.

use serde_json::{json, Value};

/// What is stored of a card: never its number or security code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct StoredCard {
    pub(crate) brand: String,
    pub(crate) last4: String,
    pub(crate) exp_month: i64,
    pub(crate) exp_year: i64,
    pub(crate) name: String,
    pub(crate) funding: String,
}

impl StoredCard {
    /// The `card` object of tokens, payment methods and charges.
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "brand": self.brand,
            "last4": self.last4,
            "exp_month": self.exp_month,
            "exp_year": self.exp_year,
            "name": self.name,
            "funding": self.funding,
        })
    }

    /// Whether the card's expiry month is over at `now` (Unix seconds, UTC).
    pub(crate) fn expired_at(&self, now: i64) -> bool {
        let (year, month) = year_month(now);
        (self.exp_year, self.exp_month) < (i64::from(year), i64::from(month))
    }
}

/// The UTC (year, month) of a Unix time.
pub(crate) fn year_month(now: i64) -> (u16, u8) {
    let date =
        time::OffsetDateTime::from_unix_timestamp(now).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    (
        u16::try_from(date.year()).unwrap_or(1970),
        u8::from(date.month()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_month_of_known_dates() {
        assert_eq!(year_month(0), (1970, 1));
        // 2030-12-31T23:59:59Z and a second later.
        assert_eq!(year_month(1_924_991_999), (2030, 12));
        assert_eq!(year_month(1_924_992_000), (2031, 1));
    }

    #[test]
    fn card_expires_after_its_month() {
        let card = StoredCard {
            brand: "visa".into(),
            last4: "4242".into(),
            exp_month: 12,
            exp_year: 2030,
            name: "A".into(),
            funding: "credit".into(),
        };
        assert!(!card.expired_at(1_924_991_999));
        assert!(card.expired_at(1_924_992_000));
    }
}
