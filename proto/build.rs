//! Compiles the .proto files with protox (pure Rust, no system protoc), generates tonic code,
//! and writes the descriptor set that the servers expose through gRPC reflection.

use std::path::PathBuf;

use prost::Message as _;

const FILES: &[&str] = &[
    "apache/rocketmq/v2/definition.proto",
    "apache/rocketmq/v2/service.proto",
    "apache/rocketmq/v2/admin.proto",
    "apogee/admin/v1/admin.proto",
    "apogee/admin/v1/access.proto",
    "apogee/nameserver/v1/nameserver.proto",
    "apogee/broker/v1/broker.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    for f in FILES {
        println!("cargo:rerun-if-changed={}", root.join(f).display());
    }
    let fds = protox::compile(FILES, [&root])?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(out.join("apogee_descriptor.bin"), fds.encode_to_vec())?;
    tonic_prost_build::configure()
        .build_server(true)
        .build_client(true)
        // Bodies become `bytes::Bytes`: no copy between the wire and the store.
        .bytes(".")
        .compile_fds(fds)?;
    Ok(())
}
