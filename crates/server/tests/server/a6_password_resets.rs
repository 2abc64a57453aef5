//! "Forgot your password?" (A6): the answer is the same for every email, a
//! reset link goes only to the email on file, works once for an hour, ends
//! every session when used, and the owner is told by email.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{Harness, Reply};

/// The messages in the dev outbox sent to `to`, oldest first.
async fn mail_to(h: &Harness, to: &str) -> Vec<Value> {
    let outbox = h.get("/api/dev/outbox", None).await.body;
    outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["to"] == to)
        .cloned()
        .collect()
}

/// The token in the newest message to `to` whose link opens `page`.
async fn token_to(h: &Harness, to: &str, page: &str) -> String {
    let mail = mail_to(h, to).await;
    let link = mail
        .iter()
        .filter_map(|m| m["link"].as_str())
        .rfind(|link| link.contains(page))
        .unwrap_or_else(|| panic!("no {page} link sent to {to}: {mail:?}"))
        .to_owned();
    link.split("token=").nth(1).unwrap().to_owned()
}

async fn ask_reset(h: &Harness, email: &str) -> Reply {
    h.call(
        Method::POST,
        "/api/password-resets",
        None,
        Some(json!({ "email": email })),
    )
    .await
}

async fn reset(h: &Harness, token: &str, password: &str) -> Reply {
    h.call(
        Method::POST,
        "/api/password-resets/accept",
        None,
        Some(json!({ "token": token, "password": password })),
    )
    .await
}

#[tokio::test]
async fn a6_forgot_password_mails_the_owner_a_reset_link_that_logs_everyone_out() {
    let h = Harness::start().await;
    let before = h.ada().await;

    let has_password = ask_reset(&h, "ada@example.com").await;
    let unknown = ask_reset(&h, "stranger@example.com").await;
    let no_password_yet = ask_reset(&h, "katherine@example.com").await;
    assert_eq!(has_password.status, StatusCode::ACCEPTED);
    for other in [&unknown, &no_password_yet] {
        assert_eq!(
            (has_password.status, &has_password.text),
            (other.status, &other.text),
            "the same answer for every email"
        );
    }
    assert!(mail_to(&h, "stranger@example.com").await.is_empty());
    // A customer without a password gets the link they need: an invitation.
    token_to(&h, "katherine@example.com", "/accept-invitation?").await;
    let mail = mail_to(&h, "ada@example.com").await;
    assert!(mail[0]["subject"]
        .as_str()
        .unwrap()
        .starts_with("Reset your password"));
    let token = token_to(&h, "ada@example.com", "/reset-password?").await;

    // A reset token is no invitation, and a weak password changes nothing.
    let as_invitation = h
        .call(
            Method::POST,
            "/api/invitations/accept",
            None,
            Some(json!({ "token": token, "password": "a-long-new-password" })),
        )
        .await;
    assert_eq!(as_invitation.code(), "invalid_link");
    assert_eq!(reset(&h, &token, "short").await.code(), "weak_password");

    let done = reset(&h, &token, "a-long-new-password").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert_eq!(done.body["customer"]["email"], "ada@example.com");
    assert!(done.header("set-cookie").unwrap().contains("HttpOnly"));

    // Every session from before is over; only the new password works.
    assert_eq!(
        h.get("/api/summary", Some(&before)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        h.try_login("ada@example.com", "portal-demo-1").await.status,
        StatusCode::UNAUTHORIZED
    );
    h.login("ada@example.com", "a-long-new-password").await;

    // Single use, and the owner is told.
    let again = reset(&h, &token, "yet-another-password").await;
    assert_eq!(again.code(), "invalid_link");
    let told = mail_to(&h, "ada@example.com").await;
    let notice = told.last().unwrap();
    assert!(
        notice["subject"]
            .as_str()
            .unwrap()
            .ends_with("password was changed"),
        "{notice}"
    );
    assert!(notice["link"].is_null());
    h.stop().await;
}

#[tokio::test]
async fn a6_a_reset_link_dies_after_an_hour_and_when_another_is_used() {
    let h = Harness::start().await;
    ask_reset(&h, "ada@example.com").await;
    let first = token_to(&h, "ada@example.com", "/reset-password?").await;
    ask_reset(&h, "ada@example.com").await;
    let second = token_to(&h, "ada@example.com", "/reset-password?").await;
    assert_ne!(first, second);

    // An hour later the second link no longer works.
    sqlx::query(
        "UPDATE password_links SET expires_at = expires_at - 3601 WHERE rowid = \
         (SELECT MAX(rowid) FROM password_links WHERE purpose = 'reset')",
    )
    .execute(&h.launched.state.pool)
    .await
    .unwrap();
    assert_eq!(
        reset(&h, &second, "a-long-new-password").await.code(),
        "invalid_link"
    );
    h.login("ada@example.com", "portal-demo-1").await;

    // Using the first closes every other link of the customer.
    assert_eq!(
        reset(&h, &first, "a-long-new-password").await.status,
        StatusCode::OK
    );
    ask_reset(&h, "ada@example.com").await;
    let third = token_to(&h, "ada@example.com", "/reset-password?").await;
    let unused: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM password_links WHERE used_at IS NULL AND purpose = 'reset'",
    )
    .fetch_one(&h.launched.state.pool)
    .await
    .unwrap();
    assert_eq!(unused, 1, "only the link asked for after the reset is open");
    assert_eq!(
        reset(&h, &third, "the-third-password").await.status,
        StatusCode::OK
    );
    h.stop().await;
}
