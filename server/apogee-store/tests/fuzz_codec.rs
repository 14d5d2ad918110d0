//! Property-based fuzzing of the store's codecs: commit-log records (`record.rs`), the
//! fixed-size values (consume-queue, in-flight, timer and transaction entries), every key codec
//! (`keys.rs`, timer keys) and the JSON metadata records (`meta.rs`). Arbitrary bytes never
//! panic a decoder; encode→decode round-trips; keys keep logical order as byte order, and
//! prefixes select exactly their own entries.
//!
//! The case count comes from proptest's default config, so `PROPTEST_CASES` sets it (256 when
//! unset). A long run: `PROPTEST_CASES=1000000 cargo test --workspace fuzz_`.

use apogee_store::codec::{decode_message, decode_timer_key, encode_record_start, finish_record};
use apogee_store::keys::{
    self, MetaKind, cq_key, decode_cq_key, decode_index_log_offset, decode_log_key,
    decode_offsets_key, done_key, log_key, message_key_key, message_key_prefix, msgid_key,
    msgid_prefix, offset_key, prefix_upper_bound, timer_key,
};
use apogee_store::{
    AclEntryRecord, AclRecord, CqEntry, GroupRecord, InvisibleKey, InvisibleValue, OffsetsEntry,
    StoreError, TimerValue, TopicRecord, TxnValue, UserRecord, ViewKey,
};
use apogee_types::{Message, MessageType, StoredMessage};
use bytes::Bytes;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Strategies.

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..max)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z\u{0}]{0,6}",
        proptest::sample::select(&["", "\u{0}", "é", "a\u{0}b"][..]).prop_map(str::to_owned),
    ]
}

fn message() -> impl Strategy<Value = Message> {
    (
        (
            text(),
            bytes(256),
            proptest::option::of(text()),
            proptest::collection::vec(text(), 0..5),
            proptest::collection::vec((text(), text()), 0..5),
        ),
        (
            proptest::option::of(proptest::sample::select(&MessageType::ALL[..])),
            proptest::option::of(text()),
            proptest::option::of(any::<i64>()),
            any::<i64>(),
            text(),
            proptest::option::of(text()),
        ),
    )
        .prop_map(
            |(
                (message_id, body, tag, keys, user_properties),
                (
                    message_type,
                    message_group,
                    delivery_timestamp_ms,
                    born_timestamp_ms,
                    born_host,
                    trace_context,
                ),
            )| Message {
                message_id,
                body: Bytes::from(body),
                tag,
                keys,
                user_properties,
                message_type,
                message_group,
                delivery_timestamp_ms,
                born_timestamp_ms,
                born_host,
                trace_context,
            },
        )
}

fn cq_entry() -> impl Strategy<Value = CqEntry> {
    (
        any::<u64>(),
        any::<u32>(),
        any::<u32>(),
        any::<u64>(),
        any::<u32>(),
        any::<u32>(),
    )
        .prop_map(
            |(log_offset, size, tag_hash, store_time_ms, reconsume_times, group_hash)| CqEntry {
                log_offset,
                size,
                tag_hash,
                store_time_ms,
                reconsume_times,
                group_hash,
            },
        )
}

fn view() -> impl Strategy<Value = ViewKey> {
    (any::<u32>(), any::<u64>()).prop_map(|(group_id, instance)| ViewKey { group_id, instance })
}

fn invisible_key() -> impl Strategy<Value = InvisibleKey> {
    (
        any::<u64>(),
        view(),
        any::<u32>(),
        any::<u32>(),
        any::<u64>(),
    )
        .prop_map(
            |(deadline_ms, view, topic_id, queue_id, queue_offset)| InvisibleKey {
                deadline_ms,
                view,
                topic_id,
                queue_id,
                queue_offset,
            },
        )
}

/// Small numbers, so that two generated values are often equal in some fields.
fn small_u64() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..4, Just(u64::MAX), any::<u64>()]
}

fn small_u32() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..4, Just(u32::MAX), any::<u32>()]
}

