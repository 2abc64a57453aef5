//! Card brands: names, lengths, security codes and IIN prefix ranges.
//!
//! The prefix table follows the brands' published IIN ranges (as also used by
//! Braintree's `credit-card-type` and Stripe). Decisions where public tables
//! disagree or overlap:
//!
//! - **Most specific prefix wins.** Elo's BINs inside Visa's `4` and
//!   Discover's `65`, Verve's `650002`–`650027` inside `65`, Elo's `627780`
//!   inside UnionPay's `62`: once a number's first digits cover the longer
//!   prefix, that brand is the brand. While the typed digits could still
//!   become either (e.g. `4011` could be Visa or Elo `401178`), no brand is
//!   chosen and both are candidates.
//! - **Discover `622126`–`622925` is UnionPay.** Those are China UnionPay
//!   cards that Discover's network acquires; the issuer, the card face and the
//!   security code are UnionPay's, so they are detected as UnionPay.
//! - **Troy is `9792` only.** Troy cards co-badged in Discover's `65` range
//!   cannot be told apart from Discover cards by prefix; they are Discover.
//! - **Visa is 16–19 digits.** Visa stopped issuing 13-digit cards; they are
//!   refused.
//! - **Diners Club `36` is 14 digits**, the `30`/`38`/`39` ranges are issued
//!   as 16-digit cards on Discover's network; both accept 14–19 digits and the
//!   formatting follows the usual length (see [`crate::format_number`]).

/// A card brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Brand {
    /// Visa.
    Visa,
    /// Mastercard, including the 2-series.
    Mastercard,
    /// American Express.
    Amex,
    /// Discover.
    Discover,
    /// Diners Club.
    DinersClub,
    /// JCB.
    Jcb,
    /// UnionPay.
    UnionPay,
    /// Maestro.
    Maestro,
    /// Mir.
    Mir,
    /// Elo.
    Elo,
    /// Hiper.
    Hiper,
    /// Hipercard.
    Hipercard,
    /// Verve.
    Verve,
    /// Troy.
    Troy,
    /// Naranja.
    Naranja,
}

struct Info {
    id: &'static str,
    name: &'static str,
    lengths: &'static [u8],
    cvc_name: &'static str,
    cvc_length: u8,
}

const fn info(brand: Brand) -> Info {
    let (id, name, lengths, cvc_name, cvc_length): (_, _, &'static [u8], _, _) = match brand {
        Brand::Visa => ("visa", "Visa", &[16, 17, 18, 19], "CVV", 3),
        Brand::Mastercard => ("mastercard", "Mastercard", &[16], "CVC", 3),
        Brand::Amex => ("amex", "American Express", &[15], "CID", 4),
        Brand::Discover => ("discover", "Discover", &[16, 17, 18, 19], "CID", 3),
        Brand::DinersClub => ("diners", "Diners Club", &[14, 15, 16, 17, 18, 19], "CVV", 3),
        Brand::Jcb => ("jcb", "JCB", &[16, 17, 18, 19], "CVV", 3),
        Brand::UnionPay => ("unionpay", "UnionPay", &[16, 17, 18, 19], "CVN", 3),
        Brand::Maestro => (
            "maestro",
            "Maestro",
            &[12, 13, 14, 15, 16, 17, 18, 19],
            "CVC",
            3,
        ),
        Brand::Mir => ("mir", "Mir", &[16, 17, 18, 19], "CVP2", 3),
        Brand::Elo => ("elo", "Elo", &[16], "CVE", 3),
        Brand::Hiper => ("hiper", "Hiper", &[16], "CVC", 3),
        Brand::Hipercard => ("hipercard", "Hipercard", &[16, 19], "CVC", 3),
        Brand::Verve => ("verve", "Verve", &[16, 18, 19], "CVV", 3),
        Brand::Troy => ("troy", "Troy", &[16], "CVV", 3),
        Brand::Naranja => ("naranja", "Naranja", &[16], "CVV", 3),
    };
    Info {
        id,
        name,
        lengths,
        cvc_name,
        cvc_length,
    }
}

/// The display name for a brand id from [`Brand::id`] (`"amex"` →
/// "American Express"), as stored records and the wire carry brands. An id
/// this crate does not know (a newer gateway's brand) is shown with a
/// capital first letter (`"rupay"` → "Rupay") rather than not at all.
pub fn brand_name(id: &str) -> String {
    match Brand::from_id(id) {
        Some(brand) => brand.name().to_owned(),
        None => {
            let mut chars = id.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        }
    }
}

