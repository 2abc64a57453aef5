//! `customers.csv`: one row a customer, by its external id (the accounting
//! system's customer number), with its name and email, and the external id
//! of its parent for a sub-account.
//!
//! ```csv
//! external_id,name,email,parent_external_id
//! C-100,Acme Heating,billing@acme.example,
//! C-101,Acme Heating (North branch),north@acme.example,C-100
//! ```

use std::collections::HashMap;
use std::path::Path;

use crate::customer::write::{self, Draft};

use super::table::Table;
use super::Parsed;

/// The columns that must be there.
const REQUIRED: &[&str] = &["external_id", "name", "email"];
/// The columns that may be.
const OPTIONAL: &[&str] = &["parent_external_id"];

/// One customer row, checked (its parent is found when it is written).
pub struct CustomerRow {
    /// Its line.
    pub line: u64,
    /// The customer (`parent_id` still empty).
    pub draft: Draft,
    /// The parent's external id.
    pub parent_external_id: Option<String>,
}

/// The good rows of `path`, and every problem in it.
pub fn read(path: &Path) -> Parsed<CustomerRow> {
    let table = match Table::read(path, REQUIRED, OPTIONAL) {
        Ok(table) => table,
        Err(problems) => return Parsed::failed(path, problems),
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in table.rows() {
        match write::check(
            row.get("name"),
            row.get("email"),
            Some(row.get("external_id")),
            None,
        ) {
            Err(e) => problems.push(row.bad(e.message)),
            Ok(draft) => {
                let external_id = draft.external_id.clone().unwrap_or_default();
                if let Some(first) = seen.insert(external_id.clone(), row.line) {
                    problems.push(row.bad(format!(
                        "external_id: `{external_id}` is on line {first} too; one row a customer."
                    )));
                    continue;
                }
                rows.push(CustomerRow {
                    line: row.line,
                    draft,
                    parent_external_id: row.optional("parent_external_id").map(str::to_owned),
                });
            }
        }
    }
    Parsed {
        file: table.file,
        rows,
        problems,
    }
}
