//! Sign-in names and new passwords, parsed once.

use std::fmt;

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted.
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Longest user name.
pub const MAX_USER_NAME_CHARS: usize = 64;

/// Why a name or a new password is refused. Its text, `field: rule`, is what the
/// command line prints; the API sends the rule as a problem at the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}", self.field(), self.rule())]
pub enum CredentialError {
    /// Empty, too long, or with whitespace or control characters.
    Name,
    /// Too short or too long.
    Password,
}

impl CredentialError {
    /// The field of the request body at fault.
    pub fn field(self) -> &'static str {
        match self {
            CredentialError::Name => "name",
            CredentialError::Password => "password",
        }
    }

    /// The rule broken, without the field.
    pub fn rule(self) -> String {
        match self {
            CredentialError::Name => {
                format!("must be 1 to {MAX_USER_NAME_CHARS} characters without spaces")
            }
            CredentialError::Password => {
                format!("must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
            }
        }
    }
}

/// `text` if `rule` holds for it and its count of characters, else `error`: the one
/// check behind every credential's text.
fn checked(
    text: String,
    error: CredentialError,
    rule: impl FnOnce(&str, usize) -> bool,
) -> Result<String, CredentialError> {
    let count = text.chars().count();
    if rule(&text, count) {
        Ok(text)
    } else {
        Err(error)
    }
}

/// A sign-in name (and the name of an API token, which follows the same rule): 1 to
/// 64 characters, no whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    /// Checks `name` against the rule.
    pub fn parse(name: impl Into<String>) -> Result<UserName, CredentialError> {
        checked(name.into(), CredentialError::Name, |name, count| {
            (1..=MAX_USER_NAME_CHARS).contains(&count)
                && !name.chars().any(|c| c.is_whitespace() || c.is_control())
        })
        .map(UserName)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: 10 to 1,024 characters. Its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Checks `password`'s length.
    pub fn parse(password: impl Into<String>) -> Result<Password, CredentialError> {
        checked(password.into(), CredentialError::Password, |_, count| {
            (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&count)
        })
        .map(Password)
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_to_sixty_four_characters_without_spaces() {
        assert_eq!(
            UserName::parse("li").map(|n| n.to_string()),
            Ok("li".into())
        );
        assert!(UserName::parse("王小明").is_ok());
        assert!(UserName::parse("x".repeat(64)).is_ok());
        for bad in ["", "li wei", "tab\there", "nul\0", &"x".repeat(65)] {
            assert_eq!(UserName::parse(bad), Err(CredentialError::Name), "{bad:?}");
        }
    }

    #[test]
    fn a_password_is_ten_to_1024_characters_and_is_never_printed() {
        assert!(Password::parse("x".repeat(10)).is_ok());
        assert!(Password::parse("密".repeat(1024)).is_ok());
        assert_eq!(
            Password::parse("x".repeat(9)),
            Err(CredentialError::Password)
        );
        assert_eq!(
            Password::parse("x".repeat(1025)),
            Err(CredentialError::Password)
        );
        let password = Password::parse("correct horse").unwrap();
        assert_eq!(password.expose(), "correct horse");
        assert!(!format!("{password:?}").contains("horse"));
    }

    #[test]
    fn the_command_line_text_is_the_field_then_the_rule() {
        assert_eq!(
            CredentialError::Name.to_string(),
            "name: must be 1 to 64 characters without spaces"
        );
        assert_eq!(
            CredentialError::Password.to_string(),
            "password: must be 10 to 1024 characters"
        );
    }
}
