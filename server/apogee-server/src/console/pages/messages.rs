//! Messages: search by id, or by key in a topic and time range; send a test message.

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api::{self, TestMessage};
use crate::console::http::{Outcome, message_href, query_string};
use crate::console::layout;
use crate::console::session::Flash;

/// Messages listed for one key search.
const KEY_SEARCH_LIMIT: u32 = 64;

pub(super) async fn search(ctx: &Ctx<'_>) -> Outcome {
    let q = |n| ctx.req.q(n).unwrap_or("");
    let results = if let Some(id) = ctx.req.q("id") {
        Some(find(ctx, pb::query_message_request::By::MessageId(id.to_owned())).await)
    } else if ctx.req.q("key").is_some() || ctx.req.q("from").is_some() {
        Some(match key_query(ctx) {
            Ok(k) => find(ctx, pb::query_message_request::By::Key(k)).await,
            Err(e) => layout::error_box(&e),
        })
    } else {
        None
    };
    Outcome::page(
        "Messages",
        html! {
            h1 { "Messages" }
            section.card {
                h2 { "Find by message id" }
                form #search-id .inline method="get" action="/messages" {
                    label { "Message id" input name="id" value=(q("id")) size="40"; }
                    button #search-id-submit type="submit" { "Find" }
                }
                h2 { "Find by key" }
                form #search-key .inline method="get" action="/messages" {
                    label { "Topic" input name="topic" value=(q("topic")); }
                    label { "Key" input name="key" value=(q("key")); }
                    label { "Stored from (UTC)" input type="datetime-local" step="1" name="from" value=(q("from")); }
                    label { "to (UTC)" input type="datetime-local" step="1" name="to" value=(q("to")); }
                    button #search-key-submit type="submit" { "Find" }
                }
            }
            @if let Some(r) = results { section.card {
                h2 { "Results" }
                (r)
            } }
            section.card {
                h2 { "Send a test message" }
                form #send-message method="post" action="/messages/send" {
                    (ctx.csrf())
                    div.inline style="display:flex;gap:8px;flex-wrap:wrap" {
                        label { "Topic" input name="topic" required value=(q("topic")); }
                        label { "Tag" input name="tag"; }
                        label { "Keys (comma-separated)" input name="keys"; }
                        label { "Message group (FIFO topics)" input name="group"; }
                    }
                    p { label { "Body" textarea name="body" {} } }
                    button #send-message-submit type="submit" { "Send" }
                }
            }
        },
    )
}

/// The key search the query asks for, or what is wrong with it.
fn key_query(ctx: &Ctx<'_>) -> Result<pb::KeyQuery, String> {
    let topic = ctx
        .req
        .q("topic")
        .ok_or("A key search needs the topic the messages were sent to.")?;
    let key = ctx.req.q("key").ok_or("Give the key to look for.")?;
    let from_ms = ctx.req.q("from").map(layout::parse_time).transpose()?;
    let to_ms = ctx.req.q("to").map(layout::parse_time).transpose()?;
    if let (Some(f), Some(t)) = (from_ms, to_ms)
        && f > t
    {
        return Err("The start of the time range is after its end.".into());
    }
    Ok(pb::KeyQuery {
        topic: topic.to_owned(),
        key: key.to_owned(),
        from_ms: from_ms.unwrap_or(0),
        // An open end is now (the API reads 0 and 0 as all time).
        to_ms: to_ms.unwrap_or_else(|| if from_ms.is_some() { api::now_ms() } else { 0 }),
        limit: KEY_SEARCH_LIMIT,
    })
}

async fn find(ctx: &Ctx<'_>, by: pb::query_message_request::By) -> Markup {
    let answer = ctx
        .admin()
        .query_message(api::req(pb::QueryMessageRequest {
            by: Some(by),
            include_body: false,
        }))
        .await;
    match answer {
        Err(e) => layout::error_box(&api::explain(&e)),
        Ok(r) => {
            let messages = r.into_inner().messages;
            if messages.is_empty() {
                return layout::empty("No message found.");
            }
            html! {
                table #results {
                    thead { tr { th { "Message id" } th { "Topic" } th { "Tag" } th { "Keys" } th.num { "Queue" } th.num { "Offset" } th { "Stored" } th.num { "Size" } th { "Status" } } }
                    tbody {
                        @for m in &messages {
                            tr.message data-id=(m.message_id) {
                                td { a.message-link href=(message_href(&m.message_id, &m.topic)) { (m.message_id) } }
                                td { (m.topic) }
                                td { (m.tag.as_deref().unwrap_or("")) }
                                td { (m.keys.join(", ")) }
                                td.num { (m.queue_id) }
                                td.num { (m.queue_offset.map_or("-".to_owned(), |o| o.to_string())) }
                                td { (layout::time(m.store_ms)) }
                                td.num { (m.body_size) }
                                td { (m.status) }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) async fn send(ctx: &Ctx<'_>) -> Outcome {
    let Some(topic) = ctx.req.f("topic") else {
        return Outcome::redirect(
            "/messages",
            Flash::Error("Give the topic to send to.".into()),
        );
    };
    let back = format!("/messages?{}", query_string(&[("topic", topic)]));
    let message = TestMessage {
        topic: topic.to_owned(),
        tag: ctx.req.f("tag").map(str::to_owned),
        keys: ctx
            .req
            .f("keys")
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
            .collect(),
        group: ctx.req.f("group").map(str::to_owned),
        body: ctx.req.f_raw("body").unwrap_or("").as_bytes().to_vec(),
    };
    match ctx.console.send_test_message(ctx.keys(), message).await {
        Ok(id) => Outcome::redirect(
            format!("/messages?{}", query_string(&[("id", &id)])),
            Flash::Sent {
                topic: topic.to_owned(),
                id: id.clone(),
            },
        ),
        Err(e) => Outcome::redirect(back, Flash::Error(format!("Not sent. {e}"))),
    }
}
