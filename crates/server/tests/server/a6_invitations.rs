//! Invitations only for customers without a password (A6): the answer is
//! the same for every email, and a customer who has a password gets no link
//! that would set a new one (and log whoever holds it in).

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::harness::Harness;

#[tokio::test]
async fn a6_no_invitation_for_a_customer_who_has_a_password() {
    let h = Harness::start().await;
    let ask = |email: &'static str| {
        h.call(
            Method::POST,
            "/api/invitations",
            None,
            Some(json!({ "email": email })),
        )
    };
    let has_password = ask("ada@example.com").await;
    let unknown = ask("stranger@example.com").await;
    let no_password_yet = ask("katherine@example.com").await;
    assert_eq!(has_password.status, StatusCode::ACCEPTED);
    for other in [&unknown, &no_password_yet] {
        assert_eq!(
            (has_password.status, &has_password.body, &has_password.text),
            (other.status, &other.body, &other.text)
        );
    }

    let outbox = h.get("/api/dev/outbox", None).await.body;
    let messages = outbox["messages"].as_array().unwrap();
    assert!(
        messages.iter().all(|m| m["to"] != "ada@example.com"),
        "nothing is sent to a customer who has a password: {messages:?}"
    );
    assert!(
        messages.iter().any(|m| m["to"] == "katherine@example.com"),
        "a customer without a password still gets a link"
    );
    h.stop().await;
}
