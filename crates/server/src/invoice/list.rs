//! One page of a customer's invoices: filtered by status, sorted, and read
//! from the covering index from whichever end of the list is nearer.

use portal_api::InvoiceStatus;
use sqlx::SqlitePool;

use super::{status_condition, InvoiceRow};

/// The `ORDER BY` of a `sort` name and its exact reverse. Every order ends
/// in `number`, unique per customer, so each is a total order and reading it
/// backwards from the other end gives the same rows.
pub fn order_by(sort: &str) -> Option<(&'static str, &'static str)> {
    Some(match sort {
        "" | "-issue_date" | "newest" => {
            ("issue_date DESC, number DESC", "issue_date ASC, number ASC")
        }
        "issue_date" | "oldest" => ("issue_date ASC, number ASC", "issue_date DESC, number DESC"),
        "due_date" => ("due_date ASC, number ASC", "due_date DESC, number DESC"),
        "-due_date" => ("due_date DESC, number DESC", "due_date ASC, number ASC"),
        "number" => ("number ASC", "number DESC"),
        "-number" => ("number DESC", "number ASC"),
        "total" => ("total ASC, number ASC", "total DESC, number DESC"),
        "-total" => ("total DESC, number DESC", "total ASC, number ASC"),
        "balance_due" => (
            "balance_due ASC, number ASC",
            "balance_due DESC, number DESC",
        ),
        "-balance_due" => (
            "balance_due DESC, number DESC",
            "balance_due ASC, number ASC",
        ),
        _ => return None,
    })
}

/// Which rows of a list of `total` rows make up page `page`, and from which
/// end to read them: skipping rows costs a step each, so a page in the far
/// half is read from the other end (the last page costs what the first does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Rows to skip from the chosen end.
    pub offset: i64,
    /// Rows to read.
    pub limit: i64,
    /// Read in the reverse order.
    pub reversed: bool,
}

/// The [`Window`] of page `page` (from 1) of `per_page` rows in a list of
/// `total`; `None` past the end.
pub fn window(page: u32, per_page: u32, total: i64) -> Option<Window> {
    let per_page = i64::from(per_page);
    let offset = i64::from(page.max(1) - 1) * per_page;
    if offset >= total {
        return None;
    }
    let limit = per_page.min(total - offset);
    let from_end = total - offset - limit;
    Some(if from_end < offset {
        Window {
            offset: from_end,
            limit,
            reversed: true,
        }
    } else {
        Window {
            offset,
            limit,
            reversed: false,
        }
    })
}

/// The page query: the page's row ids are picked from the customer's
/// covering index alone (`invoices_customer_list` holds the default order and
/// every column a status filter reads), then only those rows are read. With
/// `OFFSET` straight on the table every skipped row was a table read.
/// Binds: customer, today (for `filter`), limit, offset.
pub fn page_sql(filter: &str, order: &str, pick_order: &str) -> String {
    format!(
        "SELECT id, number, issue_date, due_date, currency, total, balance_due FROM invoices \
         WHERE rowid IN (SELECT rowid FROM invoices WHERE customer_id = ? AND {filter} \
         ORDER BY {pick_order} LIMIT ? OFFSET ?) ORDER BY {order}"
    )
}