impl Brand {
    /// Every brand, in a stable order.
    pub const ALL: [Brand; 15] = [
        Brand::Visa,
        Brand::Mastercard,
        Brand::Amex,
        Brand::Discover,
        Brand::DinersClub,
        Brand::Jcb,
        Brand::UnionPay,
        Brand::Maestro,
        Brand::Mir,
        Brand::Elo,
        Brand::Hiper,
        Brand::Hipercard,
        Brand::Verve,
        Brand::Troy,
        Brand::Naranja,
    ];

    /// The stable lowercase id (`visa`, `mastercard`, `amex`, `diners`, …),
    /// used on the wire and in CSS classes.
    pub const fn id(self) -> &'static str {
        info(self).id
    }

    /// The brand for an id from [`Brand::id`].
    pub fn from_id(id: &str) -> Option<Brand> {
        Brand::ALL.into_iter().find(|b| b.id() == id)
    }

    /// The name people know, e.g. "American Express" (the brand icon's
    /// accessible name).
    pub const fn name(self) -> &'static str {
        info(self).name
    }

    /// The valid numbers of digits, ascending.
    pub const fn lengths(self) -> &'static [u8] {
        info(self).lengths
    }

    /// The fewest digits a number of this brand has.
    pub const fn min_length(self) -> usize {
        let lengths = info(self).lengths;
        lengths[0] as usize
    }

    /// The most digits a number of this brand has (the field's maximum).
    pub const fn max_length(self) -> usize {
        let lengths = info(self).lengths;
        lengths[lengths.len() - 1] as usize
    }

    /// Whether `length` digits is a valid length for this brand.
    pub fn accepts_length(self, length: usize) -> bool {
        self.lengths().iter().any(|&l| usize::from(l) == length)
    }

    /// The digit groups a number of this brand is shown in, e.g. `[4, 4, 4, 4]`,
    /// `[4, 6, 5]` for American Express and `[4, 6, 4]` for (14-digit) Diners
    /// Club. Digits past the last group (19-digit numbers) form one more
    /// group. [`crate::format_number`] shows Diners Club numbers that cannot
    /// be 14-digit `36` cards in fours.
    pub const fn groups(self) -> &'static [usize] {
        match self {
            Brand::Amex => &[4, 6, 5],
            Brand::DinersClub => &[4, 6, 4],
            _ => &[4, 4, 4, 4],
        }
    }

    /// The positions (digits before) where a space goes between groups:
    /// `[4, 8, 12]`, `[4, 10]` for American Express and Diners Club; the
    /// running sums of [`Brand::groups`] but the last.
    pub const fn gaps(self) -> &'static [usize] {
        match self {
            Brand::Amex | Brand::DinersClub => &[4, 10],
            _ => &[4, 8, 12],
        }
    }

    /// What the brand calls its security code: "CVV", "CVC", "CID", …
    pub const fn cvc_name(self) -> &'static str {
        info(self).cvc_name
    }

    /// The security code's number of digits (4 for American Express, on the
    /// front of the card; 3 on the back for the others).
    pub const fn cvc_length(self) -> usize {
        info(self).cvc_length as usize
    }

    /// The same as [`Brand::cvc_length`]: the security code's size in digits.
    pub const fn cvc_size(self) -> usize {
        self.cvc_length()
    }

    const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl core::fmt::Display for Brand {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.name())
    }
}

/// IIN ranges: first `digits` digits of the number, inclusive bounds.
pub(crate) struct Range {
    pub(crate) lo: u32,
    pub(crate) hi: u32,
    pub(crate) digits: u8,
    pub(crate) brand: Brand,
}

const fn r(lo: u32, hi: u32, digits: u8, brand: Brand) -> Range {
    Range {
        lo,
        hi,
        digits,
        brand,
    }
}

use Brand::*;

