//! Directory listing and filesystem statistics.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::{DirEntryExt, MetadataExt};

use fuser::{Errno, FileType};

use super::LazyFs;
use crate::attr::OrErrno;
use crate::nodes::ROOT;
use crate::state::DirEntry;

/// Numbers for `statfs`, in the order `ReplyStatfs::statfs` takes them.
#[derive(Debug, Clone, Copy)]
pub struct FsStats {
    pub blocks: u64,
    pub bfree: u64,
    pub bavail: u64,
    pub files: u64,
    pub ffree: u64,
    pub bsize: u32,
    pub namelen: u32,
    pub frsize: u32,
}

impl LazyFs {
    /// Takes a snapshot of the directory. Offsets handed to the kernel are positions in
    /// it, so a listing resumed after entries were added or removed neither repeats nor
    /// skips what the snapshot held.
    pub(super) fn do_opendir(&self, ino: u64) -> Result<u64, Errno> {
        let mut st = self.state.lock();
        let node = st.nodes.get(ino)?;
        if node.kind != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        let parent = node.links.first().map_or(ROOT, |(p, _)| *p);
        let path = st.nodes.path(ino)?;
        let dev = fs::symlink_metadata(&path).or_errno()?.dev();
        let mut entries = vec![
            DirEntry {
                ino,
                kind: FileType::Directory,
                name: OsString::from("."),
            },
            DirEntry {
                ino: parent,
                kind: FileType::Directory,
                name: OsString::from(".."),
            },
        ];
        for entry in fs::read_dir(&path).or_errno()? {
            let entry = entry.or_errno()?;
            let kind = entry
                .file_type()
                .ok()
                .and_then(FileType::from_std)
                .unwrap_or(FileType::RegularFile);
            // The kernel only shows this number to readdir callers; ours when we have one,
            // else the backing one (never 0, which some readers treat as a deleted entry).
            let ino = st
                .nodes
                .ino_of((dev, entry.ino()))
                .unwrap_or(entry.ino().max(1));
            entries.push(DirEntry {
                ino,
                kind,
                name: entry.file_name(),
            });
        }
        let handle = st.next_dir_handle;
        st.next_dir_handle += 1;
        st.dirs.insert(handle, entries);
        Ok(handle)
    }

    /// Feeds entries from position `offset` on to `add`, each with the offset of the one
    /// after it, until `add` says the reply is full.
    pub(super) fn fill_dir(
        &self,
        handle: u64,
        offset: u64,
        mut add: impl FnMut(&DirEntry, u64) -> bool,
    ) -> Result<(), Errno> {
        let st = self.state.lock();
        let entries = st.dirs.get(&handle).ok_or(Errno::EBADF)?;
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        for (i, entry) in entries.iter().enumerate().skip(start) {
            if add(entry, i as u64 + 1) {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn do_releasedir(&self, handle: u64) {
        self.state.lock().dirs.remove(&handle);
    }

    pub(super) fn do_statfs(&self) -> Result<FsStats, Errno> {
        let st = self.state.lock();
        let root = st.nodes.path(ROOT)?;
        let v = rustix::fs::statvfs(&root).map_err(|e| Errno::from_i32(e.raw_os_error()))?;
        Ok(FsStats {
            blocks: v.f_blocks,
            bfree: v.f_bfree,
            bavail: v.f_bavail,
            files: v.f_files,
            ffree: v.f_ffree,
            bsize: u32::try_from(v.f_bsize).unwrap_or(4096),
            namelen: u32::try_from(v.f_namemax).unwrap_or(255),
            frsize: u32::try_from(v.f_frsize).unwrap_or(4096),
        })
    }
}
