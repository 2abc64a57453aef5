//! The write side of the business API beyond create: invoices updated while
//! unpaid (totals checked again), voided (gone from the customer's portal),
//! listed by their last change, and customers and invoices upserted by
//! external id. A refused request changes nothing.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::business_api::{ada_id, invoice_body};
use super::harness::{make_key, v1};
use super::harness::{saved, Harness, Reply};

/// A `/v1` POST with `key` and an idempotency key.
async fn post(h: &Harness, key: &str, path: &str, idem: &str, body: Option<Value>) -> Reply {
    v1(h, Method::POST, path, Some(key), Some(idem), body).await
}

/// A `/v1` PUT without an idempotency key.
async fn put(h: &Harness, key: &str, path: &str, body: Value) -> Reply {
    v1(h, Method::PUT, path, Some(key), None, Some(body)).await
}

async fn get(h: &Harness, key: &str, path: &str) -> Reply {
    v1(h, Method::GET, path, Some(key), None, None).await
}

/// An invoice made through the API for Ada; its body.
async fn made_invoice(h: &Harness, key: &str, number: &str) -> Value {
    let ada = ada_id(h, key).await;
    let made = post(
        h,
        key,
        "/v1/invoices",
        &format!("make-{number}"),
        Some(invoice_body(&ada, number)),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    made.body
}

/// The actions in the audit log, newest first.
async fn audit_actions(h: &Harness, key: &str) -> Vec<String> {
    get(h, key, "/v1/audit-log?limit=100").await.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_unpaid_invoice_is_updated_with_its_total_computed_again() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let made = made_invoice(&h, &key, "U-1").await;
    let id = made["id"].as_str().unwrap();
    let path = format!("/v1/invoices/{id}");
    let change = json!({
        "number": "U-1b",
        "due_date": "2099-06-30",
        "memo": "",
        "lines": [{"description": "Boiler service", "quantity": 3, "unit_amount": 1500}],
        "total": 4500
    });
    let updated = post(&h, &key, &path, "u-1", Some(change.clone())).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["number"], "U-1b");
    assert_eq!(updated.body["total"], 4500);
    assert_eq!(updated.body["balance_due"], 4500, "nothing paid: all due");
    assert_eq!(updated.body["lines"].as_array().unwrap().len(), 1);
    assert_eq!(
        updated.body["memo"],
        Value::Null,
        "an empty memo removes it"
    );
    assert_eq!(
        updated.body["issue_date"], "2026-11-20",
        "absent fields stay"
    );
    assert_eq!(updated.body["external_id"], made["external_id"]);
    let replay = post(&h, &key, &path, "u-1", Some(change)).await;
    assert_eq!(replay.body, updated.body);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));

    // The customer sees the new total at once.
    let ada = h.ada().await;
    let detail = h.get(&format!("/api/invoices/{id}"), Some(&ada)).await;
    assert_eq!(detail.body["invoice"]["total"]["amount"], 4500);
    assert_eq!(detail.body["invoice"]["number"], "U-1b");

    // Sending only the memo keeps the lines and total.
    let memo = post(&h, &key, &path, "u-2", Some(json!({"memo": "Net 30"}))).await;
    assert_eq!(memo.body["memo"], "Net 30");
    assert_eq!(memo.body["total"], 4500);
    let actions = audit_actions(&h, &key).await;
    assert_eq!(
        actions[..3],
        ["invoice.update", "invoice.update", "invoice.create"]
    );
    h.stop().await;
}

#[tokio::test]
async fn a_bad_update_gets_a_specific_error_and_changes_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let made = made_invoice(&h, &key, "B-1").await;
    made_invoice(&h, &key, "B-2").await;
    let id = made["id"].as_str().unwrap();
    let path = format!("/v1/invoices/{id}");
    let line =
        |q: Value, u: Value| json!([{"description": "Work", "quantity": q, "unit_amount": u}]);
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            json!({"colour": "red"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"currency": "usd"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"customer": "cus_x"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"number": 7}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"lines": line(json!("2"), json!(100))}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"lines": line(json!(1), json!(-1))}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"lines": line(json!(1_000_000), json!(100_000_000_000_i64))}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"lines": line(json!(1), json!(i64::MAX))}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"lines": line(json!(2), json!(100)), "total": 201}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"total": 1}),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            json!({"lines": []}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"due_date": "2026-01-01"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"issue_date": "tomorrow"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"number": "B-2"}),
            StatusCode::CONFLICT,
            "already_exists",
        ),
        (
            json!({"number": "  "}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let reply = post(&h, &key, &path, &format!("bad-{i}"), Some(body.clone())).await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{body}: {}",
            reply.text
        );
    }
    let after = get(&h, &key, &path).await;
    assert_eq!(after.body, made, "the invoice is as it was");
    let missing = post(
        &h,
        &key,
        "/v1/invoices/inv_nobody",
        "m",
        Some(json!({"memo": "x"})),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        audit_actions(&h, &key).await.len(),
        2,
        "only the two creates"
    );
    h.stop().await;
}

