//! Handles that name their broker. A proxy in front of several brokers hands out receipt
//! handles, transaction ids and recall handles as `INNER~BROKER`, so the call that presents one
//! later (through any proxy) reaches the broker that issued it. Broker names hold no `~`
//! (refused at start), and the inner part is passed back to the broker untouched.

const SEPARATOR: char = '~';

/// `inner` as issued by `broker`, for a client.
pub fn wrap(inner: &str, broker: &str) -> String {
    format!("{inner}{SEPARATOR}{broker}")
}

/// The broker and the inner handle of one a client presents; `None` when it names no broker
/// (it was not issued by an Apogee proxy).
pub fn unwrap(handle: &str) -> Option<(&str, &str)> {
    match handle.rsplit_once(SEPARATOR) {
        Some((inner, broker)) if !inner.is_empty() && !broker.is_empty() => Some((broker, inner)),
        _ => None,
    }
}

/// Whether a broker name can stand in a handle.
pub fn valid_broker_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_handle_comes_back_apart() {
        let h = wrap("00ff", "broker-a");
        assert_eq!(unwrap(&h).unwrap(), ("broker-a", "00ff"));
    }

    #[test]
    fn a_handle_without_a_broker_is_refused() {
        for bad in ["00ff", "~b", "a~", ""] {
            assert!(unwrap(bad).is_none(), "{bad}");
        }
    }
}
