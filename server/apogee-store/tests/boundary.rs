//! RocksDB stays inside apogee-store: no other workspace crate may depend on it.

use std::path::Path;

#[test]
fn only_the_store_depends_on_rocksdb() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).expect("workspace manifest");
    let manifest: toml::Table = workspace.parse().expect("toml");
    let members = manifest["workspace"]["members"]
        .as_array()
        .expect("members");
    let mut checked = 0;
    for member in members {
        let dir = root.join(member.as_str().expect("member path"));
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).expect("member manifest");
        let m: toml::Table = text.parse().expect("toml");
        let name = m["package"]["name"].as_str().expect("name").to_owned();
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            if let Some(deps) = m.get(section).and_then(|d| d.as_table()) {
                let uses = deps.keys().any(|k| k == "rocksdb" || k == "librocksdb-sys");
                assert!(
                    !uses || name == "apogee-store",
                    "{name} depends on RocksDB in [{section}]"
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 7, "all workspace members were read");
}