fn topic_record() -> impl Strategy<Value = TopicRecord> {
    (
        (
            any::<u32>(),
            text(),
            any::<u32>(),
            proptest::collection::vec(text(), 0..4),
            any::<i64>(),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            text(),
            any::<u64>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (id, name, queues, message_types, created_ms),
                (system, auto_created, perm, retention_ms, deleted),
            )| TopicRecord {
                id,
                name,
                queues,
                message_types,
                created_ms,
                system,
                auto_created,
                perm,
                retention_ms,
                deleted,
            },
        )
}

fn group_record() -> impl Strategy<Value = GroupRecord> {
    (
        (any::<u32>(), text(), any::<i64>(), any::<i64>(), text()),
        (
            any::<bool>(),
            any::<bool>(),
            any::<u32>(),
            proptest::collection::vec(any::<u64>(), 0..4),
            any::<u32>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (id, name, created_ms, start_ms, start_policy),
                (fifo, broadcast, max_attempts, retry_backoff_ms, retry_topic_id, deleted),
            )| GroupRecord {
                id,
                name,
                created_ms,
                start_ms,
                start_policy,
                fifo,
                broadcast,
                max_attempts,
                retry_backoff_ms,
                retry_topic_id,
                deleted,
            },
        )
}

fn acl_record() -> impl Strategy<Value = AclRecord> {
    (
        text(),
        proptest::collection::vec(
            (
                text(),
                proptest::collection::vec(text(), 0..3),
                text(),
                proptest::collection::vec(text(), 0..3),
            )
                .prop_map(|(resource, actions, decision, source_ips)| AclEntryRecord {
                    resource,
                    actions,
                    decision,
                    source_ips,
                }),
            0..3,
        ),
    )
        .prop_map(|(user, entries)| AclRecord { user, entries })
}

