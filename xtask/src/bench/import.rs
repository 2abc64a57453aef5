//! The CSV import (`portal-server import`): 100,000 invoices (two lines
//! each, 200,000 rows) for 1,000 customers, generated here, into a fresh
//! database, timed; then the same files again, which must change nothing
//! (the idempotent re-run an accounting sync makes every night).

use crate::bench::report::{Report, Table};
use crate::bench::{native, skip};
use crate::shell::Error;
use serde_json::json;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const TITLE: &str = "CSV import (portal-server import)";
/// Invoices in the file.
pub const INVOICES: u32 = 100_000;
/// Customers they are spread over.
const CUSTOMERS: u32 = 1_000;

/// Generates the files, imports them twice, and reports the seconds.
pub fn run(report: &mut Report) {
    match measure() {
        Ok((first, again)) => {
            let mut table = Table::new(TITLE, &["run", "invoices", "seconds", "invoices/s"]);
            for (name, seconds) in [("first import", first), ("again (unchanged)", again)] {
                table.row(vec![
                    name.to_string(),
                    INVOICES.to_string(),
                    format!("{seconds:.1}"),
                    format!("{:.0}", f64::from(INVOICES) / seconds.max(0.001)),
                ]);
            }
            table.note(&format!(
                "{CUSTOMERS} customers and {INVOICES} invoices of 2 lines each, one transaction; portal-server built with cargo profile `{}`",
                native::profile()
            ));
            report.set(
                "import",
                json!({"invoices": INVOICES, "seconds": first, "rerun_seconds": again}),
            );
            report.table(table);
        }
        Err(e) => skip(report, "import", TITLE, &e),
    }
}

/// Seconds of the first import and of the re-run.
fn measure() -> Result<(f64, f64), Error> {
    let binary = native::build("portal-server")?;
    let dir = native::scratch("import")?;
    let customers = dir.join("customers.csv");
    let invoices = dir.join("invoices.csv");
    write_files(&customers, &invoices)?;
    let db = dir.join("portal.db");
    let once = || -> Result<f64, Error> {
        let start = Instant::now();
        let out = Command::new(&binary)
            .arg("--db")
            .arg(&db)
            .arg("import")
            .arg("--customers")
            .arg(&customers)
            .arg("--invoices")
            .arg(&invoices)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot start portal-server: {e}"))?;
        let seconds = start.elapsed().as_secs_f64();
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!(
                "import failed: {:.300}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        eprintln!("bench: import took {seconds:.1}s: {}", said.trim());
        Ok(seconds)
    };
    let first = once()?;
    let again = once()?;
    Ok((first, again))
}

/// The test data: customers `B-n`, invoices `BI-n` of two lines each.
pub fn write_files(customers: &Path, invoices: &Path) -> Result<(), Error> {
    let mut c = String::from("external_id,name,email\n");
    for n in 0..CUSTOMERS {
        let _ = writeln!(c, "B-{n},Bench Customer {n},bench-{n}@example.com");
    }
    let mut i = String::from(
        "external_id,customer_external_id,number,issue_date,due_date,currency,memo,description,quantity,unit_amount\n",
    );
    for n in 0..INVOICES {
        let customer = n % CUSTOMERS;
        let day = 1 + n % 28;
        for (description, quantity, unit) in [
            ("Service visit", 1 + n % 3, 4500),
            ("Parts", 2, 1250 + n % 100),
        ] {
            let _ = writeln!(
                i,
                "BI-{n},B-{customer},{n},2026-01-{day:02},2026-02-{day:02},usd,Bench invoice {n},{description},{quantity},{unit}"
            );
        }
    }
    std::fs::write(customers, c).map_err(|e| format!("writing {customers:?}: {e}"))?;
    std::fs::write(invoices, i).map_err(|e| format!("writing {invoices:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_have_a_row_a_customer_and_two_an_invoice() -> Result<(), Error> {
        let dir = std::env::temp_dir().join(format!("xtask-import-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let (customers, invoices) = (dir.join("customers.csv"), dir.join("invoices.csv"));
        write_files(&customers, &invoices)?;
        let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| e.to_string());
        let (c, i) = (read(&customers)?, read(&invoices)?);
        assert_eq!(c.lines().count(), 1 + CUSTOMERS as usize);
        assert_eq!(i.lines().count(), 1 + 2 * INVOICES as usize);
        assert_eq!(
            i.lines().nth(3),
            Some("BI-1,B-1,1,2026-01-02,2026-02-02,usd,Bench invoice 1,Service visit,2,4500")
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
