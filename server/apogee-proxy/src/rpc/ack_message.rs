//! AckMessage: one result entry per request entry (Rust reads `entries[0]`), and a top-level
//! status that is OK, the common error, or MULTIPLE_RESULTS.

use apogee_proto::rocketmq::v2 as pb;

use crate::convert::group_name;
use crate::{Proxy, RequestError, status};

pub async fn ack_message(proxy: &Proxy, req: pb::AckMessageRequest) -> pb::AckMessageResponse {
    let group = match group_name(req.group.as_ref()) {
        Ok(g) => g,
        Err(e) => return failed(&e, req.entries),
    };
    if req.entries.is_empty() {
        return failed(&RequestError::Missing("entries"), req.entries);
    }
    let handles: Vec<&str> = req
        .entries
        .iter()
        .map(|e| e.receipt_handle.as_str())
        .collect();
    let results = proxy.broker.ack_many(&group, &handles).await;
    let entries: Vec<_> = req
        .entries
        .into_iter()
        .zip(results)
        .map(|(e, r)| pb::AckMessageResultEntry {
            message_id: e.message_id,
            receipt_handle: e.receipt_handle,
            status: r.map_or_else(
                |err| status::from_error(&RequestError::Broker(err)),
                |()| status::ok(),
            ),
        })
        .collect();
    pb::AckMessageResponse {
        status: overall(&entries),
        entries,
    }
}

fn failed(e: &RequestError, entries: Vec<pb::AckMessageEntry>) -> pb::AckMessageResponse {
    let st = status::from_error(e);
    pb::AckMessageResponse {
        status: st.clone(),
        entries: entries
            .into_iter()
            .map(|e| pb::AckMessageResultEntry {
                message_id: e.message_id,
                receipt_handle: e.receipt_handle,
                status: st.clone(),
            })
            .collect(),
    }
}

fn overall(entries: &[pb::AckMessageResultEntry]) -> Option<pb::Status> {
    let first = entries.first().and_then(|e| e.status.clone());
    let same = entries
        .iter()
        .all(|e| e.status.as_ref().map(|s| s.code) == first.as_ref().map(|s| s.code));
    if same {
        first
    } else {
        status::status(pb::Code::MultipleResults, "entries have different results")
    }
}
