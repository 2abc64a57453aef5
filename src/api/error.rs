//! What can go wrong talking to the API, in words a customer can read.

use gloo_net::http::Response;
use portal_api::{ApiErrorBody, DeclineCode, ErrorCode, GatewayCode};
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
        code: ErrorCode,
        message: String,
    },
    /// The gateway refused a code-step call: its code and message.
    Gateway {
        status: u16,
        code: GatewayCode,
        message: String,
    },
    /// The answer could not be read.
    Decode(String),
}

/// What went wrong, as a stable code: the portal's own, the server's, the
/// gateway's code step's, or a card decline. Each locale's words for codes
/// are a `match` on it (`crate::i18n`), so a new code needs words (or an
/// explicit "the server's message") in every locale before it compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The request never got an answer (`network_error`).
    Network,
    /// The answer could not be read (`decode_error`).
    Decode,
    /// The portal server's.
    Api(ErrorCode),
    /// The gateway's, from the code step.
    Gateway(GatewayCode),
    /// Why a card payment did not go through.
    Decline(DeclineCode),
}

impl Code {
    /// The wire name, e.g. `network_error`, `rate_limited`, `incorrect_cvc`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Network => "network_error",
            Self::Decode => "decode_error",
            Self::Api(c) => c.as_str(),
            Self::Gateway(c) => c.as_str(),
            Self::Decline(c) => c.as_str(),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A code read from its wire name: the portal's own, then the server's, the
/// declines and the gateway's; any other name is the server's `Unknown`.
impl From<&str> for Code {
    fn from(name: &str) -> Self {
        match name {
            "network_error" => Self::Network,
            "decode_error" => Self::Decode,
            _ => name
                .parse()
                .map(Self::Api)
                .or_else(|_| name.parse().map(Self::Decline))
                .or_else(|_| name.parse().map(Self::Gateway))
                .unwrap_or(Self::Api(ErrorCode::Unknown)),
        }
    }
}

impl From<ErrorCode> for Code {
    fn from(code: ErrorCode) -> Self {
        Self::Api(code)
    }
}

impl From<DeclineCode> for Code {
    fn from(code: DeclineCode) -> Self {
        Self::Decline(code)
    }
}

impl From<&DeclineCode> for Code {
    fn from(code: &DeclineCode) -> Self {
        Self::Decline(*code)
    }
}

impl PartialEq<ErrorCode> for Code {
    fn eq(&self, other: &ErrorCode) -> bool {
        *self == Self::Api(*other)
    }
}

/// Compares the wire name: tests and logs read codes as text.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl ApiError {
    pub(crate) fn network(err: gloo_net::Error) -> Self {
        Self::Network(err.to_string())
    }

    /// The stable error code (`network_error`, `decode_error`, the server's
    /// or the gateway's).
    pub fn code(&self) -> Code {
        match self {
            Self::Network(_) => Code::Network,
            Self::Http { code, .. } => Code::Api(*code),
            Self::Gateway { code, .. } => Code::Gateway(*code),
            Self::Decode(_) => Code::Decode,
        }
    }

    /// HTTP status, when the server or the gateway answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Http { status, .. } | Self::Gateway { status, .. } => Some(*status),
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
            Self::Http { message, .. } | Self::Gateway { message, .. } => f.write_str(message),
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

/// The body of a successful answer (`{}` for an empty one, 204), or the
/// server's error.
pub(crate) async fn body(response: Response) -> Result<String, ApiError> {
    let status = response.status();
    if (200..300).contains(&status) {
        let text = response
            .text()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()))?;
        Ok(if text.trim().is_empty() {
            "{}".to_string()
        } else {
            text
        })
    } else {
        let body = response.json::<ApiErrorBody>().await.ok();
        Err(match body {
            Some(body) => ApiError::Http {
                status,
                code: body.code,
                message: body.message,
            },
            // Not the API's error shape (a proxy's page): no code to go by.
            None => ApiError::Http {
                status,
                code: ErrorCode::Unknown,
                message: format!("The server answered with an error ({status}). Please try again."),
            },
        })
    }
}

/// Reads a successful answer's body as `T`.
pub(crate) fn parse<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(decode_error)
}

fn decode_error(err: serde_json::Error) -> ApiError {
    ApiError::Decode(err.to_string())
}
