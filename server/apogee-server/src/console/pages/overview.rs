//! Overview: the brokers with their roles, health and replication lag; messages in and out
//! per second now and over the last hour; how many topics and groups there are.

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api::{self, BrokerRow};
use crate::console::http::Outcome;
use crate::console::{chart, layout};

pub(super) async fn show(ctx: &Ctx<'_>) -> Outcome {
    let (mut for_topics, mut for_groups, mut for_traffic) = (ctx.admin(), ctx.admin(), ctx.admin());
    // The sampler reads with the server's keys: with authentication on (only standalone has it,
    // where the call is local), the rates show to those who may read them.
    let traffic_refused = async {
        if !ctx.console.auth_enabled {
            return None;
        }
        for_traffic
            .get_traffic(api::req(pb::GetTrafficRequest {}))
            .await
            .err()
    };
    let (brokers, topics, groups, traffic_refused) = futures::join!(
        ctx.console.brokers(ctx.keys()),
        for_topics.list_topics(api::req(pb::ListTopicsRequest {
            include_system: false
        })),
        for_groups.list_groups(api::req(pb::ListGroupsRequest {})),
        traffic_refused,
    );
    let rates = &ctx.console.rates;
    let may_see_rates = traffic_refused.as_ref();
    let (rate_in, rate_out) = if may_see_rates.is_none() {
        rates.overall()
    } else {
        (0.0, 0.0)
    };
    let count = |r: Result<usize, tonic::Status>| match r {
        Ok(n) => n.to_string(),
        Err(e) => format!("? ({})", api::explain(&e)),
    };
    let topic_count = count(topics.map(|t| t.into_inner().topics.len()));
    let group_count = count(groups.map(|g| g.into_inner().groups.len()));
    Outcome::page(
        "Overview",
        html! {
            h1 { "Overview" }
            div.stats {
                div.stat { div.k { "Messages in" } div.v #rate-in { (layout::rate(rate_in)) } }
                div.stat { div.k { "Messages out" } div.v #rate-out { (layout::rate(rate_out)) } }
                div.stat { div.k { "Topics" } div.v #topic-count { (topic_count) } }
                div.stat { div.k { "Groups" } div.v #group-count { (group_count) } }
            }
            section.card {
                h2 { "Messages per second, last hour" }
                @if let Some(refused) = may_see_rates {
                    (layout::error_box(&format!("Traffic is not shown. {}", api::explain(refused))))
                } @else {
                    div.legend { span.in { "■ in" } span.out { "■ out" }
                        span.muted { "sampled every " (humantime::format_duration(rates.interval())) "; rates above are over the last minute" } }
                    (chart::traffic(&rates.steps(), api::now_ms()))
                    @if let Some(e) = rates.last_error() {
                        (layout::error_box(&format!("Traffic counts could not be read: {e}")))
                    }
                }
            }
            section.card {
                h2 { "Brokers" }
                (broker_table(brokers))
            }
        },
    )
}

fn broker_table(brokers: Result<Vec<BrokerRow>, String>) -> Markup {
    let rows = match brokers {
        Err(e) => return layout::error_box(&format!("The broker table cannot be read. {e}")),
        Ok(rows) if rows.is_empty() => {
            return layout::error_box(
                "The cluster is empty: no broker is registered with the nameservers. Start a \
                 broker (apogee broker --nameserver ...) and it appears here.",
            );
        }
        Ok(rows) => rows,
    };
    html! {
        table #brokers {
            thead { tr {
                th { "Cluster" } th { "Broker" } th.num { "Id" } th { "Role" } th { "Address" }
                th { "Health" } th.num { "Messages" } th { "Replication lag" } th { "Last heartbeat" }
            } }
            tbody {
                @for row in &rows {
                    @let b = row.member.broker.clone().unwrap_or_default();
                    tr.broker data-broker=(b.name) {
                        td { (b.cluster) }
                        td { (b.name) }
                        td.num { (b.broker_id) }
                        td { span.badge { (row.member.role) } }
                        td { (b.client_endpoint) }
                        td.health { @match &row.health {
                            Ok(s) if s == "SERVING" => span.badge.good { (s) },
                            Ok(s) => span.badge.bad { (s) },
                            Err(e) => span.badge.bad title=(e) { "UNREACHABLE" },
                        } }
                        td.num { (b.next_log_offset) }
                        td { (lag(&row.member)) }
                        td { (layout::time(row.member.last_heartbeat_ms)) }
                    }
                }
            }
        }
    }
}

/// A slave's lag in messages and bytes; a master's connected slaves.
fn lag(m: &apogee_proto::nameserver::v1::ClusterMember) -> String {
    match (m.lag_messages, m.lag_bytes) {
        (Some(msgs), Some(bytes)) => format!("{msgs} messages, {bytes} bytes"),
        (Some(msgs), None) => format!("{msgs} messages"),
        _ => {
            let replicas = m.broker.as_ref().map_or(0, |b| b.replicas.len());
            if replicas > 0 {
                format!("{replicas} slave(s) connected")
            } else {
                "-".to_owned()
            }
        }
    }
}
