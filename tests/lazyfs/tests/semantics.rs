//! Filesystem behaviour RocksDB relies on, through a real mount: locks, renames of
//! directories and files carrying their unsynced data, unlink, hard links, directory
//! listings, and a clean unmount writing everything back.
//! Needs root (FUSE mount); prints "skipped: needs root" otherwise.

// Helpers outside #[test] fns unwrap too; a failed step is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::process::Command;
use std::time::{Duration, UNIX_EPOCH};

use common::{Mounted, can_mount};
use rustix::fs::{FlockOperation, RenameFlags, fcntl_lock};

const LIMIT: Duration = Duration::from_secs(60);
const PROBE_ENV: &str = "APOGEE_LAZYFS_LOCK_PROBE";

/// Not a test by itself: the lock test runs this binary again with `PROBE_ENV` set, so a
/// second process tries the lock (POSIX locks never conflict within one process).
#[test]
fn lock_probe_helper() {
    let Some(path) = std::env::var_os(PROBE_ENV) else {
        return;
    };
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    match fcntl_lock(&f, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => std::process::exit(0),
        Err(e) if e == rustix::io::Errno::AGAIN || e == rustix::io::Errno::ACCESS => {
            std::process::exit(3)
        }
        Err(e) => panic!("lock probe: {e}"),
    }
}

fn probe_lock(path: &std::path::Path) -> i32 {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["lock_probe_helper", "--exact", "--test-threads=1"])
        .env(PROBE_ENV, path)
        .output()
        .unwrap();
    out.status
        .code()
        .unwrap_or_else(|| panic!("probe died: {out:?}"))
}

#[test]
fn fcntl_lock_on_a_lock_file_excludes_other_processes() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let lock = m.path("LOCK");
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock)
        .unwrap();
    fcntl_lock(&f, FlockOperation::NonBlockingLockExclusive).unwrap();
    assert_eq!(probe_lock(&lock), 3, "a second process got the lock");
    fcntl_lock(&f, FlockOperation::NonBlockingUnlock).unwrap();
    assert_eq!(probe_lock(&lock), 0, "the lock was not released");
}

#[test]
fn renames_carry_unsynced_data_and_unlink_drops_it() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    fs::create_dir(m.path("d")).unwrap();
    fs::create_dir(m.path("d/sub")).unwrap();
    fs::write(m.path("d/sub/f"), b"unsynced").unwrap();
    // Move the file's directory, then the file; the data follows it.
    fs::rename(m.path("d"), m.path("e")).unwrap();
    assert_eq!(fs::read(m.path("e/sub/f")).unwrap(), b"unsynced");
    fs::rename(m.path("e/sub/f"), m.path("e/g")).unwrap();
    assert_eq!(fs::read(m.path("e/g")).unwrap(), b"unsynced");
    // A sync through the new name makes it durable.
    OpenOptions::new()
        .write(true)
        .open(m.path("e/g"))
        .unwrap()
        .sync_all()
        .unwrap();

    // A hard link shares the data, whichever name it is synced through.
    fs::write(m.path("e/g"), b"via link").unwrap();
    fs::hard_link(m.path("e/g"), m.path("h")).unwrap();
    assert_eq!(fs::read(m.path("h")).unwrap(), b"via link");
    File::open(m.path("h")).unwrap().sync_data().unwrap();

    // Unlinking a file with unsynced data leaves nothing behind.
    fs::write(m.path("gone"), b"x").unwrap();
    assert_eq!(m.stat("unsynced_files"), 1);
    fs::remove_file(m.path("gone")).unwrap();
    assert_eq!(m.stat("unsynced_files"), 0);
    fs::remove_dir(m.path("e/sub")).unwrap();

    // A new file reusing a name starts empty, not with the old file's cache.
    fs::write(m.path("gone"), b"").unwrap();
    assert_eq!(fs::read(m.path("gone")).unwrap(), b"");

    m.cut();
    assert_eq!(fs::read(m.path("e/g")).unwrap(), b"via link");
    assert_eq!(fs::read(m.path("h")).unwrap(), b"via link");
    assert!(!m.path("e/sub").exists());
}

#[test]
fn open_unlinked_file_keeps_working_until_closed() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(m.path("tmp"))
        .unwrap();
    f.write_all(b"scratch").unwrap();
    fs::remove_file(m.path("tmp")).unwrap();
    let mut back = [0u8; 7];
    std::os::unix::fs::FileExt::read_exact_at(&f, &mut back, 0).unwrap();
    assert_eq!(&back, b"scratch");
    f.sync_all().unwrap();
    drop(f);
    assert_eq!(m.stat("unsynced_files"), 0);
}

#[test]
fn large_directory_lists_every_entry_once() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    fs::create_dir(m.path("many")).unwrap();
    let want: BTreeSet<String> = (0..1500)
        .map(|i| format!("{i:06}.sst-with-a-long-name"))
        .collect();
    for name in &want {
        File::create(m.path("many").join(name)).unwrap();
    }
    let mut seen = Vec::new();
    for entry in fs::read_dir(m.path("many")).unwrap() {
        seen.push(entry.unwrap().file_name().into_string().unwrap());
    }
    assert_eq!(seen.len(), want.len(), "an entry was repeated or skipped");
    assert_eq!(seen.into_iter().collect::<BTreeSet<_>>(), want);
}

