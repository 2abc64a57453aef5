//! `portal-server import`: customers and invoices from CSV files, all or
//! nothing, idempotent by external id, every bad row reported by file and
//! line, and `--dry-run` writing nothing.

use std::path::PathBuf;

use axum::http::{Method, StatusCode};
use portal_server::{BadRow, Config, Counts, ImportCommand, ImportError, ImportReport};

use super::harness::{make_key, v1};
use super::harness::{saved, Harness};

const CUSTOMERS: &str = "\
external_id,name,email,parent_external_id
C-100,Acme Heating,billing@acme.example,
C-101,Acme Heating (North),north@acme.example,C-100
C-102,\"Baker, Bell & Co\",accounts@baker.example,
";

const INVOICES: &str = "\
external_id,customer_external_id,number,issue_date,due_date,currency,memo,description,quantity,unit_amount
INV-1,C-100,1001,2026-11-01,2099-11-30,usd,Thank you,Boiler service,2,1500
INV-1,C-100,1001,2026-11-01,2099-11-30,usd,Thank you,Filter,1,999
INV-2,C-101,1002,2026-11-02,2099-12-02,USD,,\"Call-out, evening\",1,8000
INV-3,C-102,1003,2026-11-03,2099-12-03,usd,,Parts,10,250
";

fn config(h: &Harness) -> Config {
    Config::ephemeral(
        h.dir.path().join("portal.db").display().to_string(),
        h.dir.path().join("gateway.db").display().to_string(),
    )
}

