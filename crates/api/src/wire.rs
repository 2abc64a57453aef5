//! [`wire_enum!`]: a closed set of names sent and stored as plain strings
//! (payment states, error and decline codes), as a Rust enum with an
//! `Unknown` variant, so that a client built before a name was added still
//! reads the answer (`serde(other)`'s job, for an enum without derive).

use std::fmt;

/// A name outside an enum's known set (`FromStr`, `TryFrom<String>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName(pub String);

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown name `{}`", self.0)
    }
}

impl std::error::Error for UnknownName {}

/// Declares a wire enum: each variant with its exact wire name, plus
/// `Unknown` (wire name `unknown`, what any other name reads as). Generates
/// `as_str`, `KNOWN`, `Display`, `FromStr` and `TryFrom<String>` (known
/// names only: for storage, where an unknown name is an error), `From<&str>`
/// (any name: for answers), serde as the plain string and, with the
/// `openapi` feature, a string schema listing the known names.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $vdoc:literal])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )+
            /// A name this build does not know (a newer server's): show the
            /// message that came with it.
            Unknown,
        }

        impl $name {
            /// Every known value (not `Unknown`).
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// The wire names of [`Self::KNOWN`], in the same order (the
            /// declaration order, so a variant's discriminant indexes both).
            const NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire name (`Unknown` is `unknown`).
            pub fn as_str(self) -> &'static str {
                Self::NAMES.get(self as usize).copied().unwrap_or("unknown")
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::wire::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match Self::from(s) {
                    Self::Unknown => Err($crate::wire::UnknownName(s.to_owned())),
                    known => Ok(known),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::wire::UnknownName;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<&str> for $name {
            // The one reading of names (`FromStr` goes through it): no error
            // value is made for a name read as `Unknown`. A search of the
            // names table rather than a `match` on string literals, which
            // compiles to a comparison per name in every client's wasm.
            fn from(s: &str) -> Self {
                $crate::wire::position(Self::NAMES, s)
                    .and_then(|i| Self::KNOWN.get(i).copied())
                    .unwrap_or(Self::Unknown)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let name = String::deserialize(d)?;
                Ok(Self::from(name.as_str()))
            }
        }

        // A string of one of the known names (not `unknown`: no server
        // sends it), each described by its variant's doc.
        #[cfg(feature = "openapi")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($wire),+]))
                    .description(Some(concat!(
                        "One of these names; a client should read any other as unknown.",
                        $( "\n- `", $wire, "`:" $(, $vdoc)* ),+
                    )))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl ::utoipa::ToSchema for $name {
            fn name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(stringify!($name))
            }
        }
    };
}

pub(crate) use wire_enum;

/// Where `name` is in `names`: one copy of the search for every enum read
/// from its wire name.
pub(crate) fn position(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|known| *known == name)
}

/// Reads one of `names` and gives its index: serde's derive for an enum of
/// unit variants, with the same errors, but one copy for every such enum
/// instead of an enum visitor per enum (the SPA's first load reads two).
pub(crate) fn deserialize_name<'de, D: ::serde::Deserializer<'de>>(
    d: D,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    d.deserialize_str(NameVisitor(names))
}

struct NameVisitor(&'static [&'static str]);

impl ::serde::de::Visitor<'_> for NameVisitor {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: ::serde::de::Error>(self, name: &str) -> Result<usize, E> {
        position(self.0, name).ok_or_else(|| E::unknown_variant(name, self.0))
    }
}

#[cfg(test)]
mod tests {
    use crate::{ActivityKind, InvoiceStatus};

    #[test]
    fn named_enums_read_and_write_their_wire_names_and_refuse_others_as_serde_does() {
        for status in InvoiceStatus::ALL {
            let json = format!("\"{}\"", status.as_str());
            assert_eq!(serde_json::to_string(&status).ok(), Some(json.clone()));
            assert_eq!(
                serde_json::from_str::<InvoiceStatus>(&json).ok(),
                Some(status)
            );
        }
        for kind in ActivityKind::ALL {
            let json = format!("\"{}\"", kind.as_str());
            assert_eq!(serde_json::to_string(&kind).ok(), Some(json.clone()));
            assert_eq!(serde_json::from_str::<ActivityKind>(&json).ok(), Some(kind));
        }
        assert_eq!(InvoiceStatus::PartiallyPaid.as_str(), "partially_paid");
        assert_eq!(ActivityKind::DepositReceived.as_str(), "deposit_received");
        let error = serde_json::from_str::<InvoiceStatus>("\"void\"")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "unknown variant `void`, expected one of `open`, `overdue`, \
                 `partially_paid`, `paid` at line 1 column 6"
            )
        );
        // Not a string at all: refused too (serde's derive says "expected
        // value"; this says what it got).
        assert!(serde_json::from_str::<ActivityKind>("3").is_err());
    }

    #[cfg(feature = "openapi")]
    #[test]
    fn wire_enum_schemas_list_the_known_names_with_their_docs() {
        use utoipa::{PartialSchema, ToSchema};

        use crate::{ErrorCode, PaymentStatus};

        let schema = serde_json::to_value(PaymentStatus::schema()).unwrap_or_default();
        assert_eq!(PaymentStatus::name(), "PaymentStatus");
        assert_eq!(schema["type"], "string");
        let names: Vec<&str> = PaymentStatus::KNOWN.iter().map(|s| s.as_str()).collect();
        assert_eq!(schema["enum"], serde_json::json!(names));
        let description = schema["description"].as_str().unwrap_or_default();
        assert!(
            description.contains("- `requires_action`: The card asks for a one-time code"),
            "{description}"
        );
        let codes = serde_json::to_value(ErrorCode::schema()).unwrap_or_default();
        assert_eq!(
            codes["enum"].as_array().map(Vec::len),
            Some(ErrorCode::KNOWN.len()),
            "every code but `unknown`"
        );
    }
}
