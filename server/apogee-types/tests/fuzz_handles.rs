//! Property-based fuzzing of receipt and recall handle decoding (`receipt.rs`, `recall.rs`,
//! `handle_key.rs`): arbitrary strings never panic and never decode as valid under a key,
//! encode→decode round-trips every field, and changing, dropping or adding any one character
//! of a valid handle makes it invalid.
//!
//! The case count comes from proptest's default config, so `PROPTEST_CASES` sets it (256 when
//! unset). A long run: `PROPTEST_CASES=1000000 cargo test --workspace fuzz_`.

use apogee_types::{HandleKey, RecallHandle, ReceiptError, ReceiptHandle};
use proptest::prelude::*;

/// Hex digits twice over, the version byte and a few characters a client might send instead.
const NEAR_HEX: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f', 'A', 'B', 'F',
    'g', 'z', ' ', '-', '\0', 'é',
];

/// Bytes of an encoded receipt handle, and of a recall handle.
const RECEIPT_BYTES: usize = 41 + 16;
const RECALL_BYTES: usize = 21 + 16;

fn key() -> impl Strategy<Value = HandleKey> {
    any::<[u8; 32]>().prop_map(HandleKey::from_bytes)
}

fn receipt() -> impl Strategy<Value = ReceiptHandle> {
    (
        any::<u32>(),
        any::<u64>(),
        any::<u32>(),
        any::<u32>(),
        any::<u64>(),
        any::<u64>(),
        any::<u32>(),
    )
        .prop_map(
            |(group_id, instance, topic_id, queue_id, queue_offset, deadline_ms, nonce)| {
                ReceiptHandle {
                    group_id,
                    instance,
                    topic_id,
                    queue_id,
                    queue_offset,
                    deadline_ms,
                    nonce,
                }
            },
        )
}

fn recall() -> impl Strategy<Value = RecallHandle> {
    (any::<u32>(), any::<u64>(), any::<u64>()).prop_map(|(topic_id, deliver_at_ms, log_offset)| {
        RecallHandle {
            topic_id,
            deliver_at_ms,
            log_offset,
        }
    })
}

/// Strings a client could present: anything, near-hex of any length, and well-formed lowercase
/// hex of exactly a handle's length (the only shape that reaches the MAC check).
fn presented() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(proptest::sample::select(NEAR_HEX), 0..130)
            .prop_map(String::from_iter),
        proptest::collection::vec(any::<u8>(), 0..80).prop_map(hex::encode),
        proptest::collection::vec(any::<u8>(), RECEIPT_BYTES - 1).prop_map(|rest| {
            let mut raw = vec![2u8];
            raw.extend(rest);
            hex::encode(raw)
        }),
        proptest::collection::vec(any::<u8>(), RECALL_BYTES - 1).prop_map(|rest| {
            let mut raw = vec![2u8];
            raw.extend(rest);
            hex::encode(raw)
        }),
    ]
}

/// A character other than `c`: often a neighbouring hex digit or its upper-case form.
fn other_char(c: char, pick: char, digit: u8) -> char {
    let candidates = [
        pick,
        char::from_digit(u32::from(digit % 16), 16).unwrap_or('0'),
        c.to_ascii_uppercase(),
        'g',
        ' ',
        '\0',
    ];
    candidates.into_iter().find(|x| *x != c).unwrap_or('x')
}

/// Every single-character edit of `s` at `at`: substitution, deletion, insertion.
fn edits(s: &str, at: usize, pick: char, digit: u8) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let at = at % chars.len();
    let mut substituted = chars.clone();
    substituted[at] = other_char(chars[at], pick, digit);
    let mut deleted = chars.clone();
    deleted.remove(at);
    let mut inserted = chars.clone();
    inserted.insert(
        at,
        char::from_digit(u32::from(digit % 16), 16).unwrap_or('0'),
    );
    [substituted, deleted, inserted]
        .into_iter()
        .map(String::from_iter)
        .collect()
}

