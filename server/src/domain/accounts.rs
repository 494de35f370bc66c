//! What an admin may do to a user account, and what an account's state lets its
//! credentials do. Decided on the account as the write's transaction (or the request)
//! reads it; the store applies the decision.

use api::Role;

/// An account's state, as far as these rules look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    /// The account's role.
    pub role: Role,
    /// Whether an admin disabled it.
    pub disabled: bool,
    /// Whether the user must set a new password before signing in.
    pub must_change_password: bool,
}

/// What an admin does to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountChange {
    /// No sign-in, no session, none of the tokens they created.
    Disable,
    /// Undoes [`AccountChange::Disable`].
    Enable,
    /// Gives the account this role.
    Role(Role),
    /// Sets this Argon2id hash of a temporary password, which the user must replace at
    /// their next sign-in.
    ResetPassword(String),
    /// Ends every session of the account.
    EndSessions,
    /// Deletes the account: its sessions end and its tokens are revoked; the audit log
    /// keeps its entries, which name the user.
    Delete,
}

impl AccountChange {
    /// The audit log's action.
    pub fn action(&self) -> &'static str {
        match self {
            AccountChange::Disable => "user.disable",
            AccountChange::Enable => "user.enable",
            AccountChange::Role(_) => "user.role",
            AccountChange::ResetPassword(_) => "user.password-reset",
            AccountChange::EndSessions => "user.sessions-end",
            AccountChange::Delete => "user.delete",
        }
    }

    /// What the change is called in a refusal.
    fn described(&self) -> &'static str {
        match self {
            AccountChange::Disable => "disabling",
            AccountChange::Role(_) => "demoting",
            AccountChange::Delete => "deleting",
            _ => "changing",
        }
    }

    /// Whether the change ends the account's sessions (a password reset does: the old
    /// password's sessions must not outlive it).
    pub fn ends_sessions(&self) -> bool {
        matches!(
            self,
            AccountChange::Disable
                | AccountChange::ResetPassword(_)
                | AccountChange::EndSessions
                | AccountChange::Delete
        )
    }

    /// The account after the change (`None` once deleted).
    pub fn applied(&self, account: Account) -> Option<Account> {
        let mut after = account;
        match self {
            AccountChange::Disable => after.disabled = true,
            AccountChange::Enable => after.disabled = false,
            AccountChange::Role(role) => after.role = *role,
            AccountChange::ResetPassword(_) => after.must_change_password = true,
            AccountChange::EndSessions => {}
            AccountChange::Delete => return None,
        }
        Some(after)
    }
}

/// Why an account change or a sign-in is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The change would leave no enabled admin.
    #[error(
        "`{name}` is the last enabled admin: {what} them would leave nobody to manage users; make another user an admin first"
    )]
    LastAdmin {
        /// The account.
        name: String,
        /// `disabling`, `demoting` or `deleting`.
        what: &'static str,
    },
    /// The account is disabled.
    #[error("the account `{0}` is disabled; ask an admin to enable it")]
    Disabled(String),
    /// The password was reset: a new one must be set first.
    #[error(
        "the password of `{0}` was reset by an admin: set a new one with POST /api/v1/auth/password (name, password, new_password)"
    )]
    PasswordChangeRequired(String),
}

/// Whether an admin may make `change` to the account `name`, given how many other
/// enabled admins exist: the last enabled admin cannot be disabled, demoted or deleted.
pub fn check_change(
    name: &str,
    account: Account,
    change: &AccountChange,
    other_enabled_admins: u64,
) -> Result<(), AccountError> {
    let admin_now = account.role == Role::Admin && !account.disabled;
    let admin_after = change
        .applied(account)
        .is_some_and(|after| after.role == Role::Admin && !after.disabled);
    if admin_now && !admin_after && other_enabled_admins == 0 {
        return Err(AccountError::LastAdmin {
            name: name.to_owned(),
            what: change.described(),
        });
    }
    Ok(())
}