/// A record's JSON with a few edits: a key dropped, a value replaced, bytes cut.
fn damaged_json() -> impl Strategy<Value = Vec<u8>> {
    (
        topic_record(),
        group_record(),
        any::<bool>(),
        any::<usize>(),
        any::<usize>(),
        prop_oneof![
            Just(serde_json::Value::Null),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>().prop_map(serde_json::Value::from),
            text().prop_map(serde_json::Value::from),
            Just(serde_json::json!([1, "x"])),
            Just(serde_json::json!({"a": {}})),
        ],
    )
        .prop_map(|(t, g, topic, pick, cut, replacement)| {
            let mut v = if topic {
                serde_json::to_value(t).expect("serializable")
            } else {
                serde_json::to_value(g).expect("serializable")
            };
            if let Some(obj) = v.as_object_mut() {
                let keys: Vec<String> = obj.keys().cloned().collect();
                let k = &keys[pick % keys.len()];
                if pick % 3 == 0 {
                    obj.remove(k);
                } else {
                    obj.insert(k.clone(), replacement);
                }
            }
            let mut raw = serde_json::to_vec(&v).expect("serializable");
            if cut % 4 == 0 {
                raw.truncate(cut % (raw.len() + 1));
            }
            raw
        })
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    /// A record started by a sender and finished by the writer decodes to what was sent.
    #[test]
    fn message_records_round_trip(
        topic in text(),
        m in message(),
        queue_id in any::<u32>(),
        queue_offset in small_u64(),
        store_timestamp_ms in any::<i64>(),
        log_offset in any::<u64>(),
    ) {
        let raw = finish_record(encode_record_start(&topic, queue_id, &m), queue_offset, store_timestamp_ms);
        let got = decode_message(log_offset, Bytes::from(raw))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(
            got,
            StoredMessage {
                topic,
                queue_id,
                queue_offset,
                log_offset,
                store_timestamp_ms,
                body_md5: Some(apogee_types::body_md5(&m.body)),
                message: m,
            }
        );
    }

    /// Arbitrary bytes, and valid records with damage, decode or are `Corrupt`: never a panic.
    #[test]
    fn damaged_records_never_panic(
        m in message(),
        garbage in bytes(512),
        at in any::<usize>(),
        x in any::<u8>(),
        cut in any::<usize>(),
    ) {
        let mut raw = finish_record(encode_record_start("T", 1, &m), 2, 3);
        let n = raw.len();
        raw[at % n] ^= x;
        raw.truncate(n - cut % (n / 2 + 1));
        let mut spliced = raw.clone();
        spliced.extend_from_slice(&garbage);
        for input in [garbage, raw, spliced] {
            match decode_message(7, Bytes::from(input)) {
                Ok(s) => prop_assert_eq!(s.log_offset, 7),
                Err(e) => prop_assert!(matches!(e, StoreError::Corrupt(_)), "{:?}", e),
            }
        }
    }

    #[test]
    fn fixed_values_round_trip(
        e in cq_entry(),
        attempt in any::<u32>(),
        nonce in any::<u32>(),
        phase in any::<u8>(),
        flags in any::<u8>(),
        client in any::<u64>(),
        delivered_ms in any::<u64>(),
        ids in (any::<u32>(), any::<u32>()),
        txn in (any::<u64>(), any::<u64>(), any::<u32>()),
    ) {
        prop_assert_eq!(CqEntry::decode(&e.encode()).ok(), Some(e));
        let v = InvisibleValue { attempt, nonce, phase, flags, client, delivered_ms, entry: e };
        prop_assert_eq!(InvisibleValue::decode(&v.encode()).ok(), Some(v));
        let t = TimerValue { topic_id: ids.0, queue_id: ids.1, entry: e };
        prop_assert_eq!(TimerValue::decode(&t.encode()).ok(), Some(t));
        let x = TxnValue {
            topic_id: ids.0,
            queue_id: ids.1,
            entry: e,
            created_ms: txn.0,
            next_check_ms: txn.1,
            checks: txn.2,
        };
        prop_assert_eq!(TxnValue::decode(&x.encode()).ok(), Some(x));
    }

    /// Fixed-size values decode exactly when there are enough bytes, and what decodes encodes
    /// back to those bytes.
    #[test]
    fn fixed_values_from_arbitrary_bytes(raw in bytes(80)) {
        fn check<T>(
            raw: &[u8],
            len: usize,
            decoded: Result<T, StoreError>,
            encode: impl Fn(&T) -> Vec<u8>,
        ) -> Result<(), TestCaseError> {
            match decoded {
                Ok(v) => {
                    prop_assert!(raw.len() >= len);
                    prop_assert_eq!(encode(&v), raw[..len].to_vec());
                }
                Err(e) => {
                    prop_assert!(raw.len() < len);
                    prop_assert!(matches!(e, StoreError::Corrupt(_)));
                }
            }
            Ok(())
        }
        check(&raw, 32, CqEntry::decode(&raw), |v| v.encode().to_vec())?;
        check(&raw, 58, InvisibleValue::decode(&raw), |v| v.encode().to_vec())?;
        check(&raw, 40, TimerValue::decode(&raw), |v| v.encode().to_vec())?;
        check(&raw, 60, TxnValue::decode(&raw), |v| v.encode().to_vec())?;
    }

    /// Every key decoder: arbitrary bytes never panic, and decode exactly at the right length.
    #[test]
    fn keys_from_arbitrary_bytes(raw in bytes(48)) {
        prop_assert_eq!(decode_log_key(&raw).is_some(), raw.len() == 8);
        prop_assert_eq!(decode_cq_key(&raw).is_some(), raw.len() == 16);
        prop_assert_eq!(InvisibleKey::decode(&raw).is_some(), raw.len() == InvisibleKey::LEN);
        prop_assert_eq!(decode_timer_key(&raw).is_ok(), raw.len() == 16);
        prop_assert_eq!(decode_index_log_offset(&raw).is_some(), raw.len() >= 8);
        match decode_offsets_key(&raw) {
            Some(OffsetsEntry::Cursor { view, topic_id, queue_id }) => {
                prop_assert_eq!(raw.len(), 20);
                prop_assert_eq!(offset_key(view, topic_id, queue_id).to_vec(), raw.clone());
            }
            Some(OffsetsEntry::Done { view, topic_id, queue_id, offset }) => {
                prop_assert_eq!(raw.len(), 28);
                prop_assert_eq!(done_key(view, topic_id, queue_id, offset).to_vec(), raw.clone());
            }
            None => prop_assert!(raw.len() != 20 && raw.len() != 28),
        }
        if let Some(k) = InvisibleKey::decode(&raw) {
            prop_assert_eq!(k.encode().to_vec(), raw.clone());
        }
        if let Some((t, q, o)) = decode_cq_key(&raw) {
            prop_assert_eq!(cq_key(t, q, o).to_vec(), raw.clone());
        }
        if let Ok(k) = decode_timer_key(&raw) {
            prop_assert_eq!(timer_key(k.deliver_at_ms, k.log_offset).to_vec(), raw);
        }
    }

    #[test]
    fn keys_round_trip(
        k in invisible_key(),
        v in view(),
        topic_id in any::<u32>(),
        queue_id in any::<u32>(),
        offset in any::<u64>(),
        id in text(),
        key in text(),
        time in any::<u64>(),
    ) {
        prop_assert_eq!(decode_log_key(&log_key(offset)), Some(offset));
        prop_assert_eq!(decode_cq_key(&cq_key(topic_id, queue_id, offset)), Some((topic_id, queue_id, offset)));
        prop_assert_eq!(
            decode_offsets_key(&offset_key(v, topic_id, queue_id)),
            Some(OffsetsEntry::Cursor { view: v, topic_id, queue_id })
        );
        prop_assert_eq!(
            decode_offsets_key(&done_key(v, topic_id, queue_id, offset)),
            Some(OffsetsEntry::Done { view: v, topic_id, queue_id, offset })
        );
        prop_assert_eq!(InvisibleKey::decode(&k.encode()), Some(k));
        let t = decode_timer_key(&timer_key(time, offset)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!((t.deliver_at_ms, t.log_offset), (time, offset));
        prop_assert_eq!(decode_index_log_offset(&msgid_key(&id, offset)), Some(offset));
        prop_assert_eq!(decode_index_log_offset(&message_key_key(topic_id, &key, time, offset)), Some(offset));
        prop_assert!(msgid_key(&id, offset).starts_with(&msgid_prefix(&id)));
        prop_assert!(message_key_key(topic_id, &key, time, offset).starts_with(&message_key_prefix(topic_id, &key)));
        let meta = keys::meta_key(MetaKind::Topic, &key);
        prop_assert_eq!(meta[0], MetaKind::Topic as u8);
        prop_assert_eq!(&meta[1..], key.as_bytes());
    }

    /// Byte order is logical order, so range scans and `delete_range` bounds are byte ranges.
    #[test]
    fn byte_order_is_logical_order(
        a in (small_u32(), small_u32(), small_u64()),
        b in (small_u32(), small_u32(), small_u64()),
        ka in invisible_key(),
        kb in invisible_key(),
        va in (small_u32(), small_u64()),
        vb in (small_u32(), small_u64()),
    ) {
        prop_assert_eq!(cq_key(a.0, a.1, a.2).cmp(&cq_key(b.0, b.1, b.2)), a.cmp(&b));
        prop_assert_eq!(log_key(a.2).cmp(&log_key(b.2)), a.2.cmp(&b.2));
        prop_assert_eq!(timer_key(a.2, b.2).cmp(&timer_key(b.2, a.2)), (a.2, b.2).cmp(&(b.2, a.2)));
        prop_assert_eq!(ka.encode().cmp(&kb.encode()), ka.cmp(&kb));
        // Same-shaped neighbours: equal fields give equal prefixes.
        let kb2 = InvisibleKey { queue_offset: kb.queue_offset, ..ka };
        prop_assert_eq!(ka.encode().cmp(&kb2.encode()), ka.cmp(&kb2));
        let (vka, vkb) = (
            ViewKey { group_id: va.0, instance: va.1 },
            ViewKey { group_id: vb.0, instance: vb.1 },
        );
        prop_assert_eq!(
            offset_key(vka, a.0, a.1).cmp(&offset_key(vkb, b.0, b.1)),
            (vka, a.0, a.1).cmp(&(vkb, b.0, b.1))
        );
        // A cursor key sorts before every done key of the same queue.
        prop_assert!(offset_key(vka, a.0, a.1).as_slice() < done_key(vka, a.0, a.1, a.2).as_slice());
        prop_assert_eq!(
            done_key(vka, a.0, a.1, a.2).cmp(&done_key(vka, a.0, a.1, b.2)),
            a.2.cmp(&b.2)
        );
    }

    /// An id's prefix scan, with the length check the reader applies, finds only that id's
    /// entries, even when ids contain the 0 separator.
    #[test]
    fn index_prefixes_select_exactly_their_own_entries(
        a in text(),
        b in text(),
        topic in small_u32(),
        other_topic in small_u32(),
        time in any::<u64>(),
        offset in any::<u64>(),
    ) {
        let prefix = msgid_prefix(&a);
        let key = msgid_key(&b, offset);
        let selected = key.starts_with(&prefix) && key.len() == prefix.len() + 8;
        prop_assert_eq!(selected, a == b, "{:?} selects an entry of {:?}", a, b);
        // Message keys cannot hold control characters (limits::check_key), so the 0 separator
        // is enough for them.
        if !a.contains('\0') && !b.contains('\0') {
            let p = message_key_prefix(topic, &a);
            let k = message_key_key(other_topic, &b, time, offset);
            prop_assert_eq!(k.starts_with(&p), a == b && topic == other_topic);
        }
    }

    /// The upper bound of a prefix is above every string with the prefix, and nothing between
    /// the prefix and it lacks the prefix.
    #[test]
    fn prefix_upper_bounds(prefix in bytes(6), s in bytes(10)) {
        let prefix: Vec<u8> = prefix.into_iter().map(|b| if b > 250 { 255 } else { b % 3 }).collect();
        let s: Vec<u8> = s.into_iter().map(|b| if b > 250 { 255 } else { b % 3 }).collect();
        match prefix_upper_bound(&prefix) {
            Some(upper) => {
                prop_assert!(upper.as_slice() > prefix.as_slice());
                if s.starts_with(&prefix) {
                    prop_assert!(s < upper);
                }
                if s.as_slice() >= prefix.as_slice() && s < upper {
                    prop_assert!(s.starts_with(&prefix), "{:?} in [{:?}, {:?})", s, prefix, upper);
                }
            }
            None => prop_assert!(prefix.iter().all(|b| *b == u8::MAX)),
        }
    }

    /// Metadata records round-trip through their JSON.
    #[test]
    fn metadata_records_round_trip(
        t in topic_record(),
        g in group_record(),
        a in acl_record(),
        user in (text(), text(), any::<bool>(), any::<bool>()),
    ) {
        let u = UserRecord { name: user.0, secret: user.1, super_user: user.2, enabled: user.3 };
        let back: TopicRecord = serde_json::from_slice(&serde_json::to_vec(&t).expect("json")).expect("decodes");
        prop_assert_eq!(back, t);
        let back: GroupRecord = serde_json::from_slice(&serde_json::to_vec(&g).expect("json")).expect("decodes");
        prop_assert_eq!(back, g);
        let back: AclRecord = serde_json::from_slice(&serde_json::to_vec(&a).expect("json")).expect("decodes");
        prop_assert_eq!(back, a);
        let back: UserRecord = serde_json::from_slice(&serde_json::to_vec(&u).expect("json")).expect("decodes");
        prop_assert_eq!(back, u);
    }

    /// Damaged metadata decodes or is refused, never a panic; a missing field takes its default.
    #[test]
    fn damaged_metadata_never_panics(raw in damaged_json(), garbage in bytes(64)) {
        for input in [&raw, &garbage] {
            let _ = serde_json::from_slice::<TopicRecord>(input);
            let _ = serde_json::from_slice::<GroupRecord>(input);
            let _ = serde_json::from_slice::<UserRecord>(input);
            let _ = serde_json::from_slice::<AclRecord>(input);
        }
        prop_assert_eq!(serde_json::from_slice::<TopicRecord>(b"{}").ok(), Some(TopicRecord::default()));
        prop_assert_eq!(serde_json::from_slice::<GroupRecord>(b"{}").ok(), Some(GroupRecord::default()));
    }
}
