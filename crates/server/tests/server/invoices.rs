//! The invoice list: filters, paging, sorting, ownership, speed.

use std::time::Instant;

use axum::http::StatusCode;
use portal_api::{InvoiceListResponse, InvoiceStatus};

use super::harness::Harness;

fn parse(reply: &super::harness::Reply) -> InvoiceListResponse {
    serde_json::from_value(reply.body.clone()).unwrap()
}

#[tokio::test]
async fn invoices_page_newest_first_with_every_status() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let first = parse(&h.get("/api/invoices", Some(&ada)).await);
    assert_eq!((first.page, first.per_page), (1, 20));
    assert!(first.total >= 45, "paging shows: {}", first.total);
    assert_eq!(first.invoices.len(), 20);
    let dates: Vec<_> = first
        .invoices
        .iter()
        .map(|i| i.issue_date.clone())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let statuses: Vec<_> = first.invoices.iter().map(|i| i.status).collect();
    for s in [
        InvoiceStatus::Open,
        InvoiceStatus::Overdue,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
    ] {
        assert!(statuses.contains(&s), "{s:?} in {statuses:?}");
    }
    let last_page = first.total.div_ceil(20) as u32;
    let last = parse(
        &h.get(&format!("/api/invoices?page={last_page}"), Some(&ada))
            .await,
    );
    assert_eq!(
        last.invoices.len() as u64,
        first.total - 20 * u64::from(last_page - 1)
    );
    let beyond = parse(
        &h.get(&format!("/api/invoices?page={}", last_page + 1), Some(&ada))
            .await,
    );
    assert!(beyond.invoices.is_empty());
    h.stop().await;
}

#[tokio::test]
async fn invoices_filter_by_status() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let mut sum = 0;
    for s in [
        InvoiceStatus::Open,
        InvoiceStatus::Overdue,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
    ] {
        let list = parse(
            &h.get(
                &format!("/api/invoices?status={}&per_page=100", s.as_str()),
                Some(&ada),
            )
            .await,
        );
        assert!(list.total > 0, "{s:?}");
        assert!(list.invoices.iter().all(|i| i.status == s), "{s:?}");
        for i in &list.invoices {
            assert!(i.balance_due.amount <= i.total.amount);
            assert_eq!(i.status == InvoiceStatus::Paid, i.balance_due.amount == 0);
        }
        sum += list.total;
    }
    let all = parse(&h.get("/api/invoices", Some(&ada)).await);
    assert_eq!(sum, all.total, "the statuses partition the invoices");
    h.stop().await;
}

#[tokio::test]
async fn invoices_bad_query_is_400_invalid_query() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    for q in [
        "status=unpaid",
        "status=PAID",
        "page=0",
        "page=-1",
        "page=x",
        "per_page=0",
        "per_page=101",
        "sort=drop%20table",
        "page=%EF%BC%91",
    ] {
        let reply = h.get(&format!("/api/invoices?{q}"), Some(&ada)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{q}");
        assert_eq!(reply.code(), "invalid_query", "{q}");
    }
    h.stop().await;
}

#[tokio::test]
async fn invoices_sort_by_due_date_and_balance() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let list = parse(
        &h.get("/api/invoices?sort=due_date&per_page=100", Some(&ada))
            .await,
    );
    let due: Vec<_> = list.invoices.iter().map(|i| i.due_date.clone()).collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted);
    let list = parse(
        &h.get("/api/invoices?sort=-balance_due&per_page=100", Some(&ada))
            .await,
    );
    let bal: Vec<_> = list.invoices.iter().map(|i| i.balance_due.amount).collect();
    assert!(bal.windows(2).all(|w| w[0] >= w[1]));
    h.stop().await;
}

#[tokio::test]
async fn a5_customers_see_only_their_own_invoices() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let grace = h.grace().await;
    let a = parse(&h.get("/api/invoices?per_page=100", Some(&ada)).await);
    let g = parse(&h.get("/api/invoices?per_page=100", Some(&grace)).await);
    assert!(a
        .invoices
        .iter()
        .all(|i| !g.invoices.iter().any(|j| j.id == i.id)));
    assert_ne!(a.total, g.total);
    assert_eq!(
        h.get("/api/invoices", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    h.stop().await;
}

#[tokio::test]
async fn invoices_list_is_fast_at_100000_invoices() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    let pool = &h.launched.state.pool;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
         INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, created_at) \
         SELECT 'inv_bulk_' || i, ?, 'BULK-' || printf('%06d', i), date('2020-01-01', '+' || (i % 2000) || ' days'), \
         date('2020-01-31', '+' || (i % 2000) || ' days'), 'usd', 1000 + i, CASE WHEN i % 4 = 0 THEN 0 ELSE 1000 + i END, 0 FROM n",
    )
    .bind(&ada.customer_id)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(pool).await.unwrap();
    for q in [
        "",
        "status=paid",
        "status=overdue",
        "status=open",
        "page=2000&per_page=50",
        "sort=due_date",
    ] {
        let started = Instant::now();
        let reply = h.get(&format!("/api/invoices?{q}"), Some(&ada)).await;
        let took = started.elapsed();
        assert_eq!(reply.status, StatusCode::OK, "{q}");
        assert!(parse(&reply).total > 0);
        assert!(took.as_millis() < 1500, "{q} took {took:?}");
    }
    h.stop().await;
}