#[tokio::test]
async fn an_invoice_with_payments_cannot_be_updated_or_voided() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let made = made_invoice(&h, &key, "P-1").await;
    let id = made["id"].as_str().unwrap().to_owned();

    // Ada pays part of it through the portal.
    let ada = h.ada().await;
    let card = h.default_card(&ada).await;
    let paid = h.pay(&ada, &id, "part", saved(1000, &card)).await;
    assert!(paid.status.is_success(), "{}", paid.text);
    let partly = get(&h, &key, &format!("/v1/invoices/{id}")).await.body;
    assert_eq!(partly["balance_due"], 2999);
    assert_eq!(partly["status"], "partially_paid");
    let update = post(
        &h,
        &key,
        &format!("/v1/invoices/{id}"),
        "u",
        Some(json!({"memo": "x"})),
    )
    .await;
    assert_eq!(
        (update.status, update.code()),
        (StatusCode::CONFLICT, "invoice_has_payments"),
        "{}",
        update.text
    );
    let void = post(&h, &key, &format!("/v1/invoices/{id}/void"), "v", None).await;
    assert_eq!(
        (void.status, void.code()),
        (StatusCode::CONFLICT, "invoice_has_payments")
    );

    // Paid in full: its own code.
    let rest = h.pay(&ada, &id, "rest", saved(2999, &card)).await;
    assert!(rest.status.is_success(), "{}", rest.text);
    let update = post(
        &h,
        &key,
        &format!("/v1/invoices/{id}"),
        "u2",
        Some(json!({"memo": "x"})),
    )
    .await;
    assert_eq!(
        (update.status, update.code()),
        (StatusCode::CONFLICT, "invoice_paid")
    );
    let void = post(&h, &key, &format!("/v1/invoices/{id}/void"), "v2", None).await;
    assert_eq!(
        (void.status, void.code()),
        (StatusCode::CONFLICT, "invoice_paid")
    );
    let upsert = put(
        &h,
        &key,
        &format!("/v1/invoices/by-external-id/{}", "never-set"),
        json!({}),
    )
    .await;
    assert_eq!(upsert.code(), "invalid_request");
    let after = get(&h, &key, &format!("/v1/invoices/{id}")).await.body;
    assert_eq!(after["status"], "paid");
    assert_eq!(after["memo"], made["memo"], "nothing changed");
    assert_eq!(after["lines"], made["lines"]);
    assert_ne!(after["updated_at"], Value::Null);
    h.stop().await;
}

#[tokio::test]
async fn a_void_invoice_has_no_balance_and_leaves_the_customers_portal() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let ada = h.ada().await;
    let before = h.get("/api/summary", Some(&ada)).await.body;
    let made = made_invoice(&h, &key, "V-1").await;
    let id = made["id"].as_str().unwrap();
    let with = h.get("/api/summary", Some(&ada)).await.body;
    assert_eq!(
        with["balance_due"]["amount"].as_i64().unwrap(),
        before["balance_due"]["amount"].as_i64().unwrap() + 3999
    );

    let voided = post(&h, &key, &format!("/v1/invoices/{id}/void"), "v", None).await;
    assert_eq!(voided.status, StatusCode::OK, "{}", voided.text);
    assert_eq!(voided.body["status"], "void");
    assert_eq!(voided.body["balance_due"], 0);
    assert_eq!(voided.body["total"], 3999, "what it said stays on record");
    assert!(voided.body["voided_at"].is_string());

    // Gone from what Ada owes, her list and her summary; she cannot pay it.
    let after = h.get("/api/summary", Some(&ada)).await.body;
    assert_eq!(after["balance_due"], before["balance_due"]);
    assert_eq!(after["unpaid_invoices"], before["unpaid_invoices"]);
    assert!(
        !after.to_string().contains(id),
        "not in the recent activity"
    );
    let detail = h.get(&format!("/api/invoices/{id}"), Some(&ada)).await;
    assert_eq!(detail.status, StatusCode::NOT_FOUND);
    for status in ["", "?status=paid", "?status=open"] {
        let list = h.get(&format!("/api/invoices{status}"), Some(&ada)).await;
        assert!(!list.text.contains(id), "{status}: {}", list.text);
    }
    let card = h.default_card(&ada).await;
    let pay = h.pay(&ada, id, "pay-void", saved(3999, &card)).await;
    assert_eq!(pay.status, StatusCode::NOT_FOUND, "{}", pay.text);

    // Voiding again changes nothing; a void invoice cannot be edited.
    let again = post(&h, &key, &format!("/v1/invoices/{id}/void"), "v2", None).await;
    assert_eq!(
        (again.status, &again.body["voided_at"]),
        (StatusCode::OK, &voided.body["voided_at"])
    );
    let edit = post(
        &h,
        &key,
        &format!("/v1/invoices/{id}"),
        "e",
        Some(json!({"memo": "x"})),
    )
    .await;
    assert_eq!(
        (edit.status, edit.code()),
        (StatusCode::CONFLICT, "invoice_void")
    );
    let listed = get(&h, &key, "/v1/invoices?status=void").await.body;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    assert_eq!(listed["data"][0]["id"], id);
    let open = get(&h, &key, "/v1/invoices?status=open&limit=100")
        .await
        .text;
    assert!(!open.contains(id));
    let actions = audit_actions(&h, &key).await;
    assert_eq!(actions[..2], ["invoice.void", "invoice.create"]);
    let missing = post(&h, &key, "/v1/invoices/inv_nobody/void", "m", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    h.stop().await;
}

