//! O1–O5: the one-time-code step of charges that ask for one.

use portal_gateway::DEMO_SECRET_KEY;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::harness::{start, start_with, unique_key, Gateway, START};

struct Pending {
    charge: String,
    challenge: String,
    secret: String,
    body: Value,
}

async fn otp_charge(gw: &Gateway, payment_method: &str, amount: i64) -> Pending {
    let reply = gw
        .charge(
            &unique_key(),
            &json!({"amount": amount, "currency": "usd", "payment_method": payment_method}),
        )
        .await;
    assert_eq!(reply.body["status"], "requires_action", "{}", reply.body);
    let challenge = &reply.body["challenge"];
    Pending {
        charge: reply.body["id"].as_str().expect("id").to_owned(),
        challenge: challenge["id"].as_str().expect("challenge id").to_owned(),
        secret: challenge["client_secret"]
            .as_str()
            .expect("secret")
            .to_owned(),
        body: reply.body.clone(),
    }
}

async fn verify(gw: &Gateway, p: &Pending, secret: &str, code: &str) -> super::harness::Reply {
    gw.pk_post(
        &format!("/v1/challenges/{}/verify", p.challenge),
        &json!({"client_secret": secret, "code": code}),
    )
    .await
}

async fn charge_status(gw: &Gateway, id: &str) -> String {
    gw.sk_get(&format!("/v1/charges/{id}")).await.body["status"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn o1_challenge_describes_itself_and_code_is_six_digits() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let challenge = &p.body["challenge"];
    assert!(p.challenge.starts_with("chal_"));
    assert_eq!(challenge["phone_last2"], "42");
    assert_eq!(challenge["attempts_left"], 5);
    assert_eq!(challenge["expires_at"], START + 300);
    assert_eq!(challenge["resend_available_at"], START + 30);
    assert!(p.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("ending in 42")));
    let code = gw.outbox_code(&p.challenge).await;
    assert_eq!(code.len(), 6);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
}

#[tokio::test]
async fn o1_code_used_after_five_minutes_is_rejected() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    gw.clock.advance(300);
    let late = verify(&gw, &p, &p.secret, &code).await;
    assert_eq!(late.status, StatusCode::OK);
    assert_eq!(late.body["status"], "expired");
    assert_eq!(charge_status(&gw, &p.charge).await, "requires_action");
}

#[tokio::test]
async fn o1_code_just_in_time_passes_and_the_charge_succeeds() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    gw.clock.advance(299);
    let ok = verify(&gw, &p, &p.secret, &code).await;
    assert_eq!(ok.body, json!({"status": "succeeded", "attempts_left": 5}));
    let charge = gw.sk_get(&format!("/v1/charges/{}", p.charge)).await;
    assert_eq!(charge.body["status"], "succeeded");
    assert_eq!(charge.body["amount"], 1500);
    assert!(charge.body.get("challenge").is_none());
}

#[tokio::test]
async fn o2_code_is_single_use() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    assert_eq!(
        verify(&gw, &p, &p.secret, &code).await.body["status"],
        "succeeded"
    );
    let again = verify(&gw, &p, &p.secret, &code).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "challenge_used");
}

#[tokio::test]
async fn o2_code_for_one_payment_fails_for_another() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let x = otp_charge(&gw, &pm, 1500).await;
    let x_code = gw.outbox_code(&x.challenge).await;
    let mut y = otp_charge(&gw, &pm, 1500).await;
    while gw.outbox_code(&y.challenge).await == x_code {
        y = otp_charge(&gw, &pm, 1500).await;
    }
    let crossed = verify(&gw, &y, &y.secret, &x_code).await;
    assert_eq!(crossed.body["status"], "failed");
    // X's client secret does not open Y either.
    let y_code = gw.outbox_code(&y.challenge).await;
    let swapped = verify(&gw, &y, &x.secret, &y_code).await;
    assert_eq!(swapped.body["status"], "failed");
    assert_eq!(charge_status(&gw, &y.charge).await, "requires_action");
    assert_eq!(charge_status(&gw, &x.charge).await, "requires_action");
}

