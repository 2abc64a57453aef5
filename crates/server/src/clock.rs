//! What time and day it is (UTC).

use time::{Date, OffsetDateTime};

/// Now, in Unix seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Today's date (UTC).
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// A date as `YYYY-MM-DD`.
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Unix seconds as RFC 3339 (UTC), e.g. `2026-05-10T12:00:00Z`.
pub fn rfc3339(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}
