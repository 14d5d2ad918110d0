//! One topic: its queues with their offsets, its rate, and changing it.

use apogee_proto::admin::v1 as pb;
use maud::html;

use super::Ctx;
use super::topics::{perm_name, type_names};
use crate::console::api;
use crate::console::http::{Outcome, enc, query_string};
use crate::console::layout;
use crate::console::session::Flash;

pub(super) async fn show(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let answer = ctx
        .admin()
        .describe_topic(api::req(pb::DescribeTopicRequest {
            name: name.to_owned(),
        }))
        .await;
    let d = match answer {
        Ok(d) => d.into_inner(),
        Err(e) => {
            return Outcome::page(
                name,
                html! { h1 { "Topic " (name) } (layout::error_box(&api::explain(&e))) },
            );
        }
    };
    let t = d.topic.unwrap_or_default();
    let kept: u64 = d
        .queues
        .iter()
        .map(|q| q.max_offset.saturating_sub(q.min_offset))
        .sum();
    let (rate_in, rate_out) = ctx.console.rates.topic(&t.name);
    let perm = perm_name(t.permission);
    Outcome::page(
        &t.name,
        html! {
            h1 { "Topic " (t.name) }
            div.stats {
                div.stat { div.k { "In" } div.v #topic-rate { (layout::rate(rate_in)) } }
                div.stat { div.k { "Out" } div.v #topic-rate-out { (layout::rate(rate_out)) } }
                div.stat { div.k { "Messages kept" } div.v #topic-total { (kept) } }
                div.stat { div.k { "Types" } div.v { (type_names(&t.message_types)) } }
                div.stat { div.k { "Permission" } div.v { (perm) } }
            }
            p {
                a href=(format!("/messages?{}", query_string(&[("topic", &t.name)]))) { "Search its messages" }
                " · created " (layout::time(t.created_at_ms))
                @if t.retention_ms > 0 { " · kept " (humantime::format_duration(std::time::Duration::from_millis(t.retention_ms))) }
            }
            section.card {
                h2 { "Queues" }
                table #queues {
                    thead { tr { th.num { "Queue" } th.num { "Min offset" } th.num { "Max offset" } th.num { "Messages" } th { "Broker" } } }
                    tbody {
                        @for q in &d.queues {
                            tr.queue {
                                td.queue-id.num { (q.queue_id) }
                                td.min-offset.num { (q.min_offset) }
                                td.max-offset.num { (q.max_offset) }
                                td.num { (q.max_offset.saturating_sub(q.min_offset)) }
                                td.broker { (q.broker) }
                            }
                        }
                    }
                }
            }
            @if !t.system {
                section.card {
                    h2 { "Change" }
                    form #update-topic .inline method="post" action=(format!("/topics/{}", enc(&t.name))) {
                        (ctx.csrf())
                        label { "Queues (more only)" input name="queues" type="number" min=(t.queues) value=(t.queues); }
                        label { "Permission" select name="permission" {
                            @for p in ["read_write", "read", "write", "none"] {
                                option value=(p) selected[p == perm] { (p) }
                            }
                        } }
                        button #update-topic-submit type="submit" { "Save" }
                    }
                }
            }
        },
    )
}

pub(super) async fn update(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let here = format!("/topics/{}", enc(name));
    let queues = match ctx.req.f("queues").map(str::parse::<u32>) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(_)) => {
            return Outcome::redirect(here, Flash::Error("Queues must be a whole number.".into()));
        }
    };
    let permission = match ctx.req.f("permission") {
        None => None,
        Some("read_write") => Some(pb::Permission::ReadWrite),
        Some("read") => Some(pb::Permission::Read),
        Some("write") => Some(pb::Permission::Write),
        Some("none") => Some(pb::Permission::None),
        Some(other) => {
            return Outcome::redirect(here, Flash::Error(format!("Unknown permission {other:?}.")));
        }
    };
    // An unchanged queue count is not a change (the API refuses fewer, and equal is no-op).
    let current = ctx
        .admin()
        .describe_topic(api::req(pb::DescribeTopicRequest {
            name: name.to_owned(),
        }))
        .await
        .ok()
        .and_then(|d| d.into_inner().topic)
        .map(|t| t.queues);
    let queues = queues.filter(|q| Some(*q) != current);
    let answer = ctx
        .admin()
        .update_topic(api::req(pb::UpdateTopicRequest {
            name: name.to_owned(),
            queues,
            permission: permission.map(|p| p as i32),
            retention_ms: None,
            message_types: Vec::new(),
        }))
        .await;
    match answer {
        Ok(_) => Outcome::redirect(here, Flash::Ok(format!("Topic {name} updated."))),
        Err(e) => Outcome::redirect(
            here,
            Flash::Error(format!(
                "Topic {name} was not changed. {}",
                api::explain(&e)
            )),
        ),
    }
}