/// Writes `text` to `name` in the harness's directory.
fn file(h: &Harness, name: &str, text: &str) -> PathBuf {
    let path = h.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

async fn import(
    h: &Harness,
    customers: Option<&str>,
    invoices: Option<&str>,
    dry_run: bool,
) -> Result<ImportReport, ImportError> {
    let command = ImportCommand {
        customers: customers.map(|t| file(h, "customers.csv", t)),
        invoices: invoices.map(|t| file(h, "invoices.csv", t)),
        dry_run,
    };
    portal_server::import(&config(h), &command).await
}

fn counts(created: u64, updated: u64, unchanged: u64) -> Counts {
    Counts {
        created,
        updated,
        unchanged,
    }
}

/// Every bad row, as `(file name, line)` and the reasons.
fn bad_rows(result: Result<ImportReport, ImportError>) -> Vec<(String, u64, String)> {
    match result {
        Err(ImportError::BadRows(rows)) => rows
            .into_iter()
            .map(|BadRow { file, line, reason }| {
                let name = file.rsplit('/').next().unwrap_or("").to_owned();
                (name, line, reason)
            })
            .collect(),
        other => panic!("expected bad rows, got {other:?}"),
    }
}

/// Every table an import writes, counted.
async fn counts_of_everything(h: &Harness) -> [i64; 4] {
    [
        h.count("customers").await,
        h.count("invoices").await,
        h.count("invoice_lines").await,
        sqlx::query_scalar("SELECT COALESCE(MAX(updated_at), 0) FROM invoices")
            .fetch_one(&h.launched.state.pool)
            .await
            .unwrap(),
    ]
}

#[tokio::test]
async fn a_good_file_imports_customers_and_invoices_the_api_can_read() {
    let h = Harness::start().await;
    let report = import(&h, Some(CUSTOMERS), Some(INVOICES), false)
        .await
        .unwrap();
    assert_eq!(report.customers, counts(3, 0, 0));
    assert_eq!(report.invoices, counts(3, 0, 0));
    assert_eq!(
        report.lines(),
        [
            "Imported: customers 3 created, 0 updated, 0 unchanged.",
            "Imported: invoices 3 created, 0 updated, 0 unchanged."
        ]
    );

    let key = make_key(&h, "books").await;
    let get = |path: String| {
        let (h, key) = (&h, &key);
        async move { v1(h, Method::GET, &path, Some(key), None, None).await.body }
    };
    let acme = get("/v1/customers?external_id=C-100".into()).await["data"][0].clone();
    let north = get("/v1/customers?external_id=C-101".into()).await["data"][0].clone();
    let baker = get("/v1/customers?external_id=C-102".into()).await["data"][0].clone();
    assert_eq!(acme["email"], "billing@acme.example");
    assert_eq!(north["parent"], acme["id"], "the sub-account's parent");
    assert_eq!(baker["name"], "Baker, Bell & Co", "quoted commas");
    let one = get("/v1/invoices?external_id=INV-1".into()).await["data"][0].clone();
    assert_eq!(one["customer"], acme["id"]);
    assert_eq!(one["total"], 3999, "two rows, one invoice");
    assert_eq!(one["lines"].as_array().unwrap().len(), 2);
    assert_eq!(one["lines"][1]["description"], "Filter");
    assert_eq!(one["memo"], "Thank you");
    let two = get("/v1/invoices?external_id=INV-2".into()).await["data"][0].clone();
    assert_eq!(
        (two["total"].as_i64(), two["memo"].is_null()),
        (Some(8000), true)
    );
    assert_eq!(two["lines"][0]["description"], "Call-out, evening");
    h.stop().await;
}

#[tokio::test]
async fn every_bad_row_is_reported_with_its_line_and_nothing_is_written() {
    let h = Harness::start().await;
    let before = counts_of_everything(&h).await;
    let customers = "\
external_id,name,email,parent_external_id
C-1,Good One,good@example.com,
C-2,,nameless@example.com,
C-3,Bad Email,not-an-email,
C-1,Twice,twice@example.com,
C-4,Orphan,orphan@example.com,C-404
C-5,Taken,ada@example.com,
";
    let invoices = "\
external_id,customer_external_id,number,issue_date,due_date,currency,description,quantity,unit_amount
I-1,C-1,1,2026-11-01,2099-11-30,usd,Good,1,100
I-2,C-1,2,2026-11-01,2099-11-30,usd,Abc,abc,100
I-3,C-999,3,2026-11-01,2099-11-30,usd,Who,1,100
I-4,C-1,4,2026-11-01,2099-11-30,eur,Euro,1,100
I-5,C-1,5,2026-11-01,2099-11-30,usd,Line one,1,100
I-5,C-1,55,2026-11-01,2099-11-30,usd,Line two,1,100
I-6,C-1,6,2026-11-01,2099-11-30,usd,Negative,1,-100
I-7,C-1,7,2026-11-01,2099-11-30,usd,Huge,1000000,100000000000
I-8,C-1,1,2026-11-01,2099-11-30,usd,Same number as I-1,1,100
I-9,C-1,9,2026-11-31,2099-11-30,usd,No such day,1,100
I-10,C-1,10,2026-11-01,2099-11-30,usd,Fine,1,100
I-10,C-1,10,2026-11-01,2099-11-30,usd,,1,100
";
    let rows = bad_rows(import(&h, Some(customers), Some(invoices), false).await);
    let at: Vec<(&str, u64)> = rows.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
    assert_eq!(
        at,
        [
            ("customers.csv", 3),
            ("customers.csv", 4),
            ("customers.csv", 5),
            ("customers.csv", 6),
            ("customers.csv", 7),
            ("invoices.csv", 3),
            ("invoices.csv", 4),
            ("invoices.csv", 5),
            ("invoices.csv", 7),
            ("invoices.csv", 8),
            ("invoices.csv", 9),
            ("invoices.csv", 10),
            ("invoices.csv", 11),
            ("invoices.csv", 13),
        ],
        "{rows:#?}"
    );
    let reason = |line: u64, file: &str| {
        rows.iter()
            .find(|(f, l, _)| f == file && *l == line)
            .map(|(_, _, r)| r.clone())
            .unwrap()
    };
    for (file, line, starts) in [
        ("customers.csv", 3, "name:"),
        ("customers.csv", 4, "email:"),
        ("customers.csv", 5, "external_id: `C-1` is on line 2"),
        ("customers.csv", 6, "parent_external_id:"),
        ("customers.csv", 7, "email: another customer"),
        ("invoices.csv", 3, "quantity:"),
        (
            "invoices.csv",
            4,
            "customer_external_id: no customer has the external id `C-999`",
        ),
        ("invoices.csv", 5, "currency:"),
        ("invoices.csv", 7, "number: `55` differs from `5` on line 6"),
        ("invoices.csv", 8, "unit_amount:"),
        ("invoices.csv", 9, "amount:"),
        (
            "invoices.csv",
            10,
            "number: the customer has an invoice with this number",
        ),
        ("invoices.csv", 11, "issue_date:"),
        ("invoices.csv", 13, "description:"),
    ] {
        let r = reason(line, file);
        assert!(r.starts_with(starts), "{file}:{line}: {r}");
    }
    assert_eq!(
        counts_of_everything(&h).await,
        before,
        "nothing was written"
    );
    h.stop().await;
}

#[tokio::test]
async fn a_bad_header_is_reported_before_any_row() {
    let h = Harness::start().await;
    let rows = bad_rows(
        import(
            &h,
            Some("external_id,name,e_mail,colour\nC-1,A,a@example.com,red\n"),
            Some("external_id,number\n"),
            false,
        )
        .await,
    );
    let reasons: Vec<&str> = rows.iter().map(|(_, _, r)| r.as_str()).collect();
    assert!(rows.iter().all(|(_, line, _)| *line == 1), "{rows:?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("unknown column `e_mail`")),
        "{reasons:?}"
    );
    assert!(reasons
        .iter()
        .any(|r| r.starts_with("unknown column `colour`")));
    assert!(reasons.contains(&"the column `email` is missing."));
    assert!(reasons.contains(&"the column `customer_external_id` is missing."));
    let ragged = bad_rows(import(&h, Some("external_id,name,email\nC-1,A\n"), None, false).await);
    assert_eq!(ragged.len(), 1);
    assert_eq!(ragged[0].1, 2);
    h.stop().await;
}

#[tokio::test]
async fn running_it_again_changes_nothing_and_changed_rows_update() {
    let h = Harness::start().await;
    import(&h, Some(CUSTOMERS), Some(INVOICES), false)
        .await
        .unwrap();
    let after_first = counts_of_everything(&h).await;
    let again = import(&h, Some(CUSTOMERS), Some(INVOICES), false)
        .await
        .unwrap();
    assert_eq!(again.customers, counts(0, 0, 3));
    assert_eq!(again.invoices, counts(0, 0, 3));
    assert_eq!(counts_of_everything(&h).await, after_first);

    // A new price and a renamed customer update; a new row is added.
    let customers = CUSTOMERS.replace("Acme Heating,", "Acme Heating Ltd,");
    let invoices = format!(
        "{}INV-4,C-102,1004,2026-11-04,2099-12-04,usd,,Parts,1,100\n",
        INVOICES.replace("Filter,1,999", "Filter,1,1099")
    );
    let changed = import(&h, Some(&customers), Some(&invoices), false)
        .await
        .unwrap();
    assert_eq!(changed.customers, counts(0, 1, 2));
    assert_eq!(changed.invoices, counts(1, 1, 2));
    let key = make_key(&h, "books").await;
    let one = v1(
        &h,
        Method::GET,
        "/v1/invoices?external_id=INV-1",
        Some(&key),
        None,
        None,
    )
    .await;
    assert_eq!(one.body["data"][0]["total"], 4099);
    assert_eq!(one.body["data"][0]["balance_due"], 4099);

    // Once paid on, the invoice is left alone by a repeat, and a change to
    // it is a bad row.
    let id = one.body["data"][0]["id"].as_str().unwrap().to_owned();
    let customer = one.body["data"][0]["customer"].as_str().unwrap().to_owned();
    sqlx::query("INSERT INTO payments (id, customer_id, invoice_id, kind, idempotency_key, request_hash, gateway_key, amount, currency, billing_json, status, created_at, updated_at) VALUES ('pay_t', ?, ?, 'invoice', 'k', 'h', 'g', 100, 'usd', '{}', 'succeeded', 0, 0)")
        .bind(&customer)
        .bind(&id)
        .execute(&h.launched.state.pool)
        .await
        .unwrap();
    let repeat = import(&h, None, Some(&invoices), false).await.unwrap();
    assert_eq!(repeat.invoices, counts(0, 0, 4));
    let refused = bad_rows(
        import(
            &h,
            None,
            Some(&invoices.replace("Filter,1,1099", "Filter,1,5")),
            false,
        )
        .await,
    );
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].1, 2, "the invoice's first row");
    assert!(refused[0].2.contains("has payments"), "{refused:?}");
    h.stop().await;
}

