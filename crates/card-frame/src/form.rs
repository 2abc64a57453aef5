//! The card form's behaviour: formatting with the caret kept in place, brand
//! detection, validation shown at the right moment, and clearing.

use portal_card::{format_expiry, format_number, Brand};
use portal_frame_protocol::{Change, Field, FrameMessage};

use crate::card_api;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use crate::config::FrameConfig;
use crate::host;
use crate::messages::{self, Words};
use crate::view::{self, Elements};

/// A field's problem: a stable code for the host, words for the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
}

/// The card form mounted in the frame.
pub struct CardForm {
    pub(crate) els: Elements,
    pub(crate) config: FrameConfig,
    words: Cell<&'static Words>,
    /// Fields the customer has left (or that a submit checked): incomplete
    /// entries are errors only from then on.
    touched: Cell<[bool; 4]>,
    brand: Cell<Option<Brand>>,
    allowed_brands: RefCell<Option<Vec<String>>>,
    announced: RefCell<String>,
    pub(crate) busy: Cell<bool>,
}

impl CardForm {
    /// Builds the form in `root` and wires its events.
    pub fn new(root: &Element, config: FrameConfig) -> Result<Rc<Self>, JsValue> {
        let words = &messages::EN;
        let els = view::build(root, words)?;
        let form = Rc::new(Self {
            els,
            config,
            words: Cell::new(words),
            touched: Cell::new([false; 4]),
            brand: Cell::new(None),
            allowed_brands: RefCell::new(None),
            announced: RefCell::new(String::new()),
            busy: Cell::new(false),
        });
        form.update_cvc_label();
        for field in Field::ALL {
            let input = form.input(field).clone();
            let f = Rc::clone(&form);
            on(&input, "input", move |_| f.on_input(field))?;
            let f = Rc::clone(&form);
            on(&input, "blur", move |_| f.on_blur(field))?;
        }
        let f = Rc::clone(&form);
        on(&form.els.form, "submit", move |ev| {
            ev.prevent_default();
            f.validate_all();
        })?;
        Ok(form)
    }

    /// The input of a field.
    pub fn input(&self, field: Field) -> &HtmlInputElement {
        match field {
            Field::Number => &self.els.number,
            Field::Expiry => &self.els.expiry,
            Field::Cvc => &self.els.cvc,
            Field::Name => &self.els.name,
        }
    }

    /// The brand detected so far.
    pub fn brand(&self) -> Option<Brand> {
        self.brand.get()
    }

    /// Switches the labels and messages to `locale`.
    pub fn set_locale(&self, locale: &str) {
        let words = messages::for_locale(locale);
        self.words.set(words);
        let doc = self.els.form.owner_document();
        for (id, text) in [
            ("cf-number", words.number),
            ("cf-expiry", words.expiry),
            ("cf-name", words.name),
        ] {
            if let Some(label) = doc
                .as_ref()
                .and_then(|d| d.query_selector(&format!("label[for={id}]")).ok().flatten())
            {
                label.set_text_content(Some(text));
            }
        }
        self.update_cvc_label();
        for field in Field::ALL {
            self.show(field);
        }
    }

    /// Restricts the accepted brands (ids); `None` accepts every brand.
    pub fn set_allowed_brands(&self, brands: Option<Vec<String>>) {
        *self.allowed_brands.borrow_mut() = brands;
        self.show(Field::Number);
    }