#[tokio::test]
async fn o3_five_wrong_tries_kill_the_challenge_even_for_the_right_code() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    for left in (1..=4).rev() {
        let reply = verify(&gw, &p, &p.secret, &wrong(&code)).await;
        assert_eq!(
            reply.body,
            json!({"status": "failed", "attempts_left": left})
        );
    }
    let fifth = verify(&gw, &p, &p.secret, "abc").await;
    assert_eq!(fifth.body, json!({"status": "locked", "attempts_left": 0}));
    let right = verify(&gw, &p, &p.secret, &code).await;
    assert_eq!(right.body, json!({"status": "locked", "attempts_left": 0}));
    let charge = gw.sk_get(&format!("/v1/charges/{}", p.charge)).await;
    assert_eq!(charge.body["status"], "declined");
    assert!(charge.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("too many times")));
    let resend = gw
        .pk_post(
            &format!("/v1/challenges/{}/resend", p.challenge),
            &json!({"client_secret": p.secret}),
        )
        .await;
    assert_eq!(resend.code(), "challenge_closed");
}

#[tokio::test]
async fn o3_answer_does_not_say_which_part_failed() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    let bad_code = verify(&gw, &p, &p.secret, &wrong(&code)).await;
    let bad_secret = verify(&gw, &p, "chal_x_secret_nope", &code).await;
    assert_eq!(bad_code.status, bad_secret.status);
    assert_eq!(bad_code.body["status"], bad_secret.body["status"]);
    assert_eq!(
        bad_code.body.as_object().map(|o| o.len()),
        bad_secret.body.as_object().map(|o| o.len())
    );
    assert_eq!(bad_secret.body["attempts_left"], 3);
}

#[tokio::test]
async fn o4_resend_has_a_cooldown_and_an_hourly_cap() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let path = format!("/v1/challenges/{}/resend", p.challenge);
    let body = json!({"client_secret": p.secret});
    let first_code = gw.outbox_code(&p.challenge).await;

    let too_soon = gw.pk_post(&path, &body).await;
    assert_eq!(too_soon.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(too_soon.code(), "resend_cooldown");
    assert_eq!(too_soon.header("retry-after"), Some("30"));

    // Four resends, 30 s apart: five codes in all.
    for i in 1..=4 {
        gw.clock.advance(30);
        let reply = gw.pk_post(&path, &body).await;
        assert_eq!(reply.status, StatusCode::OK, "resend {i}: {}", reply.body);
        assert_eq!(reply.body["resend_available_at"], START + 30 * i + 30);
        assert_eq!(reply.body["expires_at"], START + 30 * i + 300);
    }
    gw.clock.advance(30);
    let capped = gw.pk_post(&path, &body).await;
    assert_eq!(capped.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(capped.code(), "resend_limit");

    // Only the newest code works; an older one costs an attempt.
    let newest = gw.outbox_code(&p.challenge).await;
    if newest != first_code {
        let old = verify(&gw, &p, &p.secret, &first_code).await;
        assert_eq!(old.body["status"], "failed");
    }
    let ok = verify(&gw, &p, &p.secret, &newest).await;
    assert_eq!(ok.body["status"], "succeeded");
}

#[tokio::test]
async fn o4_cap_lifts_after_an_hour_and_wrong_secret_cannot_resend() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let path = format!("/v1/challenges/{}/resend", p.challenge);
    let body = json!({"client_secret": p.secret});
    let bad = gw.pk_post(&path, &json!({"client_secret": "nope"})).await;
    assert_eq!(bad.status, StatusCode::NOT_FOUND);
    for _ in 0..4 {
        gw.clock.advance(30);
        assert_eq!(gw.pk_post(&path, &body).await.status, StatusCode::OK);
    }
    gw.clock.advance(30);
    assert_eq!(gw.pk_post(&path, &body).await.code(), "resend_limit");
    gw.clock.advance(3600);
    assert_eq!(gw.pk_post(&path, &body).await.status, StatusCode::OK);
}

#[tokio::test]
async fn o5_no_charge_without_a_passed_challenge() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    // Replaying the charge request does not skip the step.
    assert_eq!(charge_status(&gw, &p.charge).await, "requires_action");
    // The secret key cannot verify on the browser's behalf.
    let with_sk = gw
        .send(
            Method::POST,
            &format!("/v1/challenges/{}/verify", p.challenge),
            Some(DEMO_SECRET_KEY),
            &[],
            Some(&json!({"client_secret": p.secret, "code": "000000"})),
        )
        .await;
    assert_eq!(with_sk.code(), "invalid_key");
    // Every charge of a 3220 card asks again.
    let again = otp_charge(&gw, &pm, 1500).await;
    assert_ne!(again.challenge, p.challenge);
    assert_eq!(
        gw.count("SELECT COUNT(*) FROM charges WHERE status = 'succeeded'")
            .await,
        0
    );
}

