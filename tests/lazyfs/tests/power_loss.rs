//! Power-loss semantics through a real mount: what survives a cut and what does not.
//! Needs root (FUSE mount); prints "skipped: needs root" otherwise.

// Helpers outside #[test] fns unwrap too; a failed step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::time::Duration;

use common::{Mounted, Rng, can_mount};

const LIMIT: Duration = Duration::from_secs(60);

fn read(path: &std::path::Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn write_synced(path: &std::path::Path, data: &[u8]) {
    let mut f = File::create(path).unwrap();
    f.write_all(data).unwrap();
    f.sync_all().unwrap();
}

#[test]
fn unsynced_writes_are_visible_until_a_cut_drops_them() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    // A new file, never synced.
    fs::write(m.path("new"), b"hello").unwrap();
    assert_eq!(read(&m.path("new")), b"hello");
    assert_eq!(fs::metadata(m.path("new")).unwrap().len(), 5);
    // The data really is only in memory.
    assert_eq!(read(&m.backing_path("new")), b"");
    // A synced file, then overwritten and grown without a sync.
    write_synced(&m.path("old"), b"old");
    fs::write(m.path("old"), b"new and longer").unwrap();
    assert_eq!(read(&m.path("old")), b"new and longer");
    assert_eq!(m.stat("unsynced_files"), 2);
    assert!(m.stat("unsynced_bytes") > 0);

    m.cut();

    // Metadata survives (the file exists), its unsynced data does not.
    assert_eq!(read(&m.path("new")), b"");
    assert_eq!(fs::metadata(m.path("new")).unwrap().len(), 0);
    assert_eq!(read(&m.path("old")), b"old");
    assert_eq!(m.stat("unsynced_files"), 0);
    assert_eq!(m.stat("cuts"), 1);
}

#[test]
fn fsync_and_fdatasync_make_writes_survive_a_cut() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let mut f = File::create(m.path("a")).unwrap();
    f.write_all(b"synced with fsync").unwrap();
    f.sync_all().unwrap();
    let mut g = File::create(m.path("b")).unwrap();
    g.write_all(b"synced with fdatasync").unwrap();
    g.sync_data().unwrap();
    // Written after the sync: lost.
    f.write_all(b" + tail").unwrap();
    assert!(m.stat("fsyncs") >= 2);

    m.cut();

    assert_eq!(read(&m.path("a")), b"synced with fsync");
    assert_eq!(read(&m.path("b")), b"synced with fdatasync");
    assert_eq!(read(&m.backing_path("a")), b"synced with fsync");
    // The still-open handle reads the reverted file too.
    let mut back = Vec::new();
    f.seek(SeekFrom::Start(0)).unwrap();
    File::open(m.path("a"))
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, b"synced with fsync");
}

#[test]
fn partial_page_overwrite_of_a_synced_file_reverts_exactly() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let mut rng = Rng::from_time();
    let original = rng.bytes(3 * 4096 + 1234);
    write_synced(&m.path("f"), &original);

    let f = OpenOptions::new().write(true).open(m.path("f")).unwrap();
    // Straddles a page boundary, touches the partial last page, and grows the file.
    f.write_all_at(b"0123456789abcdefghij", 4090).unwrap();
    f.write_all_at(b"tail", original.len() as u64 - 2).unwrap();
    let mut expected = original.clone();
    expected[4090..4110].copy_from_slice(b"0123456789abcdefghij");
    expected.truncate(original.len() - 2);
    expected.extend_from_slice(b"tail");
    assert_eq!(read(&m.path("f")), expected);
    // A truncate is cached state too.
    f.set_len(100).unwrap();
    assert_eq!(read(&m.path("f")), &expected[..100]);
    drop(f);

    m.cut();

    assert_eq!(read(&m.path("f")), original, "seed {}", rng.0);
}

#[test]
fn rename_of_a_synced_temp_file_over_another_survives_a_cut() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    // RocksDB's CURRENT update: write a temp file, sync it, rename it over, sync the dir.
    write_synced(&m.path("CURRENT"), b"MANIFEST-000001\n");
    write_synced(&m.path("000002.dbtmp"), b"MANIFEST-000002\n");
    fs::rename(m.path("000002.dbtmp"), m.path("CURRENT")).unwrap();
    File::open(&m.mount).unwrap().sync_all().unwrap();
    assert_eq!(m.stat("dir_fsyncs"), 1);

    // The same dance without the data sync: the name moves, the data is lost.
    write_synced(&m.path("OTHER"), b"old\n");
    fs::write(m.path("other.tmp"), b"new\n").unwrap();
    fs::rename(m.path("other.tmp"), m.path("OTHER")).unwrap();
    assert_eq!(read(&m.path("OTHER")), b"new\n");

    m.cut();

    assert_eq!(read(&m.path("CURRENT")), b"MANIFEST-000002\n");
    assert!(!m.path("000002.dbtmp").exists());
    assert_eq!(read(&m.path("OTHER")), b"");
}

/// Appends of random sizes with an fsync now and then, like a WAL; after a cut at a random
/// point the file must be exactly the data up to the last fsync.
#[test]
fn random_appends_keep_exactly_the_synced_prefix() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let mut rng = Rng::from_time();
    let seed = rng.0;
    let mut still_open = Vec::new();
    for round in 0..3 {
        let name = format!("wal-{round}");
        let mut f = File::create(m.path(&name)).unwrap();
        let mut written = Vec::new();
        let mut synced_len = 0;
        let steps = 50 + rng.below(250);
        for _ in 0..steps {
            let len = 1 + rng.below(20_000) as usize;
            let chunk = rng.bytes(len);
            f.write_all(&chunk).unwrap();
            written.extend_from_slice(&chunk);
            if rng.below(5) == 0 {
                if rng.below(2) == 0 {
                    f.sync_all().unwrap();
                } else {
                    f.sync_data().unwrap();
                }
                synced_len = written.len();
            }
        }
        assert_eq!(read(&m.path(&name)), written, "seed {seed} round {round}");
        if rng.below(2) == 0 {
            drop(f);
        } else {
            // Still open at the cut; it must not matter.
            still_open.push(f);
        }
        m.cut();
        let got = read(&m.path(&name));
        assert_eq!(got.len(), synced_len, "seed {seed} round {round}");
        assert!(
            got == written[..synced_len],
            "seed {seed} round {round}: content differs"
        );
    }
}
