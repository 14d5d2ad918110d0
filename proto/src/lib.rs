//! Generated code for `apache.rocketmq.v2` (wire-compatible with the RocketMQ 5 protocol) and
//! Apogee's own APIs, plus the encoded descriptor set for gRPC reflection.
#![allow(missing_debug_implementations, unused_qualifications, clippy::all)]

/// `apache.rocketmq.v2`: the protocol official RocketMQ 5 clients speak.
pub mod rocketmq {
    pub mod v2 {
        tonic::include_proto!("apache.rocketmq.v2");
    }
}

/// `apogee.admin.v1`: the operator API.
pub mod admin {
    pub mod v1 {
        tonic::include_proto!("apogee.admin.v1");
    }
}

/// `apogee.nameserver.v1`: broker registration and routes.
pub mod nameserver {
    pub mod v1 {
        tonic::include_proto!("apogee.nameserver.v1");
    }
}

/// `apogee.broker.v1`: the broker's API for proxies.
pub mod broker {
    pub mod v1 {
        tonic::include_proto!("apogee.broker.v1");
    }
}

/// Encoded `FileDescriptorSet` of every file above (with imports), for reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/apogee_descriptor.bin"));