/// The prefix table. Overlaps are deliberate and resolved by length (see the
/// module docs); two ranges of the same length never overlap (tested).
pub(crate) const RANGES: &[Range] = &[
    r(4, 4, 1, Visa),
    r(51, 55, 2, Mastercard),
    r(2221, 2720, 4, Mastercard),
    r(34, 34, 2, Amex),
    r(37, 37, 2, Amex),
    r(6011, 6011, 4, Discover),
    r(644, 649, 3, Discover),
    r(65, 65, 2, Discover),
    r(36, 36, 2, DinersClub),
    r(300, 305, 3, DinersClub),
    r(3095, 3095, 4, DinersClub),
    r(38, 39, 2, DinersClub),
    r(3528, 3589, 4, Jcb),
    r(62, 62, 2, UnionPay),
    r(81, 81, 2, UnionPay),
    r(5018, 5018, 4, Maestro),
    r(5020, 5020, 4, Maestro),
    r(5038, 5038, 4, Maestro),
    r(5893, 5893, 4, Maestro),
    r(6304, 6304, 4, Maestro),
    r(6759, 6759, 4, Maestro),
    r(6761, 6763, 4, Maestro),
    r(2200, 2204, 4, Mir),
    r(401178, 401179, 6, Elo),
    r(431274, 431274, 6, Elo),
    r(438935, 438935, 6, Elo),
    r(451416, 451416, 6, Elo),
    r(457393, 457393, 6, Elo),
    r(457631, 457632, 6, Elo),
    r(504175, 504175, 6, Elo),
    r(506699, 506778, 6, Elo),
    r(509000, 509999, 6, Elo),
    r(627780, 627780, 6, Elo),
    r(636297, 636297, 6, Elo),
    r(636368, 636368, 6, Elo),
    r(650031, 650033, 6, Elo),
    r(650035, 650051, 6, Elo),
    r(650405, 650439, 6, Elo),
    r(650485, 650538, 6, Elo),
    r(650541, 650598, 6, Elo),
    r(650700, 650718, 6, Elo),
    r(650720, 650727, 6, Elo),
    r(650901, 650978, 6, Elo),
    r(651652, 651679, 6, Elo),
    r(655000, 655019, 6, Elo),
    r(655021, 655058, 6, Elo),
    r(637095, 637095, 6, Hiper),
    r(637568, 637568, 6, Hiper),
    r(637599, 637599, 6, Hiper),
    r(637609, 637609, 6, Hiper),
    r(637612, 637612, 6, Hiper),
    r(63737423, 63737423, 8, Hiper),
    r(63743358, 63743358, 8, Hiper),
    r(606282, 606282, 6, Hipercard),
    r(506099, 506198, 6, Verve),
    r(507865, 507964, 6, Verve),
    r(650002, 650027, 6, Verve),
    r(9792, 9792, 4, Troy),
    r(589562, 589562, 6, Naranja),
];

/// A set of brands as a bit mask.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct BrandSet(u16);

impl BrandSet {
    pub(crate) fn insert(&mut self, brand: Brand) {
        self.0 |= brand.bit();
    }

    pub(crate) fn len(self) -> u32 {
        self.0.count_ones()
    }

    pub(crate) fn iter(self) -> impl Iterator<Item = Brand> {
        Brand::ALL
            .into_iter()
            .filter(move |b| self.0 & b.bit() != 0)
    }
}

/// What the first digits of a number say about its brand.
pub(crate) struct Detection {
    /// The brand, once only one is possible.
    pub(crate) brand: Option<Brand>,
    /// Every brand the number could still be.
    pub(crate) candidates: BrandSet,
}

/// The longest prefix in the table: the first this many digits decide.
const DEPTH: u32 = 8;

/// A range as the half-open interval of the `DEPTH`-digit prefixes it holds.
fn span(range: &Range) -> (u32, u32) {
    let scale = 10u32.pow(DEPTH - u32::from(range.digits));
    (range.lo * scale, (range.hi + 1) * scale)
}

/// The brand of the numbers starting with the `DEPTH`-digit `prefix`: the
/// most specific range holding it.
fn brand_at(prefix: u32) -> Option<Brand> {
    let mut best: Option<&Range> = None;
    for range in RANGES {
        let (start, end) = span(range);
        if (start..end).contains(&prefix) && best.is_none_or(|b| range.digits > b.digits) {
            best = Some(range);
        }
    }
    best.map(|range| range.brand)
}

