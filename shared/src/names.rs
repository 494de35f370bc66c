//! Stable names: enums whose values are written as fixed strings in the API, in saved
//! files and on the command line, declared once with [`string_enum!`](crate::string_enum),
//! and the one way to say which values are allowed ("a, b or c").

/// "a", "a or b", "a, b or c": the allowed values of a name, as every message that
/// lists them writes them.
pub fn one_of<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    let names: Vec<S> = names.into_iter().collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}

/// Why a text is not one of a name's allowed values: "unknown objective `x`: use
/// enterprises, attainment or min-cost".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} `{given}`: use {allowed}")]
pub struct UnknownName {
    /// What kind of name (`objective`, `programme`, …).
    pub what: &'static str,
    /// What was given.
    pub given: String,
    /// Every allowed value, as [`one_of`] writes them.
    pub allowed: String,
}

impl UnknownName {
    /// The error for `given`, which is none of `allowed`.
    pub fn new<S: AsRef<str>>(
        what: &'static str,
        given: &str,
        allowed: impl IntoIterator<Item = S>,
    ) -> UnknownName {
        UnknownName {
            what,
            given: given.to_owned(),
            allowed: one_of(allowed),
        }
    }
}

/// Declares an enum of stable names: each variant is written as its string, in JSON and
/// by `Display`, and read back by `FromStr` (whose error, an [`UnknownName`], lists
/// every allowed value), `parse` and serde.
///
/// A variant may carry its name for people, `Red = "red" ("红", "red")`; the enum then
/// has `name()`, a [`crate::plan::Text`] of the two. Each variant's documentation ends
/// with its stable name. Attributes before `pub enum` and before each variant are kept, so a crate can add
/// its own derives (`#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]`, a
/// sea-orm active enum, …). The enum derives `Debug`, `Clone`, `Copy`, `PartialEq`,
/// `Eq`, `Hash`, `PartialOrd` and `Ord` itself, and orders as declared.
///
/// ```
/// shared::string_enum! {
///     /// A colour.
///     pub enum Colour("colour") {
///         /// Red.
///         Red = "red",
///         /// Dark blue.
///         DarkBlue = "dark-blue",
///     }
/// }
/// assert_eq!("dark-blue".parse::<Colour>(), Ok(Colour::DarkBlue));
/// assert_eq!(
///     "green".parse::<Colour>().unwrap_err().to_string(),
///     "unknown colour `green`: use red or dark-blue"
/// );
/// ```
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal ($zh:literal, $en:literal)),+ $(,)?
        }
    ) => {
        $crate::string_enum! {
            $(#[$meta])*
            $vis enum $name ($what) {
                $($(#[$vmeta])* $variant = $text),+
            }
        }

        impl $name {
            /// The value's name for people, in both languages.
            pub fn name(self) -> $crate::plan::Text {
                match self {
                    $(Self::$variant => $crate::plan::Text { zh: $zh, en: $en }),+
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $text, "`")] $variant),+
        }

        impl $name {
            /// Every value, in the declared order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// How many values there are.
            pub const COUNT: usize = Self::ALL.len();

            /// The stable name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// Reads a stable name; `None` when `text` is not one (`FromStr` says why).
            pub fn parse(text: &str) -> ::core::option::Option<Self> {
                match text {
                    $($text => ::core::option::Option::Some(Self::$variant),)+
                    _ => ::core::option::Option::None,
                }
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// Every allowed name, as "a, b or c".
            pub fn allowed() -> ::std::string::String {
                $crate::names::one_of([$($text),+])
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::names::UnknownName;

            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::parse(text).ok_or_else(|| $crate::names::UnknownName {
                    what: $what,
                    given: text.to_owned(),
                    allowed: Self::allowed(),
                })
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                let text =
                    <::std::borrow::Cow<'de, str> as $crate::serde::Deserialize>::deserialize(
                        deserializer,
                    )?;
                text.parse().map_err(<D::Error as $crate::serde::de::Error>::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_values_read_as_a_list_ending_in_or() {
        assert_eq!(one_of(Vec::<&str>::new()), "");
        assert_eq!(one_of(["zh"]), "zh");
        assert_eq!(one_of(["zh", "en"]), "zh or en");
        assert_eq!(one_of(["a", "b", "c"]), "a, b or c");
        assert_eq!(
            one_of(vec!["a".to_owned(), "b".to_owned()]),
            "a or b",
            "owned names read the same"
        );
    }

    crate::string_enum! {
        /// A test enum.
        #[allow(dead_code)]
        pub enum Colour("colour") {
            /// Red.
            Red = "red",
            DarkBlue = "dark-blue",
            Green = "green",
        }
    }

    #[test]
    fn a_string_enum_round_trips_through_every_form_and_lists_its_values_when_refusing() {
        for (i, colour) in Colour::ALL.iter().enumerate() {
            assert_eq!(colour.index(), i);
            assert_eq!(colour.as_str().parse::<Colour>(), Ok(*colour));
            assert_eq!(Colour::parse(&colour.to_string()), Some(*colour));
            let json = serde_json::to_string(colour).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", colour.as_str()));
            assert_eq!(serde_json::from_str::<Colour>(&json).ok(), Some(*colour));
        }
        assert_eq!(Colour::COUNT, 3);
        assert!(Colour::Red < Colour::Green);
        let refused = "Red".parse::<Colour>().unwrap_err();
        assert_eq!(
            refused.to_string(),
            "unknown colour `Red`: use red, dark-blue or green"
        );
        let json = serde_json::from_str::<Colour>("\"blue\"").unwrap_err();
        assert!(
            json.to_string()
                .starts_with("unknown colour `blue`: use red, dark-blue or green"),
            "{json}"
        );
    }
}
