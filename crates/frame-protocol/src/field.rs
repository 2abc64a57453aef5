//! The four card fields, as `focus` and `change.errors` name them.

/// One of the frame's fields. The declaration order is the form's order
/// ([`Field::ALL`]), so `field as usize` indexes per-field arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The card number.
    Number,
    /// The expiry date.
    Expiry,
    /// The security code.
    Cvc,
    /// The name on the card.
    Name,
}

impl Field {
    /// All fields in form order.
    pub const ALL: [Field; 4] = [Field::Number, Field::Expiry, Field::Cvc, Field::Name];

    /// The protocol name (`number`, `expiry`, `cvc`, `name`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Expiry => "expiry",
            Field::Cvc => "cvc",
            Field::Name => "name",
        }
    }

    /// The field the protocol calls `name`.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == name)
    }
}
