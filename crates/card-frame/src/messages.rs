//! What the frame says to the customer, per field and per locale.

use portal_card::Brand;

/// The words of one locale.
pub struct Words {
    pub heading: &'static str,
    pub number: &'static str,
    pub expiry: &'static str,
    pub name: &'static str,
    pub number_required: &'static str,
    pub number_invalid: &'static str,
    pub number_incomplete: &'static str,
    pub brand_not_accepted: &'static str,
    pub expiry_required: &'static str,
    pub expiry_invalid: &'static str,
    pub expiry_incomplete: &'static str,
    pub expired: &'static str,
    pub expiry_too_far: &'static str,
    pub cvc_required: &'static str,
    /// "The {code} is {n} digits."
    pub cvc_invalid: &'static str,
    pub name_required: &'static str,
    pub name_invalid: &'static str,
    pub brand_unknown: &'static str,
    /// "Could be {brands}".
    pub brand_several: &'static str,
    pub brand_unrecognised: &'static str,
    /// "Card brand: {brand}".
    pub brand_detected: &'static str,
    pub or: &'static str,
    pub security_code: &'static str,
}

/// English.
pub static EN: Words = Words {
    heading: "Card details",
    number: "Card number",
    expiry: "Expiry date (MM / YY)",
    name: "Name on card",
    number_required: "Enter your card number.",
    number_invalid: "This card number is not valid.",
    number_incomplete: "Your card number is incomplete.",
    brand_not_accepted: "This card brand is not accepted here.",
    expiry_required: "Enter the expiry date.",
    expiry_invalid: "This expiry date is not valid.",
    expiry_incomplete: "Your expiry date is incomplete.",
    expired: "This card has expired.",
    expiry_too_far: "The expiry year is too far in the future.",
    cvc_required: "Enter the security code.",
    cvc_invalid: "The {code} is {n} digits.",
    name_required: "Enter the name on the card.",
    name_invalid: "Enter the name as it appears on the card.",
    brand_unknown: "Card brand not yet known",
    brand_several: "Could be {brands}",
    brand_unrecognised: "Card brand not recognised",
    brand_detected: "Card brand: {brand}",
    or: "or",
    security_code: "Security code",
};

/// German.
pub static DE: Words = Words {
    heading: "Kartendaten",
    number: "Kartennummer",
    expiry: "Ablaufdatum (MM / JJ)",
    name: "Name auf der Karte",
    number_required: "Geben Sie Ihre Kartennummer ein.",
    number_invalid: "Diese Kartennummer ist ungültig.",
    number_incomplete: "Ihre Kartennummer ist unvollständig.",
    brand_not_accepted: "Diese Kartenmarke wird hier nicht akzeptiert.",
    expiry_required: "Geben Sie das Ablaufdatum ein.",
    expiry_invalid: "Dieses Ablaufdatum ist ungültig.",
    expiry_incomplete: "Ihr Ablaufdatum ist unvollständig.",
    expired: "Diese Karte ist abgelaufen.",
    expiry_too_far: "Das Ablaufjahr liegt zu weit in der Zukunft.",
    cvc_required: "Geben Sie den Sicherheitscode ein.",
    cvc_invalid: "Der {code} hat {n} Ziffern.",
    name_required: "Geben Sie den Namen auf der Karte ein.",
    name_invalid: "Geben Sie den Namen so ein, wie er auf der Karte steht.",
    brand_unknown: "Kartenmarke noch unbekannt",
    brand_several: "Möglich: {brands}",
    brand_unrecognised: "Kartenmarke nicht erkannt",
    brand_detected: "Kartenmarke: {brand}",
    or: "oder",
    security_code: "Sicherheitscode",
};

/// The words for a locale tag (`de…` → German, else English).
pub fn for_locale(locale: &str) -> &'static Words {
    if locale
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("de"))
    {
        &DE
    } else {
        &EN
    }
}

/// Short text shown in the brand badge.
pub fn badge(brand: Brand) -> &'static str {
    // On the enum, not on `brand.id()`: a jump table instead of fifteen
    // string comparisons in the frame's wasm.
    match brand {
        Brand::Visa => "VISA",
        Brand::Mastercard => "MC",
        Brand::Amex => "AMEX",
        Brand::Discover => "DISC",
        Brand::DinersClub => "DINERS",
        Brand::Jcb => "JCB",
        Brand::UnionPay => "UPI",
        Brand::Maestro => "MAESTRO",
        Brand::Mir => "MIR",
        Brand::Elo => "ELO",
        Brand::Hiper => "HIPER",
        Brand::Hipercard => "HIPERCARD",
        Brand::Verve => "VERVE",
        Brand::Troy => "TROY",
        Brand::Naranja => "NARANJA",
    }
}
