//! Card brand ids (`visa`, `amex`, …) as customers read them.

/// The brand's display name from its id.
pub fn brand_name(id: &str) -> String {
    match id {
        "visa" => "Visa",
        "mastercard" => "Mastercard",
        "amex" => "American Express",
        "discover" => "Discover",
        "diners" => "Diners Club",
        "jcb" => "JCB",
        "unionpay" => "UnionPay",
        "maestro" => "Maestro",
        "mir" => "Mir",
        "elo" => "Elo",
        "hiper" => "Hiper",
        "hipercard" => "Hipercard",
        "verve" => "Verve",
        "troy" => "Troy",
        "naranja" => "Naranja",
        other => other,
    }
    .to_string()
}
