//! One message: where it is stored, its properties, a preview of its body (text, pretty JSON,
//! or hex) and how far each consumer group got with it.

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api;
use crate::console::http::{
    Outcome, enc, group_href, message_href, query_string, resend_href, topic_href,
};
use crate::console::layout;

/// Bytes of a body shown; the rest is cut.
const PREVIEW_BYTES: usize = 64 * 1024;

pub(super) async fn show(ctx: &Ctx<'_>, id: &str) -> Outcome {
    let answer = ctx
        .admin()
        .query_message(api::req(pb::QueryMessageRequest {
            by: Some(pb::query_message_request::By::MessageId(id.to_owned())),
            include_body: true,
        }))
        .await;
    let copies = match answer {
        Ok(r) => r.into_inner().messages,
        Err(e) => return Outcome::error(id, heading(id), &e),
    };
    // One id can be stored more than once (a dead-letter copy, a resend): the topic chooses.
    let wanted = ctx.req.q("topic");
    let Some(m) = copies
        .iter()
        .find(|m| wanted.is_none_or(|t| m.topic == t))
        .or(copies.first())
    else {
        let missing = tonic::Status::not_found(format!("No message has the id {id:?}."));
        return Outcome::error(id, heading(id), &missing);
    };
    let mut properties: Vec<_> = m.properties.iter().collect();
    properties.sort();
    let view = ctx.req.q("view");
    let link = |v: &str| {
        format!(
            "/messages/{}?{}",
            enc(id),
            query_string(&[("topic", &m.topic), ("view", v)])
        )
    };
    Outcome::page(
        id,
        html! {
            h1 { "Message " (id) }
            @if copies.len() > 1 {
                p { "Stored " (copies.len()) " times: "
                    @for c in &copies {
                        a href=(message_href(id, &c.topic)) { (c.topic) } " "
                    }
                }
            }
            section.card {
                table #summary {
                    tbody {
                        tr { th { "Topic" } td { a href=(topic_href(&m.topic)) { (m.topic) } } }
                        tr { th { "Status" } td #status { (m.status) } }
                        tr { th { "Queue / offset" } td { (m.queue_id) " / " (m.queue_offset.map_or("-".to_owned(), |o| o.to_string())) } }
                        tr { th { "Broker" } td { (m.broker) } }
                        tr { th { "Born" } td { (layout::time(m.born_ms)) " at " (m.born_host) } }
                        tr { th { "Stored" } td { (layout::time(m.store_ms)) } }
                        tr { th { "Body" } td { (m.body_size) " bytes, MD5 " (m.body_md5) } }
                    }
                }
            }
            section.card {
                h2 { "Properties" }
                table #properties {
                    thead { tr { th { "Name" } th { "Value" } th { "Kind" } } }
                    tbody {
                        tr { td { "message type" } td { (type_name(m.message_type)) } td.muted { "system" } }
                        @if let Some(tag) = &m.tag { tr { td { "tag" } td { (tag) } td.muted { "system" } } }
                        @if !m.keys.is_empty() { tr { td { "keys" } td { (m.keys.join(", ")) } td.muted { "system" } } }
                        @if let Some(g) = &m.message_group { tr { td { "message group" } td { (g) } td.muted { "system" } } }
                        @if let Some(d) = m.delivery_ms { tr { td { "delivery time" } td { (layout::time(d)) } td.muted { "system" } } }
                        @for (k, v) in &properties { tr.user-property { td { (k) } td { (v) } td.muted { "user" } } }
                    }
                }
            }
            section.card {
                h2 { "Body" }
                p { "View as: "
                    a #view-text href=(link("text")) { "text" } " · "
                    a #view-json href=(link("json")) { "JSON" } " · "
                    a #view-hex href=(link("hex")) { "hex" }
                }
                (preview(&m.body, view))
            }
            section.card {
                h2 { "Delivery per group" }
                (deliveries(ctx, &m.message_id, &m.groups))
            }
        },
    )
}

fn type_name(code: i32) -> String {
    super::topics::type_names(&[code])
}

fn heading(id: &str) -> Markup {
    html! { h1 { "Message " (id) } }
}

/// The text of `bytes` when they are UTF-8, allowing a character cut at the end (a preview
/// stops at a byte count).
fn utf8_prefix(bytes: &[u8]) -> Option<&str> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        // `error_len() == None`: the bytes end inside a character; everything before is text.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&bytes[..e.valid_up_to()]).ok(),
        Err(_) => None,
    }
}

