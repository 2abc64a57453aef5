//! The protocol in headless Chromium: every message survives the trip to a
//! JS object and back, the wire shape is the documented one, and values of a
//! bad shape are refused (and so ignored by the receiver, C3).
#![cfg(target_arch = "wasm32")]
#![expect(clippy::unwrap_used, reason = "tests fail loudly")]

use js_sys::{Reflect, JSON};
use portal_frame_protocol::{
    BadShape, Change, Configure, Field, FrameMessage, HostMessage, Theme, Tokenized,
    THEME_PROPERTIES,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JS value from JSON text, as another page would post it.
fn js(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn json(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

fn themed() -> Theme {
    let mut theme = Theme::new();
    assert!(theme.set("--pt-color-text", "#111"));
    assert!(theme.set("--pt-radius", "6px"));
    theme
}

fn token() -> Tokenized {
    Tokenized {
        token: "tok_abc123".into(),
        brand: "visa".into(),
        last4: "4242".into(),
        exp_month: 12,
        exp_year: 2034,
        name: "Ada Lovelace".into(),
    }
}

#[wasm_bindgen_test]
fn every_host_message_round_trips() {
    let messages = [
        HostMessage::Configure(Configure::default()),
        HostMessage::Configure(Configure {
            theme: themed(),
            locale: Some("de".into()),
            allowed_brands: Some(vec!["visa".into(), "amex".into()]),
        }),
        HostMessage::Configure(Configure {
            allowed_brands: Some(Vec::new()),
            ..Configure::default()
        }),
        HostMessage::Tokenize,
        HostMessage::Clear,
        HostMessage::Focus(Field::Number),
        HostMessage::Focus(Field::Expiry),
        HostMessage::Focus(Field::Cvc),
        HostMessage::Focus(Field::Name),
    ];
    for message in messages {
        assert_eq!(
            HostMessage::from_js(&message.to_js()),
            Ok(message.clone()),
            "{message:?}"
        );
    }
}

#[wasm_bindgen_test]
fn every_frame_message_round_trips() {
    let messages = [
        FrameMessage::Ready,
        FrameMessage::Change(Change::default()),
        FrameMessage::Change(Change {
            brand: Some("amex".into()),
            empty: false,
            complete: false,
            errors: vec![
                (Field::Number, "invalid_number".into()),
                (Field::Name, "required".into()),
            ],
        }),
        FrameMessage::Resize { height: 196 },
        FrameMessage::Tokenized(token()),
        FrameMessage::Error {
            code: "rate_limited".into(),
            message: "Too many failed card attempts.".into(),
        },
    ];
    for message in messages {
        assert_eq!(
            FrameMessage::from_js(&message.to_js()),
            Ok(message.clone()),
            "{message:?}"
        );
    }
}

#[wasm_bindgen_test]
fn the_wire_shape_is_the_documented_one() {
    assert_eq!(
        json(&HostMessage::Focus(Field::Cvc).to_js()),
        r#"{"type":"focus","v":1,"field":"cvc"}"#
    );
    assert_eq!(
        json(
            &HostMessage::Configure(Configure {
                theme: themed(),
                locale: Some("en".into()),
                allowed_brands: Some(vec!["visa".into()]),
            })
            .to_js()
        ),
        r##"{"type":"configure","v":1,"theme":{"--pt-color-text":"#111","--pt-radius":"6px"},"locale":"en","allowed_brands":["visa"]}"##
    );
    assert_eq!(
        json(
            &FrameMessage::Change(Change {
                brand: None,
                empty: true,
                complete: false,
                errors: vec![(Field::Expiry, "expired".into())],
            })
            .to_js()
        ),
        r#"{"type":"change","v":1,"brand":null,"empty":true,"complete":false,"errors":{"expiry":"expired"}}"#
    );
    assert_eq!(
        json(&FrameMessage::Tokenized(token()).to_js()),
        r#"{"type":"tokenized","v":1,"token":"tok_abc123","brand":"visa","last4":"4242","exp_month":12,"exp_year":2034,"name":"Ada Lovelace"}"#
    );
    assert_eq!(
        json(&FrameMessage::Resize { height: 240 }.to_js()),
        r#"{"type":"resize","v":1,"height":240}"#
    );
}

#[wasm_bindgen_test]
fn messages_from_other_pages_in_the_documented_shape_are_read() {
    // What a merchant's own host page (plain JavaScript) would send.
    assert_eq!(
        HostMessage::from_js(&js(
            r#"{"v":1,"type":"configure","locale":"de","theme":{"--pt-radius":"4px"},"billing":{}}"#
        )),
        Ok(HostMessage::Configure(Configure {
            theme: {
                let mut t = Theme::new();
                t.set("--pt-radius", "4px");
                t
            },
            locale: Some("de".into()),
            allowed_brands: None,
        }))
    );
    assert_eq!(
        HostMessage::from_js(&js(r#"{"type":"tokenize","v":1,"billing":{"zip":"1"}}"#)),
        Ok(HostMessage::Tokenize)
    );
    // A change from an older frame without `brand` at all: no brand yet.
    assert_eq!(
        FrameMessage::from_js(&js(
            r#"{"type":"change","v":1,"empty":true,"complete":false,"errors":{}}"#
        )),
        Ok(FrameMessage::Change(Change {
            empty: true,
            ..Change::default()
        }))
    );
}

#[wasm_bindgen_test]
fn values_of_a_bad_shape_are_refused() {
    let host = |text: &str| HostMessage::from_js(&js(text)).err();
    let frame = |text: &str| FrameMessage::from_js(&js(text)).err();

    for not_an_object in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from("tokenize"),
        JsValue::from(1),
        JsValue::TRUE,
    ] {
        assert_eq!(
            HostMessage::from_js(&not_an_object),
            Err(BadShape::NotAnObject)
        );
        assert_eq!(
            FrameMessage::from_js(&not_an_object),
            Err(BadShape::NotAnObject)
        );
    }

    for version in [
        r#"{"type":"clear"}"#,
        r#"{"type":"clear","v":2}"#,
        r#"{"type":"clear","v":"1"}"#,
        r#"{"type":"clear","v":null}"#,
        r#"["clear",1]"#,
    ] {
        assert_eq!(host(version), Some(BadShape::WrongVersion), "{version}");
    }

    for kind in [
        r#"{"v":1}"#,
        r#"{"v":1,"type":"Clear"}"#,
        r#"{"v":1,"type":7}"#,
        // A frame message is not a host message, and the other way round.
        r#"{"v":1,"type":"ready"}"#,
    ] {
        assert_eq!(host(kind), Some(BadShape::UnknownType), "{kind}");
    }
    assert_eq!(
        frame(r#"{"v":1,"type":"tokenize"}"#),
        Some(BadShape::UnknownType)
    );

    let bad_fields = [
        (host(r#"{"v":1,"type":"focus"}"#), "field"),
        (host(r#"{"v":1,"type":"focus","field":"pan"}"#), "field"),
        (host(r#"{"v":1,"type":"configure","theme":"red"}"#), "theme"),
        (host(r#"{"v":1,"type":"configure","locale":5}"#), "locale"),
        (
            host(r#"{"v":1,"type":"configure","allowed_brands":"visa"}"#),
            "allowed_brands",
        ),
        (
            host(r#"{"v":1,"type":"configure","allowed_brands":["visa",1]}"#),
            "allowed_brands",
        ),
        (frame(r#"{"v":1,"type":"resize"}"#), "height"),
        (frame(r#"{"v":1,"type":"resize","height":-1}"#), "height"),
        (frame(r#"{"v":1,"type":"resize","height":"200"}"#), "height"),
        (frame(r#"{"v":1,"type":"resize","height":1.5}"#), "height"),
        (
            frame(r#"{"v":1,"type":"change","empty":true,"complete":false}"#),
            "errors",
        ),
        (
            frame(r#"{"v":1,"type":"change","empty":true,"complete":false,"errors":{"number":1}}"#),
            "errors",
        ),
        (
            frame(r#"{"v":1,"type":"change","empty":"yes","complete":false,"errors":{}}"#),
            "empty",
        ),
        (
            frame(r#"{"v":1,"type":"change","brand":1,"empty":true,"complete":false,"errors":{}}"#),
            "brand",
        ),
        (frame(r#"{"v":1,"type":"error","message":"x"}"#), "code"),
        (
            frame(
                r#"{"v":1,"type":"tokenized","token":"4242424242424242","brand":"visa","last4":"4242","exp_month":1,"exp_year":2030,"name":"A"}"#,
            ),
            "token",
        ),
        (
            frame(
                r#"{"v":1,"type":"tokenized","token":"tok_1","brand":"visa","last4":"42","exp_month":1,"exp_year":2030,"name":"A"}"#,
            ),
            "last4",
        ),
        (
            frame(
                r#"{"v":1,"type":"tokenized","token":"tok_1","brand":"visa","last4":"4242","exp_month":"1","exp_year":2030,"name":"A"}"#,
            ),
            "exp_month",
        ),
        (
            frame(
                r#"{"v":1,"type":"tokenized","token":"tok_1","brand":"visa","last4":"4242","exp_month":1,"exp_year":2030}"#,
            ),
            "name",
        ),
    ];
    for (refused, field) in bad_fields {
        assert_eq!(refused, Some(BadShape::BadField(field)), "{field}");
    }
}

#[wasm_bindgen_test]
fn the_reason_for_a_refusal_is_readable() {
    assert_eq!(
        BadShape::WrongVersion.to_string(),
        "a card-frame message must have \"v\": 1"
    );
    assert_eq!(
        BadShape::BadField("height").to_string(),
        "the card-frame message's \"height\" is missing or malformed"
    );
}

#[wasm_bindgen_test]
fn the_theme_keeps_only_allowlisted_properties_with_safe_values() {
    let received = HostMessage::from_js(&js(r##"{"v":1,"type":"configure","theme":{
            "--pt-color-text":"#222",
            "--pt-color-focus":"red; background: url(https://evil.example/x)",
            "--pt-font-family":"x}body{display:none",
            "--pt-radius":"@import",
            "--pt-color-muted":"URL(x)",
            "--pt-color-border":7,
            "color":"red",
            "--pt-color-surface":"white"
        }}"##))
    .unwrap();
    let HostMessage::Configure(configure) = received else {
        panic!("a configure message: {received:?}");
    };
    let kept: Vec<(&str, &str)> = configure.theme.iter().collect();
    assert_eq!(
        kept,
        [("--pt-color-text", "#222"), ("--pt-color-surface", "white")]
    );

    let mut theme = Theme::new();
    assert!(!theme.set("background", "red"), "not allowlisted");
    assert!(!theme.set("--pt-radius", ""), "empty");
    assert!(!theme.set("--pt-radius", &"1".repeat(201)), "too long");
    assert!(!theme.set("--pt-radius", "expression(alert(1))"));
    assert!(theme.set("--pt-radius", "4px"));
    assert!(
        theme.set("--pt-radius", "8px"),
        "a second value replaces the first"
    );
    assert_eq!(theme.iter().collect::<Vec<_>>(), [("--pt-radius", "8px")]);
    for property in THEME_PROPERTIES {
        assert!(property.starts_with("--pt-"), "{property}");
        assert!(Theme::new().set(property, "1px"), "{property}");
    }
}

#[wasm_bindgen_test]
fn a_received_object_is_read_not_trusted_with_getters() {
    // A getter that throws must not break the receiver: the field is missing.
    let value =
        js_sys::eval(r#"({ v: 1, type: "focus", get field() { throw new Error("no"); } })"#)
            .unwrap();
    assert_eq!(
        HostMessage::from_js(&value),
        Err(BadShape::BadField("field"))
    );
    assert!(Reflect::has(&value, &"field".into()).unwrap());
}
