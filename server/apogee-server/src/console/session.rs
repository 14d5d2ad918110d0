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
    /// A test message went out: its topic and id.
    Sent {
        topic: String,
        id: String,
    },
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
        if let Some(id) = cookie {
            match all.get_mut(id) {
                Some(e) if now.duration_since(e.seen) < IDLE => {
                    e.seen = now;
                    return Session {
                        id: id.to_owned(),
                        keys: e.keys.clone(),
                        csrf: e.csrf.clone(),
                        is_new: false,
                    };
                }
                // Expired: its keys leave memory now.
                Some(_) => {
                    all.remove(id);
                }
                None => {}
            }
        }
        let (id, csrf) = insert(&mut all, None, now);
        Session {
            id,
            keys: None,
            csrf,
            is_new: true,
        }
    }

    /// Signs the session in (`Some`) or out (`None`) under a new id (so an id known before
    /// signing in is worth nothing after) with a new form token; the new id, whose cookie the
    /// answer sets. The message left for the next page moves with it.
    pub fn replace_keys(&self, id: &str, keys: Option<(String, String)>) -> String {
        let mut all = self.all.lock();
        let flash = all.remove(id).and_then(|e| e.flash);
        let (new_id, _) = insert(&mut all, keys, Instant::now());
        if let Some(e) = all.get_mut(&new_id) {
            e.flash = flash;
        }
        new_id
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

/// Adds a session, making room first when the table is full: expired sessions go, then the
/// least recently used anonymous one, so a flood of cookieless requests cannot sign anyone out.
fn insert(
    all: &mut HashMap<String, Entry>,
    keys: Option<(String, String)>,
    now: Instant,
) -> (String, String) {
    if all.len() >= MAX_SESSIONS {
        all.retain(|_, e| now.duration_since(e.seen) < IDLE);
    }
    if all.len() >= MAX_SESSIONS {
        let anonymous_first = all
            .iter()
            .min_by_key(|(_, e)| (e.keys.is_some(), e.seen))
            .map(|(k, _)| k.clone());
        if let Some(k) = anonymous_first {
            all.remove(&k);
        }
    }
    let (id, csrf) = (random_token(), random_token());
    all.insert(
        id.clone(),
        Entry {
            keys,
            csrf: csrf.clone(),
            flash: None,
            seen: now,
        },
    );
    (id, csrf)
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
        s.set_flash(&first.id, Flash::Ok("welcome".into()));
        let signed_in = s.replace_keys(&first.id, Some(("ak".into(), "sk".into())));
        assert_ne!(signed_in, first.id, "signing in changes the session id");
        assert!(
            s.get_or_create(Some(&first.id)).is_new,
            "the old id is gone"
        );
        let again = s.get_or_create(Some(&signed_in));
        assert!(!again.is_new);
        assert_eq!(again.who(), "ak");
        assert_ne!(again.csrf, first.csrf, "signing in changes the form token");
        assert_eq!(s.take_flash(&signed_in), Some(Flash::Ok("welcome".into())));
        s.set_flash(&signed_in, Flash::Ok("done".into()));
        assert_eq!(s.take_flash(&signed_in), Some(Flash::Ok("done".into())));
        assert_eq!(s.take_flash(&signed_in), None);
        let unknown = s.get_or_create(Some("forged"));
        assert!(unknown.is_new && unknown.id != "forged");
    }

    #[test]
    fn a_full_table_drops_anonymous_sessions_before_signed_in_ones() {
        let s = Sessions::default();
        let user = s.get_or_create(None).id;
        let user = s.replace_keys(&user, Some(("ak".into(), "sk".into())));
        for _ in 0..MAX_SESSIONS + 5 {
            s.get_or_create(None);
        }
        assert_eq!(s.all.lock().len(), MAX_SESSIONS);
        assert_eq!(s.get_or_create(Some(&user)).who(), "ak");
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        assert_eq!(cookie_value("a=1; apogee_console=xyz; b=2"), Some("xyz"));
        assert_eq!(cookie_value("a=1"), None);
    }
}
