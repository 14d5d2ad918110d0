//! AckMessage: one result entry per request entry (Rust reads `entries[0]`), and a top-level
//! status that is OK, the common error, or MULTIPLE_RESULTS.

use apogee_proto::rocketmq::v2 as pb;

use apogee_broker::Presented;

use crate::auth::{Caller, Need, SUB};
use crate::convert::{group_name, topic_name};
use crate::{Proxy, RequestError, status};

pub async fn ack_message(
    proxy: &Proxy,
    caller: &Caller,
    req: pb::AckMessageRequest,
) -> pb::AckMessageResponse {
    let named = group_name(req.group.as_ref()).and_then(|g| {
        let t = topic_name(req.topic.as_ref())?;
        proxy.require(
            caller,
            &[Need::group(g.as_str(), SUB), Need::topic(t.as_str(), SUB)],
        )?;
        Ok((g, t))
    });
    let (group, topic) = match named {
        Ok(named) => named,
        Err(e) => return failed(&e, req.entries),
    };
    if req.entries.is_empty() {
        return failed(&RequestError::Missing("entries"), req.entries);
    }
    let presented: Vec<Presented<'_>> = req
        .entries
        .iter()
        .map(|e| Presented {
            receipt_handle: &e.receipt_handle,
            topic: &topic,
            message_id: &e.message_id,
        })
        .collect();
    let results = proxy.backend.ack_many(&group, &presented).await;
    let entries: Vec<_> = req
        .entries
        .into_iter()
        .zip(results)
        .map(|(e, r)| pb::AckMessageResultEntry {
            message_id: e.message_id,
            receipt_handle: e.receipt_handle,
            status: r.map_or_else(|err| status::from_error(&err), |()| status::ok()),
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
