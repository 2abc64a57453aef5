//! C6 validation vectors for card numbers.
#![expect(
    clippy::expect_used,
    reason = "tests: a failed expectation is their failure"
)]

use super::*;
use crate::Brand::{self, *};

/// `prefix` padded with `fill` digits to `length`, with a correct Luhn check
/// digit.
fn card(prefix: &str, length: usize, fill: char) -> String {
    let mut number: String = prefix
        .chars()
        .chain(std::iter::repeat(fill))
        .take(length - 1)
        .collect();
    let check = (0..10u8)
        .find(|d| luhn(&format!("{number}{d}")))
        .expect("one check digit fits");
    number.push(char::from(b'0' + check));
    number
}

/// The same number with its check digit wrong.
fn bad_luhn(number: &str) -> String {
    let (body, last) = number.split_at(number.len() - 1);
    let last = last.parse::<u8>().expect("digit");
    format!("{body}{}", (last + 1) % 10)
}

#[test]
fn c6_luhn_vectors() {
    assert!(luhn("79927398713"));
    assert!(!luhn("79927398710"));
    assert!(luhn("4242424242424242"));
    assert!(!luhn("4242424242424241"));
    assert!(luhn("0000"));
    assert!(!luhn(""));
    assert!(!luhn("4242 4242 4242 4242"));
    assert!(!luhn("42a2"));
    assert!(!luhn("４２"));
    // The check's `luhn` field agrees with `luhn`, separators dropped, at
    // any length (also past 19 digits).
    for input in [
        "79927398713",
        "79927398710",
        "4242 4242 4242 4242",
        "4242-4242-4242-4241",
        "0000",
        "0",
        "18",
        "4242424242424242424242424242",
        "4242424242424242424242424241",
    ] {
        let digits = digits(input).expect("digits");
        assert_eq!(check_number(input).luhn, luhn(&digits), "{input:?}");
    }
    assert!(!check_number("").luhn);
    assert!(!check_number("4242 4242 4242 424x").luhn);
}

#[test]
fn c6_known_test_cards() {
    let cards = [
        ("4242 4242 4242 4242", Visa),
        ("4000 0566 5566 5556", Visa),
        ("4000 0027 6000 3184", Visa),
        ("4100 0000 0000 0019", Visa),
        ("5555 5555 5555 4444", Mastercard),
        ("2223 0031 2200 3222", Mastercard),
        ("5200 8282 8282 8210", Mastercard),
        ("3782 822463 10005", Amex),
        ("3714 496353 98431", Amex),
        ("6011 1111 1111 1117", Discover),
        ("6011 0009 9013 9424", Discover),
        ("6011 9811 1111 1113", Discover),
        ("3056 9300 0902 0004", DinersClub),
        ("3622 720627 1667", DinersClub),
        ("3566 0020 2036 0505", Jcb),
        ("6200 0000 0000 0005", UnionPay),
        ("6205 5000 0000 0000 004", UnionPay),
        ("2200 0000 0000 0004", Mir),
        ("6759 6498 2643 8453", Maestro),
        ("5066 9911 1111 1118", Elo),
        ("6062 8288 8866 6688", Hipercard),
        ("6370 9500 0000 0005", Hiper),
    ];
    for (number, brand) in cards {
        let check = check_number(number);
        assert_eq!(check.result(), Ok(Some(brand)), "{number}");
        assert_eq!(check.brand, Some(brand), "{number}");
        assert_eq!(check.candidates, [brand], "{number}");
        assert!(check.luhn, "{number}");
        assert!(check.complete_valid, "{number}");
        assert!(check.potentially_valid, "{number}");
    }
}

