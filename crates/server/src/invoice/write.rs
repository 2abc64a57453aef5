//! The writes of an invoice that the business API and the CSV import share,
//! on a connection inside the caller's transaction: create, update (only
//! while nothing was paid on it), upsert by external id, and void. Each
//! takes a checked [`Draft`]; a request that would change nothing changes
//! nothing (and is no write to audit), whatever the invoice's state.

use portal_api::{BusinessInvoiceLine, ErrorCode};
use sqlx::SqliteConnection;

use crate::customer::record::Record as Customer;
use crate::error::AppError;
use crate::field::field;
use crate::ids::new_id;
use crate::invoice::draft::{self, Draft, Locked};
use crate::invoice::record::{self, NewRecord, Record, Taken};
pub use crate::outcome::Outcome;

/// Makes an invoice of `customer` (not archived) from `draft`; its id.
pub async fn create(
    conn: &mut SqliteConnection,
    customer: Customer,
    draft: &Draft,
    now: i64,
) -> Result<String, AppError> {
    let customer = draft::billable(Some(customer))?;
    let id = new_id("inv");
    let new = NewRecord {
        id: &id,
        customer_id: &customer.id,
        draft,
        created_at: now,
    };
    record::create(conn, &new).await?.map_err(taken_error)?;
    Ok(id)
}

/// Puts `draft` in place of invoice `existing` (with `lines`), unless
/// something was paid on it or it is void (409).
pub async fn update(
    conn: &mut SqliteConnection,
    existing: &Record,
    lines: &[BusinessInvoiceLine],
    draft: &Draft,
    now: i64,
) -> Result<Outcome, AppError> {
    if draft.same_as(existing, lines) {
        return Ok(Outcome::Unchanged);
    }
    let payments = record::live_payments(conn, &existing.id).await?;
    if let Some(locked) = Locked::of(existing, payments) {
        return Err(locked.error("changed"));
    }
    record::replace(conn, &existing.id, &existing.customer_id, draft, now)
        .await?
        .map_err(taken_error)?;
    Ok(Outcome::Updated)
}

/// Makes the invoice with `draft`'s external id for `customer`, or puts
/// `draft` in place of it ([`update`]); its id and what was done. An
/// invoice never moves to another customer.
pub async fn upsert(
    conn: &mut SqliteConnection,
    customer: Customer,
    draft: &Draft,
    now: i64,
) -> Result<(String, Outcome), AppError> {
    let Some(external_id) = draft.external_id.as_deref() else {
        return Err(field("external_id", "required to upsert."));
    };
    match record::find_by_external_id(conn, external_id).await? {
        None => {
            let id = create(conn, customer, draft, now).await?;
            Ok((id, Outcome::Created))
        }
        Some((existing, _)) if existing.customer_id != customer.id => Err(field(
            "customer",
            "the invoice with this external id is another customer's; an invoice cannot move to another customer.",
        )),
        Some((existing, lines)) => {
            let outcome = update(conn, &existing, &lines, draft, now).await?;
            Ok((existing.id, outcome))
        }
    }
}

/// Voids `existing`: no balance, not shown to the customer. Voiding again
/// changes nothing; an invoice with payments (made or under way) cannot be
/// voided (409).
pub async fn void(
    conn: &mut SqliteConnection,
    existing: &Record,
    now: i64,
) -> Result<Outcome, AppError> {
    let payments = record::live_payments(conn, &existing.id).await?;
    match Locked::of(existing, payments) {
        Some(Locked::Void) => Ok(Outcome::Unchanged),
        Some(locked) => Err(locked.error("voided")),
        None => {
            record::void(conn, &existing.id, now).await?;
            Ok(Outcome::Updated)
        }
    }
}

/// 409 `already_exists` for the unique value another invoice has.
fn taken_error(taken: Taken) -> AppError {
    match taken {
        Taken::Number => AppError::conflict(
            ErrorCode::AlreadyExists,
            "number: the customer has an invoice with this number.",
        ),
        Taken::ExternalId => AppError::conflict(
            ErrorCode::AlreadyExists,
            "external_id: another invoice has this external id.",
        ),
    }
}
