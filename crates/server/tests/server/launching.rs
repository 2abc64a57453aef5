//! The launch API: idempotent demo data, an external gateway, graceful stop.

use axum::http::StatusCode;

use super::harness::Harness;

async fn counts(h: &Harness) -> (i64, i64, i64) {
    let pool = &h.launched.state.pool;
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(pool)
        .await
        .unwrap();
    let invoices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invoices")
        .fetch_one(pool)
        .await
        .unwrap();
    let cards: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_methods")
        .fetch_one(pool)
        .await
        .unwrap();
    (customers, invoices, cards)
}

#[tokio::test]
async fn demo_data_is_seeded_once_however_often_the_server_starts() {
    let h = Harness::start().await;
    let before = counts(&h).await;
    assert!(
        before.0 >= 5 && before.1 >= 45 && before.2 >= 5,
        "{before:?}"
    );
    let logins: Vec<_> = h
        .launched
        .demo_logins
        .iter()
        .map(|l| l.email.as_str())
        .collect();
    assert_eq!(
        logins,
        [
            "ada@example.com",
            "grace@example.com",
            "reseller@example.com"
        ]
    );
    let h = h.restart().await;
    assert_eq!(counts(&h).await, before);
    // Logins still work after the restart.
    h.ada().await;
    h.stop().await;
}

#[tokio::test]
async fn an_external_gateway_can_be_used_instead_of_the_sandbox() {
    let first = Harness::start().await;
    let gateway_url = first.launched.gateway_url.clone();
    let second = Harness::start_with(move |c| {
        c.no_gateway = true;
        c.gateway_url = Some(gateway_url);
        c.gateway_publishable_key = Some(portal_gateway_keys::PK.into());
        c.gateway_secret_key = Some(portal_gateway_keys::SK.into());
    })
    .await;
    assert_eq!(second.launched.gateway_url, first.launched.gateway_url);
    let config = second.get("/api/config", None).await;
    assert_eq!(
        config.body["gateway_url"],
        first.launched.gateway_url.as_str()
    );
    let ada = second.ada().await;
    let cards = second.get("/api/payment-methods", Some(&ada)).await;
    assert_eq!(cards.status, StatusCode::OK);
    assert_eq!(
        cards.body["payment_methods"].as_array().unwrap().len(),
        3,
        "demo cards saved at the external gateway"
    );
    second.stop().await;
    first.stop().await;
}

#[tokio::test]
async fn spawned_server_stops_gracefully() {
    let h = Harness::start().await;
    let url = h.launched.portal_url.clone();
    assert!(reqwest::get(format!("{url}/api/config"))
        .await
        .unwrap()
        .status()
        .is_success());
    h.stop().await;
    assert!(
        reqwest::get(format!("{url}/api/config")).await.is_err(),
        "no longer listening"
    );
}

/// The sandbox's demo keys (as `portal-gateway` exports them).
mod portal_gateway_keys {
    pub const PK: &str = "pk_test_demo_4eC39HqLyjWDarjtT1zdp7dc";
    pub const SK: &str = "sk_test_demo_BQokikJOvBiI2HlWgH4olfQ2";
}

/// Outside demo mode the in-process sandbox must not answer to the secret key
/// published in the source, nor show one-time codes through its outbox
/// (issue 13, finding 13): anyone could charge cards or read codes.
#[tokio::test]
async fn k1_outside_demo_the_sandbox_refuses_the_published_key_and_has_no_outbox() {
    let demo = Harness::start().await;
    let h = Harness::start_with(|c| c.demo = false).await;
    let client = reqwest::Client::new();
    let ask = |base: &str, path: &str| {
        client
            .get(format!("{base}{path}"))
            .bearer_auth("sk_test_demo_BQokikJOvBiI2HlWgH4olfQ2")
            .send()
    };
    // In demo mode the published key and the outbox work (the demo needs them).
    let outbox = ask(&demo.launched.gateway_url, "/v1/sandbox/outbox")
        .await
        .unwrap();
    assert_eq!(outbox.status(), StatusCode::OK);
    let known = ask(&demo.launched.gateway_url, "/v1/charges/ch_unknown")
        .await
        .unwrap();
    assert_eq!(known.status(), StatusCode::NOT_FOUND, "the key is accepted");

    let outbox = ask(&h.launched.gateway_url, "/v1/sandbox/outbox")
        .await
        .unwrap();
    assert_eq!(outbox.status(), StatusCode::NOT_FOUND);
    let refused = ask(&h.launched.gateway_url, "/v1/charges/ch_unknown")
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // The portal itself still reaches its sandbox with the key it made up.
    assert_eq!(h.get("/api/config", None).await.status, StatusCode::OK);
    h.stop().await;
    demo.stop().await;
}

#[tokio::test]
async fn probes_answer_for_a_load_balancer_whatever_the_host() {
    let h = Harness::start().await;
    let probe = |path: &'static str| {
        let mut request = axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap();
        // A load balancer asks by address, not by the public name.
        request
            .headers_mut()
            .insert("host", "10.0.0.7:8080".parse().unwrap());
        h.send(request)
    };
    let live = probe("/healthz").await;
    assert_eq!(live.status, StatusCode::OK);
    assert_eq!(live.body["status"], "ok");
    let ready = probe("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_eq!(ready.body["database"], "ok");
    // The API itself still answers only its own names.
    assert_eq!(probe("/api/config").await.status, StatusCode::FORBIDDEN);

    // A database that went away: not ready, still live.
    h.launched.state.pool.close().await;
    let ready = probe("/readyz").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["database"], "unreachable");
    assert_eq!(probe("/healthz").await.status, StatusCode::OK);
    h.stop().await;
}

#[tokio::test]
async fn a_database_from_a_newer_server_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portal.db").display().to_string();
    let gateway_db = dir.path().join("gateway.db").display().to_string();
    let first = portal_server::launch(portal_server::Config::ephemeral(&db, &gateway_db))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, X'00', 0)",
    )
    .execute(&first.state.pool)
    .await
    .unwrap();
    first.shutdown().await;

    let Err(error) =
        portal_server::launch(portal_server::Config::ephemeral(&db, &gateway_db)).await
    else {
        panic!("a server must not start on a database it does not know");
    };
    let message = error.to_string();
    assert!(
        message.contains("migration 9999, newer than this portal-server knows"),
        "{message}"
    );

    let missing = dir.path().join("no-such-dir").join("portal.db");
    let Err(error) = portal_server::launch(portal_server::Config::ephemeral(
        missing.display().to_string(),
        &gateway_db,
    ))
    .await
    else {
        panic!("a database that cannot be opened stops the start");
    };
    let message = error.to_string();
    assert!(
        message.starts_with(&format!("cannot open the database {}", missing.display())),
        "{message}"
    );
}
