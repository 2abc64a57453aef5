//! What can go wrong talking to the API, in words a customer can read.

use gloo_net::http::Response;
use portal_api::ApiErrorBody;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;

/// An API call's failure.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer (offline, server down, blocked).
    Network(String),
    /// The server answered with an error: its stable code and message.
    Http {
        status: u16,
        code: String,
        message: String,
    },
    /// The answer could not be read.
    Decode(String),
}

impl ApiError {
    pub(crate) fn network(err: gloo_net::Error) -> Self {
        Self::Network(err.to_string())
    }

    /// The stable error code (`network_error`, `decode_error` or the server's).
    pub fn code(&self) -> &str {
        match self {
            Self::Network(_) => "network_error",
            Self::Http { code, .. } => code,
            Self::Decode(_) => "decode_error",
        }
    }

    /// HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The message for the customer in the portal's locale: the locale's
    /// words for the error's code, else the server's own message.
    pub fn message(&self, t: &crate::i18n::Strings) -> String {
        t.error_message(self.code(), &self.to_string())
    }

    /// True when the customer must log in (again).
    pub fn is_unauthenticated(&self) -> bool {
        self.status() == Some(401)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network(_) => {
                f.write_str("We could not reach the server. Check your connection and try again.")
            }
            Self::Http { message, .. } => f.write_str(message),
            Self::Decode(_) => {
                f.write_str("The server sent an answer we could not read. Please try again.")
            }
        }
    }
}

impl std::error::Error for ApiError {}

/// A body-less answer (204).
#[derive(Deserialize)]
pub(crate) struct Empty {}

/// Turns a response into `T` or the server's error.
pub(crate) async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) {
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        let text = if text.trim().is_empty() {
            "{}"
        } else {
            text.as_str()
        };
        serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
    } else {
        let body = response.json::<ApiErrorBody>().await.ok();
        Err(match body {
            Some(body) => ApiError::Http {
                status,
                code: body.code,
                message: body.message,
            },
            None => ApiError::Http {
                status,
                code: "http_error".into(),
                message: format!("The server answered with an error ({status}). Please try again."),
            },
        })
    }
}
