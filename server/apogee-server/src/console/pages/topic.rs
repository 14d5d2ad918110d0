//! One topic: its queues with their offsets, its rate and producers, changing it, deleting it.

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use super::topics::{perm_name, type_names};
use crate::console::api;
use crate::console::http::{Outcome, query_string, topic_href};
use crate::console::layout;
use crate::console::session::Flash;

pub(super) async fn show(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let (mut for_topic, mut for_producers) = (ctx.admin(), ctx.admin());
    let (answer, producers) = futures::join!(
        for_topic.describe_topic(api::req(pb::DescribeTopicRequest {
            name: name.to_owned(),
        })),
        for_producers.list_producer_connections(api::req(pb::ListProducerConnectionsRequest {
            topic: name.to_owned(),
        })),
    );
    let d = match answer {
        Ok(d) => d.into_inner(),
        Err(e) => return Outcome::error(name, html! { h1 { "Topic " (name) } }, &e),
    };
    let t = d.topic.unwrap_or_default();
    let kept: u64 = d
        .queues
        .iter()
        .map(|q| q.max_offset.saturating_sub(q.min_offset))
        .sum();
    let (rate_in, rate_out) = ctx.console.rates.topic(&t.name);
    let perm = perm_name(t.permission);
    let here = topic_href(&t.name);
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
                a href=(format!("/messages?{}", query_string(&[("topic", &t.name)]))) { "Search its messages, or send one" }
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
            section.card {
                h2 { "Connected producers" }
                @match producers {
                    Ok(p) => (producer_table(&p.into_inner().connections)),
                    Err(e) => (layout::error_box(&api::explain(&e))),
                }
            }
            @if !t.system {
                section.card {
                    h2 { "Change" }
                    form #update-topic .inline method="post" action=(here) {
                        (ctx.csrf())
                        // What the page showed: only fields the user changed are sent.
                        input type="hidden" name="was_queues" value=(t.queues);
                        input type="hidden" name="was_permission" value=(perm);
                        label { "Queues (more only)" input name="queues" type="number" min=(t.queues) value=(t.queues); }
                        label { "Permission" select name="permission" {
                            @for p in ["read_write", "read", "write", "none"] {
                                option value=(p) selected[p == perm] { (p) }
                            }
                        } }
                        button #update-topic-submit type="submit" { "Save" }
                    }
                }
                section.card {
                    h2 { "Delete" }
                    p.muted { "Deletes the topic and its queues; its messages go with the broker's retention. Type the topic's name to confirm." }
                    form #delete-topic .inline method="post" action=(format!("{here}/delete")) {
                        (ctx.csrf())
                        label { "Name" input name="confirm" required autocomplete="off"; }
                        button #delete-topic-submit .secondary type="submit" { "Delete topic" }
                    }
                }
            }
        },
    )
}

fn producer_table(producers: &[pb::Connection]) -> Markup {
    if producers.is_empty() {
        return layout::empty("No producer of this topic is connected.");
    }
    html! {
        table #producers {
            thead { tr { th { "Client id" } th { "Language" } th { "Version" } th { "Address" } th { "Connected" } } }
            tbody {
                @for c in producers {
                    tr.producer {
                        td { (c.client_id) } td { (c.language) } td { (c.version) }
                        td { (c.address) } td { (layout::time(c.connected_at_ms)) }
                    }
                }
            }
        }
    }
}

pub(super) async fn update(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let here = topic_href(name);
    let fail = |m: String| Outcome::redirect(here.clone(), Flash::Error(m));
    let queues = match ctx.req.f_number::<u32>("queues", "Queues") {
        Ok(q) => q,
        Err(e) => return fail(e),
    };
    let permission = match ctx.req.f("permission") {
        None => None,
        Some(p) => match pb::Permission::from_str_name(&p.to_uppercase()) {
            Some(known) if known != pb::Permission::Unspecified => Some(known),
            _ => return fail(format!("Unknown permission {p:?}.")),
        },
    };
    // Only what the form changed is sent: a value the page showed and the user left alone
    // must not undo someone else's change made meanwhile.
    let was_queues = ctx
        .req
        .f_number::<u32>("was_queues", "Queues")
        .ok()
        .flatten();
    let queues = queues.filter(|q| Some(*q) != was_queues);
    let permission = permission
        .filter(|p| Some(p.as_str_name().to_lowercase().as_str()) != ctx.req.f("was_permission"))
        .map(|p| p as i32);
    if queues.is_none() && permission.is_none() {
        return Outcome::redirect(here.clone(), Flash::Ok("Nothing to change.".into()));
    }
    let answer = ctx
        .admin()
        .update_topic(api::req(pb::UpdateTopicRequest {
            name: name.to_owned(),
            queues,
            permission,
            retention_ms: None,
            message_types: Vec::new(),
        }))
        .await;
    match answer {
        Ok(_) => Outcome::redirect(here.clone(), Flash::Ok(format!("Topic {name} updated."))),
        Err(e) => fail(format!(
            "Topic {name} was not changed. {}",
            api::explain(&e)
        )),
    }
}

pub(super) async fn delete(ctx: &Ctx<'_>, name: &str) -> Outcome {
    if ctx.req.f("confirm") != Some(name) {
        return Outcome::redirect(
            topic_href(name),
            Flash::Error("Type the topic's name exactly to delete it.".into()),
        );
    }
    let answer = ctx
        .admin()
        .delete_topic(api::req(pb::DeleteTopicRequest {
            name: name.to_owned(),
        }))
        .await;
    match answer {
        Ok(_) => Outcome::redirect("/topics", Flash::Ok(format!("Topic {name} deleted."))),
        Err(e) => Outcome::redirect(
            topic_href(name),
            Flash::Error(format!(
                "Topic {name} was not deleted. {}",
                api::explain(&e)
            )),
        ),
    }
}
