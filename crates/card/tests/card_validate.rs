//! C6 differential test: our brand/length/Luhn verdicts against the
//! `card-validate` crate (v2) on thousands of Luhn-valid numbers.
//!
//! Both must agree except where card-validate's brand table is known to be
//! wrong or narrower than the brands' published IIN ranges and lengths; each
//! such category is listed in [`CATEGORIES`] with its reason, every
//! disagreement must fall in one of them, and every category must actually
//! occur (so that the list stays honest when either side changes).

#![expect(
    clippy::expect_used,
    reason = "a test: a failed expectation is its failure"
)]

use card_validate::{Type, Validate};
use portal_card::{check_number, Brand};

/// Known disagreements: (key, reason).
const CATEGORIES: &[(&str, &str)] = &[
    (
        "missing_brand",
        "card-validate has no Elo, Hiper, Hipercard, Verve, Troy or Naranja: it calls those numbers Visa, Discover, Maestro, UnionPay or unknown, at its lengths for those brands",
    ),
    (
        "visa_16_19",
        "Visa issues 16-19 digit numbers; card-validate accepts only 13-16 and refuses 17-19 digits",
    ),
    (
        "visa_13_15",
        "card-validate accepts 13-15 digit Visa numbers; Visa retired 13-digit cards and never issued 14/15, we refuse them",
    ),
    (
        "diners_15_19",
        "Diners Club numbers run 14-19 digits (16 on Discover's network); card-validate accepts only 14",
    ),
    (
        "diners_30x",
        "card-validate's Diners pattern ^30 also takes 306-309 (except 3095), which no brand owns",
    ),
    ("jcb_17_19", "JCB numbers run 16-19 digits; card-validate accepts only 16"),
    (
        "jcb_35xx",
        "card-validate's JCB pattern ^35 also takes 3500-3527 and 3590-3599, outside JCB's 3528-3589",
    ),
    ("discover_17_19", "Discover numbers run 16-19 digits; card-validate accepts only 16"),
    (
        "discover_60_64",
        "card-validate's Discover pattern ^6[045] takes all of 60 and 640-643; Discover owns 6011 and 644-649 there",
    ),
    (
        "unionpay_622",
        "622126-622925 are UnionPay cards (Discover only acquires them) and the rest of 622 is UnionPay too; card-validate calls all of 622 Discover (and then refuses 17-19 digits)",
    ),
    (
        "unionpay_81",
        "UnionPay also issues from 81; card-validate does not know it",
    ),
    (
        "unionpay_88",
        "card-validate calls 88 UnionPay; no published UnionPay range starts with 88",
    ),
    (
        "mastercard_2series",
        "card-validate's Mastercard pattern ^2[2-7] takes 2205-2220 and 2721-2799; Mastercard owns 2221-2720 (and Mir 2200-2204)",
    ),
    (
        "maestro_wide",
        "card-validate's Maestro pattern (5018, 502, 503, 56, 58, 639, 67) is wider than Maestro's 5018, 5020, 5038, 5893, 6304, 6759, 6761-6763",
    ),
    ("maestro_6304", "card-validate does not know Maestro's 6304"),
    (
        "out_of_scope",
        "card-validate knows Dankort (5019) and Forbrugsforeningen (600), domestic Danish brands we do not support",
    ),
];

fn prefix_in(number: &str, digits: usize, lo: u32, hi: u32) -> bool {
    number
        .get(..digits)
        .and_then(|p| p.parse::<u32>().ok())
        .is_some_and(|p| (lo..=hi).contains(&p))
}

