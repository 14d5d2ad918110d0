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

/// Largest form accepted: a test message (its body is the largest field), and any other.
const MAX_MESSAGE_FORM_BYTES: usize = 4 * 1024 * 1024;
const MAX_FORM_BYTES: usize = 64 * 1024;

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

    /// An optional whole number from the form; what is wrong with it, for people.
    pub fn f_number<T: std::str::FromStr>(
        &self,
        name: &str,
        what: &str,
    ) -> Result<Option<T>, String> {
        self.f(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|_| format!("{what} must be a whole number."))
            })
            .transpose()
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
    /// After a change: go to `to`, showing `flash` there; `session` is the session's new id
    /// after signing in or out.
    Redirect {
        to: String,
        flash: Option<Flash>,
        session: Option<String>,
    },
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
            session: None,
        }
    }

    /// A page that says what went wrong, with the HTTP status the refusal maps to.
    pub fn error(title: impl Into<String>, heading: Markup, status: &tonic::Status) -> Self {
        Self::Page {
            title: title.into(),
            body: maud::html! { (heading) (layout::error_box(&super::api::explain(status))) },
            status: super::api::http_status(status),
        }
    }
}

/// Answers one HTTP request; never fails (errors are pages).
pub(super) async fn answer(
    console: Arc<Console>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    // A page elsewhere whose name was pointed at this address (DNS rebinding) sends its own
    // name: it gets nothing.
    let host = request
        .headers()
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !console.hosts.host_allowed(host) {
        return Ok(plain(
            StatusCode::MISDIRECTED_REQUEST,
            "this console does not answer to that host name; add it to console.allowed_hosts\n",
        ));
    }
    let cookie = request
        .headers()
        .get(hyper::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(session::cookie_value)
        .map(str::to_owned);
    let session = console.sessions.get_or_create(cookie.as_deref());
    let (response, new_id) = match read(request).await {
        Ok(req) => respond(&console, &session, req).await,
        Err((status, message)) => (
            page_response(
                &console,
                &session,
                "",
                "Bad request",
                layout::error_box(&message),
                status,
            ),
            None,
        ),
    };
    let set = new_id
        .as_deref()
        .or(session.is_new.then_some(session.id.as_str()));
    Ok(with_cookie(response, set))
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
        let limit = if segments == ["messages", "send"] {
            MAX_MESSAGE_FORM_BYTES
        } else {
            MAX_FORM_BYTES
        };
        let bytes = Limited::new(body, limit)
            .collect()
            .await
            .map_err(|_| {
                (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("the form is larger than {} KiB", limit >> 10),
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

/// The answer, and the session's new id when this request signed in or out.
async fn respond(
    console: &Console,
    session: &Session,
    req: Req,
) -> (Response<Full<Bytes>>, Option<String>) {
    let segments: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let section = segments.first().copied().unwrap_or("");
    if req.method == Method::POST && req.f("csrf") != Some(session.csrf.as_str()) {
        let page = page_response(
            console,
            session,
            section,
            "Form expired",
            layout::error_box(
                "This form is out of date (or came from another site). Reload the page and try again.",
            ),
            StatusCode::FORBIDDEN,
        );
        return (page, None);
    }
    if section == "favicon.ico" {
        return (plain(StatusCode::NO_CONTENT, ""), None);
    }
    if console.auth_enabled && session.keys.is_none() && section != "login" {
        return (redirect("/login"), None);
    }
    match pages::route(console, session, &req, &segments).await {
        Outcome::Page {
            title,
            body,
            status,
        } => (
            page_response(console, session, section, &title, body, status),
            None,
        ),
        Outcome::Redirect {
            to,
            flash,
            session: new_id,
        } => {
            if let Some(f) = flash {
                console
                    .sessions
                    .set_flash(new_id.as_deref().unwrap_or(&session.id), f);
            }
            (redirect(&to), new_id)
        }
    }
}

fn page_response(
    console: &Console,
    session: &Session,
    section: &str,
    title: &str,
    body: Markup,
    status: StatusCode,
) -> Response<Full<Bytes>> {
    let flash = console.sessions.take_flash(&session.id);
    let html = layout::page(
        title,
        &layout::Frame {
            who: session.who(),
            csrf: &session.csrf,
            signed_in: session.keys.is_some(),
            auth_enabled: console.auth_enabled,
            flash: flash.as_ref(),
            section,
        },
        body,
    );
    Response::builder()
        .status(status)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("x-frame-options", "DENY")
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
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

/// Sets the session cookie when the session is new or got a new id.
fn with_cookie(mut response: Response<Full<Bytes>>, id: Option<&str>) -> Response<Full<Bytes>> {
    if let Some(id) = id
        && let Ok(v) = hyper::header::HeaderValue::from_str(&format!(
            "{}={id}; Path=/; HttpOnly; SameSite=Strict",
            session::COOKIE,
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

/// The page of a topic.
pub(super) fn topic_href(name: &str) -> String {
    format!("/topics/{}", enc(name))
}

/// The page of a consumer group.
pub(super) fn group_href(name: &str) -> String {
    format!("/groups/{}", enc(name))
}

/// The page of the copy of a message stored in `topic`.
pub(super) fn message_href(id: &str, topic: &str) -> String {
    format!(
        "/messages/{}?{}",
        enc(id),
        query_string(&[("topic", topic)])
    )
}

/// Where a group's dead letters are resent.
pub(super) fn resend_href(group: &str) -> String {
    format!("/dlq/{}/resend", enc(group))
}

/// A query string from pairs.
pub(super) fn query_string(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