proptest! {
    #[test]
    fn receipt_round_trips(h in receipt(), key in key(), message_id in any::<String>()) {
        let s = h.encode(&key, &message_id);
        prop_assert_eq!(s.len(), 2 * RECEIPT_BYTES);
        prop_assert!(s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{}", s);
        prop_assert_eq!(ReceiptHandle::decode(&s, &key, &message_id), Ok(h));
        // The same handle, encoded again, is the same string (no randomness in encoding).
        prop_assert_eq!(h.encode(&key, &message_id), s);
    }

    #[test]
    fn receipt_is_tied_to_its_key_and_message(
        h in receipt(),
        key in key(),
        other_key in key(),
        message_id in any::<String>(),
        other_id in any::<String>(),
    ) {
        let s = h.encode(&key, &message_id);
        if other_id != message_id {
            prop_assert_eq!(
                ReceiptHandle::decode(&s, &key, &other_id),
                Err(ReceiptError::Forged)
            );
        }
        if other_key != key {
            prop_assert_eq!(
                ReceiptHandle::decode(&s, &other_key, &message_id),
                Err(ReceiptError::Forged)
            );
        }
        // Upper case is another token, not another spelling.
        let upper = s.to_uppercase();
        if upper != s {
            prop_assert_eq!(
                ReceiptHandle::decode(&upper, &key, &message_id),
                Err(ReceiptError::Malformed)
            );
        }
    }

    #[test]
    fn every_one_character_edit_breaks_a_receipt(
        h in receipt(),
        key in key(),
        message_id in any::<String>(),
        at in any::<usize>(),
        pick in any::<char>(),
        digit in any::<u8>(),
    ) {
        let s = h.encode(&key, &message_id);
        for edited in edits(&s, at, pick, digit) {
            prop_assert_ne!(&edited, &s);
            let got = ReceiptHandle::decode(&edited, &key, &message_id);
            prop_assert!(got.is_err(), "{} decoded as {:?}", edited, got);
        }
    }

    #[test]
    fn presented_strings_never_decode_as_receipts(
        s in presented(),
        key in key(),
        message_id in any::<String>(),
    ) {
        match ReceiptHandle::decode(&s, &key, &message_id) {
            Ok(h) => prop_assert!(false, "{} decoded as {:?}", s, h),
            Err(ReceiptError::Empty) => prop_assert!(s.is_empty()),
            Err(ReceiptError::Version(v)) => {
                prop_assert_ne!(v, 2);
                prop_assert!(s.starts_with(&format!("{v:02x}")), "{} is version {}", s, v);
            }
            Err(ReceiptError::Malformed | ReceiptError::Forged) => {}
        }
        // Errors stay small whatever was presented.
        if let Err(e) = ReceiptHandle::decode(&s, &key, &message_id) {
            prop_assert!(e.to_string().len() < 200);
        }
    }

    #[test]
    fn recall_round_trips(h in recall(), key in key(), other_key in key()) {
        let s = h.encode(&key);
        prop_assert_eq!(s.len(), 2 * RECALL_BYTES);
        prop_assert_eq!(RecallHandle::decode(&s, &key), Some(h));
        if other_key != key {
            prop_assert_eq!(RecallHandle::decode(&s, &other_key), None);
        }
        let upper = s.to_uppercase();
        if upper != s {
            prop_assert_eq!(RecallHandle::decode(&upper, &key), None);
        }
    }

    #[test]
    fn every_one_character_edit_breaks_a_recall_handle(
        h in recall(),
        key in key(),
        at in any::<usize>(),
        pick in any::<char>(),
        digit in any::<u8>(),
    ) {
        let s = h.encode(&key);
        for edited in edits(&s, at, pick, digit) {
            prop_assert_ne!(&edited, &s);
            prop_assert_eq!(RecallHandle::decode(&edited, &key), None, "{}", edited);
        }
    }

    #[test]
    fn presented_strings_never_decode_as_recall_handles(s in presented(), key in key()) {
        prop_assert_eq!(RecallHandle::decode(&s, &key), None);
    }

    /// Receipt and recall handles are MAC'd under different domains and differ in length:
    /// neither kind is ever accepted as the other.
    #[test]
    fn receipt_and_recall_handles_are_not_interchangeable(
        r in receipt(),
        c in recall(),
        key in key(),
        message_id in any::<String>(),
    ) {
        let receipt = r.encode(&key, &message_id);
        let recall = c.encode(&key);
        prop_assert_eq!(RecallHandle::decode(&receipt, &key), None);
        prop_assert!(ReceiptHandle::decode(&recall, &key, &message_id).is_err());
        prop_assert!(ReceiptHandle::decode(&recall, &key, "").is_err());
    }

    #[test]
    fn handle_keys_round_trip_their_bytes(bytes in any::<[u8; 32]>()) {
        let key = HandleKey::from_bytes(bytes);
        prop_assert_eq!(key.bytes(), bytes);
        // The secret never shows in debug output.
        prop_assert_eq!(format!("{key:?}"), "HandleKey(..)");
    }
}
