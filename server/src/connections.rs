//! The cap on open connections: at most [`ConnectionLimits::overall`] at once, and at
//! most [`ConnectionLimits::per_address`] from one client address, so that one client
//! cannot take every connection (and file descriptor) the server has.
//!
//! Every accepted connection is counted from accept to close ([`Slot`], kept with the
//! connection and dropped with it). A connection over a cap is still accepted, so that
//! its client hears why: every request on it is answered — 429 with `Retry-After` when
//! its address has too many, 503 when the server has — and the connection is closed.
//! A connection that sends nothing is closed by the header timeout (5 s).
//!
//! Behind a load balancer every connection comes from the balancer, so trusted proxies
//! (`--trusted-proxy`) are not held to the per-address cap, only to the overall one;
//! capping each client is then the balancer's job (`docs/deploy.md`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::dev::ServiceRequest;

use crate::client_address::TrustedProxies;
use crate::error::ApiError;

/// Open connections allowed at once, by default.
pub const DEFAULT_MAX_CONNECTIONS: usize = 800;
/// Open connections allowed from one client address at once, by default.
pub const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS: usize = 100;
/// The environment variables that set them.
pub const MAX_CONNECTIONS_ENV: &str = "PLANNER_MAX_CONNECTIONS";
/// See [`MAX_CONNECTIONS_ENV`].
pub const MAX_CONNECTIONS_PER_ADDRESS_ENV: &str = "PLANNER_MAX_CONNECTIONS_PER_ADDRESS";
/// The `Retry-After` of a refusal, in seconds.
const RETRY_SECONDS: u64 = 1;

/// The caps; both at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at once.
    pub overall: usize,
    /// Open connections from one client address at once.
    pub per_address: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            overall: DEFAULT_MAX_CONNECTIONS,
            per_address: DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
        }
    }
}

#[derive(Debug, Default)]
struct Open {
    overall: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// The count of open connections, shared by every worker.
#[derive(Debug, Clone)]
pub struct Connections {
    limits: ConnectionLimits,
    trusted: TrustedProxies,
    open: Arc<Mutex<Open>>,
}

/// Which cap a connection is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Over {
    Overall(usize),
    PerAddress(usize),
}

/// One open connection, counted until it is dropped with the connection.
#[derive(Debug)]
pub struct Slot {
    open: Arc<Mutex<Open>>,
    address: Option<IpAddr>,
    over: Option<Over>,
}

impl Connections {
    /// Counting against `limits`; `trusted` proxies are held to the overall cap only.
    pub fn new(limits: ConnectionLimits, trusted: TrustedProxies) -> Connections {
        Connections {
            limits,
            trusted,
            open: Arc::default(),
        }
    }

    /// Counts a connection just accepted from `peer`, and decides whether it is over a
    /// cap.
    pub fn admit(&self, peer: Option<IpAddr>) -> Slot {
        let address = peer.map(crate::client_address::canonical);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.overall += 1;
        let from_address = address.map(|address| {
            let count = open.by_address.entry(address).or_default();
            *count += 1;
            *count
        });
        let capped_address = address.is_some_and(|address| !self.trusted.trusts(address));
        let over = if open.overall > self.limits.overall {
            Some(Over::Overall(self.limits.overall))
        } else if capped_address && from_address.unwrap_or(0) > self.limits.per_address {
            Some(Over::PerAddress(self.limits.per_address))
        } else {
            None
        };
        Slot {
            open: Arc::clone(&self.open),
            address,
            over,
        }
    }

    /// How many connections are open now.
    pub fn open(&self) -> usize {
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .overall
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.overall = open.overall.saturating_sub(1);
        if let Some(address) = self.address
            && let Some(count) = open.by_address.get_mut(&address)
        {
            *count -= 1;
            if *count == 0 {
                open.by_address.remove(&address);
            }
        }
    }
}

impl Slot {
    /// The refusal every request on this connection gets, if it is over a cap.
    pub fn refusal(&self) -> Option<ApiError> {
        self.over.map(|over| match over {
            Over::Overall(limit) => ApiError::Unavailable(format!(
                "the server has its limit of {limit} open connections; try again in a moment"
            )),
            Over::PerAddress(limit) => ApiError::TooManyRequests {
                detail: format!(
                    "too many open connections from this address (the limit is {limit}); close some and try again"
                ),
                retry_after: RETRY_SECONDS,
            },
        })
    }
}

/// The refusal for the connection `request` came on, if it is over a cap.
pub fn refusal(request: &ServiceRequest) -> Option<ApiError> {
    request.conn_data::<Slot>().and_then(Slot::refusal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn each_address_has_its_own_cap_and_a_closed_connection_frees_its_place() {
        let connections = Connections::new(
            ConnectionLimits {
                overall: 10,
                per_address: 2,
            },
            TrustedProxies::default(),
        );
        let first = connections.admit(ip("10.0.0.1"));
        let _second = connections.admit(ip("10.0.0.1"));
        let third = connections.admit(ip("10.0.0.1"));
        assert!(first.refusal().is_none());
        assert!(matches!(
            third.refusal(),
            Some(ApiError::TooManyRequests { .. })
        ));
        assert!(connections.admit(ip("10.0.0.2")).refusal().is_none());
        drop(third);
        drop(first);
        assert!(connections.admit(ip("10.0.0.1")).refusal().is_none());
        // An IPv4 address mapped into IPv6 is the same address.
        let _mapped = connections.admit(ip("::ffff:10.0.0.1"));
        assert!(connections.admit(ip("10.0.0.1")).refusal().is_some());
    }

    #[test]
    fn a_trusted_proxy_is_held_to_the_overall_cap_only() {
        let connections = Connections::new(
            ConnectionLimits {
                overall: 3,
                per_address: 1,
            },
            TrustedProxies::parse_list("10.0.0.9/32").unwrap(),
        );
        let kept: Vec<Slot> = (0..3).map(|_| connections.admit(ip("10.0.0.9"))).collect();
        assert!(kept.iter().all(|slot| slot.refusal().is_none()));
        assert!(matches!(
            connections.admit(ip("10.0.0.9")).refusal(),
            Some(ApiError::Unavailable(_))
        ));
        assert_eq!(connections.open(), 3);
        drop(kept);
        assert_eq!(connections.open(), 0);
    }
}
