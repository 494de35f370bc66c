//! The client's address behind trusted proxies (`--trusted-proxy CIDR`,
//! `PLANNER_TRUSTED_PROXIES`): `X-Forwarded-For` — or, when a request has none,
//! `Forwarded` — is read only when the connection comes from a trusted proxy, and then
//! the client is the rightmost address in it that is not itself a trusted proxy. Any
//! other request's client is the socket's peer, whatever its headers say.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use actix_web::http::header::{self, HeaderMap};
use ipnet::IpNet;

/// The environment variable naming the trusted proxies, comma-separated.
pub const TRUSTED_PROXIES_ENV: &str = "PLANNER_TRUSTED_PROXIES";

/// The proxies whose forwarding headers are believed: address ranges in CIDR notation
/// (a bare address is a range of one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A range that is neither CIDR notation nor an address.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{0}` is not an address range: write it in CIDR notation, such as 10.0.0.0/8, 127.0.0.1/32 or ::1/128"
)]
pub struct BadRange(String);

/// One range, `ADDRESS/BITS` or a bare address.
pub fn parse_range(text: &str) -> Result<IpNet, BadRange> {
    let text = text.trim();
    IpNet::from_str(text)
        .or_else(|_| IpAddr::from_str(text).map(IpNet::from))
        .map_err(|_| BadRange(text.to_owned()))
}

impl TrustedProxies {
    /// These ranges.
    pub fn new(ranges: Vec<IpNet>) -> TrustedProxies {
        TrustedProxies(ranges)
    }

    /// The ranges of a comma-separated list, as `PLANNER_TRUSTED_PROXIES` gives them;
    /// empty items are ignored.
    pub fn parse_list(list: &str) -> Result<TrustedProxies, BadRange> {
        list.split(',')
            .filter(|item| !item.trim().is_empty())
            .map(parse_range)
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The ranges.
    pub fn ranges(&self) -> &[IpNet] {
        &self.0
    }

    /// Whether `address` is one of the trusted proxies.
    pub(crate) fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|range| range.contains(&address))
    }

    /// The client of a request that came from `peer` with `headers`: `peer` itself
    /// unless it is trusted; else the rightmost forwarded address that is not trusted
    /// (the leftmost when every one is). An entry that is not an address stops the walk
    /// and is the client as written, so a forged entry only ever names its sender.
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> String {
        let Some(peer) = peer else {
            return String::new();
        };
        if !self.trusts(peer) {
            return canonical(peer).to_string();
        }
        let hops = forwarded_hops(headers);
        let mut client = canonical(peer).to_string();
        for hop in hops.iter().rev() {
            match parse_hop(hop) {
                Some(address) if self.trusts(address) => client = canonical(address).to_string(),
                Some(address) => return canonical(address).to_string(),
                None => return hop.chars().take(64).collect(),
            }
        }
        client
    }

    /// [`TrustedProxies::client`] of an actix request.
    pub fn client_of(&self, request: &HttpRequest) -> String {
        self.client(
            request.peer_addr().map(|address| address.ip()),
            request.headers(),
        )
    }
}

/// An IPv4 address mapped into IPv6 is the IPv4 address.
pub(crate) fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarded addresses, first hop first: every `X-Forwarded-For` line in order
/// (a proxy may add a line of its own rather than append), or every `for=` of the
/// `Forwarded` lines when there is no `X-Forwarded-For`.
fn forwarded_hops(headers: &HeaderMap) -> Vec<String> {
    let lines = |name| {
        headers
            .get_all(name)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect::<Vec<_>>()
    };
    let forwarded_for = lines(header::X_FORWARDED_FOR);
    if !forwarded_for.is_empty() {
        return forwarded_for
            .iter()
            .flat_map(|line| line.split(','))
            .map(|hop| hop.trim().to_owned())
            .filter(|hop| !hop.is_empty())
            .collect();
    }
    lines(header::FORWARDED)
        .iter()
        .flat_map(|line| line.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| value.trim().trim_matches('"').to_owned())
            })
        })
        .collect()
}

/// The address of one hop: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]` or `[::1]:5678`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = IpAddr::from_str(hop) {
        return Some(address);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return IpAddr::from_str(rest.split(']').next()?).ok();
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    std::net::Ipv4Addr::from_str(host).ok().map(IpAddr::V4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in lines {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn ranges_are_cidr_or_bare_addresses_and_anything_else_is_named() {
        let trusted = TrustedProxies::parse_list("10.0.0.0/8, 127.0.0.1,::1/128,").unwrap();
        assert_eq!(trusted.ranges().len(), 3);
        assert!(trusted.trusts("10.20.30.40".parse().unwrap()));
        assert!(trusted.trusts("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!trusted.trusts("127.0.0.2".parse().unwrap()));
        let error = TrustedProxies::parse_list("10.0.0.0/33").unwrap_err();
        assert!(error.to_string().contains("`10.0.0.0/33`"), "{error}");
        assert!(TrustedProxies::parse_list("proxy.example").is_err());
        assert!(TrustedProxies::parse_list("").unwrap().is_empty());
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let forged = headers(&[
            ("x-forwarded-for", "198.51.100.7"),
            ("forwarded", "for=198.51.100.8"),
        ]);
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("203.0.113.9"), &forged), "203.0.113.9");
        let trusted = TrustedProxies::parse_list("127.0.0.1").unwrap();
        assert_eq!(trusted.client(ip("203.0.113.9"), &forged), "203.0.113.9");
        assert_eq!(trusted.client(None, &forged), "");
    }

    /// Asserts that behind the proxies `trusted`, a request the proxy at 127.0.0.1
    /// passes on with the header lines `sent` comes from `client`.
    fn check(trusted: &str, sent: &[(&'static str, &'static str)], client: &str) {
        let trusted = TrustedProxies::parse_list(trusted).unwrap();
        let found = trusted.client(ip("127.0.0.1"), &headers(sent));
        assert_eq!(found, client, "{sent:?}");
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_hop() {
        let trusted = "127.0.0.1/32,10.0.0.0/8";
        // The client forged the first entry; the proxy appended the real address.
        let appended = [("x-forwarded-for", "198.51.100.7, 203.0.113.9")];
        check(trusted, &appended, "203.0.113.9");
        // HAProxy adds a line of its own after the client's.
        let added = [
            ("x-forwarded-for", "198.51.100.7"),
            ("x-forwarded-for", "203.0.113.9, 10.1.2.3"),
        ];
        check(trusted, &added, "203.0.113.9");
        check(
            trusted,
            &[("x-forwarded-for", "10.9.9.9, 10.1.2.3")],
            "10.9.9.9",
        );
        check(trusted, &[], "127.0.0.1");
        let garbage = [("x-forwarded-for", "198.51.100.7, not-an-address")];
        check(trusted, &garbage, "not-an-address");
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let trusted = "127.0.0.1";
        let forwarded = [(
            "forwarded",
            "for=198.51.100.7;proto=https, for=\"[2001:db8::1]:4711\";by=127.0.0.1",
        )];
        check(trusted, &forwarded, "2001:db8::1");
        check(
            trusted,
            &[("forwarded", "for=203.0.113.9:5555")],
            "203.0.113.9",
        );
        let both = [
            ("forwarded", "for=198.51.100.7"),
            ("x-forwarded-for", "203.0.113.9"),
        ];
        check(trusted, &both, "203.0.113.9");
    }
}