/// Valid numbers of every brand at every one of its lengths, and the lengths
/// around them.
#[test]
fn c6_every_brand_at_every_length() {
    let samples: &[(&str, Brand)] = &[
        ("4242", Visa),
        ("5555", Mastercard),
        ("2221", Mastercard),
        ("2720", Mastercard),
        ("34", Amex),
        ("37", Amex),
        ("6011", Discover),
        ("644", Discover),
        ("649", Discover),
        ("6500", Discover),
        ("3056", DinersClub),
        ("3095", DinersClub),
        ("36", DinersClub),
        ("38", DinersClub),
        ("39", DinersClub),
        ("3528", Jcb),
        ("3589", Jcb),
        ("62", UnionPay),
        ("81", UnionPay),
        ("5018", Maestro),
        ("5020", Maestro),
        ("5038", Maestro),
        ("5893", Maestro),
        ("6304", Maestro),
        ("6759", Maestro),
        ("6761", Maestro),
        ("6763", Maestro),
        ("2200", Mir),
        ("2204", Mir),
        ("401178", Elo),
        ("509123", Elo),
        ("650031", Elo),
        ("655058", Elo),
        ("637095", Hiper),
        ("63737423", Hiper),
        ("606282", Hipercard),
        ("506099", Verve),
        ("507964", Verve),
        ("650027", Verve),
        ("9792", Troy),
        ("589562", Naranja),
    ];
    for &(prefix, brand) in samples {
        for length in 10..=21 {
            for fill in ['0', '7'] {
                let number = card(prefix, length, fill);
                let check = check_number(&number);
                assert_eq!(check.brand, Some(brand), "{number}");
                assert_eq!(check.length, length);
                let (error, potentially_valid) = if brand.accepts_length(length) {
                    (None, true)
                } else if length > brand.max_length() {
                    (Some(NumberError::TooLong), false)
                } else {
                    (Some(NumberError::Incomplete), true)
                };
                assert_eq!(
                    (check.error, check.potentially_valid),
                    (error, potentially_valid),
                    "{number}"
                );
                assert!(check.luhn, "{number}");
                assert_eq!(check.complete_valid, error.is_none(), "{number}");
                assert_eq!(check.candidates, [brand], "{number}");
                assert_eq!(check.max_length(), brand.max_length());
                if brand.accepts_length(length) {
                    // One wrong digit: a typo the check digit catches. Still
                    // possible while a longer length can follow.
                    let check = check_number(&bad_luhn(&number));
                    assert_eq!(check.error, Some(NumberError::Luhn), "{number}");
                    assert!(!check.luhn && !check.complete_valid, "{number}");
                    assert_eq!(check.brand, Some(brand), "{number}");
                    assert_eq!(
                        check.potentially_valid,
                        length < brand.max_length(),
                        "{number}"
                    );
                }
            }
        }
    }
    // Every brand is covered.
    for brand in Brand::ALL {
        assert!(samples.iter().any(|&(_, b)| b == brand), "{brand:?}");
    }
}

