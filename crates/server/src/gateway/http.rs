//! [`HttpGateway`]: the sandbox gateway's (and any compatible gateway's) HTTP API.

use std::time::Duration;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use super::{
    ChargeRequest, ChargeSource, Gateway, GatewayCharge, GatewayError, GatewayFuture,
    GatewayPaymentMethod, GatewayRefund,
};

/// Talks to a gateway over HTTP with its secret key.
#[derive(Clone)]
pub struct HttpGateway {
    base: String,
    secret_key: String,
    client: reqwest::Client,
}

impl std::fmt::Debug for HttpGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the key.
        f.debug_struct("HttpGateway")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

#[derive(Deserialize)]
struct List<T> {
    data: Vec<T>,
}

impl HttpGateway {
    /// A client for the gateway at `base` (e.g. `http://127.0.0.1:8081`).
    pub fn new(base: &str, secret_key: &str) -> Result<Self, GatewayError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| GatewayError::Unavailable(format!("client: {e}")))?;
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            secret_key: secret_key.to_owned(),
            client,
        })
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.secret_key)
    }

    async fn send<T: DeserializeOwned>(&self, builder: RequestBuilder) -> Result<T, GatewayError> {
        let response = builder
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(e.without_url().to_string()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| GatewayError::Unavailable(e.without_url().to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes)
                .map_err(|e| GatewayError::Unavailable(format!("unexpected answer: {e}")));
        }
        if status.is_client_error() && status != StatusCode::REQUEST_TIMEOUT {
            if let Ok(envelope) = serde_json::from_slice::<ErrorEnvelope>(&bytes) {
                return Err(GatewayError::Refused {
                    status: status.as_u16(),
                    code: envelope.error.code,
                    message: envelope.error.message,
                });
            }
        }
        Err(GatewayError::Unavailable(format!(
            "gateway answered {status}"
        )))
    }
}

impl Gateway for HttpGateway {
    fn create_customer<'a>(&'a self, email: &'a str, name: &'a str) -> GatewayFuture<'a, String> {
        Box::pin(async move {
            let created: Created = self
                .send(
                    self.request(Method::POST, "/v1/customers")
                        .json(&json!({"email": email, "name": name})),
                )
                .await?;
            Ok(created.id)
        })
    }

    fn attach<'a>(
        &'a self,
        token: &'a str,
        customer: &'a str,
    ) -> GatewayFuture<'a, GatewayPaymentMethod> {
        Box::pin(async move {
            self.send(
                self.request(Method::POST, "/v1/payment_methods")
                    .json(&json!({"token": token, "customer": customer})),
            )
            .await
        })
    }

    fn list_payment_methods<'a>(
        &'a self,
        customer: &'a str,
    ) -> GatewayFuture<'a, Vec<GatewayPaymentMethod>> {
        Box::pin(async move {
            let path = format!("/v1/customers/{customer}/payment_methods");
            let list: List<GatewayPaymentMethod> =
                self.send(self.request(Method::GET, &path)).await?;
            Ok(list.data)
        })
    }

    fn detach<'a>(&'a self, payment_method: &'a str) -> GatewayFuture<'a, ()> {
        Box::pin(async move {
            let path = format!("/v1/payment_methods/{payment_method}");
            let _: serde_json::Value = self.send(self.request(Method::DELETE, &path)).await?;
            Ok(())
        })
    }

    fn update_expiry<'a>(
        &'a self,
        payment_method: &'a str,
        exp_month: i64,
        exp_year: i64,
    ) -> GatewayFuture<'a, GatewayPaymentMethod> {
        Box::pin(async move {
            let path = format!("/v1/payment_methods/{payment_method}");
            self.send(
                self.request(Method::PATCH, &path)
                    .json(&json!({"exp_month": exp_month, "exp_year": exp_year})),
            )
            .await
        })
    }

    fn charge<'a>(
        &'a self,
        request: &'a ChargeRequest,
        idempotency_key: &'a str,
    ) -> GatewayFuture<'a, GatewayCharge> {
        Box::pin(async move {
            let mut body = json!({
                "amount": request.amount,
                "currency": request.currency,
                "description": request.description,
            });
            match &request.source {
                ChargeSource::PaymentMethod(pm) => body["payment_method"] = json!(pm),
                ChargeSource::Token(tok) => body["token"] = json!(tok),
            }
            self.send(
                self.request(Method::POST, "/v1/charges")
                    .header("Idempotency-Key", idempotency_key)
                    .json(&body),
            )
            .await
        })
    }

    fn get_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge> {
        Box::pin(async move {
            let path = format!("/v1/charges/{id}");
            self.send(self.request(Method::GET, &path)).await
        })
    }

    fn cancel_charge<'a>(&'a self, id: &'a str) -> GatewayFuture<'a, GatewayCharge> {
        Box::pin(async move {
            let path = format!("/v1/charges/{id}/cancel");
            self.send(self.request(Method::POST, &path)).await
        })
    }

    fn refund<'a>(
        &'a self,
        charge: &'a str,
        amount: i64,
        idempotency_key: &'a str,
    ) -> GatewayFuture<'a, GatewayRefund> {
        Box::pin(async move {
            self.send(
                self.request(Method::POST, "/v1/refunds")
                    .header("Idempotency-Key", idempotency_key)
                    .json(&json!({"charge": charge, "amount": amount})),
            )
            .await
        })
    }
}
