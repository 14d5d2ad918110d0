//! One console request: read it, find its session, check its form token, route it to a page
//! and write the answer.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use maud::Markup;

use super::Console;
use super::layout;
use super::pages;
use super::session::{self, Flash, Session};

/// Largest form accepted (a test message's body is the largest field).
const MAX_FORM_BYTES: usize = 4 * 1024 * 1024;

/// A parsed request.
#[derive(Debug)]
pub(super) struct Req {
    pub method: Method,
    /// Percent-decoded path segments (`/topics/a%20b` is `["topics", "a b"]`).
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
}

impl Req {
    /// A query parameter, trimmed; `None` when absent or blank.
    pub fn q(&self, name: &str) -> Option<&str> {
        find(&self.query, name)
    }

    /// A form field, trimmed; `None` when absent or blank.
    pub fn f(&self, name: &str) -> Option<&str> {
        find(&self.form, name)
    }

    /// A form field exactly as sent (a message body keeps its spaces).
    pub fn f_raw(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated form field.
    pub fn f_all(&self, name: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

fn find<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// What a page handler answers.
#[derive(Debug)]
pub(super) enum Outcome {
    Page {
        title: String,
        body: Markup,
        status: StatusCode,
    },
    /// After a change: go to `to`, showing `flash` there.
    Redirect { to: String, flash: Option<Flash> },
}

impl Outcome {
    pub fn page(title: impl Into<String>, body: Markup) -> Self {
        Self::Page {
            title: title.into(),
            body,
            status: StatusCode::OK,
        }
    }

    pub fn redirect(to: impl Into<String>, flash: Flash) -> Self {
        Self::Redirect {
            to: to.into(),
            flash: Some(flash),
        }
    }
}

/// Answers one HTTP request; never fails (errors are pages).
pub(super) async fn answer(
    console: Arc<Console>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let cookie = request
        .headers()
        .get(hyper::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session::cookie_value)
        .map(str::to_owned);
    let session = console.sessions.get_or_create(cookie.as_deref());
    let response = match read(request).await {
        Ok(req) => respond(&console, &session, req).await,
        Err((status, message)) => page_response(
            &console,
            &session,
            "Bad request",
            layout::error_box(&message),
            status,
        ),
    };
    Ok(with_cookie(response, &session))
}

async fn read(request: Request<Incoming>) -> Result<Req, (StatusCode, String)> {
    let (parts, body) = request.into_parts();
    let segments = parts
        .uri
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| {
                    (
                        StatusCode::BAD_REQUEST,
                        "the address is not UTF-8".to_owned(),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let query = form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let form = if parts.method == Method::POST {
        let bytes = Limited::new(body, MAX_FORM_BYTES)
            .collect()
            .await
            .map_err(|_| {
                (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the form is larger than {} MiB", MAX_FORM_BYTES >> 20),
                )
            })?
            .to_bytes();
        form_urlencoded::parse(&bytes).into_owned().collect()
    } else {
        Vec::new()
    };
    Ok(Req {
        method: parts.method,
        segments,
        query,
        form,
    })
}

async fn respond(console: &Console, session: &Session, req: Req) -> Response<Full<Bytes>> {
    if req.method == Method::POST && req.f("csrf") != Some(session.csrf.as_str()) {
        return page_response(
            console,
            session,
            "Form expired",
            layout::error_box(
                "This form is out of date (or came from another site). Reload the page and try again.",
            ),
            StatusCode::FORBIDDEN,
        );
    }
    let segments: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    if segments.first() == Some(&"favicon.ico") {
        return plain(StatusCode::NO_CONTENT, "");
    }
    let public = matches!(segments.first(), Some(&"login"));
    if console.auth_enabled && session.keys.is_none() && !public {
        return redirect("/login");
    }
    let outcome = pages::route(console, session, &req, &segments).await;
    match outcome {
        Outcome::Page {
            title,
            body,
            status,
        } => page_response(console, session, &title, body, status),
        Outcome::Redirect { to, flash } => {
            if let Some(f) = flash {
                console.sessions.set_flash(&session.id, f);
            }
            redirect(&to)
        }
    }
}

fn page_response(
    console: &Console,
    session: &Session,
    title: &str,
    body: Markup,
    status: StatusCode,
) -> Response<Full<Bytes>> {
    let flash = console.sessions.take_flash(&session.id);
    // The session may have changed while the page was made (signing in or out).
    let now = console.sessions.get_or_create(Some(&session.id));
    let html = layout::page(
        title,
        &layout::Frame {
            who: now.who(),
            csrf: &now.csrf,
            signed_in: now.keys.is_some(),
            auth_enabled: console.auth_enabled,
            flash: flash.as_ref(),
        },
        body,
    );
    Response::builder()
        .status(status)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("x-frame-options", "DENY")
        .header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'",
        )
        .body(Full::new(Bytes::from(html.into_string())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn redirect(to: &str) -> Response<Full<Bytes>> {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header("location", to)
        .body(Full::new(Bytes::new()))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn plain(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .body(Full::new(Bytes::from_static(text.as_bytes())))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn with_cookie(mut response: Response<Full<Bytes>>, session: &Session) -> Response<Full<Bytes>> {
    if session.is_new
        && let Ok(v) = hyper::header::HeaderValue::from_str(&format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            session::COOKIE,
            session.id
        ))
    {
        response.headers_mut().insert(hyper::header::SET_COOKIE, v);
    }
    response
}

/// What stays as it is in a path segment: letters, digits and RFC 3986's other unreserved
/// characters.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A path segment as it goes into a link (`%RETRY%g` becomes `%25RETRY%25g`).
pub(super) fn enc(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A query string from pairs.
pub(super) fn query_string(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
