//! Dead letters: a group's dead-letter queue, page by page, and sending them back to the
//! group (one, or all).

use apogee_proto::admin::v1 as pb;
use maud::{Markup, html};

use super::Ctx;
use crate::console::api;
use crate::console::http::{Outcome, message_href, query_string, resend_href};
use crate::console::layout;
use crate::console::session::Flash;

/// Dead letters on one page.
const PAGE: u32 = 50;

pub(super) async fn list(ctx: &Ctx<'_>) -> Outcome {
    let chosen = ctx.req.q("group");
    let groups = ctx
        .admin()
        .list_groups(api::req(pb::ListGroupsRequest {}))
        .await
        .map(|r| r.into_inner().groups);
    let picker = html! {
        form #dlq-group .inline method="get" action="/dlq" {
            label { "Group" @match &groups {
                Ok(gs) if !gs.is_empty() => select name="group" {
                    @for g in gs { option value=(g.name) selected[Some(g.name.as_str()) == chosen] { (g.name) } }
                },
                _ => input name="group" value=(chosen.unwrap_or(""));
            } }
            button #dlq-group-submit .secondary type="submit" { "Show" }
        }
        @if let Err(e) = &groups { (layout::error_box(&api::explain(e))) }
    };
    let content = match chosen {
        None => layout::empty("Choose a group to see its dead letters."),
        Some(group) => match ctx.req.q("from").map(str::parse::<u64>).transpose() {
            Err(_) => layout::error_box("The page offset is not a number."),
            Ok(from) => dead_letters(ctx, group, from.unwrap_or(0)).await,
        },
    };
    Outcome::page(
        "Dead letters",
        html! {
            h1 { "Dead letters" }
            p.muted { "Messages a group gave up on after its maximum delivery attempts. Resending puts a copy back in the group's retry queue, delivered again right away." }
            section.card { (picker) }
            section.card { (content) }
        },
    )
}

async fn dead_letters(ctx: &Ctx<'_>, group: &str, from: u64) -> Markup {
    let answer = ctx
        .admin()
        .list_dlq_messages(api::req(pb::ListDlqMessagesRequest {
            group: group.to_owned(),
            from_offset: from,
            limit: PAGE,
            broker: String::new(),
        }))
        .await;
    let page = match answer {
        Ok(p) => p.into_inner(),
        Err(e) => return layout::error_box(&api::explain(&e)),
    };
    let action = resend_href(group);
    if page.messages.is_empty() {
        return layout::empty(&if from == 0 {
            format!("Group {group} has no dead letter.")
        } else {
            "No more dead letters.".to_owned()
        });
    }
    html! {
        h2 { "Group " (group) }
        table #dead-letters {
            thead { tr { th { "Message id" } th { "Topic" } th { "Tag" } th { "Keys" } th.num { "Size" } th { "Stored" } th { "Dead-lettered" } th { "Broker" } th {} } }
            tbody {
                @for m in &page.messages {
                    tr.dead-letter data-id=(m.message_id) {
                        td { a href=(message_href(&m.message_id, &m.original_topic)) { (m.message_id) } }
                        td { (m.original_topic) }
                        td { (m.tag.as_deref().unwrap_or("")) }
                        td { (m.keys.join(", ")) }
                        td.num { (m.body_size) }
                        td { (layout::time(m.store_time_ms)) }
                        td { (layout::time(m.dead_lettered_ms)) }
                        td { (m.broker) }
                        td { form.resend method="post" action=(action) {
                            (ctx.csrf())
                            input type="hidden" name="id" value=(m.message_id);
                            button.resend-submit type="submit" { "Resend" }
                        } }
                    }
                }
            }
        }
        p {
            @if from > 0 {
                a #dlq-first href=(format!("/dlq?{}", query_string(&[("group", group)]))) { "First page" } " "
            }
            @if page.messages.len() >= PAGE as usize {
                a #dlq-next href=(format!("/dlq?{}", query_string(&[("group", group), ("from", &page.next_offset.to_string())]))) { "Next page" }
            }
        }
        form #resend-all method="post" action=(action) {
            (ctx.csrf())
            input type="hidden" name="all" value="1";
            label.check { input type="checkbox" name="confirm" value="1" required; " resend them all" } " "
            button #resend-all-submit .secondary type="submit" { "Resend every dead letter of " (group) }
        }
    }
}

pub(super) async fn resend(ctx: &Ctx<'_>, group: &str) -> Outcome {
    let here = format!("/dlq?{}", query_string(&[("group", group)]));
    let all = ctx.req.f("all").is_some();
    let ids: Vec<String> = ctx.req.f_all("id").into_iter().map(str::to_owned).collect();
    if !all && ids.is_empty() {
        return Outcome::redirect(here, Flash::Error("Choose a dead letter to resend.".into()));
    }
    if all && ctx.req.f("confirm").is_none() {
        return Outcome::redirect(
            here,
            Flash::Error("Tick the box to resend every dead letter.".into()),
        );
    }
    let answer = ctx
        .admin()
        .resend_dlq_messages(api::req(pb::ResendDlqMessagesRequest {
            group: group.to_owned(),
            message_ids: ids,
            all,
        }))
        .await;
    match answer {
        Ok(r) => Outcome::redirect(
            here,
            Flash::Ok(format!(
                "Resent {} message(s) to group {group}.",
                r.into_inner().resent
            )),
        ),
        Err(e) => Outcome::redirect(
            here,
            Flash::Error(format!("Nothing was resent. {}", api::explain(&e))),
        ),
    }
}