#[tokio::test]
async fn invoices_are_listed_by_their_last_change() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    // The demo's invoices last changed long ago.
    sqlx::query("UPDATE invoices SET updated_at = 1000")
        .execute(&h.launched.state.pool)
        .await
        .unwrap();
    let made = made_invoice(&h, &key, "S-1").await;
    for since in [
        "2000",
        "1970-01-01T00:33:20Z",
        "1970-01-01T01:33:20%2B01:00",
    ] {
        let page = get(
            &h,
            &key,
            &format!("/v1/invoices?updated_since={since}&limit=100"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{since}: {}", page.text);
        let ids: Vec<&Value> = page.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| &i["id"])
            .collect();
        assert_eq!(ids, [&made["id"]], "{since}");
    }
    let all = get(&h, &key, "/v1/invoices?updated_since=0&limit=100")
        .await
        .body;
    assert!(all["data"].as_array().unwrap().len() > 1);

    // A payment is a change too.
    sqlx::query("UPDATE invoices SET updated_at = 1000")
        .execute(&h.launched.state.pool)
        .await
        .unwrap();
    let ada = h.ada().await;
    let card = h.default_card(&ada).await;
    let id = made["id"].as_str().unwrap();
    assert!(h
        .pay(&ada, id, "p", saved(100, &card))
        .await
        .status
        .is_success());
    let changed = get(&h, &key, "/v1/invoices?updated_since=2000").await.body;
    assert_eq!(changed["data"][0]["id"], made["id"]);
    assert_eq!(changed["data"][0]["balance_due"], 3899);

    for bad in ["yesterday", "2026-13-01T00:00:00Z", "1.5"] {
        let reply = get(&h, &key, &format!("/v1/invoices?updated_since={bad}")).await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::BAD_REQUEST, "invalid_query"),
            "{bad}"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn customers_are_upserted_by_external_id() {
    let h = Harness::start().await;
    let key = make_key(&h, "crm").await;
    let path = "/v1/customers/by-external-id/CRM-55";
    let body = json!({"name": "Katherine Coleman", "email": "kj@upsert.example"});
    let made = put(&h, &key, path, body.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["external_id"], "CRM-55");
    let customers = h.count("customers").await;

    let again = put(&h, &key, path, body).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &made.body));
    let renamed = put(
        &h,
        &key,
        path,
        json!({"name": "Katherine C. Goble", "email": "kj@upsert.example"}),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.body["name"], "Katherine C. Goble");
    assert_eq!(renamed.body["id"], made.body["id"], "the same customer");
    assert_eq!(h.count("customers").await, customers, "no second customer");
    assert_eq!(
        audit_actions(&h, &key).await,
        ["customer.update", "customer.create"],
        "a repeat is no write"
    );

    // With an Idempotency-Key, a repeat is a replay.
    let keyed = v1(
        &h,
        Method::PUT,
        path,
        Some(&key),
        Some("k1"),
        Some(json!({"name": "K", "email": "kj@upsert.example"})),
    )
    .await;
    let replay = v1(
        &h,
        Method::PUT,
        path,
        Some(&key),
        Some("k1"),
        Some(json!({"name": "K", "email": "kj@upsert.example"})),
    )
    .await;
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body, keyed.body);

    let reseller = sqlx::query_scalar::<_, String>(
        "SELECT id FROM customers WHERE email = 'reseller@example.com'",
    )
    .fetch_one(&h.launched.state.pool)
    .await
    .unwrap();
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            json!({"name": "K", "email": "ada@example.com"}),
            StatusCode::CONFLICT,
            "already_exists",
        ),
        (
            json!({"name": "K", "email": "kj@upsert.example", "parent": reseller}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "K", "email": "nope"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "K", "email": "kj@upsert.example", "external_id": "X"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"name": ["K"], "email": "kj@upsert.example"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ];
    for (body, status, code) in cases {
        let reply = put(&h, &key, path, body.clone()).await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{body}: {}",
            reply.text
        );
    }
    let after = get(
        &h,
        &key,
        &format!("/v1/customers/{}", made.body["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(after.body["name"], "K");
    assert_eq!(after.body["email"], "kj@upsert.example");
    assert_eq!(after.body["parent"], Value::Null);
    let long = format!("/v1/customers/by-external-id/{}", "x".repeat(101));
    let too_long = put(
        &h,
        &key,
        &long,
        json!({"name": "L", "email": "l@example.com"}),
    )
    .await;
    assert_eq!(too_long.code(), "invalid_field");
    // A sub-account by upsert.
    let sub = put(
        &h,
        &key,
        "/v1/customers/by-external-id/CRM-56",
        json!({"name": "Branch", "email": "branch@example.com", "parent": reseller}),
    )
    .await;
    assert_eq!(
        (sub.status, &sub.body["parent"]),
        (StatusCode::CREATED, &json!(reseller))
    );
    h.stop().await;
}

#[tokio::test]
async fn invoices_are_upserted_by_external_id() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let ada = ada_id(&h, &key).await;
    let path = "/v1/invoices/by-external-id/BOOKS-7";
    let mut body = invoice_body(&ada, "UP-7");
    body.as_object_mut().unwrap().remove("external_id");
    let made = put(&h, &key, path, body.clone()).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["external_id"], "BOOKS-7");
    assert_eq!(made.body["total"], 3999);
    let invoices = h.count("invoices").await;

    let again = put(&h, &key, path, body.clone()).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &made.body));
    body["lines"] = json!([{"description": "Boiler service", "quantity": 1, "unit_amount": 1500}]);
    body["total"] = json!(1500);
    let changed = put(&h, &key, path, body.clone()).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(
        (
            changed.body["total"].as_i64(),
            changed.body["balance_due"].as_i64()
        ),
        (Some(1500), Some(1500))
    );
    assert_eq!(changed.body["id"], made.body["id"]);
    assert_eq!(h.count("invoices").await, invoices);
    assert_eq!(
        audit_actions(&h, &key).await,
        ["invoice.update", "invoice.create"]
    );

    // Refused, and nothing changes.
    let grace = get(&h, &key, "/v1/customers?email=grace@example.com")
        .await
        .body["data"][0]["id"]
        .clone();
    let archived = put(
        &h,
        &key,
        "/v1/customers/by-external-id/GONE",
        json!({"name": "Gone", "email": "gone@example.com"}),
    )
    .await;
    let archived_id = archived.body["id"].as_str().unwrap().to_owned();
    post(
        &h,
        &key,
        &format!("/v1/customers/{archived_id}/archive"),
        "a",
        None,
    )
    .await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut b = body.clone();
        change(&mut b);
        b
    };
    let cases: Vec<(&str, Value, StatusCode, &str)> = vec![
        (
            path,
            with(&|b| b["customer"] = grace.clone()),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            path,
            with(&|b| b["currency"] = json!("eur")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            path,
            with(&|b| b["total"] = json!(1)),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            path,
            with(&|b| b["lines"][0]["unit_amount"] = json!(-1)),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            path,
            with(&|b| b["external_id"] = json!("X")),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            path,
            with(&|b| b["number"] = json!("INV-1000")),
            StatusCode::CONFLICT,
            "already_exists",
        ),
        (
            "/v1/invoices/by-external-id/NEW-1",
            with(&|b| b["customer"] = json!(archived_id)),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            "/v1/invoices/by-external-id/NEW-2",
            with(&|b| b["customer"] = json!("cus_nobody")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
    ];
    for (at, b, status, code) in cases {
        let reply = put(&h, &key, at, b.clone()).await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{b}: {}",
            reply.text
        );
    }
    let after = get(
        &h,
        &key,
        &format!("/v1/invoices/{}", made.body["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(after.body, changed.body, "as it was");
    assert_eq!(h.count("invoices").await, invoices);

    // Once paid on, a changed upsert is refused but a repeat is fine.
    let login = h.ada().await;
    let card = h.default_card(&login).await;
    let id = made.body["id"].as_str().unwrap();
    assert!(h
        .pay(&login, id, "p", saved(500, &card))
        .await
        .status
        .is_success());
    let repeat = put(&h, &key, path, body.clone()).await;
    assert_eq!(repeat.status, StatusCode::OK, "{}", repeat.text);
    let edit = put(&h, &key, path, with(&|b| b["memo"] = json!("new"))).await;
    assert_eq!(
        (edit.status, edit.code()),
        (StatusCode::CONFLICT, "invoice_has_payments")
    );
    h.stop().await;
}