#[tokio::test]
async fn o5_another_merchant_cannot_see_or_verify_the_challenge() {
    let gw = start_with(|c| c.merchants.push(super::harness::other_merchant())).await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    let other = gw
        .send(
            Method::POST,
            &format!("/v1/challenges/{}/verify", p.challenge),
            Some("pk_test_other_0123456789"),
            &[],
            Some(&json!({"client_secret": p.secret, "code": code})),
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert_eq!(charge_status(&gw, &p.charge).await, "requires_action");
}

#[tokio::test]
async fn p5_card_3184_asks_once_then_the_saved_card_charges_freely() {
    let gw = start().await;
    let pm = gw.payment_method("4000002760003184").await;
    let p = otp_charge(&gw, &pm, 800).await;
    let code = gw.outbox_code(&p.challenge).await;
    assert_eq!(
        verify(&gw, &p, &p.secret, &code).await.body["status"],
        "succeeded"
    );
    let next = gw
        .charge(
            &unique_key(),
            &json!({"amount": 900, "currency": "usd", "payment_method": pm}),
        )
        .await;
    assert_eq!(next.body["status"], "succeeded", "{}", next.body);
}

#[tokio::test]
async fn p5_card_3184_by_token_asks_for_a_code() {
    let gw = start().await;
    let reply = gw.charge_card("4000002760003184", 800).await;
    assert_eq!(reply.body["status"], "requires_action");
    let challenge = reply.body["challenge"]["id"].as_str().expect("challenge");
    let secret = reply.body["challenge"]["client_secret"]
        .as_str()
        .expect("secret");
    let code = gw.outbox_code(challenge).await;
    let ok = gw
        .pk_post(
            &format!("/v1/challenges/{challenge}/verify"),
            &json!({"client_secret": secret, "code": code}),
        )
        .await;
    assert_eq!(ok.body["status"], "succeeded");
    let id = reply.body["id"].as_str().expect("id");
    assert_eq!(charge_status(&gw, id).await, "succeeded");
}

#[tokio::test]
async fn outbox_is_closed_outside_sandbox_mode() {
    let gw = start_with(|c| c.sandbox_outbox = false).await;
    let reply = gw
        .send(Method::GET, "/v1/sandbox/outbox", None, &[], None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn o5_a_canceled_charge_can_no_longer_be_passed_and_a_passed_one_stays_paid() {
    let gw = start().await;
    let pm = gw.payment_method("4000000000003220").await;
    let p = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&p.challenge).await;
    let cancel = format!("/v1/charges/{}/cancel", p.charge);
    let canceled = gw.sk_post(&cancel, &json!({})).await;
    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.body);
    assert_eq!(canceled.body["status"], "canceled");
    assert!(canceled.body.get("challenge").is_none());
    assert!(canceled.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("nothing was charged")));
    // The right code, in time, no longer passes it; no new code is sent.
    let late = verify(&gw, &p, &p.secret, &code).await;
    assert_eq!(late.body["status"], "expired", "{}", late.body);
    assert_eq!(charge_status(&gw, &p.charge).await, "canceled");
    let resend = gw
        .pk_post(
            &format!("/v1/challenges/{}/resend", p.challenge),
            &json!({"client_secret": p.secret}),
        )
        .await;
    assert_eq!(resend.code(), "challenge_closed");
    // Canceling again answers the charge as it is.
    assert_eq!(
        gw.sk_post(&cancel, &json!({})).await.body["status"],
        "canceled"
    );

    // A code that passed first wins: the charge stays paid.
    let q = otp_charge(&gw, &pm, 1500).await;
    let code = gw.outbox_code(&q.challenge).await;
    assert_eq!(
        verify(&gw, &q, &q.secret, &code).await.body["status"],
        "succeeded"
    );
    let too_late = gw
        .sk_post(&format!("/v1/charges/{}/cancel", q.charge), &json!({}))
        .await;
    assert_eq!(too_late.body["status"], "succeeded");

    // Another merchant's charge, or none, is not found.
    let unknown = gw.sk_post("/v1/charges/ch_nope/cancel", &json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}
