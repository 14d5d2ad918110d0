//! Quoting user input in error messages. An error that repeats what a client sent must stay
//! small whatever the client sent: a 1 MiB tag quoted in full, copied into every entry of a
//! batch reply, once made a 0.14 MB request cost 65 MB of reply.

/// Longest piece of user input an error message repeats, in bytes.
pub const MAX_QUOTED: usize = 64;

/// `s` as a Rust-style quoted string when it is short; otherwise its first [`MAX_QUOTED`] bytes
/// (cut at a character boundary), an ellipsis and its length.
pub fn quote(s: &str) -> String {
    if s.len() <= MAX_QUOTED {
        return format!("{s:?}");
    }
    let mut end = MAX_QUOTED;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{:?}… ({} bytes)", &s[..end], s.len())
}

/// Cuts a whole message to at most `max` bytes (at a character boundary), saying how long it
/// was. The last line of defence for messages that travel in gRPC trailers, which clients
/// refuse above 16 KiB.
pub fn cap_message(message: String, max: usize) -> String {
    if message.len() <= max {
        return message;
    }
    let mut end = max;
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &message[..end], message.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_input_is_quoted_whole() {
        assert_eq!(quote("Tag|A"), "\"Tag|A\"");
    }

    #[test]
    fn long_input_is_cut_with_its_length() {
        let q = quote(&"x".repeat(1 << 20));
        assert!(q.len() < 100, "{q}");
        assert!(q.ends_with("… (1048576 bytes)"));
        // A multi-byte character at the cut is not split.
        let q = quote(&"é".repeat(100));
        assert!(q.contains("200 bytes"));
    }

    #[test]
    fn messages_are_capped() {
        assert_eq!(cap_message("short".into(), 10), "short");
        let m = cap_message("y".repeat(5000), 1024);
        assert!(m.len() < 1100 && m.ends_with("(5000 bytes in all)"));
    }
}
