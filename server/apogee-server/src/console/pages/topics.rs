//! Topics: the list with search and each topic's message rate, and creating one.

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api;
use crate::console::http::{Outcome, topic_href};
use crate::console::layout;
use crate::console::session::Flash;

/// A topic's accepted types, for people ("normal, fifo").
pub(super) fn type_names(types: &[i32]) -> String {
    let names: Vec<String> = types
        .iter()
        .map(|t| {
            pb::MessageType::try_from(*t)
                .unwrap_or_default()
                .as_str_name()
                .to_lowercase()
        })
        .collect();
    if names.is_empty() {
        "normal".to_owned()
    } else {
        names.join(", ")
    }
}

/// A topic's permission, for people ("read_write"); unspecified is read and write.
pub(super) fn perm_name(code: i32) -> String {
    match pb::Permission::try_from(code) {
        Ok(p) if p != pb::Permission::Unspecified => p.as_str_name().to_lowercase(),
        _ => "read_write".to_owned(),
    }
}

pub(super) async fn list(ctx: &Ctx<'_>) -> Outcome {
    let search = ctx.req.q("q").unwrap_or("");
    let system = ctx.req.q("system").is_some();
    let answer = ctx
        .admin()
        .list_topics(api::req(pb::ListTopicsRequest {
            include_system: system,
        }))
        .await;
    let table = match answer {
        Err(e) => layout::error_box(&api::explain(&e)),
        Ok(r) => {
            let needle = search.to_lowercase();
            let topics: Vec<pb::TopicInfo> = r
                .into_inner()
                .topics
                .into_iter()
                .filter(|t| t.name.to_lowercase().contains(&needle))
                .collect();
            topic_table(ctx, &topics, search)
        }
    };
    Outcome::page(
        "Topics",
        html! {
            h1 { "Topics" }
            section.card {
                form #topic-search .inline method="get" action="/topics" {
                    label { "Search" input name="q" value=(search) placeholder="part of a name"; }
                    label.check { input type="checkbox" name="system" value="1" checked[system]; " retry and dead-letter topics" }
                    button #topic-search-submit .secondary type="submit" { "Search" }
                }
            }
            section.card { (table) }
            section.card {
                h2 { "Create a topic" }
                form #create-topic .inline method="post" action="/topics" {
                    (ctx.csrf())
                    label { "Name" input name="name" required pattern="[A-Za-z0-9_%|-]{1,127}"; }
                    label { "Queues" input name="queues" type="number" min="1" max="1024" placeholder="default"; }
                    label { "Message type" select name="type" {
                        option value="normal" { "normal" }
                        option value="fifo" { "fifo" }
                        option value="delay" { "delay" }
                        option value="transaction" { "transaction" }
                    } }
                    button #create-topic-submit type="submit" { "Create" }
                }
            }
        },
    )
}

fn topic_table(ctx: &Ctx<'_>, topics: &[pb::TopicInfo], search: &str) -> Markup {
    if topics.is_empty() {
        return if search.is_empty() {
            layout::empty(
                "No topic yet. Create one below, or let a producer create it on first send.",
            )
        } else {
            layout::empty(&format!("No topic name contains {search:?}."))
        };
    }
    html! {
        table #topics {
            thead { tr {
                th { "Name" } th { "Types" } th.num { "Queues" } th { "Permission" }
                th.num { "In (last minute)" } th.num { "Out (last minute)" } th { "Created" }
            } }
            tbody {
                @for t in topics {
                    @let (rate_in, rate_out) = ctx.console.rates.topic(&t.name);
                    tr.topic data-topic=(t.name) {
                        td.name { a href=(topic_href(&t.name)) { (t.name) }
                            @if t.system { " " span.badge { "system" } } }
                        td.types { (type_names(&t.message_types)) }
                        td.queues.num { (t.queues) }
                        td.perm { (perm_name(t.permission)) }
                        td.rate-in.num { (layout::rate(rate_in)) }
                        td.rate-out.num { (layout::rate(rate_out)) }
                        td { (layout::time(t.created_at_ms)) }
                    }
                }
            }
        }
    }
}

pub(super) async fn create(ctx: &Ctx<'_>) -> Outcome {
    let back = |m: String| Outcome::redirect("/topics", Flash::Error(m));
    let Some(name) = ctx.req.f("name") else {
        return back("Give the topic a name.".into());
    };
    let queues = match ctx.req.f_number::<u32>("queues", "Queues") {
        Ok(n) => n.unwrap_or(0),
        Err(e) => return back(e),
    };
    let asked = ctx.req.f("type").unwrap_or("normal");
    let message_type = match pb::MessageType::from_str_name(&asked.to_uppercase()) {
        Some(t) if t != pb::MessageType::Unspecified => t,
        _ => return back(format!("Unknown message type {asked:?}.")),
    };
    let answer = ctx
        .admin()
        .create_topic(api::req(pb::CreateTopicRequest {
            name: name.to_owned(),
            queues,
            message_types: vec![message_type as i32],
            brokers: Vec::new(),
        }))
        .await;
    match answer {
        Ok(r) => {
            let t = r.into_inner().topic.unwrap_or_default();
            Outcome::redirect(
                topic_href(&t.name),
                Flash::Ok(format!(
                    "Topic {} created with {} queue(s).",
                    t.name, t.queues
                )),
            )
        }
        Err(e) => back(format!(
            "Topic {name} was not created. {}",
            api::explain(&e)
        )),
    }
}
