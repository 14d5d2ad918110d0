//! Consumer groups: the list, creating one, and one group's lag per topic and queue, messages
//! in flight, retrying and dead-lettered, its connected clients, and resetting its offsets.

use apogee_proto::admin::v1 as pb;
use futures::StreamExt as _;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api;
use crate::console::http::{Outcome, group_href, query_string, topic_href};
use crate::console::layout;
use crate::console::session::Flash;

/// At most this many topics are asked about for one group's page.
const MAX_TOPICS: usize = 200;
/// Calls one page makes at once: a page must not take the server's request slots from clients.
const CONCURRENT_CALLS: usize = 8;
/// Dead letters counted on the group page; more shows as "N+".
const DLQ_COUNT_LIMIT: u32 = 200;

pub(super) async fn list(ctx: &Ctx<'_>) -> Outcome {
    let answer = ctx
        .admin()
        .list_groups(api::req(pb::ListGroupsRequest {}))
        .await;
    let table = match answer {
        Err(e) => layout::error_box(&api::explain(&e)),
        Ok(r) => {
            let groups = r.into_inner().groups;
            if groups.is_empty() {
                layout::empty(
                    "No consumer group yet. Create one below, or let a consumer create it.",
                )
            } else {
                html! {
                    table #groups {
                        thead { tr { th { "Name" } th { "Kind" } th.num { "In flight" } th.num { "Max attempts" } th { "Starts at" } th { "Created" } } }
                        tbody {
                            @for g in &groups {
                                tr.group data-group=(g.name) {
                                    td.name { a href=(group_href(&g.name)) { (g.name) } }
                                    td { (kind(g)) }
                                    td.num { (g.in_flight) }
                                    td.num { (g.max_delivery_attempts) }
                                    td { (g.start_policy) }
                                    td { (layout::time(g.created_at_ms)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Outcome::page(
        "Groups",
        html! {
            h1 { "Consumer groups" }
            section.card { (table) }
            section.card {
                h2 { "Create a group" }
                form #create-group .inline method="post" action="/groups" {
                    (ctx.csrf())
                    label { "Name" input name="name" required; }
                    label { "Max delivery attempts" input name="max_attempts" type="number" min="1" placeholder="default"; }
                    label.check { input type="checkbox" name="fifo" value="1"; " FIFO" }
                    label.check { input type="checkbox" name="broadcast" value="1"; " broadcast" }
                    button #create-group-submit type="submit" { "Create" }
                }
            }
        },
    )
}

fn kind(g: &pb::GroupInfo) -> &'static str {
    match (g.fifo, g.broadcast) {
        (true, true) => "fifo, broadcast",
        (true, false) => "fifo",
        (false, true) => "broadcast",
        (false, false) => "concurrent",
    }
}

pub(super) async fn create(ctx: &Ctx<'_>) -> Outcome {
    let back = |m: String| Outcome::redirect("/groups", Flash::Error(m));
    let Some(name) = ctx.req.f("name") else {
        return back("Give the group a name.".into());
    };
    let attempts = match ctx
        .req
        .f_number::<u32>("max_attempts", "Max delivery attempts")
    {
        Ok(n) => n.unwrap_or(0),
        Err(e) => return back(e),
    };
    let answer = ctx
        .admin()
        .create_group(api::req(pb::CreateGroupRequest {
            name: name.to_owned(),
            fifo: ctx.req.f("fifo").is_some(),
            start: None,
            max_delivery_attempts: attempts,
            broadcast: ctx.req.f("broadcast").is_some(),
            retry_backoff_ms: Vec::new(),
        }))
        .await;
    match answer {
        Ok(_) => Outcome::redirect(
            group_href(name),
            Flash::Ok(format!("Group {name} created.")),
        ),
        Err(e) => back(format!(
            "Group {name} was not created. {}",
            api::explain(&e)
        )),
    }
}

/// One topic's offsets for the group, where it has any.
struct TopicLag {
    topic: String,
    offsets: pb::DescribeGroupOffsetsResponse,
}

pub(super) async fn show(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let admin = ctx.admin();
    let (mut for_groups, mut for_topics) = (admin.clone(), admin.clone());
    let (groups, topics) = futures::join!(
        for_groups.list_groups(api::req(pb::ListGroupsRequest {})),
        for_topics.list_topics(api::req(pb::ListTopicsRequest {
            include_system: false,
        })),
    );
    let group = match groups {
        Err(e) => return Outcome::error(name, heading(name), &e),
        Ok(r) => match r.into_inner().groups.into_iter().find(|g| g.name == name) {
            Some(g) => g,
            None => {
                let missing =
                    tonic::Status::not_found(format!("There is no consumer group {name:?}."));
                return Outcome::error(name, heading(name), &missing);
            }
        },
    };
    let topics = match topics {
        Ok(t) => t.into_inner().topics,
        Err(e) => return Outcome::error(name, heading(name), &e),
    };
    let capped = topics.len() > MAX_TOPICS;
    // Owned futures (not a lazy map over borrowed topics), so the page's future stays Send.
    let asks: Vec<_> = topics
        .iter()
        .take(MAX_TOPICS)
        .map(|t| {
            let mut admin = admin.clone();
            let (group, topic) = (name.to_owned(), t.name.clone());
            async move {
                let r = admin
                    .describe_group_offsets(api::req(pb::DescribeGroupOffsetsRequest {
                        group,
                        topic: topic.clone(),
                    }))
                    .await;
                (topic, r)
            }
        })
        .collect();
    let answers: Vec<_> = futures::stream::iter(asks)
        .buffered(CONCURRENT_CALLS)
        .collect()
        .await;
    let mut lags = Vec::new();
    let mut problems = Vec::new();
    for (topic, r) in answers {
        match r {
            Ok(o) => {
                let offsets = o.into_inner();
                let touched = offsets.retry_backlog > 0
                    || offsets
                        .queues
                        .iter()
                        .any(|q| q.group_offset.is_some() || q.in_flight > 0);
                if touched {
                    lags.push(TopicLag { topic, offsets });
                }
            }
            // A topic this user may not read is left out, saying so.
            Err(e) => problems.push(format!("{topic}: {}", api::explain(&e))),
        }
    }
    let (mut for_dlq, mut for_clients) = (admin.clone(), admin.clone());
    let (dlq, clients) = futures::join!(
        for_dlq.list_dlq_messages(api::req(pb::ListDlqMessagesRequest {
            group: name.to_owned(),
            from_offset: 0,
            limit: DLQ_COUNT_LIMIT,
            broker: String::new(),
        })),
        for_clients.list_consumer_connections(api::req(pb::ListConsumerConnectionsRequest {
            group: name.to_owned(),
        })),
    );
    let dead = match dlq {
        Ok(d) => {
            let n = d.into_inner().messages.len();
            if n >= DLQ_COUNT_LIMIT as usize {
                format!("{n}+")
            } else {
                n.to_string()
            }
        }
        Err(e) => format!("? ({})", api::explain(&e)),
    };
    let total_lag: u64 = lags
        .iter()
        .flat_map(|l| &l.offsets.queues)
        .map(|q| q.lag)
        .sum();
    let in_flight: u64 = lags
        .iter()
        .flat_map(|l| &l.offsets.queues)
        .map(|q| q.in_flight)
        .sum();
    let retrying: u64 = lags.iter().map(|l| l.offsets.retry_backlog).sum();
    Outcome::page(
        name,
        html! {
            h1 { "Group " (name) }
            p.muted { (kind(&group)) " · max " (group.max_delivery_attempts) " delivery attempts · created " (layout::time(group.created_at_ms)) }
            div.stats {
                div.stat { div.k { "Lag" } div.v #total-lag { (total_lag) } }
                div.stat { div.k { "In flight" } div.v #in-flight { (in_flight) } }
                div.stat { div.k { "Retrying" } div.v #retrying { (retrying) } }
                div.stat { div.k { "Dead letters" } div.v #dead-letters { a #group-dlq href=(format!("/dlq?{}", query_string(&[("group", name)]))) { (dead) } } }
            }
            section.card {
                h2 { "Lag per topic and queue" }
                (lag_table(&lags))
                @if capped { (layout::error_box(&format!("Only the first {MAX_TOPICS} topics were asked about."))) }
                @for p in &problems { (layout::error_box(p)) }
            }
            section.card {
                h2 { "Connected clients" }
                @match clients {
                    Ok(c) => (client_table(&c.into_inner().connections)),
                    Err(e) => (layout::error_box(&api::explain(&e))),
                }
            }
            section.card {
                h2 { "Reset offsets" }
                p.muted { "Moves where the group reads next in every queue of a topic. Messages in flight are still delivered." }
                form #reset-offset .inline method="post" action=(format!("{}/reset", group_href(name))) {
                    (ctx.csrf())
                    label { "Topic" select name="topic" required {
                        @for t in &topics { option value=(t.name) { (t.name) } }
                    } }
                    label.check { input type="radio" name="to" value="time" checked; " to a time (UTC)" }
                    label { "Time" input type="datetime-local" name="time" step="1"; }
                    label.check { input type="radio" name="to" value="earliest"; " earliest" }
                    label.check { input type="radio" name="to" value="latest"; " latest" }
                    label.check { input type="checkbox" name="confirm" value="1" required; " I mean it" }
                    button #reset-offset-submit type="submit" { "Reset" }
                }
            }
            section.card {
                h2 { "Delete" }
                p.muted { "Deletes the group: its offsets, retry and dead-letter queues. Type the group's name to confirm." }
                form #delete-group .inline method="post" action=(format!("{}/delete", group_href(name))) {
                    (ctx.csrf())
                    label { "Name" input name="confirm" required autocomplete="off"; }
                    button #delete-group-submit .secondary type="submit" { "Delete group" }
                }
            }
        },
    )
}

fn heading(name: &str) -> Markup {
    html! { h1 { "Group " (name) } }
}

fn lag_table(lags: &[TopicLag]) -> Markup {
    if lags.is_empty() {
        return layout::empty("The group has not read any topic yet.");
    }
    html! {
        table #lag {
            thead { tr { th { "Topic" } th.num { "Queue" } th { "Broker" } th.num { "Group offset" } th.num { "Max offset" } th.num { "Lag" } th.num { "In flight" } } }
            tbody {
                @for l in lags {
                    @for q in &l.offsets.queues {
                        tr.lag-row data-topic=(l.topic) {
                            td.topic { a href=(topic_href(&l.topic)) { (l.topic) } }
                            td.queue-id.num { (q.queue_id) }
                            td { (q.broker) }
                            td.group-offset.num { (q.group_offset.map_or("-".to_owned(), |o| o.to_string())) }
                            td.max-offset.num { (q.max_offset) }
                            td.lag.num { (q.lag) }
                            td.in-flight.num { (q.in_flight) }
                        }
                    }
                    @if l.offsets.retry_backlog > 0 {
                        tr { td colspan="7" .muted { (l.offsets.retry_backlog) " message(s) of " (l.topic) " waiting to be retried" } }
                    }
                }
            }
        }
    }
}

fn client_table(clients: &[pb::Connection]) -> Markup {
    if clients.is_empty() {
        return layout::empty("No client connected.");
    }
    html! {
        table #clients {
            thead { tr { th { "Client id" } th { "Type" } th { "Language" } th { "Version" } th { "Address" } th { "Connected" } th { "Server" } } }
            tbody {
                @for c in clients {
                    tr.client {
                        td.client-id { (c.client_id) }
                        td { (c.client_type) }
                        td.language { (c.language) }
                        td.version { (c.version) }
                        td.address { (c.address) }
                        td { (layout::time(c.connected_at_ms)) }
                        td { (c.server) }
                    }
                }
            }
        }
    }
}

pub(super) async fn reset(ctx: &Ctx<'_>, name: &str) -> Outcome {
    let here = group_href(name);
    let fail = |m: String| Outcome::redirect(here.clone(), Flash::Error(m));
    if ctx.req.f("confirm").is_none() {
        return fail("Tick the box to confirm the reset.".into());
    }
    let Some(topic) = ctx.req.f("topic") else {
        return fail("Choose a topic.".into());
    };
    let target = match ctx.req.f("to").unwrap_or("time") {
        "earliest" => pb::reset_offset_request::Target::Earliest(true),
        "latest" => pb::reset_offset_request::Target::Latest(true),
        _ => match ctx.req.f("time").map(layout::parse_time) {
            None => return fail("Give the time to reset to.".into()),
            Some(Err(e)) => return fail(e),
            Some(Ok(ms)) => pb::reset_offset_request::Target::TimestampMs(ms),
        },
    };
    let answer = ctx
        .admin()
        .reset_offset(api::req(pb::ResetOffsetRequest {
            group: name.to_owned(),
            topic: topic.to_owned(),
            target: Some(target),
        }))
        .await;
    match answer {
        Ok(r) => {
            let queues = r.into_inner().queues;
            let moved: Vec<String> = queues
                .iter()
                .map(|q| format!("queue {}: {}", q.queue_id, q.to_offset))
                .collect();
            Outcome::redirect(
                here.clone(),
                Flash::Ok(format!(
                    "Offsets of {name} on {topic} reset ({}).",
                    moved.join(", ")
                )),
            )
        }
        Err(e) => fail(format!("Offsets were not reset. {}", api::explain(&e))),
    }
}

pub(super) async fn delete(ctx: &Ctx<'_>, name: &str) -> Outcome {
    if ctx.req.f("confirm") != Some(name) {
        return Outcome::redirect(
            group_href(name),
            Flash::Error("Type the group's name exactly to delete it.".into()),
        );
    }
    let answer = ctx
        .admin()
        .delete_group(api::req(pb::DeleteGroupRequest {
            name: name.to_owned(),
        }))
        .await;
    match answer {
        Ok(_) => Outcome::redirect("/groups", Flash::Ok(format!("Group {name} deleted."))),
        Err(e) => Outcome::redirect(
            group_href(name),
            Flash::Error(format!(
                "Group {name} was not deleted. {}",
                api::explain(&e)
            )),
        ),
    }
}
