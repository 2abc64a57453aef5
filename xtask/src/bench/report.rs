//! The bench's output: aligned tables on stdout, `target/bench/bench.json`,
//! and `docs/bench.md` (the table the README links, with date and machine).

use crate::paths;
use crate::shell::Error;
use serde_json::{Map, Value};

/// One table of the report: a title, column heads, rows and notes.
pub struct Table {
    title: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
    notes: Vec<String>,
}

impl Table {
    /// An empty table with these column heads.
    pub fn new(title: &str, head: &[&str]) -> Self {
        Self {
            title: title.to_string(),
            head: head.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A table that only says why its measurement was skipped.
    pub fn skipped(title: &str, reason: &str) -> Self {
        let mut table = Self::new(title, &[]);
        table.note(&format!("skipped: {reason}"));
        table
    }

    /// Adds a row (one cell per column head).
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Adds a note printed under the table.
    pub fn note(&mut self, note: &str) {
        self.notes.push(note.to_string());
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.head.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.chars().count());
                }
            }
        }
        widths
    }

    /// The table as aligned plain text (first column left, others right).
    pub fn text(&self) -> String {
        let widths = self.widths();
        let line = |cells: &[String]| -> String {
            cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (c, w))| {
                    if i == 0 {
                        format!("{c:<w$}")
                    } else {
                        format!("{c:>w$}")
                    }
                })
                .collect::<Vec<_>>()
                .join("  ")
        };
        let mut out = format!("== {} ==\n", self.title);
        if !self.head.is_empty() && !self.rows.is_empty() {
            out.push_str(&line(&self.head));
            out.push('\n');
            for row in &self.rows {
                out.push_str(&line(row));
                out.push('\n');
            }
        }
        for note in &self.notes {
            out.push_str(&format!("  {note}\n"));
        }
        out
    }

    /// The table as GitHub markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}\n\n", self.title);
        if !self.head.is_empty() && !self.rows.is_empty() {
            let cells = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
            out.push_str(&cells(&self.head));
            let rule: Vec<String> = (0..self.head.len())
                .map(|i| {
                    if i == 0 {
                        "---".to_string()
                    } else {
                        "---:".to_string()
                    }
                })
                .collect();
            out.push_str(&cells(&rule));
            for row in &self.rows {
                out.push_str(&cells(row));
            }
            out.push('\n');
        }
        for note in &self.notes {
            out.push_str(&format!("- {note}\n"));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        out
    }
}

/// Everything measured in one run.
#[derive(Default)]
pub struct Report {
    tables: Vec<Table>,
    json: Map<String, Value>,
}

impl Report {
    /// Prints a table now and keeps it for `docs/bench.md`.
    pub fn table(&mut self, table: Table) {
        println!("{}", table.text());
        self.tables.push(table);
    }

    /// Sets a top-level key of `bench.json`.
    pub fn set(&mut self, key: &str, value: Value) {
        self.json.insert(key.to_string(), value);
    }

    /// A top-level key of `bench.json`, created as an empty object if missing.
    pub fn entry(&mut self, key: &str) -> &mut Value {
        self.json
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()))
    }

    /// Writes `target/bench/bench.json` and, for a full run, `docs/bench.md`.
    pub fn write(&self, date: &str, machine: &str, seconds: u64, full: bool) -> Result<(), Error> {
        let dir = paths::bench_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {dir:?}: {e}"))?;
        let file = dir.join("bench.json");
        let text = serde_json::to_string_pretty(&Value::Object(self.json.clone()))
            .map_err(|e| e.to_string())?;
        std::fs::write(&file, text).map_err(|e| format!("writing {file:?}: {e}"))?;
        println!("wrote {}", file.display());
        if !full {
            println!("docs/bench.md left as it is (not a full run)");
            return Ok(());
        }

        let mut md = String::from("# Benchmarks\n\n");
        md.push_str(&format!(
            "Taken on {date} on {machine} by `cargo xtask bench` in {}m{:02}s. \
             The raw figures are in `target/bench/bench.json`; how each is \
             measured is at the end of this page.\n\n",
            seconds / 60,
            seconds % 60
        ));
        for table in &self.tables {
            md.push_str(&table.markdown());
        }
        md.push_str(METHOD);
        let doc = paths::repo().join("docs/bench.md");
        std::fs::write(&doc, md).map_err(|e| format!("writing {doc:?}: {e}"))?;
        println!("wrote {}", doc.display());
        Ok(())
    }
}

/// How the figures are taken (appended to `docs/bench.md`).
const METHOD: &str = include_str!("method.md");

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn markdown_has_head_rule_and_rows() {
        let mut t = Table::new("Sizes", &["bundle", "brotli"]);
        t.row(vec!["frame".into(), "12".into()]);
        t.note("within budget");
        let md = t.markdown();
        assert!(md.contains("| bundle | brotli |\n| --- | ---: |\n| frame | 12 |"));
        assert!(md.contains("- within budget"));
    }

    #[test]
    fn skipped_table_says_why() {
        let t = Table::skipped("Lighthouse", "no server");
        assert!(t.text().contains("skipped: no server"));
    }
}
