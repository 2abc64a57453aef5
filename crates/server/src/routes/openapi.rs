//! `GET /api/openapi.json`: the OpenAPI 3.0 document of the portal API,
//! written by hand next to the code it describes (types in `portal-api`).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use portal_api::{PaymentKind, PaymentStatus};
use serde_json::{json, Map, Value};

use crate::state::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(openapi))
}

async fn openapi(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state.settings.public_url))
}

fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn obj(required: &[&str], props: Value) -> Value {
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": props})
}

fn s() -> Value {
    json!({"type": "string"})
}

fn s_max(max: u32) -> Value {
    json!({"type": "string", "maxLength": max})
}

fn int() -> Value {
    json!({"type": "integer", "format": "int64"})
}

fn nullable(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.insert("nullable".into(), json!(true));
        return v;
    }
    json!({"allOf": [v], "nullable": true})
}

fn nullable_ref(name: &str) -> Value {
    json!({"allOf": [r(name)], "nullable": true})
}

fn en(values: &[&str]) -> Value {
    json!({"type": "string", "enum": values})
}

fn schemas() -> Value {
    json!({
        "Money": obj(&["amount", "currency"], json!({"amount": int(), "currency": json!({"type": "string", "pattern": "^[A-Za-z]{3}$"})})),
        "ApiErrorBody": obj(&["code", "message"], json!({"code": s(), "message": s()})),
        "PortalConfig": obj(&["gateway_url", "publishable_key", "business_name", "currency", "allow_partial_payments"], json!({
            "gateway_url": s(), "publishable_key": s(), "business_name": s(), "currency": s(), "allow_partial_payments": {"type": "boolean"}})),
        "LoginRequest": obj(&["email", "password"], json!({"email": s_max(1000), "password": s_max(1000)})),
        "CustomerSummary": obj(&["id", "name", "email"], json!({"id": s(), "name": s(), "email": s(), "has_sub_accounts": {"type": "boolean"}})),
        "SessionResponse": obj(&["customer", "csrf_token"], json!({"customer": r("CustomerSummary"), "csrf_token": s()})),
        "InvoiceStatus": en(&["open", "overdue", "partially_paid", "paid"]),
        "InvoiceSummary": obj(&["id", "number", "issue_date", "due_date", "total", "balance_due", "status"], json!({
            "id": s(), "number": s(), "issue_date": {"type": "string", "format": "date"}, "due_date": {"type": "string", "format": "date"},
            "total": r("Money"), "balance_due": r("Money"), "status": r("InvoiceStatus")})),
        "InvoiceListResponse": obj(&["invoices", "page", "per_page", "total"], json!({
            "invoices": {"type": "array", "items": r("InvoiceSummary")}, "page": int(), "per_page": int(), "total": int()})),
        "ActivityItem": obj(&["kind", "date", "description", "amount", "invoice_id", "payment_id"], json!({
            "kind": en(&["invoice_issued", "payment_received", "deposit_received"]), "date": s(), "description": s(),
            "amount": r("Money"), "invoice_id": nullable(s()), "payment_id": nullable(s())})),
        "SummaryResponse": obj(&["balance_due", "overdue", "unpaid_invoices", "overdue_invoices", "credit", "recent_activity"], json!({
            "balance_due": r("Money"), "overdue": r("Money"), "unpaid_invoices": int(), "overdue_invoices": int(), "credit": r("Money"),
            "recent_activity": {"type": "array", "items": r("ActivityItem")}})),
        "InvoiceLine": obj(&["description", "quantity", "unit_price", "amount"], json!({
            "description": s(), "quantity": int(), "unit_price": r("Money"), "amount": r("Money")})),
        "CardSummary": obj(&["brand", "last4", "exp_month", "exp_year"], json!({"brand": s(), "last4": s(), "exp_month": int(), "exp_year": int()})),
        "InvoicePayment": obj(&["id", "amount", "status", "created_at", "card", "reference"], json!({
            "id": s(), "amount": r("Money"), "status": r("PaymentStatus"), "created_at": s(), "card": nullable_ref("CardSummary"), "reference": nullable(s())})),
        "InvoiceDetail": obj(&["invoice", "memo", "lines", "payments"], json!({
            "invoice": r("InvoiceSummary"), "memo": nullable(s()), "lines": {"type": "array", "items": r("InvoiceLine")},
            "payments": {"type": "array", "items": r("InvoicePayment")}})),
        "BillingAddress": obj(&["line1", "city", "postal_code", "country"], json!({
            "line1": s_max(200), "city": s_max(100), "region": s_max(100), "postal_code": s_max(20), "country": {"type": "string", "minLength": 2, "maxLength": 2}})),
        "PaymentMethod": obj(&["id", "brand", "last4", "exp_month", "exp_year", "name", "is_default", "expired", "expiring_soon", "billing_address", "created_at"], json!({
            "id": s(), "brand": s(), "last4": s(), "exp_month": int(), "exp_year": int(), "name": s(), "is_default": {"type": "boolean"},
            "expired": {"type": "boolean"}, "expiring_soon": {"type": "boolean"}, "billing_address": nullable_ref("BillingAddress"), "created_at": s()})),
        "PaymentMethodListResponse": obj(&["payment_methods", "max_payment_methods"], json!({
            "payment_methods": {"type": "array", "items": r("PaymentMethod")}, "max_payment_methods": int()})),
        "AddPaymentMethodRequest": obj(&["token"], json!({"token": s_max(255), "make_default": {"type": "boolean"}, "billing_address": nullable_ref("BillingAddress")})),
        "UpdatePaymentMethodRequest": obj(&["exp_month", "exp_year"], json!({"exp_month": {"type": "integer", "minimum": 0}, "exp_year": {"type": "integer", "minimum": 0}})),
        "PaymentMethodEvent": obj(&["kind", "card", "description", "at", "by"], json!({
            "kind": en(&["added", "removed", "default_changed", "expiry_updated"]), "card": s(), "description": s(), "at": s(), "by": s()})),
        "PaymentMethodHistoryResponse": obj(&["events"], json!({"events": {"type": "array", "items": r("PaymentMethodEvent")}})),
        "PaymentSource": {"oneOf": [
            obj(&["type", "payment_method_id"], json!({"type": en(&["saved_card"]), "payment_method_id": s_max(255)})),
            obj(&["type", "token"], json!({"type": en(&["new_card"]), "token": s_max(255), "save": {"type": "boolean"}, "make_default": {"type": "boolean"}})),
        ], "discriminator": {"propertyName": "type"}},
        "PayRequest": obj(&["amount", "source", "billing_address"], json!({"amount": r("Money"), "source": r("PaymentSource"), "billing_address": r("BillingAddress")})),
        "PaymentStatus": en(&PaymentStatus::KNOWN.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        "PaymentChallenge": obj(&["id", "client_secret", "phone_last2", "expires_at", "attempts_left", "resend_available_at"], json!({
            "id": s(), "client_secret": s(), "phone_last2": s(), "expires_at": int(), "attempts_left": int(), "resend_available_at": int()})),
        "Decline": obj(&["code", "message", "retryable"], json!({"code": s(), "message": s(), "retryable": {"type": "boolean"}})),
        "Receipt": obj(&["reference", "amount", "card_brand", "card_last4", "paid_at", "invoice_number", "business_name"], json!({
            "reference": s(), "amount": r("Money"), "card_brand": s(), "card_last4": s(), "paid_at": s(), "invoice_number": nullable(s()), "business_name": s()})),
        "Payment": obj(&["id", "kind", "status", "amount", "invoice_id", "invoice_number", "card", "created_at", "challenge", "decline", "receipt", "saved_payment_method_id"], json!({
            "id": s(), "kind": en(&PaymentKind::KNOWN.iter().map(|v| v.as_str()).collect::<Vec<_>>()), "status": r("PaymentStatus"), "amount": r("Money"), "invoice_id": nullable(s()),
            "invoice_number": nullable(s()), "card": nullable_ref("CardSummary"), "created_at": s(), "challenge": nullable_ref("PaymentChallenge"),
            "decline": nullable_ref("Decline"), "receipt": nullable_ref("Receipt"), "saved_payment_method_id": nullable(s())})),
        "PaymentListResponse": obj(&["payments", "page", "per_page", "total"], json!({
            "payments": {"type": "array", "items": r("Payment")}, "page": int(), "per_page": int(), "total": int()})),
        "InvitationRequest": obj(&["email"], json!({"email": s_max(1000)})),
        "InvitationResponse": obj(&["message"], json!({"message": s()})),
        "AcceptInvitationRequest": obj(&["token", "password"], json!({"token": s_max(1000), "password": s_max(1000)})),
        "PasswordResetRequest": obj(&["email"], json!({"email": s_max(1000)})),
        "AcceptPasswordResetRequest": obj(&["token", "password"], json!({"token": s_max(1000), "password": s_max(1000)})),
        "OutboxMessage": obj(&["to", "subject", "body", "link", "created_at"], json!({"to": s(), "subject": s(), "body": s(), "link": nullable(s()), "created_at": s()})),
        "OutboxResponse": obj(&["messages"], json!({"messages": {"type": "array", "items": r("OutboxMessage")}})),
        "SubAccount": obj(&["id", "name", "email", "balance_due", "overdue", "unpaid_invoices"], json!({
            "id": s(), "name": s(), "email": s(), "balance_due": r("Money"), "overdue": r("Money"), "unpaid_invoices": int()})),
        "SubAccountListResponse": obj(&["sub_accounts"], json!({"sub_accounts": {"type": "array", "items": r("SubAccount")}})),
        "PaymentLinkResponse": obj(&["business_name", "customer_name", "invoice", "expires_at"], json!({
            "business_name": s(), "customer_name": s(), "invoice": r("InvoiceDetail"), "expires_at": int()})),
        "CreatePaymentLinkRequest": obj(&["invoice_id"], json!({"invoice_id": s_max(255), "expires_in": nullable(json!({"type": "integer", "minimum": 0}))})),
        "CreatedPaymentLink": obj(&["url", "token", "expires_at"], json!({"url": s(), "token": s(), "expires_at": int()})),
    })
}

/// One operation: `body` names a request schema; `ok` is (status, schema or None).
fn op(
    summary: &str,
    tag: &str,
    body: Option<&str>,
    ok: (&str, Option<&str>),
    errors: &[&str],
    extra_params: Value,
) -> Value {
    let mut responses = Map::new();
    let ok_body = match ok.1 {
        Some(schema) => {
            json!({"description": "OK", "content": {"application/json": {"schema": r(schema)}}})
        }
        None => json!({"description": "No content"}),
    };
    responses.insert(ok.0.into(), ok_body);
    for status in errors {
        responses.insert(
            (*status).into(),
            json!({"description": "Error", "content": {"application/json": {"schema": r("ApiErrorBody")}}}),
        );
    }
    let mut o = json!({"summary": summary, "tags": [tag], "responses": responses, "parameters": extra_params});
    if let Some(b) = body {
        o["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": r(b)}}});
    }
    o
}

