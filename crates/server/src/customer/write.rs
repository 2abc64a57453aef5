//! The writes of a customer that the business API and the CSV import
//! share, on a connection inside the caller's transaction: the checks of
//! what is sent ([`check`] makes a [`Draft`]), create (with its parent
//! checked), and upsert by external id. A request that would change nothing
//! writes nothing.

use portal_api::ErrorCode;
use sqlx::SqliteConnection;

use crate::customer::record::{self, Changes, NewRecord, Record, Taken};
use crate::error::AppError;
use crate::field::{checked_text, field};
use crate::ids::new_id;
pub use crate::outcome::Outcome;

/// Longest name.
const MAX_NAME: usize = 200;
/// Longest email.
const MAX_EMAIL: usize = 254;
/// Longest external id.
pub const MAX_EXTERNAL_ID: usize = 100;

/// A checked customer, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Trimmed.
    pub name: String,
    /// Trimmed and lowercase.
    pub email: String,
    /// Trimmed.
    pub external_id: Option<String>,
    /// The reseller's `cus_…`, for a sub-account.
    pub parent_id: Option<String>,
}

/// Checks a customer as sent (the parent is checked against the database by
/// [`create`]).
pub fn check(
    name: &str,
    email: &str,
    external_id: Option<&str>,
    parent_id: Option<&str>,
) -> Result<Draft, AppError> {
    Ok(Draft {
        name: checked_name(name)?.to_owned(),
        email: checked_email(email)?,
        external_id: external_id.map(checked_external_id).transpose()?,
        parent_id: parent_id.map(|p| p.trim().to_owned()),
    })
}

/// A display name, trimmed.
pub fn checked_name(value: &str) -> Result<&str, AppError> {
    checked_text("name", value, MAX_NAME)
}

/// An external id, trimmed.
pub fn checked_external_id(value: &str) -> Result<String, AppError> {
    checked_text("external_id", value, MAX_EXTERNAL_ID).map(str::to_owned)
}

/// An email, trimmed and lowercase, if it looks like one.
pub fn checked_email(value: &str) -> Result<String, AppError> {
    let email = value.trim().to_lowercase();
    let looks_right = email.len() <= MAX_EMAIL
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if looks_right {
        Ok(email)
    } else {
        Err(field("email", "an email address, e.g. name@example.com."))
    }
}

/// Makes a customer from `draft` (its parent must exist, not be archived,
/// nor be a sub-account itself); its id.
pub async fn create(
    conn: &mut SqliteConnection,
    draft: &Draft,
    now: i64,
) -> Result<String, AppError> {
    if let Some(parent_id) = draft.parent_id.as_deref() {
        match record::find_in(conn, parent_id).await? {
            None => return Err(field("parent", "no such customer.")),
            Some(p) if p.archived_at.is_some() => {
                return Err(field("parent", "that customer is archived."))
            }
            Some(p) if p.parent_id.is_some() => {
                return Err(field("parent", "a sub-account cannot have sub-accounts."))
            }
            Some(_) => {}
        }
    }
    let id = new_id("cus");
    let new = NewRecord {
        id: &id,
        name: &draft.name,
        email: &draft.email,
        external_id: draft.external_id.as_deref(),
        parent_id: draft.parent_id.as_deref(),
        created_at: now,
    };
    record::create(conn, &new).await?.map_err(taken_error)?;
    Ok(id)
}

/// Makes the customer with `draft`'s external id, or gives it `draft`'s
/// name and email; its id and what was done. A customer's parent is set
/// when it is made and never changes.
pub async fn upsert(
    conn: &mut SqliteConnection,
    draft: &Draft,
    now: i64,
) -> Result<(String, Outcome), AppError> {
    let Some(external_id) = draft.external_id.as_deref() else {
        return Err(field("external_id", "required to upsert."));
    };
    let Some(existing) = record::find_by_external_id(conn, external_id).await? else {
        let id = create(conn, draft, now).await?;
        return Ok((id, Outcome::Created));
    };
    if existing.parent_id != draft.parent_id {
        return Err(field(
            "parent",
            "a customer's parent is set when it is made and cannot change.",
        ));
    }
    let outcome = update(conn, &existing, draft).await?;
    Ok((existing.id, outcome))
}

/// Gives `existing` the name and email of `draft`.
async fn update(
    conn: &mut SqliteConnection,
    existing: &Record,
    draft: &Draft,
) -> Result<Outcome, AppError> {
    if existing.name == draft.name && existing.email == draft.email {
        return Ok(Outcome::Unchanged);
    }
    let changes = Changes {
        name: Some(&draft.name),
        email: Some(&draft.email),
        external_id: None,
    };
    record::update(conn, &existing.id, &changes)
        .await?
        .map_err(taken_error)?;
    Ok(Outcome::Updated)
}

/// 409 `already_exists` for the unique value another customer has.
pub fn taken_error(taken: Taken) -> AppError {
    match taken {
        Taken::Email => AppError::conflict(
            ErrorCode::AlreadyExists,
            "email: another customer has this email.",
        ),
        Taken::ExternalId => AppError::conflict(
            ErrorCode::AlreadyExists,
            "external_id: another customer has this external id.",
        ),
    }
}