/// The known category of a disagreement, or `None` for an unexplained one.
/// `detected` is our brand from the prefix alone, valid or not.
fn explain(
    number: &str,
    detected: Option<Brand>,
    ours: Option<&str>,
    theirs: Option<&str>,
) -> Option<&'static str> {
    let len = number.len();
    let p = |digits, lo, hi| prefix_in(number, digits, lo, hi);
    use Brand::{Elo, Hiper, Hipercard, Naranja, Troy, Verve};
    if matches!(
        detected,
        Some(Elo | Hiper | Hipercard | Verve | Troy | Naranja)
    ) {
        return Some("missing_brand");
    }
    let key = match (ours, theirs) {
        (_, Some("dankort" | "forbrugsforeningen")) => "out_of_scope",
        (Some("visa"), None) if len >= 17 => "visa_16_19",
        (None, Some("visa")) if (13..=15).contains(&len) => "visa_13_15",
        (Some("diners"), None) if len >= 15 => "diners_15_19",
        (None, Some("diners")) if p(3, 306, 309) && !p(4, 3095, 3095) => "diners_30x",
        (Some("jcb"), None) if len >= 17 => "jcb_17_19",
        (None, Some("jcb")) if p(4, 3500, 3527) || p(4, 3590, 3599) => "jcb_35xx",
        (Some("discover"), None) if len >= 17 => "discover_17_19",
        (None, Some("discover")) if (p(2, 60, 60) && !p(4, 6011, 6011)) || p(3, 640, 643) => {
            "discover_60_64"
        }
        (Some("unionpay"), Some("discover") | None) if p(3, 622, 622) => "unionpay_622",
        (Some("unionpay"), None) if p(2, 81, 81) => "unionpay_81",
        (None, Some("unionpay")) if p(2, 88, 88) => "unionpay_88",
        (None, Some("mastercard")) if p(4, 2205, 2220) || p(4, 2721, 2799) => "mastercard_2series",
        (None, Some("maestro")) => "maestro_wide",
        (Some("maestro"), None) if p(4, 6304, 6304) => "maestro_6304",
        _ => return None,
    };
    Some(key)
}

fn theirs(number: &str) -> Option<&'static str> {
    let card_type = Validate::from(number).ok()?.card_type;
    Some(match card_type {
        Type::Visa | Type::VisaElectron => "visa",
        Type::MasterCard => "mastercard",
        Type::Amex => "amex",
        Type::DinersClub => "diners",
        Type::Discover => "discover",
        Type::UnionPay => "unionpay",
        Type::JCB => "jcb",
        Type::Maestro => "maestro",
        Type::MIR => "mir",
        Type::Dankort => "dankort",
        Type::Forbrugsforeningen => "forbrugsforeningen",
        _ => "other",
    })
}

/// Our verdict: the brand id when the number is complete and valid.
fn ours(number: &str) -> Option<&'static str> {
    let check = check_number(number);
    // Every generated number is Luhn-valid; complete-valid implies a brand
    // and potentially valid.
    assert!(check.luhn, "{number}");
    assert_eq!(check.complete_valid, check.is_valid(), "{number}");
    if check.complete_valid {
        assert!(check.potentially_valid, "{number}");
        assert_eq!(
            check.candidates,
            check.brand.into_iter().collect::<Vec<_>>()
        );
    }
    check
        .complete_valid
        .then_some(check.brand)
        .flatten()
        .map(Brand::id)
}

/// A small deterministic generator (xorshift64*): the same numbers every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn digit(&mut self) -> char {
        char::from(b'0' + (self.next() % 10) as u8)
    }
}

fn luhn_complete(mut body: String) -> String {
    let check = (b'0'..=b'9')
        .map(char::from)
        .find(|&d| portal_card::luhn(&format!("{body}{d}")))
        .expect("one check digit fits");
    body.push(check);
    body
}

