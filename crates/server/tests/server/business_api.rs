//! The business API (`/v1`): secret keys made with `portal-server keys`,
//! kept apart from customer sessions (A3/A5), idempotent creates, bad input
//! refused without a change, cursor paging and the audit log.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use portal_server::{Config, KeysCommand};
use serde_json::{json, Value};

use super::harness::{make_key, v1, Harness, Reply};

async fn create(h: &Harness, key: &str, idempotency_key: &str, body: Value) -> Reply {
    v1(
        h,
        Method::POST,
        "/v1/customers",
        Some(key),
        Some(idempotency_key),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a3_keys_and_customer_sessions_never_cross() {
    let h = Harness::start().await;
    let key = make_key(&h, "accounting sync").await;
    assert_eq!(
        v1(&h, Method::GET, "/v1/customers", Some(&key), None, None)
            .await
            .status,
        StatusCode::OK
    );

    // No key, a malformed one, a wrong secret: 401 with the API's shape.
    let wrong_secret = format!("{}{}", &key[..key.len() - 4], "0000");
    for bad in [None, Some("psk_nope"), Some(wrong_secret.as_str())] {
        let reply = v1(&h, Method::GET, "/v1/customers", bad, None, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{bad:?}");
        assert_eq!(reply.code(), "unauthenticated");
    }

    // A customer's session cookie is no key.
    let ada = h.ada().await;
    let with_cookie = h
        .send(
            Request::get("/v1/customers")
                .header(header::COOKIE, &ada.cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(with_cookie.status, StatusCode::UNAUTHORIZED);

    // A key is no customer session.
    let on_api = h
        .send(
            Request::get("/api/summary")
                .header(header::AUTHORIZATION, format!("Bearer {key}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(on_api.status, StatusCode::UNAUTHORIZED);

    // Revoked: refused at the next request.
    let config = Config::ephemeral(
        h.dir.path().join("portal.db").display().to_string(),
        h.dir.path().join("gateway.db").display().to_string(),
    );
    let prefix = key.rsplit_once('_').unwrap().0.to_owned();
    portal_server::keys(&config, &KeysCommand::Revoke { prefix })
        .await
        .unwrap();
    let revoked = v1(&h, Method::GET, "/v1/customers", Some(&key), None, None).await;
    assert_eq!(revoked.status, StatusCode::UNAUTHORIZED);
    h.stop().await;
}

#[tokio::test]
async fn a_customer_is_created_once_per_idempotency_key() {
    let h = Harness::start().await;
    let key = make_key(&h, "crm").await;
    let body =
        json!({"name": "Mary Jackson", "email": " Mary@Example.com ", "external_id": "CRM-17"});
    let first = create(&h, &key, "create-mary", body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    assert_eq!(first.body["email"], "mary@example.com");
    assert_eq!(first.body["external_id"], "CRM-17");
    assert_eq!(first.body["has_password"], false);
    assert!(first.body["id"].as_str().unwrap().starts_with("cus_"));

    let again = create(&h, &key, "create-mary", body).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body, "the same answer");
    assert_eq!(again.header("idempotent-replayed"), Some("true"));

    let other = create(
        &h,
        &key,
        "create-mary",
        json!({"name": "Someone Else", "email": "else@example.com"}),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.code(), "idempotency_key_reused");
    let missing = v1(
        &h,
        Method::POST,
        "/v1/customers",
        Some(&key),
        None,
        Some(json!({"name": "X", "email": "x@example.com"})),
    )
    .await;
    assert_eq!(missing.code(), "invalid_idempotency_key");

    let id = first.body["id"].as_str().unwrap();
    let read = v1(
        &h,
        Method::GET,
        &format!("/v1/customers/{id}"),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(read.body, first.body);
    let found = v1(
        &h,
        Method::GET,
        "/v1/customers?external_id=CRM-17",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(found.body["data"][0]["id"], id);

    // The customer is real: the invitation flow reaches them.
    let asked = h
        .call(
            Method::POST,
            "/api/invitations",
            None,
            Some(json!({"email": "mary@example.com"})),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let outbox = h.get("/api/dev/outbox", None).await.body;
    assert!(outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["to"] == "mary@example.com"));
    h.stop().await;
}

#[tokio::test]
async fn bad_customer_input_gets_a_specific_error_and_changes_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "crm").await;
    let count = |h: &Harness| {
        let pool = h.launched.state.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM customers")
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        create(
            &h,
            &key,
            "sub",
            json!({"name": "Sub", "email": "sub@example.com", "parent": "cus_nobody"})
        )
        .await
        .code(),
        "invalid_field"
    );
    let before = count(&h).await;
    let reseller = sqlx::query_scalar::<_, String>(
        "SELECT id FROM customers WHERE email = 'reseller@example.com'",
    )
    .fetch_one(&h.launched.state.pool)
    .await
    .unwrap();
    let branch =
        sqlx::query_scalar::<_, String>("SELECT id FROM customers WHERE parent_id = $1 LIMIT 1")
            .bind(&reseller)
            .fetch_one(&h.launched.state.pool)
            .await
            .unwrap();
    let cases = [
        (
            json!({"name": "A", "email": "a@example.com", "colour": "red"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"name": 7, "email": "a@example.com"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            json!({"name": "  ", "email": "a@example.com"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "A\u{7}", "email": "a@example.com"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": "not-an-email"}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": "ADA@example.com"}),
            StatusCode::CONFLICT,
            "already_exists",
        ),
        (
            json!({"name": "A", "email": "a@example.com", "external_id": "x".repeat(101)}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            json!({"name": "A", "email": "a@example.com", "parent": branch}),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let reply = create(&h, &key, &format!("bad-{i}"), body.clone()).await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{body}: {}",
            reply.text
        );
    }
    let made = create(
        &h,
        &key,
        "ok",
        json!({"name": "B", "email": "b@example.com", "external_id": "E-1", "parent": reseller}),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["parent"], reseller.as_str());
    let same_external = create(
        &h,
        &key,
        "dup",
        json!({"name": "C", "email": "c@example.com", "external_id": "E-1"}),
    )
    .await;
    assert_eq!(
        (same_external.status, same_external.code()),
        (StatusCode::CONFLICT, "already_exists")
    );
    assert_eq!(
        count(&h).await,
        before + 1,
        "only the good request added a customer"
    );
    h.stop().await;
}

#[tokio::test]
async fn customers_are_listed_newest_first_a_page_at_a_time() {
    let h = Harness::start().await;
    let key = make_key(&h, "crm").await;
    let all = v1(
        &h,
        Method::GET,
        "/v1/customers?limit=100",
        Some(&key),
        None,
        None,
    )
    .await
    .body;
    let total = all["data"].as_array().unwrap().len();
    assert!(total >= 6, "{all}");
    assert_eq!(all["has_more"], false);

    // Walk it two at a time: every customer once, in the same order.
    let mut seen: Vec<Value> = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = v1(
            &h,
            Method::GET,
            &format!("/v1/customers?limit=2&starting_after={cursor}"),
            Some(&key),
            None,
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let data = page.body["data"].as_array().unwrap().clone();
        seen.extend(data.iter().map(|c| c["id"].clone()));
        if page.body["has_more"] == false {
            break;
        }
        cursor = data.last().unwrap()["id"].as_str().unwrap().to_owned();
    }
    let ids: Vec<Value> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].clone())
        .collect();
    assert_eq!(seen, ids);

    let by_email = v1(
        &h,
        Method::GET,
        "/v1/customers?email=ADA@example.com",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(by_email.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(by_email.body["data"][0]["name"], "Ada Lovelace");

    for (query, code) in [
        ("limit=0", "invalid_query"),
        ("limit=101", "invalid_query"),
        ("limit=x", "invalid_query"),
        ("starting_after=cus_nobody", "invalid_query"),
    ] {
        let reply = v1(
            &h,
            Method::GET,
            &format!("/v1/customers?{query}"),
            Some(&key),
            None,
            None,
        )
        .await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::BAD_REQUEST, code),
            "{query}"
        );
    }
    let missing = v1(
        &h,
        Method::GET,
        "/v1/customers/cus_nobody",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let unknown = v1(&h, Method::GET, "/v1/nothing-here", Some(&key), None, None).await;
    assert_eq!(
        (unknown.status, unknown.code()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    h.stop().await;
}

#[tokio::test]
async fn every_write_is_in_the_audit_log_with_its_key() {
    let h = Harness::start().await;
    let crm = make_key(&h, "crm").await;
    let books = make_key(&h, "books").await;
    let one = create(
        &h,
        &crm,
        "1",
        json!({"name": "One", "email": "one@example.com"}),
    )
    .await;
    let two = create(
        &h,
        &books,
        "2",
        json!({"name": "Two", "email": "two@example.com"}),
    )
    .await;
    // A replay and a refused write are not writes.
    create(
        &h,
        &books,
        "2",
        json!({"name": "Two", "email": "two@example.com"}),
    )
    .await;
    create(
        &h,
        &books,
        "3",
        json!({"name": "", "email": "three@example.com"}),
    )
    .await;

    let log = v1(&h, Method::GET, "/v1/audit-log", Some(&crm), None, None)
        .await
        .body;
    let entries = log["data"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    assert_eq!(entries[0]["object"], two.body["id"]);
    assert_eq!(entries[0]["action"], "customer.create");
    assert!(books.starts_with(entries[0]["key"].as_str().unwrap()));
    assert_eq!(entries[1]["object"], one.body["id"]);
    assert!(crm.starts_with(entries[1]["key"].as_str().unwrap()));
    let next = entries[0]["id"].as_str().unwrap();
    let older = v1(
        &h,
        Method::GET,
        &format!("/v1/audit-log?starting_after={next}"),
        Some(&crm),
        None,
        None,
    )
    .await
    .body;
    assert_eq!(older["data"].as_array().unwrap().len(), 1);
    let bad = v1(
        &h,
        Method::GET,
        "/v1/audit-log?starting_after=cus_1",
        Some(&crm),
        None,
        None,
    )
    .await;
    assert_eq!(bad.code(), "invalid_query");
    h.stop().await;
}

/// Ada's `cus_…`, as the business API finds her.
pub(super) async fn ada_id(h: &Harness, key: &str) -> String {
    let found = v1(
        h,
        Method::GET,
        "/v1/customers?email=ada@example.com",
        Some(key),
        None,
        None,
    )
    .await;
    found.body["data"][0]["id"].as_str().unwrap().to_owned()
}

pub(super) fn invoice_body(customer: &str, number: &str) -> Value {
    json!({
        "customer": customer,
        "number": number,
        "issue_date": "2026-11-20",
        "due_date": "2099-12-31",
        "currency": "USD",
        "lines": [
            {"description": "Boiler service", "quantity": 2, "unit_amount": 1500},
            {"description": "Filter", "quantity": 1, "unit_amount": 999}
        ],
        "total": 3999,
        "memo": "Thank you"
    })
}

#[tokio::test]
async fn an_invoice_made_from_lines_shows_in_the_customers_portal() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let ada = ada_id(&h, &key).await;
    let made = v1(
        &h,
        Method::POST,
        "/v1/invoices",
        Some(&key),
        Some("inv-api-1"),
        Some(invoice_body(&ada, "API-1")),
    )
    .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.body["total"], 3999);
    assert_eq!(made.body["balance_due"], 3999);
    assert_eq!(made.body["currency"], "usd");
    assert_eq!(made.body["status"], "open");
    assert_eq!(made.body["lines"][0]["amount"], 3000);
    let again = v1(
        &h,
        Method::POST,
        "/v1/invoices",
        Some(&key),
        Some("inv-api-1"),
        Some(invoice_body(&ada, "API-1")),
    )
    .await;
    assert_eq!(
        (again.status, &again.body),
        (StatusCode::CREATED, &made.body)
    );
    assert_eq!(again.header("idempotent-replayed"), Some("true"));

    // Ada sees it, with its lines, and can pay it.
    let id = made.body["id"].as_str().unwrap();
    let login = h.ada().await;
    let detail = h.get(&format!("/api/invoices/{id}"), Some(&login)).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    assert_eq!(detail.body["invoice"]["number"], "API-1");
    assert_eq!(detail.body["invoice"]["balance_due"]["amount"], 3999);
    assert_eq!(detail.body["lines"].as_array().unwrap().len(), 2);

    // Listed by customer and status, newest first.
    let open = v1(
        &h,
        Method::GET,
        &format!("/v1/invoices?customer={ada}&status=open&limit=100"),
        Some(&key),
        None,
        None,
    )
    .await;
    // Newest first: made in the same second as the demo's newest, so among
    // the first of those.
    let open_ids: Vec<&Value> = open.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert!(open_ids.contains(&&json!(id)), "{}", open.text);
    assert!(open.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["status"] == "open" && i["customer"] == ada.as_str()));
    let paid = v1(
        &h,
        Method::GET,
        &format!("/v1/invoices?customer={ada}&status=paid&limit=100"),
        Some(&key),
        None,
        None,
    )
    .await;
    assert!(paid.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"] != id && i["status"] == "paid"));
    let read = v1(
        &h,
        Method::GET,
        &format!("/v1/invoices/{id}"),
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(read.body, made.body);
    let log = v1(&h, Method::GET, "/v1/audit-log", Some(&key), None, None).await;
    assert_eq!(log.body["data"][0]["action"], "invoice.create");
    assert_eq!(log.body["data"][0]["object"], id);
    h.stop().await;
}

#[tokio::test]
async fn bad_invoice_input_gets_a_specific_error_and_changes_nothing() {
    let h = Harness::start().await;
    let key = make_key(&h, "books").await;
    let ada = ada_id(&h, &key).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM invoices")
            .fetch_one(&h.launched.state.pool)
            .await
            .unwrap()
    };
    let before = count().await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut body = invoice_body(&ada, "API-9");
        change(&mut body);
        body
    };
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            with(&|b| b["customer"] = json!("cus_nobody")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["currency"] = json!("eur")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["lines"] = json!([])),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["lines"][0]["quantity"] = json!(0)),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["lines"][0]["unit_amount"] = json!(-5)),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            with(&|b| b["lines"][0]["quantity"] = json!(1.5)),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
        (
            with(&|b| {
                b["lines"][0]["quantity"] = json!(1_000_000);
                b["lines"][0]["unit_amount"] = json!(100_000_000_000_i64);
            }),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            with(&|b| b["total"] = json!(4000)),
            StatusCode::BAD_REQUEST,
            "invalid_amount",
        ),
        (
            with(&|b| b["due_date"] = json!("2026-11-01")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["issue_date"] = json!("2026-02-30")),
            StatusCode::BAD_REQUEST,
            "invalid_field",
        ),
        (
            with(&|b| b["number"] = json!("INV-1000")),
            StatusCode::CONFLICT,
            "already_exists",
        ),
        (
            with(&|b| b["lines"][0]["tax"] = json!(1)),
            StatusCode::BAD_REQUEST,
            "invalid_request",
        ),
    ];
    for (i, (body, status, code)) in cases.into_iter().enumerate() {
        let reply = v1(
            &h,
            Method::POST,
            "/v1/invoices",
            Some(&key),
            Some(&format!("bad-{i}")),
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{body}: {}",
            reply.text
        );
    }
    assert_eq!(count().await, before, "nothing was added");
    let bad_status = v1(
        &h,
        Method::GET,
        "/v1/invoices?status=late",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(bad_status.code(), "invalid_query");
    h.stop().await;
}

#[tokio::test]
async fn customers_are_updated_archived_and_invited_through_the_api() {
    let h = Harness::start().await;
    let key = make_key(&h, "crm").await;
    let made = create(
        &h,
        &key,
        "c",
        json!({"name": "Dorothy Vaughan", "email": "dorothy@example.com"}),
    )
    .await;
    let id = made.body["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/customers/{id}");

    let updated = v1(
        &h,
        Method::POST,
        &path,
        Some(&key),
        Some("u1"),
        Some(json!({"name": "Dorothy J. Vaughan", "external_id": "CRM-9"})),
    )
    .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["name"], "Dorothy J. Vaughan");
    assert_eq!(
        updated.body["email"], "dorothy@example.com",
        "absent fields stay"
    );
    assert_eq!(updated.body["external_id"], "CRM-9");
    let taken = v1(
        &h,
        Method::POST,
        &path,
        Some(&key),
        Some("u2"),
        Some(json!({"email": "ada@example.com"})),
    )
    .await;
    assert_eq!(
        (taken.status, taken.code()),
        (StatusCode::CONFLICT, "already_exists")
    );
    let unknown = v1(
        &h,
        Method::POST,
        "/v1/customers/cus_nobody",
        Some(&key),
        Some("u3"),
        Some(json!({"name": "X"})),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    // An invitation goes to the customer's email, through the outbox.
    let invited = v1(
        &h,
        Method::POST,
        &format!("{path}/invitations"),
        Some(&key),
        Some("i1"),
        None,
    )
    .await;
    assert_eq!(invited.status, StatusCode::ACCEPTED, "{}", invited.text);
    assert_eq!(invited.body["sent_to"], "dorothy@example.com");
    let outbox = h.get("/api/dev/outbox", None).await.body;
    let link = outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["to"] == "dorothy@example.com")
        .and_then(|m| m["link"].as_str())
        .unwrap()
        .to_owned();
    assert!(link.contains("/accept-invitation?token="), "{link}");
    // Not for someone who has a password (a reset is theirs to ask for).
    let ada = ada_id(&h, &key).await;
    let has_password = v1(
        &h,
        Method::POST,
        &format!("/v1/customers/{ada}/invitations"),
        Some(&key),
        Some("i2"),
        None,
    )
    .await;
    assert_eq!(
        (has_password.status, has_password.code()),
        (StatusCode::CONFLICT, "already_exists")
    );

    // Archived: no new invoices, and archiving twice is harmless.
    let archived = v1(
        &h,
        Method::POST,
        &format!("{path}/archive"),
        Some(&key),
        Some("a1"),
        None,
    )
    .await;
    assert_eq!(archived.body["archived"], true, "{}", archived.text);
    let again = v1(
        &h,
        Method::POST,
        &format!("{path}/archive"),
        Some(&key),
        Some("a2"),
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    let invoice = v1(
        &h,
        Method::POST,
        "/v1/invoices",
        Some(&key),
        Some("inv"),
        Some(invoice_body(&id, "A-1")),
    )
    .await;
    assert_eq!(
        (invoice.status, invoice.code()),
        (StatusCode::BAD_REQUEST, "invalid_field")
    );
    assert!(invoice.text.contains("archived"), "{}", invoice.text);

    let log = v1(&h, Method::GET, "/v1/audit-log", Some(&key), None, None)
        .await
        .body;
    let actions: Vec<&str> = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "customer.archive",
            "customer.archive",
            "customer.invite",
            "customer.update",
            "customer.create"
        ]
    );
    h.stop().await;
}
