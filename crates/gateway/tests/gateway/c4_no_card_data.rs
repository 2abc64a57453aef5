//! C4: after every card has gone through every flow, no database row, no byte
//! of the database files and no log line holds a card number or security code.

use portal_gateway::TEST_CARDS;
use serde_json::json;

use super::harness::{captured_logs, card, start, unique_key};

/// Security codes chosen so they cannot appear by accident in ids or times.
const CVC3: &str = "913";
const CVC4: &str = "9137";

fn cvc(number: &str) -> &'static str {
    if number.starts_with("34") || number.starts_with("37") {
        CVC4
    } else {
        CVC3
    }
}

#[tokio::test]
async fn c4_no_pan_or_cvc_in_db_rows_files_or_logs() {
    let gw = start().await;
    for test_card in TEST_CARDS {
        let number = test_card.number;
        // Tokenize (with spaces, as pasted), save, charge by token and by payment method.
        let spaced: String = number
            .chars()
            .enumerate()
            .flat_map(|(i, c)| (i > 0 && i % 4 == 0).then_some(' ').into_iter().chain([c]))
            .collect();
        let token = gw.pk_post("/v1/tokens", &card(&spaced, cvc(number))).await;
        let token = token.body["id"].as_str().expect("token").to_owned();
        let customer = gw.customer().await;
        let pm = gw
            .sk_post(
                "/v1/payment_methods",
                &json!({"token": token, "customer": customer}),
            )
            .await;
        let pm = pm.body["id"].as_str().expect("pm").to_owned();
        let by_pm = gw
            .charge(
                &unique_key(),
                &json!({"amount": 100, "currency": "usd", "payment_method": pm}),
            )
            .await;
        if let Some(challenge) = by_pm.body["challenge"]["id"].as_str() {
            let code = gw.outbox_code(challenge).await;
            let secret = by_pm.body["challenge"]["client_secret"]
                .as_str()
                .expect("secret");
            gw.pk_post(
                &format!("/v1/challenges/{challenge}/verify"),
                &json!({"client_secret": secret, "code": code}),
            )
            .await;
        }
        let token2 = gw.token(number, cvc(number)).await;
        gw.charge(
            &unique_key(),
            &json!({"amount": 100, "currency": "usd", "token": token2}),
        )
        .await;
    }
    // A failed attempt too (its body held a number): it must not be logged either.
    gw.pk_post("/v1/tokens", &card("4242424242424241", CVC3))
        .await;

    let dump = gw.dump().await;
    assert!(dump.contains("== tokens") && dump.contains("== charges"));
    let logs = captured_logs();
    assert!(logs.contains("card tokenized"), "logs are captured");
    for test_card in TEST_CARDS {
        assert!(
            !dump.contains(test_card.number),
            "{} in the database",
            test_card.number
        );
        assert!(
            !logs.contains(test_card.number),
            "{} in the logs",
            test_card.number
        );
    }
    assert!(!dump.contains("4242424242424241"));
    assert!(!logs.contains("4242424242424241"));
    for secret in [CVC3, CVC4] {
        let line = logs.lines().find(|l| stands_alone(l, secret));
        assert!(line.is_none(), "a security code in the logs: {line:?}");
        for table_row in dump.lines().filter(|l| l.contains('|')) {
            assert!(
                !table_row.contains(&format!("'{secret}'")),
                "a security code in a row"
            );
        }
    }
}

/// Whether `needle` occurs in `text` not as part of a longer word or number
/// (log timestamps and durations are full of digits).
fn stands_alone(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut rest = text[at + needle.len()..].chars();
        let after = rest.next();
        // `913.563µs`: the integer part of a decimal number.
        let decimal = after == Some('.') && rest.next().is_some_and(|c| c.is_ascii_digit());
        !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
            && !after.is_some_and(char::is_alphanumeric)
            && !decimal
    })
}

#[test]
fn stands_alone_ignores_digits_inside_numbers() {
    assert!(stands_alone(r#"{"cvc":"913"}"#, "913"));
    assert!(stands_alone("cvc=913 x", "913"));
    assert!(!stands_alone("14.913354Z", "913"));
    assert!(!stands_alone("elapsed=9137µs", "913"));
    assert!(!stands_alone("elapsed=913.563µs", "913"));
    assert!(stands_alone("the code is 913.", "913"));
}
