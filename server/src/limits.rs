//! Sign-in and setup limits, counted in the database ([`crate::storage::attempts`]) so
//! that every instance on one database enforces them together: the sixth failed
//! sign-in to an account within a minute is refused whichever instance answers. Limits
//! per account are global; limits per client address use the address the trusted
//! proxy saw ([`crate::client_address`]).

use crate::error::ApiError;
use crate::storage::Store;

/// Failed sign-in attempts allowed per account per minute.
pub const SIGN_INS_PER_ACCOUNT_PER_MINUTE: u32 = 5;
/// Failed sign-in and setup attempts allowed per client address per minute.
pub const SIGN_INS_PER_ADDRESS_PER_MINUTE: u32 = 20;
/// The window the limits count in.
pub const WINDOW_SECONDS: i64 = 60;

/// What is being attempted.
#[derive(Debug, Clone, Copy)]
pub enum Attempt<'a> {
    /// Signing in to the account named.
    SignIn {
        /// The name given, as given.
        account: &'a str,
    },
    /// Redeeming a first-start link: it names no account, so strangers' guesses count
    /// against their own address and cannot lock the real link out for everyone.
    Setup,
}

/// The attempt's rows, counted until [`Counted::forget`] (a success) removes them.
#[must_use = "a successful attempt must be forgotten, or it counts as a failure"]
#[derive(Debug)]
pub struct Counted {
    ids: Vec<i64>,
}

impl Counted {
    /// The attempt succeeded: it no longer counts against any limit.
    pub async fn forget(self, store: &Store) -> Result<(), ApiError> {
        Ok(store.forget_attempts(&self.ids).await?)
    }
}

/// Counts one attempt from `address` (and against the account, for a sign-in); 429
/// with `Retry-After` when it goes beyond a limit, in which case it does not count.
pub async fn count(
    store: &Store,
    attempt: Attempt<'_>,
    address: &str,
) -> Result<Counted, ApiError> {
    let mut limits = vec![(
        format!("address:{address}"),
        SIGN_INS_PER_ADDRESS_PER_MINUTE,
        "from this address",
    )];
    if let Attempt::SignIn { account } = attempt {
        // The name as typed, hashed: any text (a NUL, which PostgreSQL's text refuses,
        // or a megabyte) makes a key of one size, and no name is kept in the table.
        limits.push((
            format!("account:{}", crate::auth::secret_hash(account)),
            SIGN_INS_PER_ACCOUNT_PER_MINUTE,
            "for this account",
        ));
    }
    let window = WINDOW_SECONDS * 1000;
    let now = chrono::Utc::now().timestamp_millis();
    let keys: Vec<String> = limits.iter().map(|(key, _, _)| key.clone()).collect();
    let counted = Counted {
        ids: store.record_attempts(&keys, now, now - window).await?,
    };
    for (key, allowed, what) in &limits {
        let (attempts, earliest) = store.attempts_since(key, now - window + 1).await?;
        if attempts > i64::from(*allowed) {
            counted.forget(store).await?;
            let wait_ms = earliest.map_or(window, |earliest| earliest + window - now);
            let wait = u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1);
            return Err(ApiError::TooManyRequests {
                detail: format!(
                    "too many failed sign-in attempts {what}; wait {wait} seconds and try again"
                ),
                retry_after: wait,
            });
        }
    }
    Ok(counted)
}