/// A page of a customer's invoices and the count of all that match.
/// `sort` must be one [`order_by`] knows (the caller checked it).
pub async fn page(
    pool: &SqlitePool,
    customer_id: &str,
    status: Option<InvoiceStatus>,
    sort: (&'static str, &'static str),
    page: u32,
    per_page: u32,
    today: &str,
) -> Result<(Vec<InvoiceRow>, i64), sqlx::Error> {
    let (order, reverse) = sort;
    let filter = status_condition(status, "?");
    // One read transaction: the count and the page see the same rows.
    let mut tx = pool.begin().await?;
    let count_sql = format!("SELECT COUNT(*) FROM invoices WHERE customer_id = ? AND {filter}");
    let total: i64 = sqlx::query_scalar(&count_sql)
        .bind(customer_id)
        .bind(today)
        .fetch_one(&mut *tx)
        .await?;
    let rows: Vec<InvoiceRow> = match window(page, per_page, total) {
        None => Vec::new(),
        Some(w) => {
            let pick = if w.reversed { reverse } else { order };
            sqlx::query_as(&page_sql(&filter, order, pick))
                .bind(customer_id)
                .bind(today)
                .bind(w.limit)
                .bind(w.offset)
                .fetch_all(&mut *tx)
                .await?
        }
    };
    tx.commit().await?;
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::{order_by, page_sql, window, Window};
    use crate::invoice;
    use portal_api::InvoiceStatus;

    #[test]
    fn the_far_half_of_a_list_is_read_from_its_other_end() {
        let w = |offset, limit, reversed| {
            Some(Window {
                offset,
                limit,
                reversed,
            })
        };
        // 100 rows, 20 a page: pages 1-2 forwards, 3 from either end, 4-5 backwards.
        assert_eq!(window(1, 20, 100), w(0, 20, false));
        assert_eq!(window(2, 20, 100), w(20, 20, false));
        assert_eq!(window(3, 20, 100), w(40, 20, false));
        assert_eq!(window(4, 20, 100), w(20, 20, true));
        assert_eq!(window(5, 20, 100), w(0, 20, true));
        assert_eq!(window(6, 20, 100), None);
        // A short last page: 45 rows, 20 a page, page 3 is rows 40-44.
        assert_eq!(window(3, 20, 45), w(0, 5, true));
        assert_eq!(window(1, 20, 0), None);
        assert_eq!(window(1_000_000, 100, 10), None);
    }

    #[test]
    fn every_order_has_its_exact_reverse_and_ends_in_the_number() {
        for sort in [
            "",
            "issue_date",
            "due_date",
            "-due_date",
            "number",
            "-number",
            "total",
            "-total",
            "balance_due",
            "-balance_due",
        ] {
            let (order, reverse) = order_by(sort).unwrap_or_default();
            let flipped = order
                .replace("ASC", "<")
                .replace("DESC", "ASC")
                .replace('<', "DESC");
            assert_eq!(reverse, flipped, "{sort}");
            assert!(
                order.ends_with("number ASC") || order.ends_with("number DESC"),
                "{sort}"
            );
        }
    }

    /// The plans of the list's queries, for every status filter: the page is
    /// picked and counted from an index alone, never by reading the table.
    #[tokio::test]
    async fn pages_and_counts_are_read_from_covering_indexes() -> Result<(), String> {
        let pool = crate::db::open("sqlite::memory:", 1, std::time::Duration::from_secs(10))
            .await
            .map_err(|e| e.to_string())?;
        let filters = [
            None,
            Some(InvoiceStatus::Open),
            Some(InvoiceStatus::Overdue),
            Some(InvoiceStatus::PartiallyPaid),
            Some(InvoiceStatus::Paid),
        ];
        for status in filters {
            let filter = invoice::status_condition(status, "?");
            let (order, reverse) = order_by("").ok_or("no default order")?;
            let count = format!("SELECT COUNT(*) FROM invoices WHERE customer_id = ? AND {filter}");
            for (what, sql) in [
                ("page", page_sql(&filter, order, order)),
                ("reversed page", page_sql(&filter, order, reverse)),
                ("count", count),
            ] {
                let plan: Vec<(i64, i64, i64, String)> =
                    sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                        .bind("cus_x")
                        .bind("2026-01-01")
                        .bind(20_i64)
                        .bind(0_i64)
                        .fetch_all(&pool)
                        .await
                        .map_err(|e| e.to_string())?;
                let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
                let on_invoices: Vec<&&str> =
                    steps.iter().filter(|s| s.contains(" invoices ")).collect();
                // A page is picked in the list's order from its own index (no sort of every row).
                let index = if what == "count" {
                    "invoices_customer_"
                } else {
                    "invoices_customer_list"
                };
                let picked = on_invoices
                    .iter()
                    .any(|s| s.contains(&format!("USING COVERING INDEX {index}")));
                let table_reads = on_invoices
                    .iter()
                    .filter(|s| !s.contains("COVERING INDEX") && !s.contains("PRIMARY KEY"))
                    .count();
                assert!(picked && table_reads == 0, "{status:?} {what}: {steps:?}");
            }
        }
        Ok(())
    }
}
