//! [`Outcome`]: what a write shared by the business API and the CSV import
//! did (an upsert answers 201 or 200 by it; the import counts it).

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new object.
    Created,
    /// The object changed.
    Updated,
    /// It already said that: nothing was written.
    Unchanged,
}
