//! The frame around every page (navigation, who is signed in, the message left by the last
//! change) and small pieces pages share. All styles are inline: nothing is fetched.

use maud::{DOCTYPE, Markup, html};

use super::session::Flash;

/// What the frame shows beside the page.
#[derive(Debug)]
pub(super) struct Frame<'a> {
    pub who: &'a str,
    pub csrf: &'a str,
    pub signed_in: bool,
    pub auth_enabled: bool,
    pub flash: Option<&'a Flash>,
    /// The first part of the page's path, which marks its link in the navigation.
    pub section: &'a str,
}

/// The navigation: (id, path, section, label).
const NAV: [(&str, &str, &str, &str); 5] = [
    ("nav-overview", "/", "", "Overview"),
    ("nav-topics", "/topics", "topics", "Topics"),
    ("nav-groups", "/groups", "groups", "Groups"),
    ("nav-messages", "/messages", "messages", "Messages"),
    ("nav-dlq", "/dlq", "dlq", "Dead letters"),
];

const STYLE: &str = r#"
:root { --fg:#1d2433; --muted:#5b6578; --line:#d9dee8; --bg:#f6f7fb; --accent:#2454c7; --ok:#17723a; --bad:#b3261e; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { background:#14213d; color:#fff; display:flex; align-items:center; gap:24px; padding:0 20px; height:52px; }
header .brand { font-weight:700; letter-spacing:.5px; font-size:17px; }
header nav a { color:#cfd8ea; text-decoration:none; margin-right:16px; padding:15px 0; }
header nav a:hover, header nav a.here { color:#fff; border-bottom:2px solid #7aa2ff; }
header .who { margin-left:auto; color:#cfd8ea; display:flex; gap:10px; align-items:center; }
header .who button { background:transparent; color:#cfd8ea; border:1px solid #52607a; }
main { max-width:1200px; margin:0 auto; padding:20px; }
h1 { font-size:22px; margin:4px 0 16px; } h2 { font-size:16px; margin:24px 0 10px; }
section.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px; margin-bottom:16px; }
section.card > h2:first-child { margin-top:0; }
.stats { margin-bottom:16px; }
table { border-collapse:collapse; width:100%; background:#fff; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
a { color:var(--accent); }
form.inline { display:flex; flex-wrap:wrap; gap:8px; align-items:end; }
label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:3px; }
label.check { flex-direction:row; align-items:center; }
input, select, textarea { font:inherit; padding:6px 8px; border:1px solid #b8c0d0; border-radius:5px; background:#fff; color:var(--fg); }
textarea { width:100%; min-height:70px; }
button { font:inherit; padding:6px 14px; border-radius:5px; border:1px solid var(--accent); background:var(--accent); color:#fff; cursor:pointer; }
button.secondary { background:#fff; color:var(--accent); }
#flash { padding:10px 14px; border-radius:6px; margin-bottom:16px; }
#flash.ok { background:#e3f4e8; color:var(--ok); border:1px solid #a8d9b7; }
#flash.error, div.error { background:#fdecea; color:var(--bad); border:1px solid #f3b8b2; padding:10px 14px; border-radius:6px; margin:8px 0; }
div.empty { color:var(--muted); padding:10px 0; }
.stats { display:flex; gap:16px; flex-wrap:wrap; }
.stat { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 16px; min-width:150px; }
.stat .v { font-size:22px; font-weight:650; font-variant-numeric: tabular-nums; }
.stat .k { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.4px; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; background:#e8ecf5; }
.badge.good { background:#e3f4e8; color:var(--ok); } .badge.bad { background:#fdecea; color:var(--bad); }
pre { background:#0f1626; color:#e6edf7; padding:12px; border-radius:6px; overflow:auto; max-height:480px; white-space:pre-wrap; word-break:break-all; }
svg text { font-size:11px; fill:var(--muted); }
polyline.in { stroke:#2454c7; } polyline.out { stroke:#e07b00; }
.legend span { margin-right:14px; } .legend .in { color:#2454c7; } .legend .out { color:#e07b00; }
.muted { color:var(--muted); }
"#;

/// A whole page.
pub(super) fn page(title: &str, frame: &Frame<'_>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Apogee console" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                header {
                    span.brand { "Apogee" }
                    nav #nav {
                        @for (id, path, section, label) in NAV {
                            a id=(id) href=(path) class=[(section == frame.section).then_some("here")] { (label) }
                        }
                    }
                    div.who {
                        span #whoami { (frame.who) }
                        @if frame.signed_in {
                            form method="post" action="/logout" {
                                (csrf(frame.csrf))
                                button #logout type="submit" { "Sign out" }
                            }
                        } @else if frame.auth_enabled {
                            a href="/login" { "Sign in" }
                        }
                    }
                }
                main {
                    @match frame.flash {
                        Some(Flash::Ok(m)) => div #flash .ok { (m) },
                        Some(Flash::Error(m)) => div #flash .error { (m) },
                        Some(Flash::Sent { topic, id }) => div #flash .ok {
                            "Sent to " (topic) " as message " span #sent-id { (id) } "."
                        },
                        None => {},
                    }
                    (body)
                }
            }
        }
    }
}

/// The hidden form token every POST form carries.
pub(super) fn csrf(token: &str) -> Markup {
    html! { input type="hidden" name="csrf" value=(token); }
}

/// A clear message where a part of a page could not be made.
pub(super) fn error_box(message: &str) -> Markup {
    html! { div.error { (message) } }
}

/// "Nothing here" in a table's place.
pub(super) fn empty(message: &str) -> Markup {
    html! { div.empty { (message) } }
}

/// The last millisecond of the year 9999, the latest time RFC 3339 can write.
const LATEST_WRITABLE_MS: i64 = 253_402_300_799_999;

/// Milliseconds since the epoch as UTC text ("-" for none). Clients set some times (a message's
/// born time): one past the year 9999 is shown as the number it is.
pub(super) fn time(ms: i64) -> String {
    if ms <= 0 {
        return "-".to_owned();
    }
    if ms > LATEST_WRITABLE_MS {
        return format!("{ms} ms after 1970");
    }
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms.unsigned_abs());
    let text = humantime::format_rfc3339_seconds(t).to_string();
    text.replace('T', " ").replace('Z', " UTC")
}

/// A rate for people: "12.3 msg/s".
pub(super) fn rate(per_second: f64) -> String {
    format!("{per_second:.1} msg/s")
}

/// Parses a `datetime-local` value (UTC): `2026-12-02T07:30` or with seconds.
pub(super) fn parse_time(text: &str) -> Result<i64, String> {
    let t = text.trim();
    let full = match t.len() {
        16 => format!("{t}:00Z"),
        19 => format!("{t}Z"),
        _ => t.to_owned(),
    };
    humantime::parse_rfc3339(&full)
        .map_err(|_| format!("{t:?} is not a time (use YYYY-MM-DDTHH:MM, UTC)"))
        .and_then(|st| {
            st.duration_since(std::time::UNIX_EPOCH)
                .map_err(|_| format!("{t:?} is before 1970"))
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_and_print_in_utc() {
        let ms = parse_time("2026-12-02T07:30").unwrap();
        assert_eq!(time(ms), "2026-12-02 07:30:00 UTC");
        assert_eq!(parse_time("2026-12-02T07:30:15").unwrap(), ms + 15_000);
        assert!(parse_time("yesterday").unwrap_err().contains("not a time"));
        assert_eq!(time(0), "-");
        assert_eq!(time(i64::MAX), format!("{} ms after 1970", i64::MAX));
        assert!(time(LATEST_WRITABLE_MS).starts_with("9999-12-31 23:59:59"));
    }

    #[test]
    fn text_is_escaped() {
        let m = error_box("<script>x</script>");
        assert!(!m.into_string().contains("<script>"));
    }
}