#[tokio::test]
async fn a_dry_run_checks_everything_and_writes_nothing() {
    let h = Harness::start().await;
    let before = counts_of_everything(&h).await;
    let report = import(&h, Some(CUSTOMERS), Some(INVOICES), true)
        .await
        .unwrap();
    assert_eq!(report.customers, counts(3, 0, 0));
    assert_eq!(report.invoices, counts(3, 0, 0));
    assert!(report.lines()[0].starts_with("Dry run, nothing written"));
    assert_eq!(counts_of_everything(&h).await, before);
    // A dry run finds the bad rows a real run would.
    let bad = INVOICES.replace("Parts,10,250", "Parts,ten,250");
    let rows = bad_rows(import(&h, Some(CUSTOMERS), Some(&bad), true).await);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].1, rows[0].2.starts_with("quantity:")), (5, true));
    h.stop().await;
}

#[tokio::test]
async fn an_invoice_for_an_unknown_or_archived_customer_is_a_bad_row() {
    let h = Harness::start().await;
    import(&h, Some(CUSTOMERS), None, false).await.unwrap();
    let key = make_key(&h, "crm").await;
    let baker = v1(
        &h,
        Method::GET,
        "/v1/customers?external_id=C-102",
        Some(&key),
        None,
        None,
    )
    .await;
    let baker = baker.body["data"][0]["id"].as_str().unwrap().to_owned();
    let archived = v1(
        &h,
        Method::POST,
        &format!("/v1/customers/{baker}/archive"),
        Some(&key),
        Some("a"),
        None,
    )
    .await;
    assert_eq!(archived.status, StatusCode::OK);
    let before = counts_of_everything(&h).await;
    let invoices = INVOICES.replace("INV-2,C-101", "INV-2,C-777");
    let rows = bad_rows(import(&h, None, Some(&invoices), false).await);
    let at: Vec<(u64, bool)> = rows
        .iter()
        .map(|(_, l, r)| (*l, r.starts_with("customer")))
        .collect();
    assert_eq!(at, [(4, true), (5, true)], "{rows:?}");
    assert!(rows[0].2.contains("C-777"));
    assert!(rows[1].2.contains("archived"));
    assert_eq!(
        counts_of_everything(&h).await,
        before,
        "INV-1 was not written either"
    );

    // The customer's portal is untouched too: paying still works as before.
    let ada = h.ada().await;
    let (invoice, balance) = h.invoice(&ada, "open").await;
    let card = h.default_card(&ada).await;
    assert!(h
        .pay(&ada, &invoice, "k", saved(balance, &card))
        .await
        .status
        .is_success());
    h.stop().await;
}
