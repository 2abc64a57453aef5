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

/// Adds `n` invoices to a customer, with many equal dates and amounts (ties
/// broken by number) and every status.
async fn bulk(h: &Harness, customer_id: &str, n: u32) {
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) \
         INSERT INTO invoices (id, customer_id, number, issue_date, due_date, currency, total, balance_due, created_at) \
         SELECT 'inv_deep_' || i, ?, 'DEEP-' || printf('%06d', (i * 7919) % 1000003), date('2020-01-01', '+' || ((i % 13) * 300) || ' days'), \
         date('now', '-1500 days', '+' || ((i % 11) * 300) || ' days'), 'usd', 1000 + (i % 5) * 100, \
         CASE i % 3 WHEN 0 THEN 0 WHEN 1 THEN 1000 + (i % 5) * 100 ELSE 500 END, 0 FROM n",
    )
    .bind(n)
    .bind(customer_id)
    .execute(&h.launched.state.pool)
    .await
    .unwrap();
}

/// Walking every page (forwards from the start, backwards from the end, each
/// page read from whichever end is nearer) gives each invoice once, in order.
#[tokio::test]
async fn invoices_deep_pages_hold_every_invoice_once_in_order() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    bulk(&h, &ada.customer_id, 1_000).await;
    type Key = (String, String, i64, i64);
    type Check = (&'static str, fn(&Key, &Key) -> std::cmp::Ordering);
    let key = |i: &portal_api::InvoiceSummary| -> Key {
        (
            i.issue_date.clone(),
            i.due_date.clone(),
            i.total.amount,
            i.balance_due.amount,
        )
    };
    let checks: [Check; 5] = [
        ("", |a, b| b.0.cmp(&a.0)),
        ("status=paid", |a, b| b.0.cmp(&a.0)),
        ("status=open&sort=issue_date", |a, b| a.0.cmp(&b.0)),
        ("sort=-due_date", |a, b| b.1.cmp(&a.1)),
        ("status=partially_paid&sort=total", |a, b| a.2.cmp(&b.2)),
    ];
    for (q, cmp) in checks {
        let first = parse(
            &h.get(&format!("/api/invoices?{q}&per_page=37"), Some(&ada))
                .await,
        );
        let pages = first.total.div_ceil(37) as u32;
        assert!(pages >= 3, "{q}: {}", first.total);
        let mut seen = Vec::new();
        for page in 1..=pages {
            let list = parse(
                &h.get(
                    &format!("/api/invoices?{q}&per_page=37&page={page}"),
                    Some(&ada),
                )
                .await,
            );
            assert_eq!(list.total, first.total, "{q} page {page}");
            let expected = if page < pages {
                37
            } else {
                first.total - 37 * u64::from(pages - 1)
            };
            assert_eq!(list.invoices.len() as u64, expected, "{q} page {page}");
            seen.extend(list.invoices);
        }
        let mut ids: Vec<_> = seen.iter().map(|i| i.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len() as u64, first.total, "{q}: every invoice once");
        for w in seen.windows(2) {
            let order = cmp(&key(&w[0]), &key(&w[1]));
            assert_ne!(
                order,
                std::cmp::Ordering::Greater,
                "{q}: {} before {}",
                w[0].number,
                w[1].number
            );
            if order == std::cmp::Ordering::Equal {
                // Ties by number, in the sort's direction.
                let descending = q.is_empty() || q.contains("status=paid") || q.contains("sort=-");
                assert_eq!(
                    w[0].number > w[1].number,
                    descending,
                    "{q}: {} then {}",
                    w[0].number,
                    w[1].number
                );
            }
        }
    }
    h.stop().await;
}

/// The median time of five `GET /api/invoices?{q}`, each a full page of 50.
async fn median(h: &Harness, ada: &super::harness::Login, q: &str) -> std::time::Duration {
    let mut took = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let reply = h.get(&format!("/api/invoices?{q}"), Some(ada)).await;
        took.push(started.elapsed());
        assert_eq!(reply.status, StatusCode::OK, "{q}");
        assert_eq!(parse(&reply).invoices.len(), 50, "{q}");
    }
    took.sort();
    took[2]
}

/// With 100,000 invoices the last page costs about what the first does
/// (offset paging used to read every skipped row: 15x slower at the end).
#[tokio::test]
async fn invoices_last_page_of_100000_costs_what_the_first_does() {
    let h = Harness::start().await;
    let ada = h.ada().await;
    bulk(&h, &ada.customer_id, 100_000).await;
    let first = median(&h, &ada, "per_page=50").await;
    let middle = median(&h, &ada, "per_page=50&page=1000").await;
    let last = median(&h, &ada, "per_page=50&page=2000").await;
    let paid_last = median(&h, &ada, "status=paid&per_page=50&page=666").await;
    let limit = first * 3 + std::time::Duration::from_millis(20);
    eprintln!("first {first:?}, middle {middle:?}, last {last:?}, last paid {paid_last:?}");
    assert!(
        middle < limit && last < limit && paid_last < limit,
        "first {first:?}, middle {middle:?}, last {last:?}, last paid {paid_last:?}"
    );
    h.stop().await;
}
