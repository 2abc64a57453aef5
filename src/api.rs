//! The one client of the portal API: one async fn per endpoint, each
//! returning `Result<T, ApiError>`. Every state-changing request carries the
//! CSRF headers the server requires. A request is aborted when the reactive
//! owner that started it is cleaned up (the page or component unmounts, or
//! a resource loads again), so a page left mid-load leaves nothing running.

mod error;
pub mod gateway;

pub use error::{ApiError, Code};

use gloo_net::http::{Method, Request, RequestBuilder};
use leptos::prelude::*;
use portal_api::{
    AddPaymentMethodRequest, InvoiceDetail, InvoiceListResponse, LoginRequest, PayRequest, Payment,
    PaymentMethod, PaymentMethodListResponse, PortalConfig, SessionResponse, SummaryResponse,
};
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::RequestCredentials;

/// Handle to the API: base URL and the session's CSRF token. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Api {
    base: StoredValue<String>,
    csrf: RwSignal<Option<String>>,
}

impl Api {
    /// A client for the API at `base` (empty: this origin).
    pub fn new(base: String) -> Self {
        Self {
            base: StoredValue::new(base),
            csrf: RwSignal::new(None),
        }
    }

    /// Remembers the CSRF token the server issued with the session.
    pub fn set_csrf(&self, token: Option<String>) {
        self.csrf.set(token);
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.get_value())
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let builder = RequestBuilder::new(&self.url(path))
            .abort_signal(abort_on_cleanup().as_ref())
            .method(method.clone())
            .credentials(RequestCredentials::Include)
            .header("Accept", "application/json");
        if method == Method::GET {
            builder
        } else {
            let builder = builder.header("X-Requested-With", "portal");
            match self.csrf.get_untracked() {
                Some(token) => builder.header("X-CSRF-Token", &token),
                None => builder,
            }
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let request = self
            .request(Method::GET, path)
            .build()
            .map_err(ApiError::network)?;
        error::parse(&answer(request).await?)
    }

    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let builder = self.request(method, path);
        let request = match body {
            Some(body) => builder
                .json(body)
                .map_err(|e| ApiError::Decode(e.to_string()))?,
            None => builder
                .build()
                .map_err(|e| ApiError::Decode(e.to_string()))?,
        };
        error::parse(&answer(request).await?)
    }

    /// `GET /api/config`: gateway URL, publishable key, business policy.
    pub async fn config(&self) -> Result<PortalConfig, ApiError> {
        self.get("/api/config").await
    }

    /// `GET /api/session`: who is logged in (`None` when nobody).
    pub async fn session(&self) -> Result<Option<SessionResponse>, ApiError> {
        self.get("/api/session").await
    }

    /// `POST /api/session`: log in.
    pub async fn login(&self, request: &LoginRequest) -> Result<SessionResponse, ApiError> {
        self.send(Method::POST, "/api/session", Some(request)).await
    }

    /// `DELETE /api/session`: log out.
    pub async fn logout(&self) -> Result<(), ApiError> {
        self.send::<(), error::Empty>(Method::DELETE, "/api/session", None)
            .await
            .map(|_| ())
    }

    /// `GET /api/summary`: balance, overdue amount, recent activity.
    pub async fn summary(&self) -> Result<SummaryResponse, ApiError> {
        self.get("/api/summary").await
    }

    /// `GET /api/invoices/{id}`: one invoice with lines and payments.
    pub async fn invoice(&self, id: &str) -> Result<InvoiceDetail, ApiError> {
        self.get(&format!(
            "/api/invoices/{}",
            js_sys::encode_uri_component(id)
        ))
        .await
    }

    /// `GET /api/payment-methods`: the customer's saved cards.
    pub async fn payment_methods(&self) -> Result<PaymentMethodListResponse, ApiError> {
        self.get("/api/payment-methods").await
    }

    /// `POST /api/payment-methods`: saves a card from a gateway token.
    pub async fn add_payment_method(
        &self,
        request: &AddPaymentMethodRequest,
    ) -> Result<PaymentMethod, ApiError> {
        self.send(Method::POST, "/api/payment-methods", Some(request))
            .await
    }

    /// `POST /api/payment-methods/{id}/default`: makes a card the default.
    pub async fn make_default(&self, id: &str) -> Result<PaymentMethod, ApiError> {
        let path = format!(
            "/api/payment-methods/{}/default",
            js_sys::encode_uri_component(id)
        );
        self.send::<(), _>(Method::POST, &path, None).await
    }

    /// `DELETE /api/payment-methods/{id}`: removes a card (refused for the default while others exist).
    pub async fn remove_payment_method(&self, id: &str) -> Result<(), ApiError> {
        let path = format!("/api/payment-methods/{}", js_sys::encode_uri_component(id));
        self.send::<(), error::Empty>(Method::DELETE, &path, None)
            .await
            .map(|_| ())
    }

    /// `POST /api/invoices/{id}/payments` with the attempt's idempotency key:
    /// a retry with the same key never charges twice.
    pub async fn pay_invoice(
        &self,
        invoice_id: &str,
        idempotency_key: &str,
        request: &PayRequest,
    ) -> Result<Payment, ApiError> {
        let path = format!(
            "/api/invoices/{}/payments",
            js_sys::encode_uri_component(invoice_id)
        );
        self.create_payment(&path, idempotency_key, request).await
    }

    /// `GET /api/payments/{id}`: the payment's true state (after a reload too).
    pub async fn payment(&self, id: &str) -> Result<Payment, ApiError> {
        self.get(&format!(
            "/api/payments/{}",
            js_sys::encode_uri_component(id)
        ))
        .await
    }

    /// `POST /api/payments/{id}/confirm`: after the code step, the server asks
    /// the gateway for the outcome (it never trusts the browser).
    pub async fn confirm_payment(&self, id: &str) -> Result<Payment, ApiError> {
        let path = format!("/api/payments/{}/confirm", js_sys::encode_uri_component(id));
        self.send::<(), _>(Method::POST, &path, None).await
    }

    /// `GET /api/invoices`: one page of the customer's invoices.
    pub async fn invoices(
        &self,
        status: Option<&str>,
        page: u32,
    ) -> Result<InvoiceListResponse, ApiError> {
        let mut path = format!("/api/invoices?page={page}");
        if let Some(status) = status {
            path.push_str("&status=");
            path.push_str(status);
        }
        self.get(&path).await
    }

    /// `POST` a payment to `path` with the attempt's idempotency key.
    async fn create_payment(
        &self,
        path: &str,
        idempotency_key: &str,
        request: &PayRequest,
    ) -> Result<Payment, ApiError> {
        let request = self
            .request(Method::POST, path)
            .header("Idempotency-Key", idempotency_key)
            .json(request)
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        error::parse(&answer(request).await?)
    }

    /// `POST /api/deposits`: money on account, credited once it succeeds.
    pub async fn deposit(
        &self,
        idempotency_key: &str,
        request: &PayRequest,
    ) -> Result<Payment, ApiError> {
        self.create_payment("/api/deposits", idempotency_key, request)
            .await
    }

    /// `GET /api/pay-links/{token}`: the one invoice a payment link pays (no login).
    pub async fn pay_link(&self, token: &str) -> Result<portal_api::PaymentLinkResponse, ApiError> {
        self.get(&format!(
            "/api/pay-links/{}",
            js_sys::encode_uri_component(token)
        ))
        .await
    }

    /// `POST /api/pay-links/{token}/payments`: pays the link's invoice with a new card.
    pub async fn pay_via_link(
        &self,
        token: &str,
        idempotency_key: &str,
        request: &PayRequest,
    ) -> Result<Payment, ApiError> {
        let path = format!(
            "/api/pay-links/{}/payments",
            js_sys::encode_uri_component(token)
        );
        self.create_payment(&path, idempotency_key, request).await
    }

    /// `GET /api/pay-links/{token}/payments/{id}`: that payment's true state.
    pub async fn link_payment(&self, token: &str, id: &str) -> Result<Payment, ApiError> {
        let path = format!(
            "/api/pay-links/{}/payments/{}",
            js_sys::encode_uri_component(token),
            js_sys::encode_uri_component(id)
        );
        self.get(&path).await
    }

    /// `POST /api/pay-links/{token}/payments/{id}/confirm`: after the code step.
    pub async fn confirm_link_payment(&self, token: &str, id: &str) -> Result<Payment, ApiError> {
        let path = format!(
            "/api/pay-links/{}/payments/{}/confirm",
            js_sys::encode_uri_component(token),
            js_sys::encode_uri_component(id)
        );
        self.send::<(), _>(Method::POST, &path, None).await
    }

    // -- pay, deposit, payment link --
    /// `POST /api/invitations`: asks for a link to set a password. The answer
    /// is the same whether the email is on file or not.
    pub async fn request_invitation(
        &self,
        request: &portal_api::InvitationRequest,
    ) -> Result<portal_api::InvitationResponse, ApiError> {
        self.send(Method::POST, "/api/invitations", Some(request))
            .await
    }

    /// `POST /api/invitations/accept`: sets the password with the link's token
    /// and logs in (`400 invalid_link`, `400 weak_password`).
    pub async fn accept_invitation(
        &self,
        request: &portal_api::AcceptInvitationRequest,
    ) -> Result<SessionResponse, ApiError> {
        self.send(Method::POST, "/api/invitations/accept", Some(request))
            .await
    }

    /// `POST /api/portal-sessions/redeem`: a portal session's one-time
    /// token (single sign-on from the business's site) for a session.
    pub async fn redeem_portal_session(
        &self,
        request: &portal_api::RedeemPortalSession,
    ) -> Result<SessionResponse, ApiError> {
        self.send(Method::POST, "/api/portal-sessions/redeem", Some(request))
            .await
    }

    /// `POST /api/password-resets`: "forgot your password?"; the answer is
    /// the same whether the email is on file or not.
    pub async fn request_password_reset(
        &self,
        request: &portal_api::PasswordResetRequest,
    ) -> Result<portal_api::InvitationResponse, ApiError> {
        self.send(Method::POST, "/api/password-resets", Some(request))
            .await
    }

    /// `POST /api/password-resets/accept`: sets a new password with the reset
    /// link's token, ends every other session and logs in.
    pub async fn accept_password_reset(
        &self,
        request: &portal_api::AcceptPasswordResetRequest,
    ) -> Result<SessionResponse, ApiError> {
        self.send(Method::POST, "/api/password-resets/accept", Some(request))
            .await
    }

    /// `GET /api/sub-accounts`: a reseller's customers with their balances (never cards).
    pub async fn sub_accounts(&self) -> Result<portal_api::SubAccountListResponse, ApiError> {
        self.get("/api/sub-accounts").await
    }

    // -- accounts: invitation, set password, sub-accounts --
    /// `PATCH /api/payment-methods/{id}`: a new expiry (e.g. for a reissued card).
    pub async fn update_payment_method(
        &self,
        id: &str,
        request: &portal_api::UpdatePaymentMethodRequest,
    ) -> Result<PaymentMethod, ApiError> {
        let path = format!("/api/payment-methods/{}", js_sys::encode_uri_component(id));
        self.send(Method::PATCH, &path, Some(request)).await
    }

    /// `GET /api/payment-methods/history`: changes to the saved cards, newest first.
    pub async fn payment_method_history(
        &self,
    ) -> Result<portal_api::PaymentMethodHistoryResponse, ApiError> {
        self.get("/api/payment-methods/history").await
    }

    // -- saved cards: expiry, history, removal --
}

/// Sends `request` and reads the answer's body, or the error it carries:
/// every call's steps but reading its type from the JSON, so they are in
/// the wasm once rather than once per type of answer.
async fn answer(request: Request) -> Result<String, ApiError> {
    let response = request.send().await.map_err(ApiError::network)?;
    error::body(response).await
}

/// A signal that aborts when the current reactive owner is cleaned up (none
/// outside an owner, e.g. in a bare `spawn_local`). Requests are made while
/// a resource or action polls its future, under that resource's or
/// component's owner.
fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    let _owner = Owner::current()?;
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    // Moved into the owner's cleanup (a controller stays on its thread:
    // `SendWrapper`, rather than the owner's arena, whose storage code would
    // land in the first load). Aborting after the answer has come does nothing.
    let controller = SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}

/// Provides the API handle to the app.
pub fn provide_api(api: Api) {
    provide_context(api);
}

/// The API handle provided by the app.
pub fn use_api() -> Api {
    expect_context::<Api>()
}
