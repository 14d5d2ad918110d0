//! The console's pages, one file per area, and the table of which address is which page.

mod dlq;
mod groups;
mod login;
mod message;
mod messages;
mod overview;
mod topic;
mod topics;

use hyper::{Method, StatusCode};
use maud::html;

use super::Console;
use super::http::{Outcome, Req};
use super::layout;
use super::session::Session;

/// What every page handler gets.
pub(super) struct Ctx<'a> {
    pub console: &'a Console,
    pub session: &'a Session,
    pub req: &'a Req,
}

impl Ctx<'_> {
    /// The signed-in user's keys (none while anonymous).
    pub fn keys(&self) -> Option<&(String, String)> {
        self.session.keys.as_ref()
    }

    pub fn admin(&self) -> super::api::Admin {
        self.console.admin(self.keys())
    }

    pub fn csrf(&self) -> maud::Markup {
        layout::csrf(&self.session.csrf)
    }
}

/// The page for a method and path.
pub(super) async fn route(
    console: &Console,
    session: &Session,
    req: &Req,
    segments: &[&str],
) -> Outcome {
    let ctx = Ctx {
        console,
        session,
        req,
    };
    let get = req.method == Method::GET || req.method == Method::HEAD;
    let post = req.method == Method::POST;
    match segments {
        [] if get => overview::show(&ctx).await,
        ["login"] if get => login::show(&ctx),
        ["login"] if post => login::sign_in(&ctx).await,
        ["logout"] if post => login::sign_out(&ctx),
        ["topics"] if get => topics::list(&ctx).await,
        ["topics"] if post => topics::create(&ctx).await,
        ["topics", name] if get => topic::show(&ctx, name).await,
        ["topics", name] if post => topic::update(&ctx, name).await,
        ["topics", name, "delete"] if post => topic::delete(&ctx, name).await,
        ["groups"] if get => groups::list(&ctx).await,
        ["groups"] if post => groups::create(&ctx).await,
        ["groups", name] if get => groups::show(&ctx, name).await,
        ["groups", name, "reset"] if post => groups::reset(&ctx, name).await,
        ["groups", name, "delete"] if post => groups::delete(&ctx, name).await,
        ["messages"] if get => messages::search(&ctx).await,
        ["messages", "send"] if post => messages::send(&ctx).await,
        ["messages", id] if get => message::show(&ctx, id).await,
        ["dlq"] if get => dlq::list(&ctx).await,
        ["dlq", group, "resend"] if post => dlq::resend(&ctx, group).await,
        _ => Outcome::Page {
            title: "Not found".into(),
            body: html! {
                h1 { "Not found" }
                (layout::error_box("There is no such page. Use the links above."))
            },
            status: StatusCode::NOT_FOUND,
        },
    }
}