/// Each range's bounds and their neighbours, in full-length numbers. `None`:
/// no brand, refused at once.
#[test]
fn c6_prefix_boundaries() {
    let cases: &[(&str, Option<Brand>)] = &[
        ("4", Some(Visa)),
        ("3999", Some(DinersClub)),
        ("2999", None),
        ("50", None),
        ("51", Some(Mastercard)),
        ("55", Some(Mastercard)),
        ("56", None),
        ("2220", None),
        ("2221", Some(Mastercard)),
        ("2720", Some(Mastercard)),
        ("2721", None),
        ("33", None),
        ("34", Some(Amex)),
        ("37", Some(Amex)),
        ("6010", None),
        ("6011", Some(Discover)),
        ("6012", None),
        ("643", None),
        ("644", Some(Discover)),
        ("649", Some(Discover)),
        ("65", Some(Discover)),
        ("66", None),
        ("299", None),
        ("300", Some(DinersClub)),
        ("305", Some(DinersClub)),
        ("306", None),
        ("3094", None),
        ("3095", Some(DinersClub)),
        ("3096", None),
        ("36", Some(DinersClub)),
        ("38", Some(DinersClub)),
        ("39", Some(DinersClub)),
        ("3527", None),
        ("3528", Some(Jcb)),
        ("3589", Some(Jcb)),
        ("3590", None),
        ("61", None),
        ("62", Some(UnionPay)),
        ("63", None),
        ("80", None),
        ("81", Some(UnionPay)),
        ("82", None),
        ("5017", None),
        ("5018", Some(Maestro)),
        ("5019", None),
        ("5020", Some(Maestro)),
        ("5021", None),
        ("5037", None),
        ("5038", Some(Maestro)),
        ("5039", None),
        ("5892", None),
        ("5893", Some(Maestro)),
        ("5894", None),
        ("6303", None),
        ("6304", Some(Maestro)),
        ("6305", None),
        ("6758", None),
        ("6759", Some(Maestro)),
        ("6760", None),
        ("6761", Some(Maestro)),
        ("6763", Some(Maestro)),
        ("6764", None),
        ("2199", None),
        ("2200", Some(Mir)),
        ("2204", Some(Mir)),
        ("2205", None),
        // Elo inside Visa: Visa around it.
        ("401177", Some(Visa)),
        ("401178", Some(Elo)),
        ("401179", Some(Elo)),
        ("401180", Some(Visa)),
        ("431273", Some(Visa)),
        ("431274", Some(Elo)),
        ("431275", Some(Visa)),
        ("438935", Some(Elo)),
        ("451416", Some(Elo)),
        ("457393", Some(Elo)),
        ("457630", Some(Visa)),
        ("457631", Some(Elo)),
        ("457632", Some(Elo)),
        ("457633", Some(Visa)),
        // Elo in the 5s and UnionPay's 62.
        ("504174", None),
        ("504175", Some(Elo)),
        ("504176", None),
        ("506698", None),
        ("506699", Some(Elo)),
        ("506778", Some(Elo)),
        ("506779", None),
        ("508999", None),
        ("509000", Some(Elo)),
        ("509999", Some(Elo)),
        ("627779", Some(UnionPay)),
        ("627780", Some(Elo)),
        ("627781", Some(UnionPay)),
        ("636296", None),
        ("636297", Some(Elo)),
        ("636298", None),
        ("636368", Some(Elo)),
        // Elo and Verve inside Discover's 65: Discover around them.
        ("650001", Some(Discover)),
        ("650002", Some(Verve)),
        ("650027", Some(Verve)),
        ("650028", Some(Discover)),
        ("650030", Some(Discover)),
        ("650031", Some(Elo)),
        ("650033", Some(Elo)),
        ("650034", Some(Discover)),
        ("650035", Some(Elo)),
        ("650051", Some(Elo)),
        ("650052", Some(Discover)),
        ("650404", Some(Discover)),
        ("650405", Some(Elo)),
        ("650439", Some(Elo)),
        ("650440", Some(Discover)),
        ("650484", Some(Discover)),
        ("650485", Some(Elo)),
        ("650538", Some(Elo)),
        ("650539", Some(Discover)),
        ("650540", Some(Discover)),
        ("650541", Some(Elo)),
        ("650598", Some(Elo)),
        ("650599", Some(Discover)),
        ("650699", Some(Discover)),
        ("650700", Some(Elo)),
        ("650718", Some(Elo)),
        ("650719", Some(Discover)),
        ("650720", Some(Elo)),
        ("650727", Some(Elo)),
        ("650728", Some(Discover)),
        ("650900", Some(Discover)),
        ("650901", Some(Elo)),
        ("650978", Some(Elo)),
        ("650979", Some(Discover)),
        ("651651", Some(Discover)),
        ("651652", Some(Elo)),
        ("651679", Some(Elo)),
        ("651680", Some(Discover)),
        ("654999", Some(Discover)),
        ("655000", Some(Elo)),
        ("655019", Some(Elo)),
        ("655020", Some(Discover)),
        ("655021", Some(Elo)),
        ("655058", Some(Elo)),
        ("655059", Some(Discover)),
        // Discover's co-branded UnionPay range is UnionPay.
        ("622125", Some(UnionPay)),
        ("622126", Some(UnionPay)),
        ("622925", Some(UnionPay)),
        ("622926", Some(UnionPay)),
        // Hiper, Hipercard, Verve, Troy, Naranja.
        ("637094", None),
        ("637095", Some(Hiper)),
        ("637096", None),
        ("637568", Some(Hiper)),
        ("637599", Some(Hiper)),
        ("637609", Some(Hiper)),
        ("637612", Some(Hiper)),
        ("63737422", None),
        ("63737423", Some(Hiper)),
        ("63737424", None),
        ("63743358", Some(Hiper)),
        ("606281", None),
        ("606282", Some(Hipercard)),
        ("606283", None),
        ("506098", None),
        ("506099", Some(Verve)),
        ("506198", Some(Verve)),
        ("506199", None),
        ("507864", None),
        ("507865", Some(Verve)),
        ("507964", Some(Verve)),
        ("507965", None),
        ("9791", None),
        ("9792", Some(Troy)),
        ("9793", None),
        ("589561", None),
        ("589562", Some(Naranja)),
        ("589563", None),
        ("1", None),
        ("7", None),
        ("0", None),
    ];
    for &(prefix, brand) in cases {
        let length = brand.map_or(16, |b| {
            if b.accepts_length(16) {
                16
            } else {
                b.min_length()
            }
        });
        let number = card(prefix, length, '0');
        let check = check_number(&number);
        assert_eq!(check.brand, brand, "{number}");
        match brand {
            Some(brand) => {
                assert!(check.is_valid(), "{number}");
                assert!(check.complete_valid && check.luhn, "{number}");
                assert_eq!(check.candidates, [brand], "{number}");
            }
            None => {
                assert_eq!(check.error, Some(NumberError::UnknownBrand), "{number}");
                assert!(check.luhn, "{number}");
                assert!(!check.complete_valid, "{number}");
                assert!(!check.potentially_valid, "{number}");
                assert_eq!(
                    check.typing_error(),
                    Some(NumberError::UnknownBrand),
                    "{number}"
                );
                assert!(check.candidates.is_empty(), "{number}");
                // Unknown brands pass only when the business allows them.
                let rules = NumberRules {
                    allow_unknown_brands: true,
                };
                let allowed = check_number_with(&number, rules);
                assert_eq!(allowed.result(), Ok(None), "{number}");
                // Complete-valid needs a known brand.
                assert!(allowed.is_valid() && !allowed.complete_valid, "{number}");
                assert_eq!(
                    check_number_with(&bad_luhn(&number), rules).error,
                    Some(NumberError::Luhn)
                );
            }
        }
    }
}

