//! A returning master takes back the consumption state its slave built while serving the
//! master's queues (see `acting`), before it opens its broker: acks made on the slave hold,
//! and deliveries the slave handed out stay in flight. The master's own state is replaced
//! whole: acks it made that never reached the slave are delivered again (at least once).

use std::time::Duration;

use apogee_proto::broker::v1 as bpb;
use apogee_store::{ConsumptionState, Store};
use bpb::replica_client::ReplicaClient;
use tonic::transport::Endpoint;

use crate::config::Config;
use crate::slave::list_brokers;

/// A nameserver or slave that takes longer is passed over.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// Asks every slave of this master the nameservers list for what it served meanwhile and
/// applies it to `store`. Failures are logged: the master starts with its own state.
pub async fn take_back(store: &Store, config: &Config) {
    let name = &config.broker.name;
    let mut taken = false;
    // Every slave is asked (each stops serving); the first that served is taken.
    for (broker_id, endpoint) in slaves_of(&config.cluster.nameservers, name).await {
        match hand_back_from(&endpoint, name).await {
            Ok(None) => {}
            Ok(Some(_)) if taken => {
                tracing::warn!(broker = %name, slave = broker_id, "Two slaves served this master's queues; the state of the one with the lower id is kept.");
            }
            Ok(Some(state)) => {
                taken = true;
                let (offsets, inflight) = (state.offsets.len(), state.inflight.len());
                let target = store.clone();
                let applied =
                    tokio::task::spawn_blocking(move || target.replace_consumption_state(&state))
                        .await;
                match applied {
                    Ok(Ok(())) => {
                        tracing::info!(broker = %name, slave = broker_id, offsets, inflight, "Took back the consumption state the slave served while this master was away.");
                    }
                    Ok(Err(e)) => {
                        tracing::error!(broker = %name, slave = broker_id, error = %e, "Cannot store the consumption state the slave handed back; acks made on it may be delivered again.");
                    }
                    Err(e) => {
                        tracing::error!(broker = %name, error = %e, "Taking back the consumption state panicked.");
                    }
                }
            }
            Err(e) => {
                tracing::warn!(broker = %name, slave = broker_id, %endpoint, error = %e, "Cannot ask the slave for the consumption state it served; acks made on it may be delivered again.");
            }
        }
    }
}

/// Every slave of `name` any nameserver lists, by id, with its address.
async fn slaves_of(nameservers: &[String], name: &str) -> Vec<(u64, String)> {
    let mut found = std::collections::BTreeMap::new();
    for b in list_brokers(nameservers).await.unwrap_or_default() {
        if b.name == name && b.broker_id != 0 {
            found.entry(b.broker_id).or_insert(b.client_endpoint);
        }
    }
    found.into_iter().collect()
}

/// The slave's consumption state, when it served the master's queues.
async fn hand_back_from(endpoint: &str, name: &str) -> Result<Option<ConsumptionState>, String> {
    let channel = Endpoint::from_shared(format!("http://{endpoint}"))
        .map_err(|e| e.to_string())?
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(CALL_TIMEOUT)
        .connect()
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let reply = ReplicaClient::new(channel)
        .max_decoding_message_size(usize::MAX)
        .hand_back(bpb::HandBackRequest {
            broker_name: name.to_owned(),
        })
        .await
        .map_err(|e| e.message().to_owned())?
        .into_inner();
    if !reply.served {
        return Ok(None);
    }
    let entries = |list: Vec<bpb::StateEntry>| {
        list.into_iter()
            .map(|e| (e.key.to_vec(), e.value.to_vec()))
            .collect()
    };
    Ok(Some(ConsumptionState {
        offsets: entries(reply.offsets),
        inflight: entries(reply.inflight),
    }))
}