/// The body as `asked` (text, json or hex); without a choice, JSON when the (whole,
/// previewable) body parses as JSON, text when it is UTF-8, else hex. JSON is parsed once.
fn preview(body: &[u8], asked: Option<&str>) -> Markup {
    let cut = body.len() > PREVIEW_BYTES;
    let shown = &body[..body.len().min(PREVIEW_BYTES)];
    // Pretty-printing needs the whole body: only bodies within the preview are parsed.
    let json = (!cut && matches!(asked, None | Some("json")))
        .then(|| serde_json::from_slice::<serde_json::Value>(body));
    let text = utf8_prefix(shown);
    let view = asked.unwrap_or(match (&json, text) {
        (Some(Ok(_)), _) => "json",
        (_, Some(_)) => "text",
        _ => "hex",
    });
    let as_text = || match text {
        Some(t) => (t.to_owned(), None),
        None => (
            String::from_utf8_lossy(shown).into_owned(),
            Some("The body is not UTF-8 text; the hex view shows it exactly.".to_owned()),
        ),
    };
    let (text, note) = match (view, json) {
        ("json", Some(Ok(v))) => (serde_json::to_string_pretty(&v).unwrap_or_default(), None),
        ("json", Some(Err(e))) => (
            String::from_utf8_lossy(shown).into_owned(),
            Some(format!("The body is not JSON ({e}); shown as text.")),
        ),
        ("json", None) => (
            as_text().0,
            Some("The body is too large to pretty-print; shown as text.".to_owned()),
        ),
        ("hex", _) => (hex_dump(shown), None),
        _ => as_text(),
    };
    html! {
        @if let Some(n) = note { div.error { (n) } }
        pre #body-preview { (text) }
        @if cut { p.muted { "Only the first " (PREVIEW_BYTES / 1024) " KiB are shown." } }
    }
}

/// Sixteen bytes a line: offset, hex, printable characters.
fn hex_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
        let text: String = line
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!("{:08x}  {:<47}  {text}\n", i * 16, hex.join(" ")));
    }
    out
}

/// Each group's progress with the message; a dead letter can be sent back to its group here.
fn deliveries(ctx: &Ctx<'_>, message_id: &str, groups: &[pb::GroupDelivery]) -> Markup {
    if groups.is_empty() {
        return layout::empty("No consumer group has read this topic.");
    }
    html! {
        table #deliveries {
            thead { tr { th { "Group" } th { "State" } th.num { "Attempts" } th { "Instances" } th {} } }
            tbody {
                @for g in groups {
                    tr.delivery data-group=(g.group) {
                        td { a href=(group_href(&g.group)) { (g.group) } }
                        td.state { (g.state) }
                        td.num { (g.attempt) }
                        td { @if g.instances > 0 { (g.consumed_instances) " of " (g.instances) " done" } }
                        td { @if g.state == "dead_lettered" {
                            form.resend method="post" action=(resend_href(&g.group)) {
                                (ctx.csrf())
                                input type="hidden" name="id" value=(message_id);
                                button.resend-submit type="submit" { "Resend to " (g.group) }
                            }
                        } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_previewed_by_what_they_are() {
        let shown = |body: &[u8]| preview(body, None).into_string();
        assert!(shown(br#"{"a":1}"#).contains("&quot;a&quot;: 1"));
        assert!(shown(b"hello").contains(">hello</pre>"));
        assert!(shown(&[0xff, 0x00]).contains("ff 00"));
        let pretty = preview(br#"{"a":1}"#, Some("json")).into_string();
        assert!(pretty.contains("&quot;a&quot;: 1"), "{pretty}");
        // A character cut by the preview's end (one ASCII byte, then two-byte characters: the
        // 64 KiB mark falls inside one) is still text.
        let long = format!("a{}", "é".repeat(PREVIEW_BYTES));
        let page = preview(long.as_bytes(), None).into_string();
        assert!(
            page.contains("aéé") && !page.contains("not UTF-8"),
            "a cut character is text"
        );
        assert!(page.contains("Only the first 64 KiB"));
        let dump = hex_dump(b"AB\x00");
        assert!(dump.starts_with("00000000  41 42 00 "), "{dump}");
        assert!(dump.ends_with("  AB.\n"), "{dump}");
        assert_eq!(dump.len(), 8 + 2 + 47 + 2 + 3 + 1);
    }
}
