//! The business API (`/v1`, server to server, `Authorization: Bearer
//! psk_…`): what a business's own systems send and get back.

use serde::{Deserialize, Serialize};

/// One page of a list, newest first; ask for the next with
/// `starting_after=<the last item's id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items.
    pub data: Vec<T>,
    /// Whether more items follow the last one.
    pub has_more: bool,
}

/// A customer as the business sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCustomer {
    /// `cus_…`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Login email (lowercase).
    pub email: String,
    /// The business's own id for the customer (its accounting system's).
    pub external_id: Option<String>,
    /// The reseller's `cus_…`, for a sub-account.
    pub parent: Option<String>,
    /// Whether the customer has set a password (else an invitation sets one).
    pub has_password: bool,
    /// Whether the customer is archived (no new invoices).
    pub archived: bool,
    /// RFC 3339.
    pub created_at: String,
}

/// `POST /v1/customers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateCustomer {
    /// Display name (1–200 characters).
    pub name: String,
    /// Login email; unique among customers.
    pub email: String,
    /// The business's own id; unique among customers.
    #[serde(default)]
    pub external_id: Option<String>,
    /// The reseller's `cus_…`, to make a sub-account.
    #[serde(default)]
    pub parent: Option<String>,
}

/// One write made through the business API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Increasing number.
    pub id: String,
    /// The key's prefix (`psk_…`).
    pub key: String,
    /// E.g. `customer.create`.
    pub action: String,
    /// The object's id, e.g. `cus_…`.
    pub object: String,
    /// RFC 3339.
    pub at: String,
}
