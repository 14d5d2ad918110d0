//! Browser sessions: a random id in an `HttpOnly`, `SameSite=Strict` cookie names the
//! signed-in keys (kept in memory only, never sent back to the browser), the token every form
//! must carry (so another site cannot post on the user's behalf), and a message for the next
//! page after a change.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

/// The session cookie's name.
pub(super) const COOKIE: &str = "apogee_console";
/// Idle sessions end after this long.
const IDLE: Duration = Duration::from_secs(12 * 3600);
/// At most this many sessions are kept; the least recently used go first.
const MAX_SESSIONS: usize = 10_000;

/// The outcome of a change, shown once on the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Flash {
    Ok(String),
    Error(String),
}

/// What a request knows of its session.
#[derive(Debug, Clone)]
pub(super) struct Session {
    pub id: String,
    /// Access and secret key of the signed-in user.
    pub keys: Option<(String, String)>,
    pub csrf: String,
    /// Made for this request: the response sets the cookie.
    pub is_new: bool,
}

impl Session {
    /// The name shown as signed in.
    pub fn who(&self) -> &str {
        self.keys.as_ref().map_or("anonymous", |(k, _)| k.as_str())
    }
}

#[derive(Debug)]
struct Entry {
    keys: Option<(String, String)>,
    csrf: String,
    flash: Option<Flash>,
    seen: Instant,
}

/// Every live session, by id.
#[derive(Debug, Default)]
pub(super) struct Sessions {
    all: Mutex<HashMap<String, Entry>>,
}

fn random_token() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

impl Sessions {
    /// The session named by the cookie, or a new anonymous one.
    pub fn get_or_create(&self, cookie: Option<&str>) -> Session {
        let now = Instant::now();
        let mut all = self.all.lock();
        if let Some(id) = cookie
            && let Some(e) = all.get_mut(id)
            && now.duration_since(e.seen) < IDLE
        {
            e.seen = now;
            return Session {
                id: id.to_owned(),
                keys: e.keys.clone(),
                csrf: e.csrf.clone(),
                is_new: false,
            };
        }
        if all.len() >= MAX_SESSIONS {
            all.retain(|_, e| now.duration_since(e.seen) < IDLE);
            if all.len() >= MAX_SESSIONS
                && let Some(oldest) = all
                    .iter()
                    .min_by_key(|(_, e)| e.seen)
                    .map(|(k, _)| k.clone())
            {
                all.remove(&oldest);
            }
        }
        let id = random_token();
        let csrf = random_token();
        all.insert(
            id.clone(),
            Entry {
                keys: None,
                csrf: csrf.clone(),
                flash: None,
                seen: now,
            },
        );
        Session {
            id,
            keys: None,
            csrf,
            is_new: true,
        }
    }

    /// Signs the session in (`Some`) or out (`None`); a new form token either way.
    pub fn set_keys(&self, id: &str, keys: Option<(String, String)>) {
        if let Some(e) = self.all.lock().get_mut(id) {
            e.keys = keys;
            e.csrf = random_token();
        }
    }

    pub fn set_flash(&self, id: &str, flash: Flash) {
        if let Some(e) = self.all.lock().get_mut(id) {
            e.flash = Some(flash);
        }
    }

    /// The message left for this page, once.
    pub fn take_flash(&self, id: &str) -> Option<Flash> {
        self.all.lock().get_mut(id).and_then(|e| e.flash.take())
    }
}

/// The session id in a `Cookie` header.
pub(super) fn cookie_value(header: &str) -> Option<&str> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == COOKIE).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_keep_keys_and_show_a_flash_once() {
        let s = Sessions::default();
        let first = s.get_or_create(None);
        assert!(first.is_new && first.keys.is_none());
        s.set_keys(&first.id, Some(("ak".into(), "sk".into())));
        let again = s.get_or_create(Some(&first.id));
        assert!(!again.is_new);
        assert_eq!(again.who(), "ak");
        assert_ne!(again.csrf, first.csrf, "signing in changes the form token");
        s.set_flash(&first.id, Flash::Ok("done".into()));
        assert_eq!(s.take_flash(&first.id), Some(Flash::Ok("done".into())));
        assert_eq!(s.take_flash(&first.id), None);
        let unknown = s.get_or_create(Some("forged"));
        assert!(unknown.is_new && unknown.id != "forged");
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        assert_eq!(cookie_value("a=1; apogee_console=xyz; b=2"), Some("xyz"));
        assert_eq!(cookie_value("a=1"), None);
    }
}
