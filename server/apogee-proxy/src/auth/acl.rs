//! ACL entries and how a request is decided, after RocketMQ 5's ACL 2.0: an entry names a
//! resource (`Topic:orders`, `Topic:order-*`, `Topic:*`, `Group:billing`, `Cluster:*`, `*`),
//! actions, a decision and optionally the client addresses it applies to.
//!
//! Of the entries that match a request's resource, action and address, the most specific one
//! decides: a named type before `*`, a literal name before a prefix before any name of the
//! type, a longer prefix before a shorter one; between equally specific entries Deny wins.
//! No matching entry: denied.

use std::net::IpAddr;

/// What a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceType {
    /// `*`: every resource.
    Any,
    Cluster,
    Topic,
    Group,
}

/// How an entry names resources of its type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// `Topic:*`
    Any,
    /// `Topic:order-*`
    Prefix(String),
    /// `Topic:orders`
    Literal(String),
}

/// A resource pattern of an ACL entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourcePattern {
    pub kind: ResourceType,
    pub pattern: Pattern,
}

/// A resource a request touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource<'a> {
    pub kind: ResourceType,
    pub name: &'a str,
}

impl<'a> Resource<'a> {
    pub fn topic(name: &'a str) -> Self {
        Self {
            kind: ResourceType::Topic,
            name,
        }
    }

    /// A group; its retry and dead-letter topics are the group's.
    pub fn group(name: &'a str) -> Self {
        Self {
            kind: ResourceType::Group,
            name,
        }
    }

    pub fn cluster() -> Self {
        Self {
            kind: ResourceType::Cluster,
            name: "",
        }
    }
}

/// What a request does to a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Pub,
    Sub,
    Create,
    Update,
    Delete,
    Get,
    List,
    /// In an entry: every action.
    All,
}

impl Action {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "pub" => Action::Pub,
            "sub" => Action::Sub,
            "create" => Action::Create,
            "update" => Action::Update,
            "delete" => Action::Delete,
            "get" => Action::Get,
            "list" => Action::List,
            "all" => Action::All,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Pub => "Pub",
            Action::Sub => "Sub",
            Action::Create => "Create",
            Action::Update => "Update",
            Action::Delete => "Delete",
            Action::Get => "Get",
            Action::List => "List",
            Action::All => "All",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

/// A client address or a CIDR range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpRange {
    net: IpAddr,
    prefix: u8,
    text: String,
}

impl IpRange {
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let net: IpAddr = addr
            .parse()
            .map_err(|_| format!("{s:?} is not an IP address or CIDR range"))?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{s:?} has a bad prefix length"))?,
            None => max,
        };
        Ok(Self {
            net,
            prefix,
            text: s.to_owned(),
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let (net, ip, bits) = match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => (u32::from(n).into(), u32::from(i).into(), 32),
            (IpAddr::V6(n), IpAddr::V6(i)) => (u128::from(n), u128::from(i), 128),
            _ => return false,
        };
        let shift = bits - u32::from(self.prefix);
        shift >= 128 || (net >> shift) == (ip >> shift)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// One ACL entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub resource: ResourcePattern,
    pub actions: Vec<Action>,
    pub decision: Decision,
    /// Empty: any client address.
    pub source_ips: Vec<IpRange>,
}

impl ResourcePattern {
    /// Parses `*`, `Topic:*`, `Topic:order-*` or `Topic:orders` (types: Topic, Group,
    /// Cluster; case-insensitive).
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s == "*" {
            return Ok(Self {
                kind: ResourceType::Any,
                pattern: Pattern::Any,
            });
        }
        let (kind, name) = s
            .split_once(':')
            .ok_or_else(|| format!("resource {s:?} is not `Type:name` or `*`"))?;
        let kind = match kind.to_ascii_lowercase().as_str() {
            "topic" => ResourceType::Topic,
            "group" => ResourceType::Group,
            "cluster" => ResourceType::Cluster,
            _ => {
                return Err(format!(
                    "resource type {kind:?} is not Topic, Group or Cluster"
                ));
            }
        };
        let pattern = match name.split_once('*') {
            _ if name.is_empty() => return Err(format!("resource {s:?} names nothing")),
            Some(("", "")) => Pattern::Any,
            Some((prefix, "")) => Pattern::Prefix(prefix.to_owned()),
            Some(_) => return Err(format!("resource {s:?}: '*' may only end a name")),
            None => Pattern::Literal(name.to_owned()),
        };
        Ok(Self { kind, pattern })
    }

    pub fn matches(&self, r: &Resource<'_>) -> bool {
        if self.kind == ResourceType::Any {
            return true;
        }
        self.kind == r.kind
            && match &self.pattern {
                Pattern::Any => true,
                Pattern::Prefix(p) => r.name.starts_with(p.as_str()),
                Pattern::Literal(n) => r.name == n,
            }
    }

    /// Higher is more specific.
    fn specificity(&self) -> (u8, u8, usize) {
        let typed = u8::from(self.kind != ResourceType::Any);
        match &self.pattern {
            Pattern::Literal(_) => (typed, 2, 0),
            Pattern::Prefix(p) => (typed, 1, p.len()),
            Pattern::Any => (typed, 0, 0),
        }
    }
}