/// While the first digits fit several brands, none is chosen.
#[test]
fn c6_partial_prefixes_and_candidates() {
    let cases: &[(&str, Option<Brand>, &[Brand])] = &[
        ("", None, &[]),
        ("4", None, &[Visa, Elo]),
        ("40", None, &[Visa, Elo]),
        ("400", Some(Visa), &[Visa]),
        ("4011", None, &[Visa, Elo]),
        ("40117", None, &[Visa, Elo]),
        ("401178", Some(Elo), &[Elo]),
        ("4242", Some(Visa), &[Visa]),
        ("5", None, &[Mastercard, Maestro, Elo, Verve, Naranja]),
        ("51", Some(Mastercard), &[Mastercard]),
        ("50", None, &[Maestro, Elo, Verve]),
        ("2", None, &[Mastercard, Mir]),
        ("22", None, &[Mastercard, Mir]),
        ("220", Some(Mir), &[Mir]),
        ("222", Some(Mastercard), &[Mastercard]),
        ("3", None, &[Amex, DinersClub, Jcb]),
        ("30", Some(DinersClub), &[DinersClub]),
        ("35", Some(Jcb), &[Jcb]),
        ("37", Some(Amex), &[Amex]),
        (
            "6",
            None,
            &[Discover, UnionPay, Maestro, Elo, Hiper, Hipercard, Verve],
        ),
        ("60", None, &[Discover, Hipercard]),
        ("601", Some(Discover), &[Discover]),
        ("62", None, &[UnionPay, Elo]),
        ("622", Some(UnionPay), &[UnionPay]),
        ("63", None, &[Maestro, Elo, Hiper]),
        ("6373", Some(Hiper), &[Hiper]),
        ("65", None, &[Discover, Elo, Verve]),
        ("650", None, &[Discover, Elo, Verve]),
        ("6500", None, &[Discover, Elo, Verve]),
        ("6501", Some(Discover), &[Discover]),
        ("65003", None, &[Discover, Elo]),
        // Every number starting 65004 is Elo (650035–650051).
        ("65004", Some(Elo), &[Elo]),
        ("8", Some(UnionPay), &[UnionPay]),
        ("9", Some(Troy), &[Troy]),
        ("979", Some(Troy), &[Troy]),
        ("1", None, &[]),
        ("7", None, &[]),
        ("0", None, &[]),
        ("98", None, &[]),
    ];
    for &(input, brand, candidates) in cases {
        let check = check_number(input);
        assert_eq!(check.brand, brand, "{input:?}");
        assert_eq!(check.candidates, candidates, "{input:?}");
        assert_eq!(check.length, input.len());
        assert!(!check.complete_valid, "{input:?}");
        // Possible exactly while some brand still fits (or nothing typed).
        assert_eq!(
            check.potentially_valid,
            input.is_empty() || !candidates.is_empty(),
            "{input:?}"
        );
        if input.is_empty() {
            assert_eq!(check.error, Some(NumberError::Empty));
            assert!(check.potentially_valid && !check.luhn);
        } else if candidates.is_empty() {
            assert_eq!(
                check.typing_error(),
                Some(NumberError::UnknownBrand),
                "{input:?}"
            );
        } else {
            // Possible: no error while typing, "incomplete" on blur.
            assert_eq!(check.error, Some(NumberError::Incomplete), "{input:?}");
            assert_eq!(check.typing_error(), None, "{input:?}");
        }
    }
    assert_eq!(check_number("3").max_length(), 19);
    assert_eq!(check_number("34").max_length(), 15);
    assert_eq!(check_number("1").max_length(), 19);
}

