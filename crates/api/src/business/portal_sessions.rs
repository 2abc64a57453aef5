//! Portal sessions: single sign-on from the business's own site
//! (`POST /v1/portal-sessions`, redeemed by the portal at
//! `POST /api/portal-sessions/redeem`).

use serde::{Deserialize, Serialize};

/// `POST /v1/portal-sessions`: a one-time sign-in for a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreatePortalSession {
    /// The customer's `cus_…` (not archived).
    pub customer: String,
    /// Where the portal's "Back to …" link takes the customer: an absolute
    /// `https` URL (`http` only on a loopback host), up to 2,000 characters.
    #[serde(default)]
    pub return_url: Option<String>,
}

/// A portal session: send the customer to `url` within its five minutes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalSession {
    /// `ps_…`.
    pub id: String,
    /// The customer it signs in.
    pub customer: String,
    /// The one-time sign-in URL (`…/portal-session#<token>`): shown only in
    /// this answer; it works once.
    pub url: String,
    /// As sent.
    pub return_url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339: when the URL stops working if unused.
    pub expires_at: String,
}

/// `POST /api/portal-sessions/redeem`: the token from a portal session's URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedeemPortalSession {
    /// The part of the URL after `#`.
    pub token: String,
}