    fn on_input(&self, field: Field) {
        self.els.form_error.set_text_content(None);
        match field {
            Field::Number => {
                let digits = keep_digits(&self.els.number.value());
                let max = card_api::number(&digits)
                    .brand
                    .map_or(19, |b| b.max_length());
                let digits: String = digits.chars().take(max).collect();
                reformat(&self.els.number, &format_number(&digits));
                self.update_brand();
            }
            Field::Expiry => {
                let value = self.els.expiry.value();
                let cleaned: String = value
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '/' || *c == ' ')
                    .collect();
                reformat(&self.els.expiry, &format_expiry(&cleaned));
            }
            Field::Cvc => {
                let max = self.brand.get().map_or(4, |b| b.cvc_length());
                let digits: String = keep_digits(&self.els.cvc.value())
                    .chars()
                    .take(max)
                    .collect();
                reformat(&self.els.cvc, &digits);
            }
            Field::Name => {}
        }
        self.show(field);
        self.post_change();
    }

    fn on_blur(&self, field: Field) {
        let mut touched = self.touched.get();
        // An untouched empty field stays quiet: tabbing through is not an error.
        if !self.input(field).value().trim().is_empty() {
            touched[field as usize] = true;
        }
        self.touched.set(touched);
        self.show(field);
        self.post_change();
    }

    fn update_brand(&self) {
        let words = self.words.get();
        let check = card_api::number(&self.els.number.value());
        let previous = self.brand.get();
        self.brand.set(check.brand);
        let (label, badge, id) = match (check.brand, check.candidates.len()) {
            (Some(b), _) => (b.name().to_string(), messages::badge(b), b.id()),
            (None, 0) if !self.els.number.value().is_empty() => {
                (words.brand_unrecognised.to_string(), "CARD", "")
            }
            (None, 0) | (None, 1) => (words.brand_unknown.to_string(), "CARD", ""),
            (None, _) => {
                let names: Vec<&str> = check.candidates.iter().map(|b| b.name()).collect();
                let list = join_or(&names, words.or);
                (words.brand_several.replace("{brands}", &list), "CARD", "")
            }
        };
        let _ = self.els.brand.set_attribute("aria-label", &label);
        let _ = self.els.brand.set_attribute("data-brand", id);
        self.els.brand.set_text_content(Some(badge));
        if previous != check.brand {
            self.update_cvc_label();
            if let Some(b) = check.brand {
                self.announce(&words.brand_detected.replace("{brand}", b.name()));
            }
            // A shorter code for the new brand: trim what was typed.
            let max = check.brand.map_or(4, |b| b.cvc_length());
            let cvc = self.els.cvc.value();
            if cvc.len() > max {
                self.els.cvc.set_value(&cvc[..max]);
            }
        }
    }

    fn update_cvc_label(&self) {
        let words = self.words.get();
        let (name, len) = match self.brand.get() {
            Some(b) => (b.cvc_name(), b.cvc_length()),
            None => ("CVC", 4),
        };
        self.els
            .cvc_label
            .set_text_content(Some(&format!("{} ({name})", words.security_code)));
        let _ = self.els.cvc.set_attribute("maxlength", &len.to_string());
        let _ = self
            .els
            .cvc
            .set_attribute("placeholder", if len == 4 { "1234" } else { "123" });
    }

    /// The problem of a field now, if any. `strict` also reports entries that
    /// are incomplete but could still become valid (after blur or submit).
    pub fn problem(&self, field: Field, strict: bool) -> Option<Problem> {
        let w = self.words.get();
        let value = self.input(field).value();
        let empty = value.trim().is_empty();
        let p = |code: &'static str, message: &str| {
            Some(Problem {
                code,
                message: message.to_string(),
            })
        };
        match field {
            Field::Number => {
                let check = card_api::number(&value);
                if empty {
                    return if strict {
                        p("required", w.number_required)
                    } else {
                        None
                    };
                }
                if let (Some(b), Some(allowed)) =
                    (check.brand, self.allowed_brands.borrow().as_ref())
                {
                    if !allowed.iter().any(|a| a == b.id()) {
                        return p("brand_not_accepted", w.brand_not_accepted);
                    }
                }
                if !check.potentially_valid {
                    p("invalid_number", w.number_invalid)
                } else if strict && !check.complete_valid {
                    let typed = keep_digits(&value).len();
                    let short = typed < check.brand.map_or(16, |b| b.min_length());
                    if short {
                        p("incomplete_number", w.number_incomplete)
                    } else {
                        p("invalid_number", w.number_invalid)
                    }
                } else {
                    None
                }
            }
            Field::Expiry => {
                if empty {
                    return if strict {
                        p("required", w.expiry_required)
                    } else {
                        None
                    };
                }
                let (year, month) = today();
                let check = card_api::expiry(&value, year, month);
                if check.valid || (!strict && check.potentially_valid) {
                    return None;
                }
                match check.error {
                    Some("expired") => p("expired", w.expired),
                    Some("too_far_ahead") => p("expiry_too_far", w.expiry_too_far),
                    Some("incomplete") => p("incomplete_expiry", w.expiry_incomplete),
                    _ => p("invalid_expiry", w.expiry_invalid),
                }
            }
            Field::Cvc => {
                if empty {
                    return if strict {
                        p("required", w.cvc_required)
                    } else {
                        None
                    };
                }
                let (valid, potentially_valid) = card_api::cvc(&value, self.brand.get());
                if valid || (!strict && potentially_valid) {
                    None
                } else {
                    let (name, n) = self
                        .brand
                        .get()
                        .map_or(("CVC".to_string(), "3–4".to_string()), |b| {
                            (b.cvc_name().to_string(), b.cvc_length().to_string())
                        });
                    p(
                        "invalid_cvc",
                        &w.cvc_invalid.replace("{code}", &name).replace("{n}", &n),
                    )
                }
            }
            Field::Name => {
                let name = value.trim();
                if name.is_empty() {
                    if strict {
                        p("required", w.name_required)
                    } else {
                        None
                    }
                } else if name.chars().any(|c| c.is_ascii_digit()) || name.chars().count() > 100 {
                    p("invalid_name", w.name_invalid)
                } else {
                    None
                }
            }
        }
    }

    /// The current problem as the customer should see it now.
    pub fn visible_problem(&self, field: Field) -> Option<Problem> {
        self.problem(field, self.touched.get()[field as usize])
    }

    /// Shows (or hides) a field's error: red outline, `aria-invalid`, the
    /// message tied by `aria-describedby`, announced in the live region.
    fn show(&self, field: Field) {
        let input = self.input(field);
        let problem = self.visible_problem(field);
        let error_id = format!("cf-{}-error", field.as_str());
        let message = problem
            .as_ref()
            .map(|p| p.message.clone())
            .unwrap_or_default();
        let _ = input
            .class_list()
            .toggle_with_force("cf-input--invalid", problem.is_some());
        let _ = input.set_attribute(
            "aria-invalid",
            if problem.is_some() { "true" } else { "false" },
        );
        if problem.is_some() {
            let _ = input.set_attribute("aria-describedby", &error_id);
        } else {
            let _ = input.remove_attribute("aria-describedby");
        }
        {
            let error = &self.els.errors[field as usize];
            let before = error.text_content().unwrap_or_default();
            if before != message {
                error.set_text_content(Some(&message));
                if !message.is_empty() {
                    self.announce(&message);
                }
            }
        }
    }

    /// Checks every field strictly; returns the problems (empty: ready).
    pub fn validate_all(&self) -> Vec<(Field, Problem)> {
        self.touched.set([true; 4]);
        let mut problems = Vec::new();
        for field in Field::ALL {
            self.show(field);
            if let Some(p) = self.problem(field, true) {
                problems.push((field, p));
            }
        }
        if let Some((field, _)) = problems.first() {
            let _ = self.input(*field).focus();
        }
        self.post_change();
        problems
    }

    /// Tells the host about the fields: brand, empty, complete and the error
    /// codes shown (never digits).
    fn post_change(&self) {
        let mut change = Change {
            brand: self.brand().map(|b| b.id().to_owned()),
            empty: true,
            complete: true,
            errors: Vec::new(),
        };
        for field in Field::ALL {
            if !self.input(field).value().is_empty() {
                change.empty = false;
            }
            if self.problem(field, true).is_some() {
                change.complete = false;
            }
            if let Some(p) = self.visible_problem(field) {
                change.errors.push((field, p.code.to_owned()));
            }
        }
        host::post(&self.config, &FrameMessage::Change(change));
    }

    /// Says `text` to screen-reader users through the polite live region.
    pub fn announce(&self, text: &str) {
        if *self.announced.borrow() == text {
            // The same text again: clear first so it is read again.
            self.els.live.set_text_content(None);
        }
        self.els.live.set_text_content(Some(text));
        *self.announced.borrow_mut() = text.to_string();
    }

    /// Shows a message for the whole form (e.g. the gateway's refusal).
    pub fn show_form_error(&self, message: &str) {
        self.els.form_error.set_text_content(Some(message));
    }

    /// Empties every field and forgets what was typed.
    pub fn clear(&self) {
        for field in Field::ALL {
            self.input(field).set_value("");
        }
        self.touched.set([false; 4]);
        self.brand.set(None);
        self.update_brand();
        self.update_cvc_label();
        for field in Field::ALL {
            self.show(field);
        }
        self.els.form_error.set_text_content(None);
        self.post_change();
    }

    /// Focuses a field.
    pub fn focus(&self, field: Field) {
        let _ = self.input(field).focus();
    }

    /// Tells the host the frame is ready.
    pub fn post_ready(&self) {
        host::post(&self.config, &FrameMessage::Ready);
        host::watch_height(&self.config, &self.els.form);
    }
}

