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
/// (any name: for answers), and serde as the plain string.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A name this build does not know (a newer server's): show the
            /// message that came with it.
            Unknown,
        }

        impl $name {
            /// Every known value (not `Unknown`).
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),+];

            /// The wire name (`Unknown` is `unknown`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown => "unknown",
                }
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
            // The one match on names (`FromStr` goes through it): no error
            // value is made for a name read as `Unknown`.
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    _ => Self::Unknown,
                }
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
    };
}

pub(crate) use wire_enum;
