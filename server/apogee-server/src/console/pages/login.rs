//! Signing in with an access key and secret key (the same keys clients sign with), and out.

use apogee_proto::admin::v1 as pb;
use maud::html;

use super::Ctx;
use crate::console::api;
use crate::console::http::Outcome;
use crate::console::session::Flash;

pub(super) fn show(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.console.auth_enabled {
        return Outcome::page(
            "Sign in",
            html! {
                h1 { "Sign in" }
                p { "Authentication is off on this server: everyone may use the console. "
                    a href="/" { "Go to the overview." } }
            },
        );
    }
    Outcome::page(
        "Sign in",
        html! {
            h1 { "Sign in" }
            section.card {
                p.muted { "Use the access key and secret key of an Apogee user. An admin user may \
                    change things; other users see what their ACL lets them read." }
                form #login method="post" action="/login" {
                    (ctx.csrf())
                    p { label { "Access key" input name="access_key" autocomplete="username" required; } }
                    p { label { "Secret key" input name="secret_key" type="password" autocomplete="current-password" required; } }
                    button #login-submit type="submit" { "Sign in" }
                }
            }
        },
    )
}

/// Checks the keys with one signed call: wrong keys are refused as unauthenticated, while a
/// user who may not read the log level is still a user.
pub(super) async fn sign_in(ctx: &Ctx<'_>) -> Outcome {
    let (Some(access), Some(secret)) = (ctx.req.f("access_key"), ctx.req.f("secret_key")) else {
        return Outcome::redirect(
            "/login",
            Flash::Error("Give both the access key and the secret key.".into()),
        );
    };
    let keys = (access.to_owned(), secret.to_owned());
    let answer = ctx
        .console
        .admin(Some(&keys))
        .get_log_level(api::req(pb::GetLogLevelRequest {}))
        .await;
    match answer {
        Err(e) if e.code() == tonic::Code::Unauthenticated => Outcome::redirect(
            "/login",
            Flash::Error(format!("Sign-in refused: {}", e.message())),
        ),
        Err(e) if e.code() != tonic::Code::PermissionDenied => {
            Outcome::redirect("/login", Flash::Error(api::explain(&e)))
        }
        _ => {
            let flash = Flash::Ok(format!("Signed in as {}.", keys.0));
            let session = ctx
                .console
                .sessions
                .replace_keys(&ctx.session.id, Some(keys));
            Outcome::Redirect {
                to: "/".into(),
                flash: Some(flash),
                session: Some(session),
            }
        }
    }
}

pub(super) fn sign_out(ctx: &Ctx<'_>) -> Outcome {
    let session = ctx.console.sessions.replace_keys(&ctx.session.id, None);
    Outcome::Redirect {
        to: "/login".into(),
        flash: Some(Flash::Ok("Signed out.".into())),
        session: Some(session),
    }
}