/// Keeps ASCII digits only (separators and stray characters are dropped).
pub fn keep_digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// Sets `formatted` as the input's value, keeping the caret after the same
/// number of digits as before (typing, deleting or pasting in the middle).
fn reformat(input: &HtmlInputElement, formatted: &str) {
    let value = input.value();
    if value == formatted {
        return;
    }
    let caret = input
        .selection_start()
        .ok()
        .flatten()
        .map_or(value.len(), |c| c as usize);
    let digits_before = value
        .chars()
        .take(caret)
        .filter(char::is_ascii_digit)
        .count();
    input.set_value(formatted);
    let at_end = caret >= value.chars().count();
    let position = if at_end {
        formatted.len()
    } else {
        portal_card::caret_after_digits(formatted, digits_before)
    };
    let _ = input.set_selection_range(position as u32, position as u32);
}

fn join_or(names: &[&str], or: &str) -> String {
    // "A, B or C" by hand: `[&str]::join` and `format!` cost the frame's wasm
    // about a kilobyte for this one use.
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        if i + 1 == names.len() && i > 0 {
            text.push(' ');
            text.push_str(or);
            text.push(' ');
        } else if i > 0 {
            text.push_str(", ");
        }
        text.push_str(name);
    }
    text
}

/// Today's year and month in the customer's time zone.
pub fn today() -> (u16, u8) {
    let now = js_sys::Date::new_0();
    (now.get_full_year() as u16, (now.get_month() + 1) as u8)
}

fn on(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The form lives as long as the frame's page.
    closure.forget();
    Ok(())
}
