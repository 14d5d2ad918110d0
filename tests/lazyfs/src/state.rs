//! Everything the filesystem and the control socket share, behind one lock.
//!
//! One lock on purpose: a cut must see no FUSE operation half done, and the session runs a
//! single FUSE thread anyway, so there is nothing to gain from finer locking.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::nodes::NodeTable;

pub type Shared = Arc<Mutex<State>>;

/// One entry of an open directory's snapshot.
#[derive(Debug, Clone)]
pub struct DirEntry {
    pub ino: u64,
    pub kind: fuser::FileType,
    pub name: std::ffi::OsString,
}

#[derive(Debug)]
pub struct State {
    pub nodes: NodeTable,
    /// Open directories: the listing taken at opendir, so readdir offsets stay stable.
    pub dirs: HashMap<u64, Vec<DirEntry>>,
    pub next_dir_handle: u64,
    pub fsyncs: u64,
    pub dir_fsyncs: u64,
    pub cuts: u64,
    pub dropped_bytes: u64,
}

/// What `stats` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub unsynced_bytes: u64,
    pub unsynced_files: u64,
    pub fsyncs: u64,
    pub dir_fsyncs: u64,
    pub cuts: u64,
    pub dropped_bytes: u64,
}

impl Stats {
    /// One line of JSON; all values are plain numbers, so no escaping is needed.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"unsynced_bytes\":{},\"unsynced_files\":{},\"fsyncs\":{},\"dir_fsyncs\":{},\
             \"cuts\":{},\"dropped_bytes\":{}}}",
            self.unsynced_bytes,
            self.unsynced_files,
            self.fsyncs,
            self.dir_fsyncs,
            self.cuts,
            self.dropped_bytes
        )
    }
}

impl State {
    pub fn new(backing: PathBuf) -> std::io::Result<Self> {
        Ok(Self {
            nodes: NodeTable::new(backing)?,
            dirs: HashMap::new(),
            next_dir_handle: 1,
            fsyncs: 0,
            dir_fsyncs: 0,
            cuts: 0,
            dropped_bytes: 0,
        })
    }

    pub fn shared(self) -> Shared {
        Arc::new(Mutex::new(self))
    }

    /// Simulated power loss.
    pub fn cut(&mut self) {
        self.dropped_bytes += self.nodes.cut();
        self.cuts += 1;
    }

    /// Writes every file's unsynced data to its backing file and fsyncs it, like sync(1) or
    /// a clean unmount. Returns how many files failed; their data stays unsynced.
    pub fn sync_all(&mut self) -> usize {
        let mut failed = 0;
        for ino in self.nodes.dirty_inos() {
            if self.nodes.flush(ino, false).is_err() {
                failed += 1;
            }
        }
        failed
    }

    pub fn stats(&self) -> Stats {
        let mut unsynced_bytes = 0;
        let mut unsynced_files = 0;
        for node in self.nodes.nodes() {
            if let Some(d) = &node.dirty {
                unsynced_bytes += d.unsynced_bytes();
                unsynced_files += 1;
            }
        }
        Stats {
            unsynced_bytes,
            unsynced_files,
            fsyncs: self.fsyncs,
            dir_fsyncs: self.dir_fsyncs,
            cuts: self.cuts,
            dropped_bytes: self.dropped_bytes,
        }
    }
}