#[test]
fn clean_unmount_writes_unsynced_data_back() {
    if !can_mount() {
        return;
    }
    let mut m = Mounted::start(LIMIT);
    fs::write(m.path("late"), b"written at unmount").unwrap();
    fs::create_dir(m.path("dir")).unwrap();
    fs::write(m.path("dir/f"), vec![7u8; 100_000]).unwrap();
    let (status, stderr) = m.stop();
    assert!(status.success(), "exit {status}: {stderr}");
    assert_eq!(
        fs::read(m.backing_path("late")).unwrap(),
        b"written at unmount"
    );
    assert_eq!(
        fs::read(m.backing_path("dir/f")).unwrap(),
        vec![7u8; 100_000]
    );
    assert!(!m.control.exists(), "control socket left behind");
}

#[test]
fn statfs_and_fallocate_behave() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);
    let ours = rustix::fs::statvfs(&m.mount).unwrap();
    let backing = rustix::fs::statvfs(&m.backing).unwrap();
    assert_eq!(ours.f_blocks, backing.f_blocks);
    assert_eq!(ours.f_bsize, backing.f_bsize);

    let f = File::create(m.path("pre")).unwrap();
    // KEEP_SIZE preallocation, as RocksDB does for WAL and SST files: accepted, no size.
    rustix::fs::fallocate(&f, rustix::fs::FallocateFlags::KEEP_SIZE, 0, 1 << 20).unwrap();
    assert_eq!(f.metadata().unwrap().len(), 0);
    // Plain preallocation grows the file, and that growth is unsynced like a write.
    rustix::fs::fallocate(&f, rustix::fs::FallocateFlags::empty(), 0, 10_000).unwrap();
    assert_eq!(f.metadata().unwrap().len(), 10_000);
    assert_eq!(fs::read(m.path("pre")).unwrap(), vec![0u8; 10_000]);
    drop(f);
    m.cut();
    assert_eq!(fs::metadata(m.path("pre")).unwrap().len(), 0);
}

#[test]
fn symlinks_fifos_exchange_and_truncating_opens_pass_through() {
    if !can_mount() {
        return;
    }
    let m = Mounted::start(LIMIT);

    // A symlink whose target is inside the mount: reading it goes through us twice, and
    // changing its times must not follow it.
    fs::write(m.path("target"), b"through the link").unwrap();
    std::os::unix::fs::symlink(m.path("target"), m.path("link")).unwrap();
    assert_eq!(fs::read_link(m.path("link")).unwrap(), m.path("target"));
    assert_eq!(fs::read(m.path("link")).unwrap(), b"through the link");
    let epoch = rustix::fs::Timespec {
        tv_sec: 1_000_000,
        tv_nsec: 0,
    };
    let times = rustix::fs::Timestamps {
        last_access: epoch,
        last_modification: epoch,
    };
    rustix::fs::utimensat(
        rustix::fs::CWD,
        m.path("link"),
        &times,
        rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
    )
    .unwrap();
    let link_md = fs::symlink_metadata(m.path("link")).unwrap();
    assert!(link_md.file_type().is_symlink());
    assert_eq!(
        link_md.modified().unwrap(),
        UNIX_EPOCH + Duration::from_secs(1_000_000)
    );
    assert_ne!(
        fs::metadata(m.path("target")).unwrap().modified().unwrap(),
        UNIX_EPOCH + Duration::from_secs(1_000_000)
    );

    // mknod of a FIFO; chmod lands on the backing file at once.
    rustix::fs::mknodat(
        rustix::fs::CWD,
        m.path("fifo"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o640),
        0,
    )
    .unwrap();
    assert!(fs::metadata(m.path("fifo")).unwrap().file_type().is_fifo());
    fs::set_permissions(m.path("fifo"), fs::Permissions::from_mode(0o600)).unwrap();
    let mode = fs::metadata(m.backing_path("fifo"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    // Exchange swaps names, and each file keeps its own unsynced data.
    fs::write(m.path("x"), b"x data").unwrap();
    fs::write(m.path("y"), b"y").unwrap();
    let cwd = rustix::fs::CWD;
    rustix::fs::renameat_with(cwd, m.path("x"), cwd, m.path("y"), RenameFlags::EXCHANGE).unwrap();
    assert_eq!(fs::read(m.path("x")).unwrap(), b"y");
    assert_eq!(fs::read(m.path("y")).unwrap(), b"x data");
    let refused =
        rustix::fs::renameat_with(cwd, m.path("x"), cwd, m.path("y"), RenameFlags::NOREPLACE);
    assert_eq!(refused, Err(rustix::io::Errno::EXIST));

    // O_TRUNC on open is a cached truncate: a shorter rewrite leaves no old tail, and a
    // cut brings the synced contents back.
    let mut f = File::create(m.path("t")).unwrap();
    f.write_all(b"a long synced line").unwrap();
    f.sync_all().unwrap();
    drop(f);
    fs::write(m.path("t"), b"short").unwrap();
    assert_eq!(fs::read(m.path("t")).unwrap(), b"short");
    m.cut();
    assert_eq!(fs::read(m.path("t")).unwrap(), b"a long synced line");
    assert_eq!(fs::read(m.path("x")).unwrap(), b"");
}