fn path_param(name: &str) -> Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "maxLength": 300}})
}

fn idem() -> Value {
    json!({"name": "Idempotency-Key", "in": "header", "required": true, "schema": {"type": "string", "minLength": 1, "maxLength": 255}})
}

/// The document; `server` is the portal's public URL.
pub fn document(server: &str) -> Value {
    let none = json!([]);
    let id = json!([path_param("id")]);
    let token = json!([path_param("token")]);
    let token_id = json!([path_param("token"), path_param("id")]);
    let list_params = json!([
        {"name": "status", "in": "query", "schema": en(&["open", "overdue", "partially_paid", "paid"])},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
        {"name": "sort", "in": "query", "schema": en(&["-issue_date", "issue_date", "due_date", "-due_date", "number", "-number", "total", "-total", "balance_due", "-balance_due"])}
    ]);
    let mut pay_params = id.as_array().cloned().unwrap_or_default();
    pay_params.push(idem());
    let mut link_pay_params = token.as_array().cloned().unwrap_or_default();
    link_pay_params.push(idem());
    // Who is logged in: the session, or `null` when nobody is.
    let mut who = op(
        "Who is logged in (null when nobody is)",
        "session",
        None,
        ("200", Some("SessionResponse")),
        &[],
        none.clone(),
    );
    who["responses"]["200"]["content"]["application/json"]["schema"] =
        nullable(r("SessionResponse"));
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Customer payment portal API",
            "version": "1.0.0",
            "description": "Every error is {code, message} with a stable code. Every non-GET request must carry `X-Requested-With: portal` and, with a session, `X-CSRF-Token`. Amounts are integer minor units. See docs/api.md."
        },
        "servers": [{"url": server}],
        "components": {
            "schemas": schemas(),
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "portal_session"}}
        },
        "paths": {
            "/api/config": {"get": op("Public configuration", "config", None, ("200", Some("PortalConfig")), &[], none.clone())},
            "/api/openapi.json": {"get": {"summary": "This document", "tags": ["config"], "responses": {"200": {"description": "OpenAPI 3 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/session": {
                "get": who,
                "post": op("Log in", "session", Some("LoginRequest"), ("200", Some("SessionResponse")), &["400", "401", "403", "413", "415", "429"], none.clone()),
                "delete": op("Log out", "session", None, ("204", None), &["403"], none.clone())
            },
            "/api/summary": {"get": op("Balance, overdue and recent activity", "invoices", None, ("200", Some("SummaryResponse")), &["401"], none.clone())},
            "/api/invoices": {"get": op("The customer's invoices", "invoices", None, ("200", Some("InvoiceListResponse")), &["400", "401"], list_params)},
            "/api/invoices/{id}": {"get": op("An invoice with lines and payments", "invoices", None, ("200", Some("InvoiceDetail")), &["401", "404"], id.clone())},
            "/api/invoices/{id}/payments": {"post": op("Pay an invoice", "payments", Some("PayRequest"), ("200", Some("Payment")), &["400", "401", "403", "404", "409", "413", "415", "429", "502"], Value::Array(pay_params))},
            "/api/deposits": {"post": op("Pay an amount on account", "payments", Some("PayRequest"), ("200", Some("Payment")), &["400", "401", "403", "404", "409", "413", "415", "429", "502"], json!([idem()]))},
            "/api/payments": {"get": op("The customer's payments, newest first", "payments", None, ("200", Some("PaymentListResponse")), &["400", "401"], json!([
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}]))},
            "/api/payments/{id}": {"get": op("A payment's true state", "payments", None, ("200", Some("Payment")), &["401", "404"], id.clone())},
            "/api/payments/{id}/confirm": {"post": op("Record the outcome after the code step", "payments", None, ("200", Some("Payment")), &["401", "403", "404"], id.clone())},
            "/api/payment-methods": {
                "get": op("Saved cards", "payment-methods", None, ("200", Some("PaymentMethodListResponse")), &["401"], none.clone()),
                "post": op("Save a card from a token", "payment-methods", Some("AddPaymentMethodRequest"), ("201", Some("PaymentMethod")), &["400", "401", "403", "409", "413", "415", "429", "502"], none.clone())
            },
            "/api/payment-methods/history": {"get": op("Changes to saved cards", "payment-methods", None, ("200", Some("PaymentMethodHistoryResponse")), &["401"], none.clone())},
            "/api/payment-methods/{id}": {
                "patch": op("Update a card's expiry", "payment-methods", Some("UpdatePaymentMethodRequest"), ("200", Some("PaymentMethod")), &["400", "401", "403", "404", "413", "415", "502"], id.clone()),
                "delete": op("Remove a card", "payment-methods", None, ("204", None), &["401", "403", "404", "409", "502"], id.clone())
            },
            "/api/payment-methods/{id}/default": {"post": op("Make a card the default", "payment-methods", None, ("200", Some("PaymentMethod")), &["401", "403", "404", "409"], id.clone())},
            "/api/invitations": {"post": op("Ask for a link to set a password", "accounts", Some("InvitationRequest"), ("202", Some("InvitationResponse")), &["400", "403", "413", "415", "429"], none.clone())},
            "/api/invitations/accept": {"post": op("Set a password with an invitation token", "accounts", Some("AcceptInvitationRequest"), ("200", Some("SessionResponse")), &["400", "403", "413", "415"], none.clone())},
            "/api/password-resets": {"post": op("Forgot password: ask for a link to choose a new one", "accounts", Some("PasswordResetRequest"), ("202", Some("InvitationResponse")), &["400", "403", "413", "415", "429"], none.clone())},
            "/api/password-resets/accept": {"post": op("Choose a new password with a reset token", "accounts", Some("AcceptPasswordResetRequest"), ("200", Some("SessionResponse")), &["400", "403", "413", "415", "429"], none.clone())},
            "/api/dev/outbox": {"get": op("Emails sent (--demo --dev-outbox, loopback clients only)", "dev", None, ("200", Some("OutboxResponse")), &["404"], none.clone())},
            "/api/sub-accounts": {"get": op("A reseller's sub-accounts and balances", "accounts", None, ("200", Some("SubAccountListResponse")), &["401"], none.clone())},
            "/api/pay-links/{token}": {"get": op("The invoice a payment link pays", "payment-links", None, ("200", Some("PaymentLinkResponse")), &["400", "404", "410"], token.clone())},
            "/api/pay-links/{token}/payments": {"post": op("Pay through a payment link", "payment-links", Some("PayRequest"), ("200", Some("Payment")), &["400", "403", "404", "409", "410", "413", "415", "429", "502"], Value::Array(link_pay_params))},
            "/api/pay-links/{token}/payments/{id}": {"get": op("A link payment's true state", "payment-links", None, ("200", Some("Payment")), &["400", "404", "410"], token_id.clone())},
            "/api/pay-links/{token}/payments/{id}/confirm": {"post": op("Record a link payment's outcome after the code step", "payment-links", None, ("200", Some("Payment")), &["400", "403", "404", "410"], token_id)}
        }
    })
}
