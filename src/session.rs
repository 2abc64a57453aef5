//! Who is logged in: a context the pages read and the login page writes.

use leptos::prelude::*;
use portal_api::{CustomerSummary, SessionResponse};

use crate::api::Api;

/// The logged-in customer, if any, and whether the server was asked yet.
#[derive(Clone, Copy)]
pub struct SessionContext {
    customer: RwSignal<Option<CustomerSummary>>,
    known: RwSignal<bool>,
}

impl SessionContext {
    fn new() -> Self {
        Self {
            customer: RwSignal::new(None),
            known: RwSignal::new(false),
        }
    }

    /// The logged-in customer (reactive).
    pub fn customer(&self) -> Option<CustomerSummary> {
        self.customer.get()
    }

    /// True once the server has said whether a session exists.
    pub fn known(&self) -> bool {
        self.known.get()
    }

    /// Records a session the server granted, with its CSRF token.
    pub fn signed_in(&self, api: &Api, session: SessionResponse) {
        api.set_csrf(Some(session.csrf_token));
        self.customer.set(Some(session.customer));
        self.known.set(true);
    }

    /// Forgets the session (logged out, or the server says it is gone).
    pub fn signed_out(&self, api: &Api) {
        api.set_csrf(None);
        self.customer.set(None);
        self.known.set(true);
    }
}

/// Creates the session context and asks the server whether a session exists.
pub fn provide_session(api: Api) -> SessionContext {
    let session = SessionContext::new();
    provide_context(session);
    leptos::task::spawn_local(async move {
        match api.session().await {
            Ok(Some(found)) => session.signed_in(&api, found),
            Ok(None) | Err(_) => session.signed_out(&api),
        }
    });
    session
}

/// The session context provided by the app.
pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}