/// Detects the brand from digit values (0–9). The candidates are exactly the
/// brands that some number starting with these digits has: the prefixes
/// they can grow into are cut at every range boundary, and each piece has
/// one brand (or none).
pub(crate) fn detect(digits: &[u8]) -> Detection {
    let mut candidates = BrandSet::default();
    if !digits.is_empty() {
        let k = digits.len().min(DEPTH as usize);
        let value = digits[..k].iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
        let scale = 10u32.pow(DEPTH - k as u32);
        let (start, end) = (value * scale, (value + 1) * scale);
        let mut cuts = [0u32; 2 * RANGES.len() + 1];
        cuts[0] = start;
        let mut n = 1;
        for range in RANGES {
            let (a, b) = span(range);
            for cut in [a, b] {
                if start < cut && cut < end {
                    cuts[n] = cut;
                    n += 1;
                }
            }
        }
        for &cut in &cuts[..n] {
            if let Some(brand) = brand_at(cut) {
                candidates.insert(brand);
            }
        }
    }
    let brand = match candidates.len() {
        1 => candidates.iter().next(),
        _ => None,
    };
    Detection { brand, candidates }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c6_brand_ids_round_trip_and_are_unique() {
        for brand in Brand::ALL {
            assert_eq!(Brand::from_id(brand.id()), Some(brand));
            assert_eq!(
                Brand::ALL.iter().filter(|b| b.id() == brand.id()).count(),
                1
            );
            assert!(brand.min_length() >= 12 && brand.max_length() <= 19);
            assert!(brand.lengths().windows(2).all(|w| w[0] < w[1]));
        }
        assert_eq!(Brand::from_id("Visa"), None);
        assert_eq!(Brand::from_id(""), None);
        assert_eq!(Brand::Amex.name(), "American Express");
        assert_eq!(Brand::Amex.to_string(), "American Express");
        assert_eq!(Brand::Amex.cvc_name(), "CID");
        assert_eq!(Brand::Amex.cvc_length(), 4);
        assert_eq!(Brand::Visa.cvc_name(), "CVV");
        assert_eq!(Brand::Mastercard.cvc_name(), "CVC");
        assert_eq!(Brand::UnionPay.cvc_name(), "CVN");
        assert_eq!(Brand::Visa.max_length(), 19);
        assert_eq!(Brand::Maestro.min_length(), 12);
        assert!(Brand::Verve.accepts_length(18) && !Brand::Verve.accepts_length(17));
        assert_eq!(Brand::DinersClub.name(), "Diners Club");
        assert_eq!(Brand::Amex.cvc_size(), 4);
    }

    #[test]
    fn c6_brand_ids_names_and_groups() {
        let ids: Vec<&str> = Brand::ALL.iter().map(|b| b.id()).collect();
        let mut expected = [
            "visa",
            "mastercard",
            "amex",
            "diners",
            "discover",
            "jcb",
            "unionpay",
            "maestro",
            "mir",
            "elo",
            "hiper",
            "hipercard",
            "verve",
            "troy",
            "naranja",
        ];
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        assert_eq!(Brand::Visa.groups(), [4, 4, 4, 4]);
        assert_eq!(Brand::Visa.gaps(), [4, 8, 12]);
        assert_eq!(Brand::Amex.groups(), [4, 6, 5]);
        assert_eq!(Brand::Amex.gaps(), [4, 10]);
        assert_eq!(Brand::DinersClub.groups(), [4, 6, 4]);
        for brand in Brand::ALL {
            // The gaps are the running sums of the groups but the last.
            let sums: Vec<usize> = brand
                .groups()
                .iter()
                .scan(0, |sum, g| {
                    *sum += g;
                    Some(*sum)
                })
                .collect();
            assert_eq!(brand.gaps(), &sums[..sums.len() - 1], "{brand:?}");
            assert!(brand.groups().iter().sum::<usize>() >= brand.min_length());
            assert!(!brand.name().is_empty());
        }
    }

    #[test]
    fn c6_prefix_table_has_no_same_length_overlaps() {
        for (i, a) in RANGES.iter().enumerate() {
            assert!(a.lo <= a.hi);
            assert_eq!(a.lo.to_string().len(), usize::from(a.digits));
            assert_eq!(a.hi.to_string().len(), usize::from(a.digits));
            for b in &RANGES[i + 1..] {
                if a.digits == b.digits {
                    assert!(
                        a.hi < b.lo || b.hi < a.lo,
                        "{}-{} / {}-{}",
                        a.lo,
                        a.hi,
                        b.lo,
                        b.hi
                    );
                }
            }
        }
        // Every brand has a range.
        for brand in Brand::ALL {
            assert!(RANGES.iter().any(|r| r.brand == brand), "{brand:?}");
        }
    }

    #[test]
    fn ids_read_as_display_names_and_unknown_ids_are_capitalised() {
        assert_eq!(super::brand_name("amex"), "American Express");
        assert_eq!(super::brand_name("diners"), "Diners Club");
        assert_eq!(super::brand_name("unionpay"), "UnionPay");
        assert_eq!(super::brand_name("rupay"), "Rupay");
        assert_eq!(super::brand_name(""), "");
        for brand in Brand::ALL {
            assert_eq!(super::brand_name(brand.id()), brand.name());
        }
    }
}
