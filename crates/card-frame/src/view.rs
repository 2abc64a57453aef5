//! The frame's DOM: one `<form>` holding all four fields, so browser and
//! password-manager autofill fills them together.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlFormElement, HtmlInputElement};

use crate::messages::Words;

/// The elements the form logic works with.
pub struct Elements {
    pub form: HtmlFormElement,
    pub number: HtmlInputElement,
    pub expiry: HtmlInputElement,
    pub cvc: HtmlInputElement,
    pub name: HtmlInputElement,
    pub cvc_label: Element,
    pub brand: Element,
    pub live: Element,
    pub form_error: Element,
    /// Each field's message element, in `Field::ALL` order.
    pub errors: [Element; 4],
}

fn el(doc: &Document, tag: &str, attrs: &[(&str, &str)]) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    for (k, v) in attrs {
        e.set_attribute(k, v)?;
    }
    Ok(e)
}

/// The attributes of the fields that take digits.
const NUMERIC: [(&str, &str); 3] = [
    ("inputmode", "numeric"),
    ("autocorrect", "off"),
    ("spellcheck", "false"),
];

fn field(
    doc: &Document,
    id: &str,
    label: &str,
    wide: bool,
    input_attrs: &[(&str, &str)],
    numeric: bool,
) -> Result<(Element, Element, HtmlInputElement, Element), JsValue> {
    let class = if wide {
        "cf-field cf-field--wide"
    } else {
        "cf-field"
    };
    let wrap = el(doc, "div", &[("class", class)])?;
    let input_id = format!("cf-{id}");
    let label_el = el(doc, "label", &[("class", "cf-label"), ("for", &input_id)])?;
    label_el.set_text_content(Some(label));
    let input = el(
        doc,
        "input",
        &[
            ("id", &input_id),
            ("class", "cf-input"),
            ("aria-invalid", "false"),
        ],
    )?;
    let numeric: &[(&str, &str)] = if numeric { &NUMERIC } else { &[] };
    for (k, v) in input_attrs.iter().chain(numeric) {
        input.set_attribute(k, v)?;
    }
    let error = el(
        doc,
        "p",
        &[("id", &format!("cf-{id}-error")), ("class", "cf-error")],
    )?;
    wrap.append_child(&label_el)?;
    wrap.append_child(&input)?;
    wrap.append_child(&error)?;
    Ok((wrap, label_el, input.dyn_into::<HtmlInputElement>()?, error))
}

/// Builds the form inside `root` (replacing what was there).
pub fn build(root: &Element, words: &Words) -> Result<Elements, JsValue> {
    let doc = root.owner_document().ok_or("no document")?;
    root.set_inner_html("");
    let form = el(
        &doc,
        "form",
        &[
            ("class", "cf-form"),
            ("novalidate", ""),
            ("autocomplete", "on"),
        ],
    )?;
    let number_attrs = [
        ("name", "cardnumber"),
        ("autocomplete", "cc-number"),
        ("class", "cf-input cf-input--number"),
        ("placeholder", "1234 1234 1234 1234"),
    ];
    let (number_wrap, _, number, number_error) =
        field(&doc, "number", words.number, true, &number_attrs, true)?;
    // The brand badge sits inside the number field's row.
    let row = el(&doc, "div", &[("class", "cf-row")])?;
    number_wrap.insert_before(&row, Some(&number))?;
    row.append_child(&number)?;
    let brand = el(
        &doc,
        "span",
        &[
            ("id", "cf-brand"),
            ("class", "cf-brand"),
            ("role", "img"),
            ("aria-label", words.brand_unknown),
            ("data-brand", ""),
        ],
    )?;
    brand.set_text_content(Some("CARD"));
    row.append_child(&brand)?;

    let expiry_attrs = [
        ("name", "cc-exp"),
        ("autocomplete", "cc-exp"),
        ("placeholder", "MM / YY"),
        ("maxlength", "9"),
    ];
    let (expiry_wrap, _, expiry, expiry_error) =
        field(&doc, "expiry", words.expiry, false, &expiry_attrs, true)?;

    let cvc_attrs = [
        ("name", "cvc"),
        ("autocomplete", "cc-csc"),
        ("maxlength", "4"),
        ("placeholder", "123"),
    ];
    let (cvc_wrap, cvc_label, cvc, cvc_error) =
        field(&doc, "cvc", words.security_code, false, &cvc_attrs, true)?;

    let (name_wrap, _, name, name_error) = field(
        &doc,
        "name",
        words.name,
        true,
        &[
            ("name", "ccname"),
            ("autocomplete", "cc-name"),
            ("autocapitalize", "words"),
            ("spellcheck", "false"),
            ("maxlength", "100"),
        ],
        false,
    )?;

    let form_error = el(&doc, "p", &[("class", "cf-form-error"), ("role", "alert")])?;
    let live = el(
        &doc,
        "p",
        &[
            ("id", "cf-live"),
            ("class", "cf-sr-only"),
            ("role", "status"),
            ("aria-live", "polite"),
        ],
    )?;
    for child in [
        &number_wrap,
        &expiry_wrap,
        &cvc_wrap,
        &name_wrap,
        &form_error,
        &live,
    ] {
        form.append_child(child)?;
    }
    // The frame is a document of its own: a main landmark and a (visually
    // hidden) heading tell screen-reader users where they are.
    let main = el(&doc, "main", &[("class", "cf-main")])?;
    let heading = el(&doc, "h1", &[("class", "cf-sr-only")])?;
    heading.set_text_content(Some(words.heading));
    main.append_child(&heading)?;
    main.append_child(&form)?;
    root.append_child(&main)?;
    Ok(Elements {
        form: form.dyn_into::<HtmlFormElement>()?,
        number,
        expiry,
        cvc,
        name,
        cvc_label,
        brand,
        live,
        form_error,
        errors: [number_error, expiry_error, cvc_error, name_error],
    })
}