/// Prefixes around every boundary of both tables.
fn prefixes() -> Vec<String> {
    // Ours (inclusive ranges).
    let ranges: &[(u32, u32)] = &[
        (4, 4),
        (51, 55),
        (2221, 2720),
        (34, 34),
        (37, 37),
        (6011, 6011),
        (644, 649),
        (65, 65),
        (36, 36),
        (300, 305),
        (3095, 3095),
        (38, 39),
        (3528, 3589),
        (62, 62),
        (622126, 622925),
        (81, 81),
        (5018, 5018),
        (5020, 5020),
        (5038, 5038),
        (5893, 5893),
        (6304, 6304),
        (6759, 6759),
        (6761, 6763),
        (2200, 2204),
        (401178, 401179),
        (431274, 431274),
        (438935, 438935),
        (451416, 451416),
        (457393, 457393),
        (457631, 457632),
        (504175, 504175),
        (506699, 506778),
        (509000, 509999),
        (627780, 627780),
        (636297, 636297),
        (636368, 636368),
        (650031, 650033),
        (650035, 650051),
        (650405, 650439),
        (650485, 650538),
        (650541, 650598),
        (650700, 650718),
        (650720, 650727),
        (650901, 650978),
        (651652, 651679),
        (655000, 655019),
        (655021, 655058),
        (637095, 637095),
        (637568, 637568),
        (637599, 637599),
        (637609, 637609),
        (637612, 637612),
        (63737423, 63737423),
        (63743358, 63743358),
        (606282, 606282),
        (506099, 506198),
        (507865, 507964),
        (650002, 650027),
        (9792, 9792),
        (589562, 589562),
        // card-validate's own patterns.
        (4026, 4026),
        (417500, 417500),
        (4405, 4405),
        (4508, 4508),
        (4844, 4844),
        (4913, 4913),
        (4917, 4917),
        (502, 503),
        (56, 56),
        (58, 58),
        (639, 639),
        (67, 67),
        (600, 600),
        (5019, 5019),
        (22, 27),
        (30, 30),
        (60, 60),
        (64, 64),
        (622, 622),
        (88, 88),
        (35, 35),
    ];
    let mut out = Vec::new();
    for &(lo, hi) in ranges {
        let width = lo.to_string().len();
        let mid = lo + (hi - lo) / 2;
        for p in [lo.saturating_sub(1), lo, mid, hi, hi + 1] {
            let s = format!("{p:0width$}");
            if s.len() == width && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

#[test]
fn c6_differential_against_card_validate() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut numbers = Vec::new();
    for prefix in prefixes() {
        for length in 12..=19 {
            // Most cards have 16 digits: more of those.
            let samples = if length == 16 { 12 } else { 4 };
            for _ in 0..samples {
                let mut body = prefix.clone();
                while body.len() < length - 1 {
                    body.push(rng.digit());
                }
                numbers.push(luhn_complete(body));
            }
        }
    }
    // And numbers with random first digits.
    for _ in 0..4000 {
        let length = 12 + (rng.next() % 8) as usize;
        let body: String = (0..length - 1).map(|_| rng.digit()).collect();
        numbers.push(luhn_complete(body));
    }
    // And the common case: 14-16 digits starting 2-6.
    for _ in 0..4000 {
        let length = 14 + (rng.next() % 3) as usize;
        let first = char::from(b'2' + (rng.next() % 5) as u8);
        let body: String = std::iter::once(first)
            .chain((1..length - 1).map(|_| rng.digit()))
            .collect();
        numbers.push(luhn_complete(body));
    }
    assert!(numbers.len() > 10_000, "{}", numbers.len());

    let mut agreed = 0;
    let mut agreed_on_a_brand = 0;
    let mut seen = vec![0usize; CATEGORIES.len()];
    let mut unexplained = Vec::new();
    for number in &numbers {
        let (ours, theirs) = (ours(number), theirs(number));
        if ours == theirs {
            agreed += 1;
            agreed_on_a_brand += usize::from(ours.is_some());
            continue;
        }
        match explain(number, check_number(number).brand, ours, theirs) {
            Some(key) => {
                let i = CATEGORIES
                    .iter()
                    .position(|(k, _)| *k == key)
                    .expect("listed category");
                seen[i] += 1;
            }
            None => unexplained.push(format!("{number}: ours {ours:?}, card-validate {theirs:?}")),
        }
    }
    eprintln!(
        "{} numbers: {agreed} agreed ({agreed_on_a_brand} on a brand)",
        numbers.len()
    );
    for ((key, reason), count) in CATEGORIES.iter().zip(&seen) {
        eprintln!("{count:6} {key}: {reason}");
    }
    assert!(
        unexplained.is_empty(),
        "{} unexplained disagreements:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    for ((key, _), count) in CATEGORIES.iter().zip(&seen) {
        assert!(
            *count > 0,
            "category {key} never occurs: remove it or fix the generator"
        );
    }
    assert!(agreed_on_a_brand > 2_000, "{agreed_on_a_brand}");
}

/// A wrong check digit: both refuse, and our `luhn` says why.
#[test]
fn c6_differential_bad_luhn_is_refused_by_both() {
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let mut refused = 0;
    for prefix in prefixes() {
        let mut body = prefix.clone();
        while body.len() < 15 {
            body.push(rng.digit());
        }
        let good = luhn_complete(body);
        let (head, last) = good.split_at(good.len() - 1);
        let last = last.parse::<u8>().expect("digit");
        let bad = format!("{head}{}", (last + 1) % 10);
        let check = check_number(&bad);
        assert!(!check.luhn && !check.complete_valid, "{bad}");
        assert_eq!(theirs(&bad), None, "{bad}");
        refused += 1;
    }
    assert!(refused > 100, "{refused}");
}