impl std::fmt::Display for ResourcePattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ResourceType::Any => return f.write_str("*"),
            ResourceType::Cluster => "Cluster",
            ResourceType::Topic => "Topic",
            ResourceType::Group => "Group",
        };
        match &self.pattern {
            Pattern::Any => write!(f, "{kind}:*"),
            Pattern::Prefix(p) => write!(f, "{kind}:{p}*"),
            Pattern::Literal(n) => write!(f, "{kind}:{n}"),
        }
    }
}

impl Entry {
    fn matches(&self, r: &Resource<'_>, action: Action, ip: Option<IpAddr>) -> bool {
        self.resource.matches(r)
            && self
                .actions
                .iter()
                .any(|a| *a == action || *a == Action::All)
            && (self.source_ips.is_empty()
                || ip.is_some_and(|ip| self.source_ips.iter().any(|range| range.contains(ip))))
    }
}

/// The decision of an ACL for one action on one resource from one address.
pub fn decide(entries: &[Entry], r: &Resource<'_>, action: Action, ip: Option<IpAddr>) -> Decision {
    entries
        .iter()
        .filter(|e| e.matches(r, action, ip))
        .max_by_key(|e| (e.resource.specificity(), e.decision == Decision::Deny))
        .map_or(Decision::Deny, |e| e.decision)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(resource: &str, actions: &[Action], decision: Decision, ips: &[&str]) -> Entry {
        Entry {
            resource: ResourcePattern::parse(resource).unwrap(),
            actions: actions.to_vec(),
            decision,
            source_ips: ips.iter().map(|s| IpRange::parse(s).unwrap()).collect(),
        }
    }

    #[test]
    fn the_most_specific_matching_entry_decides() {
        use Decision::*;
        let acl = vec![
            entry("*", &[Action::All], Allow, &[]),
            entry("Topic:*", &[Action::Pub], Allow, &[]),
            entry("Topic:test*", &[Action::Pub], Allow, &[]),
            entry("Topic:test_*", &[Action::Pub], Deny, &[]),
            entry("Topic:test_001", &[Action::Pub], Deny, &[]),
            entry("Topic:test_ok", &[Action::Pub], Allow, &[]),
        ];
        let pub_on = |t| decide(&acl, &Resource::topic(t), Action::Pub, None);
        assert_eq!(pub_on("test_001"), Deny, "the literal entry");
        assert_eq!(pub_on("test_002"), Deny, "the longest prefix");
        assert_eq!(pub_on("test_ok"), Allow, "a literal beats a prefix");
        assert_eq!(pub_on("testy"), Allow);
        assert_eq!(pub_on("other"), Allow, "Topic:* before *");
        assert_eq!(
            decide(&acl, &Resource::group("g"), Action::Sub, None),
            Allow,
            "* covers every type"
        );
    }

    #[test]
    fn no_match_denies_and_deny_wins_a_tie() {
        use Decision::*;
        assert_eq!(decide(&[], &Resource::topic("t"), Action::Pub, None), Deny);
        let acl = vec![
            entry("Topic:t", &[Action::Pub], Allow, &[]),
            entry("Topic:t", &[Action::Pub, Action::Sub], Deny, &[]),
        ];
        assert_eq!(decide(&acl, &Resource::topic("t"), Action::Pub, None), Deny);
        let sub_only = vec![entry("Topic:t", &[Action::Sub], Allow, &[])];
        assert_eq!(
            decide(&sub_only, &Resource::topic("t"), Action::Pub, None),
            Deny
        );
    }

    #[test]
    fn source_ranges_limit_an_entry() {
        let acl = vec![entry(
            "Group:g",
            &[Action::Sub],
            Decision::Allow,
            &["10.0.0.0/8", "192.168.1.7"],
        )];
        let from = |ip: &str| decide(&acl, &Resource::group("g"), Action::Sub, ip.parse().ok());
        assert_eq!(from("10.1.2.3"), Decision::Allow);
        assert_eq!(from("::ffff:10.1.2.3"), Decision::Allow, "IPv4-mapped");
        assert_eq!(from("192.168.1.7"), Decision::Allow);
        assert_eq!(from("192.168.1.8"), Decision::Deny);
        assert_eq!(from(""), Decision::Deny, "unknown address");
    }

    #[test]
    fn patterns_parse_and_print() {
        for s in [
            "*",
            "Topic:*",
            "Topic:order-*",
            "Group:billing",
            "Cluster:*",
        ] {
            assert_eq!(ResourcePattern::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            ResourcePattern::parse("topic:x").unwrap().to_string(),
            "Topic:x"
        );
        for bad in ["", "Topic:", "Queue:x", "Topic:a*b", "orders"] {
            assert!(ResourcePattern::parse(bad).is_err(), "{bad:?}");
        }
        assert!(IpRange::parse("10.0.0.0/33").is_err());
        assert!(IpRange::parse("not-an-ip").is_err());
    }
}