#[test]
fn c6_too_long_and_bad_luhn() {
    /// (input, error, complete_valid, potentially_valid, luhn)
    type Case = (&'static str, Option<NumberError>, bool, bool, bool);
    let cases: &[Case] = &[
        ("4242424242424242", None, true, true, true),
        // 16-digit Visa with a typo: an error on blur, not while typing
        // (19-digit Visa numbers exist).
        (
            "4242424242424241",
            Some(NumberError::Luhn),
            false,
            true,
            false,
        ),
        (
            "4242424242424242424",
            Some(NumberError::Luhn),
            false,
            false,
            false,
        ),
        (
            "42424242424242424242",
            Some(NumberError::TooLong),
            false,
            false,
            true,
        ),
        (
            "5555555555554443",
            Some(NumberError::Luhn),
            false,
            false,
            false,
        ),
        (
            "55555555555544444",
            Some(NumberError::TooLong),
            false,
            false,
            false,
        ),
        (
            "378282246310006",
            Some(NumberError::Luhn),
            false,
            false,
            false,
        ),
        (
            "3782822463100050",
            Some(NumberError::TooLong),
            false,
            false,
            false,
        ),
        (
            "37828224631000",
            Some(NumberError::Incomplete),
            false,
            true,
            false,
        ),
        (
            "424242424242",
            Some(NumberError::Incomplete),
            false,
            true,
            true,
        ),
        (
            "4242 4242 4242 4242 4242 4242",
            Some(NumberError::TooLong),
            false,
            false,
            true,
        ),
        (
            "1234567812345670",
            Some(NumberError::UnknownBrand),
            false,
            false,
            true,
        ),
        ("", Some(NumberError::Empty), false, true, false),
    ];
    for &(input, error, complete_valid, potentially_valid, luhn) in cases {
        let check = check_number(input);
        assert_eq!(
            (
                check.error,
                check.complete_valid,
                check.potentially_valid,
                check.luhn
            ),
            (error, complete_valid, potentially_valid, luhn),
            "{input:?}"
        );
    }
    // Far too long input is counted, not stored.
    let long = "4".repeat(1000);
    assert_eq!(check_number(&long).error, Some(NumberError::TooLong));
    assert_eq!(check_number(&long).length, 1000);
}

#[test]
fn c6_separators_and_foreign_characters() {
    let valid = [
        "4242424242424242",
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        " 4242 4242 4242 4242 ",
        "\t4242\n4242\r\n4242 4242",
        "4242\u{00A0}4242\u{2009}4242\u{202F}4242",
        "4242\u{3000}4242\u{2007}4242\u{205F}4242",
        "4242\u{2013}4242\u{2014}4242\u{2010}4242",
        "4242\u{2212}4242\u{FF0D}4242\u{FE63}4242",
        "4242\u{200B}4242\u{FEFF}4242\u{2060}4242",
        "4242 - 4242 -- 4242  4242",
    ];
    for input in valid {
        assert_eq!(check_number(input).result(), Ok(Some(Visa)), "{input:?}");
        assert!(check_number(input).complete_valid, "{input:?}");
        assert_eq!(
            digits(input).as_deref(),
            Some("4242424242424242"),
            "{input:?}"
        );
        assert_eq!(format_number(input), "4242 4242 4242 4242", "{input:?}");
    }
    let invalid = [
        "4242 4242 4242 424a",
        "4242.4242.4242.4242",
        "4242/4242/4242/4242",
        "+4242424242424242",
        "4242_4242_4242_4242",
        "４２４２４２４２４２４２４２４２",
        "4242 4242 4242 424２",
        "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢",
        "४२४२४२४२४२४२४२४२",
        "4242\u{0301}424242424242",
        "x",
    ];
    for input in invalid {
        let check = check_number(input);
        assert_eq!(
            check.error,
            Some(NumberError::InvalidCharacters),
            "{input:?}"
        );
        assert_eq!(
            check.typing_error(),
            Some(NumberError::InvalidCharacters),
            "{input:?}"
        );
        assert!(check.candidates.is_empty() && check.brand.is_none());
        assert!(!check.complete_valid && !check.potentially_valid && !check.luhn);
        assert_eq!(digits(input), None, "{input:?}");
        assert_eq!(format_number(input), input);
    }
    assert_eq!(digits("").as_deref(), Some(""));
    assert_eq!(digits(" - ").as_deref(), Some(""));
    assert_eq!(check_number(" - ").error, Some(NumberError::Empty));
}

#[test]
fn c6_formatting() {
    let cases = [
        ("", ""),
        ("4", "4"),
        ("4242", "4242"),
        ("42424", "4242 4"),
        ("4242424242424242", "4242 4242 4242 4242"),
        ("4000000000000000006", "4000 0000 0000 0000 006"),
        ("6200000000000000005", "6200 0000 0000 0000 005"),
        ("6011000000000000004", "6011 0000 0000 0000 004"),
        ("378282246310005", "3782 822463 10005"),
        ("3782822463", "3782 822463"),
        ("37828224631", "3782 822463 1"),
        ("37", "37"),
        ("36227206271667", "3622 720627 1667"),
        ("362272062", "3622 72062"),
        ("3056930009020004", "3056 9300 0902 0004"),
        ("30569300090200", "3056 9300 0902 00"),
        ("3622720627166700", "3622 7206 2716 6700"),
        ("5555555555554444", "5555 5555 5555 4444"),
        ("1234567812345678", "1234 5678 1234 5678"),
        ("3", "3"),
        ("42424242424242424242", "4242 4242 4242 4242 4242"),
        ("3782-822463-10005", "3782 822463 10005"),
    ];
    for (input, formatted) in cases {
        assert_eq!(format_number(input), formatted, "{input:?}");
        assert_eq!(format_number(formatted), formatted, "{input:?}");
    }
    // Complete numbers follow their brand's groups.
    for (number, brand) in [
        ("4242424242424242", Visa),
        ("5555555555554444", Mastercard),
        ("378282246310005", Amex),
        ("36227206271667", DinersClub),
        ("6011111111111117", Discover),
    ] {
        let sizes: Vec<usize> = format_number(number).split(' ').map(str::len).collect();
        assert_eq!(sizes, brand.groups(), "{number}");
    }
}

#[test]
fn c6_caret_after_reformatting() {
    assert_eq!(caret_after_digits("4242 4242 4", 0), 0);
    assert_eq!(caret_after_digits("4242 4242 4", 4), 4);
    assert_eq!(caret_after_digits("4242 4242 4", 5), 6);
    assert_eq!(caret_after_digits("4242 4242 4", 9), 11);
    assert_eq!(caret_after_digits("4242 4242 4", 50), 11);
    assert_eq!(caret_after_digits("3782 822463 10005", 10), 11);
}

#[test]
fn c6_messages_and_codes() {
    let all = [
        NumberError::Empty,
        NumberError::InvalidCharacters,
        NumberError::UnknownBrand,
        NumberError::Incomplete,
        NumberError::TooLong,
        NumberError::Luhn,
    ];
    for (i, error) in all.iter().enumerate() {
        assert!(error.message().ends_with('.'));
        assert_eq!(error.to_string(), error.message());
        assert!(all[i + 1..].iter().all(|e| e.code() != error.code()));
    }
}
