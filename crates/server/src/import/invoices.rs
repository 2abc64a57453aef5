//! `invoices.csv`: one row a line of an invoice, as accounting systems
//! export invoices (Xero's and QuickBooks' invoice exports repeat the
//! invoice's own columns on each of its lines). Rows are grouped by the
//! invoice's external id, in file order; the invoice's columns must be the
//! same on each of its rows. Amounts are whole minor units (`1999` for
//! 19.99), as in the API.
//!
//! ```csv
//! external_id,customer_external_id,number,issue_date,due_date,currency,memo,description,quantity,unit_amount
//! INV-2291,C-100,2291,2026-12-01,2026-12-31,usd,Thank you,Boiler service,2,1500
//! INV-2291,C-100,2291,2026-12-01,2026-12-31,usd,Thank you,Filter,1,999
//! ```

use std::collections::HashMap;
use std::path::Path;

use portal_api::NewInvoiceLine;

use crate::error::AppError;
use crate::invoice::draft::{self, Draft, Input};

use super::table::{Row, Table};
use super::Parsed;

/// The columns that must be there.
const REQUIRED: &[&str] = &[
    "external_id",
    "customer_external_id",
    "number",
    "issue_date",
    "due_date",
    "currency",
    "description",
    "quantity",
    "unit_amount",
];
/// The columns that may be.
const OPTIONAL: &[&str] = &["memo"];
/// The invoice's own columns, repeated on each of its rows.
const INVOICE_COLUMNS: &[&str] = &[
    "customer_external_id",
    "number",
    "issue_date",
    "due_date",
    "currency",
    "memo",
];

/// One invoice, checked (its customer is found when it is written).
pub struct InvoiceRow {
    /// The line of its first row.
    pub line: u64,
    /// The customer's external id.
    pub customer_external_id: String,
    /// The invoice.
    pub draft: Draft,
}

/// An invoice's rows while they are gathered.
struct Group {
    line: u64,
    fields: Vec<String>,
    lines: Vec<NewInvoiceLine>,
    line_numbers: Vec<u64>,
    bad: bool,
}

/// The good invoices of `path`, and every problem in it, for a business
/// whose currency is `currency`.
pub fn read(path: &Path, currency: &str) -> Parsed<InvoiceRow> {
    let table = match Table::read(path, REQUIRED, OPTIONAL) {
        Ok(table) => table,
        Err(problems) => return Parsed::failed(path, problems),
    };
    let mut problems = Vec::new();
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Group> = HashMap::new();
    for row in table.rows() {
        let external_id = row.get("external_id");
        if external_id.is_empty() {
            problems.push(row.bad("external_id: the invoice's own id is required."));
            continue;
        }
        let fields: Vec<String> = INVOICE_COLUMNS
            .iter()
            .map(|c| row.get(c).to_owned())
            .collect();
        let line = parse_line(&row);
        let group = groups.entry(external_id.to_owned()).or_insert_with(|| {
            order.push(external_id.to_owned());
            Group {
                line: row.line,
                fields: fields.clone(),
                lines: Vec::new(),
                line_numbers: Vec::new(),
                bad: false,
            }
        });
        if let Some((column, first)) = INVOICE_COLUMNS
            .iter()
            .zip(&group.fields)
            .zip(&fields)
            .find(|((_, first), this)| first != this)
            .map(|((column, first), _)| (column, first))
        {
            problems.push(row.bad(format!(
                "{column}: `{}` differs from `{first}` on line {} (every row of invoice {external_id} repeats its {column}).",
                row.get(column),
                group.line
            )));
            group.bad = true;
            continue;
        }
        match line {
            Ok(line) => {
                group.lines.push(line);
                group.line_numbers.push(row.line);
            }
            Err(e) => {
                problems.push(row.bad(e.message));
                group.bad = true;
            }
        }
    }
    let mut rows = Vec::with_capacity(order.len());
    for external_id in order {
        let Some(group) = groups.remove(&external_id) else {
            continue;
        };
        if group.bad {
            continue;
        }
        let field = |name: &str| {
            INVOICE_COLUMNS
                .iter()
                .position(|c| *c == name)
                .and_then(|i| group.fields.get(i))
                .map_or("", String::as_str)
        };
        let input = Input {
            number: field("number"),
            external_id: Some(&external_id),
            issue_date: field("issue_date"),
            due_date: field("due_date"),
            currency: field("currency"),
            lines: &group.lines,
            total: None,
            memo: Some(field("memo")),
        };
        match draft::check(&input, currency) {
            Ok(draft) => rows.push(InvoiceRow {
                line: group.line,
                customer_external_id: field("customer_external_id").to_owned(),
                draft,
            }),
            Err(problem) => {
                let line = problem
                    .line
                    .and_then(|i| group.line_numbers.get(i).copied())
                    .unwrap_or(group.line);
                problems.push(table.bad(line, problem.error.message));
            }
        }
    }
    Parsed {
        file: table.file,
        rows,
        problems,
    }
}

/// The line of an invoice a row is.
fn parse_line(row: &Row<'_>) -> Result<NewInvoiceLine, AppError> {
    let whole = |column: &str, what: &str| {
        row.get(column)
            .parse::<i64>()
            .map_err(|_| crate::field::field(column, what))
    };
    Ok(NewInvoiceLine {
        description: row.get("description").to_owned(),
        quantity: whole("quantity", "a whole number.")?,
        unit_amount: whole(
            "unit_amount",
            "a whole number of minor units (1999 for 19.99).",
        )?,
    })
}
