//! Connected clients as the admin API lists them (mqadmin's consumerConnection and
//! producerConnection): from each client's Telemetry settings on this server.

use apogee_proto::admin::v1 as pb;
use apogee_proto::rocketmq::v2;

use crate::Proxy;
use crate::clients::ClientEntry;

/// Which clients to list.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// Consumers of a group.
    Consumers(&'a str),
    /// Producers, of one topic when given.
    Producers(Option<&'a str>),
}

/// The clients of `proxy` that `which` selects, sorted by client id.
pub fn list(proxy: &Proxy, which: Which<'_>) -> Vec<pb::Connection> {
    let mut out: Vec<pb::Connection> = proxy
        .clients
        .all()
        .iter()
        .filter(|e| selected(e, which))
        .map(|e| connection(e, &proxy.store_host))
        .collect();
    out.sort_by(|a, b| a.client_id.cmp(&b.client_id));
    out
}

fn selected(e: &ClientEntry, which: Which<'_>) -> bool {
    match (which, &e.settings.pub_sub) {
        (Which::Consumers(group), Some(v2::settings::PubSub::Subscription(s))) => {
            s.group.as_ref().is_some_and(|g| g.name == group)
        }
        (Which::Producers(topic), Some(v2::settings::PubSub::Publishing(p))) => {
            topic.is_none_or(|t| p.topics.iter().any(|r| r.name == t))
        }
        // A producer that declared no topics yet still is one.
        (Which::Producers(None), None) => e.client_type() == v2::ClientType::Producer,
        _ => false,
    }
}

fn connection(e: &ClientEntry, server: &str) -> pb::Connection {
    let ua = e.settings.user_agent.clone().unwrap_or_default();
    let language = v2::Language::try_from(ua.language)
        .map_or_else(|_| "UNKNOWN".to_owned(), |l| l.as_str_name().to_owned());
    let (group, topics) = match &e.settings.pub_sub {
        Some(v2::settings::PubSub::Subscription(s)) => (
            s.group.as_ref().map(|g| g.name.clone()).unwrap_or_default(),
            s.subscriptions
                .iter()
                .filter_map(|x| x.topic.as_ref().map(|t| t.name.clone()))
                .collect(),
        ),
        Some(v2::settings::PubSub::Publishing(p)) => (
            String::new(),
            p.topics.iter().map(|t| t.name.clone()).collect(),
        ),
        None => (String::new(), Vec::new()),
    };
    pb::Connection {
        client_id: e.client_id.clone(),
        language,
        version: ua.version,
        address: e.address.map(|a| a.to_string()).unwrap_or_default(),
        client_type: e.client_type().as_str_name().to_owned(),
        group,
        topics,
        hostname: ua.hostname,
        connected_at_ms: e.connected_ms,
        server: server.to_owned(),
    }
}
