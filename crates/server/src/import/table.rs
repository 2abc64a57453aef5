//! A CSV file with a header row, read by column name: the header must name
//! every required column and nothing unknown, and each row comes with its
//! line number (a quoted field may span lines, so a row's line is where it
//! starts).

use std::collections::HashMap;
use std::path::Path;

use csv::{ReaderBuilder, StringRecord, Trim};

use super::BadRow;

/// A file's rows, by column name.
pub struct Table {
    /// The file's name, as reports show it.
    pub file: String,
    columns: HashMap<String, usize>,
    rows: Vec<(u64, StringRecord)>,
}

/// One row.
pub struct Row<'a> {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    table: &'a Table,
    record: &'a StringRecord,
}

impl Table {
    /// Reads `path`: its header must have every one of `required` and
    /// nothing outside `required` and `optional`. Every problem is a
    /// [`BadRow`]; a file that cannot be read at all is one too.
    pub fn read(path: &Path, required: &[&str], optional: &[&str]) -> Result<Self, Vec<BadRow>> {
        let file = path.display().to_string();
        let bad = |line: u64, reason: String| BadRow {
            file: file.clone(),
            line,
            reason,
        };
        let mut reader = ReaderBuilder::new()
            .trim(Trim::All)
            .flexible(false)
            .from_path(path)
            .map_err(|e| vec![bad(0, format!("cannot read the file: {e}"))])?;
        let header = reader
            .headers()
            .map_err(|e| vec![bad(1, format!("cannot read the header: {e}"))])?
            .clone();
        let mut problems = Vec::new();
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            let name = name.trim_start_matches('\u{feff}').to_lowercase();
            if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
                problems.push(bad(
                    1,
                    format!(
                        "unknown column `{name}` (the columns are {}).",
                        required
                            .iter()
                            .chain(optional)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            } else if columns.insert(name.clone(), i).is_some() {
                problems.push(bad(1, format!("the column `{name}` is there twice.")));
            }
        }
        for name in required {
            if !columns.contains_key(*name) {
                problems.push(bad(1, format!("the column `{name}` is missing.")));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    if record.iter().all(str::is_empty) {
                        continue;
                    }
                    rows.push((line, record));
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    problems.push(bad(line, format!("not a CSV row: {e}")));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            file,
            columns,
            rows,
        })
    }

    /// The rows, in file order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|(line, record)| Row {
            line: *line,
            table: self,
            record,
        })
    }

    /// A problem on line `line`.
    pub fn bad(&self, line: u64, reason: impl Into<String>) -> BadRow {
        BadRow {
            file: self.file.clone(),
            line,
            reason: reason.into(),
        }
    }
}

impl<'a> Row<'a> {
    /// The value of `column` (empty when the column is absent).
    pub fn get(&self, column: &str) -> &'a str {
        self.table
            .columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
    }

    /// The value of `column`, `None` when empty.
    pub fn optional(&self, column: &str) -> Option<&'a str> {
        Some(self.get(column)).filter(|v| !v.is_empty())
    }

    /// A problem on this row.
    pub fn bad(&self, reason: impl Into<String>) -> BadRow {
        self.table.bad(self.line, reason)
    }
}
