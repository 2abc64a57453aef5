//! [`ApiQuery`]: a query string extractor whose every rejection is the API's
//! `{code, message}` error shape (code `invalid_query`), and [`whole_number`]
//! for the page numbers the list endpoints take.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use portal_api::ErrorCode;
use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;

use crate::error::AppError;

/// Like `axum::extract::Query`, with API errors.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Self(v)),
            Err(rejection) => Err(invalid(rejection.body_text())),
        }
    }
}

/// 400 `invalid_query` with words saying which parameter and why.
pub fn invalid(message: impl Into<String>) -> AppError {
    AppError::bad_request(ErrorCode::InvalidQuery, message)
}

/// `serde(deserialize_with)` for an optional whole number: blank means
/// absent, and only ASCII digits count (`u32::from_str` alone would take
/// `+1`, and a fullwidth `１` must not slip through as a digit either).
pub fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(serde::de::Error::custom("expected a whole number"));
    }
    text.parse()
        .map(Some)
        .map_err(|_| serde::de::Error::custom("the number is too large"))
}

/// `value` (or `default` when absent) if it lies in `min..=max`, else 400
/// `invalid_query` naming the parameter.
pub fn in_range(
    name: &str,
    value: Option<u32>,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, AppError> {
    let n = value.unwrap_or(default);
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(invalid(format!(
            "`{name}` must be a whole number from {min} to {max}."
        )))
    }
}

/// `?page=&per_page=` of a list: page from 1, `per_page` up to
/// [`MAX_PER_PAGE`].
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1-based page (default 1).
    #[serde(default, deserialize_with = "whole_number")]
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Rows a page (default 20, at most 100).
    #[serde(default, deserialize_with = "whole_number")]
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// Default page size of every list.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Largest page size of every list.
pub const MAX_PER_PAGE: u32 = 100;
/// Highest page number asked for.
const MAX_PAGE: u32 = 1_000_000;

impl PageQuery {
    /// `(page, per_page)` checked, with the defaults filled in.
    pub fn checked(self) -> Result<(u32, u32), AppError> {
        Ok((
            in_range("page", self.page, 1, 1, MAX_PAGE)?,
            in_range("per_page", self.per_page, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)?,
        ))
    }
}

/// `?limit=&starting_after=` of a business API list: `limit` up to
/// [`MAX_PER_PAGE`], and the id of the last item of the page before.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CursorQuery {
    /// Items a page (default 20, at most 100).
    #[serde(default, deserialize_with = "whole_number")]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// The id of the last item already seen (the next page starts after it).
    #[serde(default)]
    pub starting_after: Option<String>,
}

impl CursorQuery {
    /// `(limit, starting_after)` checked, with the default filled in and a
    /// blank cursor taken as none.
    pub fn checked(&self) -> Result<(u32, Option<&str>), AppError> {
        let limit = in_range("limit", self.limit, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)?;
        let cursor = self
            .starting_after
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        Ok((limit, cursor))
    }
}
