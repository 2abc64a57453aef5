//! Browser tests (headless Chromium) of the Saved Payment Methods page's
//! Update expiry check: the same pure function the form uses, and the words
//! the customer reads for each problem, in English and German.
#![cfg(target_arch = "wasm32")]

use portal::i18n::strings_for;
use portal::pages::payment_methods::expiry::{
    check_new_expiry, this_month, ExpiryProblem, MAX_YEARS_AHEAD,
};
use portal::pages::payment_methods::problem_message;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_new_expiry_is_checked_against_today() {
    let today = (2026, 5);
    assert_eq!(
        check_new_expiry("5", "2026", today),
        Ok((5, 2026)),
        "this month is still valid"
    );
    assert_eq!(
        check_new_expiry("09", "31", today),
        Ok((9, 2031)),
        "two-digit years are this century"
    );
    assert_eq!(
        check_new_expiry("13", "2030", today),
        Err(ExpiryProblem::MonthInvalid)
    );
    assert_eq!(
        check_new_expiry("4", "2026", today),
        Err(ExpiryProblem::InPast)
    );
    assert_eq!(
        check_new_expiry("4", "20x0", today),
        Err(ExpiryProblem::YearInvalid)
    );
    assert_eq!(
        check_new_expiry("", "2030", today),
        Err(ExpiryProblem::MonthMissing)
    );
    assert_eq!(
        check_new_expiry("4", " ", today),
        Err(ExpiryProblem::YearMissing)
    );
    assert_eq!(
        check_new_expiry("1", "2046", today),
        Err(ExpiryProblem::TooFarAhead {
            max_year: 2026 + MAX_YEARS_AHEAD
        })
    );
}

#[wasm_bindgen_test]
fn today_comes_from_the_browser_clock() {
    let (year, month) = this_month();
    assert!(
        (2024..2200).contains(&year) && (1..=12).contains(&month),
        "{year}-{month}"
    );
    assert!(check_new_expiry(&month.to_string(), &year.to_string(), (year, month)).is_ok());
}

#[wasm_bindgen_test]
fn each_problem_is_named_in_the_customers_language() {
    let en = strings_for("en-US");
    let de = strings_for("de-DE");
    assert_eq!(
        problem_message(en, ExpiryProblem::MonthInvalid),
        "Enter a month from 1 to 12."
    );
    assert_eq!(
        problem_message(de, ExpiryProblem::MonthInvalid),
        "Geben Sie einen Monat von 1 bis 12 ein."
    );
    assert_eq!(
        problem_message(en, ExpiryProblem::TooFarAhead { max_year: 2045 }),
        "The year can be at most 2045."
    );
    assert_eq!(
        problem_message(de, ExpiryProblem::TooFarAhead { max_year: 2045 }),
        "Das Jahr darf höchstens 2045 sein."
    );
    let problems = [
        ExpiryProblem::MonthMissing,
        ExpiryProblem::MonthInvalid,
        ExpiryProblem::YearMissing,
        ExpiryProblem::YearInvalid,
        ExpiryProblem::InPast,
        ExpiryProblem::TooFarAhead { max_year: 2045 },
    ];
    for strings in [en, de] {
        let messages: Vec<String> = problems
            .iter()
            .map(|p| problem_message(strings, *p))
            .collect();
        for (i, m) in messages.iter().enumerate() {
            assert!(!m.is_empty() && !m.contains('{'), "{m:?}");
            assert!(
                messages.iter().skip(i + 1).all(|other| other != m),
                "each problem has its own words: {m:?}"
            );
        }
    }
}