/// Whether the account `name` may sign in (with the right password) and its sessions
/// work: not while disabled, nor while its password must be changed.
pub fn check_sign_in(name: &str, account: Account) -> Result<(), AccountError> {
    if account.disabled {
        Err(AccountError::Disabled(name.to_owned()))
    } else if account.must_change_password {
        Err(AccountError::PasswordChangeRequired(name.to_owned()))
    } else {
        Ok(())
    }
}

/// Who created an API token, as far as its authority goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCreator {
    /// The command line or another token: the token's own role holds.
    Operator,
    /// A user, as the account is now.
    User(Account),
    /// A user who no longer exists.
    Deleted,
}

/// The role a token acts with: a token acts for the user who created it, so it works
/// only while that account is enabled and never with more than the account's role
/// now. `None`: refused.
pub fn token_role(token: Role, creator: TokenCreator) -> Option<Role> {
    match creator {
        TokenCreator::Operator => Some(token),
        TokenCreator::User(account) if !account.disabled => Some(token.min(account.role)),
        TokenCreator::User(_) | TokenCreator::Deleted => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: Account = Account {
        role: Role::Admin,
        disabled: false,
        must_change_password: false,
    };

    fn every_change() -> Vec<AccountChange> {
        let mut changes = vec![
            AccountChange::Disable,
            AccountChange::Enable,
            AccountChange::ResetPassword("hash".into()),
            AccountChange::EndSessions,
            AccountChange::Delete,
        ];
        changes.extend(Role::ALL.iter().map(|&role| AccountChange::Role(role)));
        changes
    }

    #[test]
    fn the_last_enabled_admin_cannot_be_disabled_demoted_or_deleted() {
        for change in every_change() {
            let removes = matches!(change, AccountChange::Disable | AccountChange::Delete)
                || matches!(change, AccountChange::Role(role) if role != Role::Admin);
            let alone = check_change("root", ADMIN, &change, 0);
            if removes {
                let error = alone.unwrap_err();
                assert!(
                    error
                        .to_string()
                        .contains("`root` is the last enabled admin"),
                    "{error}"
                );
            } else {
                assert_eq!(alone, Ok(()), "{change:?}");
            }
            assert_eq!(
                check_change("root", ADMIN, &change, 1),
                Ok(()),
                "{change:?}"
            );
        }
    }

    #[test]
    fn other_accounts_change_freely_even_with_no_admin_left() {
        let disabled_admin = Account {
            disabled: true,
            ..ADMIN
        };
        let planner = Account {
            role: Role::Planner,
            ..ADMIN
        };
        for account in [disabled_admin, planner] {
            for change in every_change() {
                assert_eq!(check_change("x", account, &change, 0), Ok(()), "{change:?}");
            }
        }
    }

    #[test]
    fn a_disabled_or_reset_account_does_not_sign_in() {
        assert_eq!(check_sign_in("li", ADMIN), Ok(()));
        let disabled = Account {
            disabled: true,
            must_change_password: true,
            ..ADMIN
        };
        assert_eq!(
            check_sign_in("li", disabled),
            Err(AccountError::Disabled("li".into()))
        );
        let reset = Account {
            must_change_password: true,
            ..ADMIN
        };
        assert_eq!(
            check_sign_in("li", reset),
            Err(AccountError::PasswordChangeRequired("li".into()))
        );
    }

    #[test]
    fn a_token_acts_with_at_most_its_creators_role_while_they_are_enabled() {
        let planner = Account {
            role: Role::Planner,
            ..ADMIN
        };
        assert_eq!(
            token_role(Role::Admin, TokenCreator::Operator),
            Some(Role::Admin)
        );
        assert_eq!(
            token_role(Role::Admin, TokenCreator::User(ADMIN)),
            Some(Role::Admin)
        );
        assert_eq!(
            token_role(Role::Admin, TokenCreator::User(planner)),
            Some(Role::Planner)
        );
        assert_eq!(
            token_role(Role::Viewer, TokenCreator::User(planner)),
            Some(Role::Viewer)
        );
        let disabled = Account {
            disabled: true,
            ..ADMIN
        };
        assert_eq!(token_role(Role::Viewer, TokenCreator::User(disabled)), None);
        assert_eq!(token_role(Role::Viewer, TokenCreator::Deleted), None);
    }
}
