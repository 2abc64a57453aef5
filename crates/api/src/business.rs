//! The business API (`/v1`, server to server, `Authorization: Bearer
//! psk_…`): what a business's own systems send and get back.

mod links;
mod payments;
mod portal_sessions;

pub use links::*;
pub use payments::*;
pub use portal_sessions::*;

use serde::{Deserialize, Serialize};

/// One page of a list, newest first; ask for the next with
/// `starting_after=<the last item's id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items.
    pub data: Vec<T>,
    /// Whether more items follow the last one.
    pub has_more: bool,
}

/// A customer as the business sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// An invoice as the business sees it (amounts in minor units of
/// `currency`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessInvoice {
    /// `inv_…`.
    pub id: String,
    /// The customer's `cus_…`.
    pub customer: String,
    /// The number the customer sees, unique per customer.
    pub number: String,
    /// The business's own id, unique.
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// Lowercase ISO 4217 (the business's currency).
    pub currency: String,
    /// The sum of the lines.
    pub total: i64,
    /// Left to pay.
    pub balance_due: i64,
    /// As of today.
    pub status: BusinessInvoiceStatus,
    /// A note for the customer.
    pub memo: Option<String>,
    /// What was sold.
    pub lines: Vec<BusinessInvoiceLine>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339: the last change (an edit, a payment, a void).
    pub updated_at: String,
    /// RFC 3339, once voided.
    pub voided_at: Option<String>,
}

/// One line of an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusinessInvoiceLine {
    /// What was sold.
    pub description: String,
    /// How many.
    pub quantity: i64,
    /// Price of one, minor units.
    pub unit_amount: i64,
    /// `quantity × unit_amount`.
    pub amount: i64,
}

/// `POST /v1/invoices`: the server computes the total from the lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvoice {
    /// The customer's `cus_…` (not archived).
    pub customer: String,
    /// The number the customer sees (1–50 characters), unique per customer.
    pub number: String,
    /// The business's own id, unique.
    #[serde(default)]
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`, not before the issue date.
    pub due_date: String,
    /// Must be the business's currency.
    pub currency: String,
    /// 1 to 100 lines.
    pub lines: Vec<NewInvoiceLine>,
    /// If sent, must equal the sum of the lines (a check on the sender's sums).
    #[serde(default)]
    pub total: Option<i64>,
    /// A note for the customer (up to 1,000 characters).
    #[serde(default)]
    pub memo: Option<String>,
}

/// A line of [`CreateInvoice`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewInvoiceLine {
    /// What was sold (1–500 characters).
    pub description: String,
    /// How many (1–1,000,000).
    pub quantity: i64,
    /// Price of one, minor units (0–100,000,000,000).
    pub unit_amount: i64,
}

/// An invoice's status as the business sees it: the customer's statuses,
/// and `void` (a voided invoice has no balance and is not shown to the
/// customer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BusinessInvoiceStatus {
    /// Not yet due, nothing paid.
    Open,
    /// Past its due date with a balance.
    Overdue,
    /// Some paid, a balance left.
    PartiallyPaid,
    /// Nothing left to pay.
    Paid,
    /// Voided: nothing to pay, not shown to the customer.
    Void,
}

impl BusinessInvoiceStatus {
    /// Every status, and its wire name.
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::Open, "open"),
        (Self::Overdue, "overdue"),
        (Self::PartiallyPaid, "partially_paid"),
        (Self::Paid, "paid"),
        (Self::Void, "void"),
    ];
}

/// `POST /v1/invoices/{id}`: the fields to change (absent: unchanged) of an
/// invoice nothing was paid on; the total is computed again from the lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateInvoice {
    /// The number the customer sees, unique per customer.
    #[serde(default)]
    pub number: Option<String>,
    /// The business's own id, unique.
    #[serde(default)]
    pub external_id: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub issue_date: Option<String>,
    /// `YYYY-MM-DD`, not before the issue date.
    #[serde(default)]
    pub due_date: Option<String>,
    /// All the lines, replacing the old ones.
    #[serde(default)]
    pub lines: Option<Vec<NewInvoiceLine>>,
    /// If sent, must equal the sum of the lines.
    #[serde(default)]
    pub total: Option<i64>,
    /// A note for the customer; `""` removes it.
    #[serde(default)]
    pub memo: Option<String>,
}

/// `PUT /v1/invoices/by-external-id/{external_id}`: the whole invoice, made
/// if no invoice has that external id, else put in place of it (while
/// nothing was paid on it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpsertInvoice {
    /// The customer's `cus_…` (not archived); an invoice never moves to
    /// another customer.
    pub customer: String,
    /// The number the customer sees (1–50 characters), unique per customer.
    pub number: String,
    /// `YYYY-MM-DD`.
    pub issue_date: String,
    /// `YYYY-MM-DD`, not before the issue date.
    pub due_date: String,
    /// Must be the business's currency.
    pub currency: String,
    /// 1 to 100 lines.
    pub lines: Vec<NewInvoiceLine>,
    /// If sent, must equal the sum of the lines.
    #[serde(default)]
    pub total: Option<i64>,
    /// A note for the customer (up to 1,000 characters).
    #[serde(default)]
    pub memo: Option<String>,
}

/// `PUT /v1/customers/by-external-id/{external_id}`: made if no customer has
/// that external id, else its name and email are changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpsertCustomer {
    /// Display name (1–200 characters).
    pub name: String,
    /// Login email; unique among customers.
    pub email: String,
    /// The reseller's `cus_…`, to make a sub-account (set when the customer
    /// is made; it cannot change later).
    #[serde(default)]
    pub parent: Option<String>,
}

/// `POST /v1/customers/{id}`: the fields to change (absent: unchanged).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomer {
    /// Display name (1–200 characters).
    #[serde(default)]
    pub name: Option<String>,
    /// Login email; unique among customers.
    #[serde(default)]
    pub email: Option<String>,
    /// The business's own id; unique among customers.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// The answer to `POST /v1/customers/{id}/invitations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationSent {
    /// Where the link went.
    pub sent_to: String,
    /// RFC 3339: when the link stops working.
    pub expires_at: String,
}
