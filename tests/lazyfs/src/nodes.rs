//! The inode table: our inode numbers, what backing file each one is, and where it lives.
//!
//! A node is identified by its backing file's (device, inode) pair, so every name of a hard
//! linked file, and every later lookup of a renamed one, lands on the same node and so on
//! the same unsynced data. Our inode numbers are never reused within a mount, which keeps
//! the kernel's view and ours from mixing up two files that happened to share a backing
//! inode number one after the other.
//!
//! Paths are not stored whole: each node keeps (parent, name) links and the path is built
//! by walking up, so renaming a directory moves its whole subtree for free.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs::{File, Metadata, OpenOptions};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

use fuser::{Errno, FileType, INodeNo};

use crate::attr::OrErrno;
use crate::dirty::DirtyFile;

/// Backing identity: (st_dev, st_ino).
pub type Key = (u64, u64);

pub const ROOT: u64 = INodeNo::ROOT.0;

/// Deeper than any real tree; only reached if the links somehow form a loop.
const MAX_DEPTH: usize = 4096;

#[derive(Debug)]
pub struct Node {
    pub key: Key,
    pub kind: FileType,
    /// Every (parent inode, name) we know for it. Directories have exactly one.
    pub links: Vec<(u64, OsString)>,
    /// Kernel references from lookups, released by forget.
    pub nlookup: u64,
    /// Open file handles.
    pub open: u32,
    /// Backing file, open while handles exist or unsynced data does.
    pub fd: Option<File>,
    pub fd_writable: bool,
    pub dirty: Option<DirtyFile>,
    /// Its last name is gone; only open handles can still reach it.
    pub unlinked: bool,
}

impl Node {
    fn new(key: Key, kind: FileType) -> Self {
        Self {
            key,
            kind,
            links: Vec::new(),
            nlookup: 0,
            open: 0,
            fd: None,
            fd_writable: false,
            dirty: None,
            unlinked: false,
        }
    }
}

#[derive(Debug)]
pub struct NodeTable {
    root: PathBuf,
    nodes: HashMap<u64, Node>,
    by_key: HashMap<Key, u64>,
    next_ino: u64,
}

pub fn key_of(md: &Metadata) -> Key {
    (md.dev(), md.ino())
}

pub fn kind_of(md: &Metadata) -> FileType {
    FileType::from_std(md.file_type()).unwrap_or(FileType::RegularFile)
}

impl NodeTable {
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        let md = std::fs::metadata(&root)?;
        let mut root_node = Node::new(key_of(&md), FileType::Directory);
        // The kernel never forgets the root.
        root_node.nlookup = 1;
        let mut table = Self {
            root,
            nodes: HashMap::new(),
            by_key: HashMap::new(),
            next_ino: ROOT + 1,
        };
        table.by_key.insert(root_node.key, ROOT);
        table.nodes.insert(ROOT, root_node);
        Ok(table)
    }

    pub fn get(&self, ino: u64) -> Result<&Node, Errno> {
        self.nodes.get(&ino).ok_or(Errno::ESTALE)
    }

    pub fn get_mut(&mut self, ino: u64) -> Result<&mut Node, Errno> {
        self.nodes.get_mut(&ino).ok_or(Errno::ESTALE)
    }

    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.values()
    }

    pub fn ino_of(&self, key: Key) -> Option<u64> {
        self.by_key.get(&key).copied()
    }

    /// Backing path of a node, through its first known link.
    pub fn path(&self, ino: u64) -> Result<PathBuf, Errno> {
        let mut names: Vec<&OsStr> = Vec::new();
        let mut cur = ino;
        while cur != ROOT {
            if names.len() > MAX_DEPTH {
                return Err(Errno::ELOOP);
            }
            let node = self.get(cur)?;
            let (parent, name) = node.links.first().ok_or(Errno::ENOENT)?;
            names.push(name);
            cur = *parent;
        }
        let mut path = self.root.clone();
        path.extend(names.iter().rev());
        Ok(path)
    }

    pub fn child_path(&self, parent: u64, name: &OsStr) -> Result<PathBuf, Errno> {
        if self.get(parent)?.kind != FileType::Directory {
            return Err(Errno::ENOTDIR);
        }
        Ok(self.path(parent)?.join(name))
    }

    /// Records that the kernel now holds one more reference to `parent/name`, whose backing
    /// file has metadata `md`, and returns its inode number.
    pub fn remember(&mut self, parent: u64, name: &OsStr, md: &Metadata) -> u64 {
        let key = key_of(md);
        let ino = match self.by_key.get(&key) {
            Some(&ino) => ino,
            None => {
                let ino = self.next_ino;
                self.next_ino += 1;
                self.by_key.insert(key, ino);
                self.nodes.insert(ino, Node::new(key, kind_of(md)));
                ino
            }
        };
        if let Some(node) = self.nodes.get_mut(&ino) {
            let link = (parent, name.to_owned());
            if node.kind == FileType::Directory {
                // A directory has one name; whatever we just found it under is it.
                node.links = vec![link];
            } else if !node.links.contains(&link) {
                node.links.push(link);
            }
            node.nlookup += 1;
        }
        ino
    }

    pub fn forget(&mut self, ino: u64, n: u64) {
        if let Some(node) = self.nodes.get_mut(&ino) {
            node.nlookup = node.nlookup.saturating_sub(n);
        }
        self.release_resources(ino);
    }

    /// Opens the node's backing file if it is not open yet.
    pub fn ensure_fd(&mut self, ino: u64) -> Result<&mut Node, Errno> {
        if self.get(ino)?.fd.is_none() {
            let path = self.path(ino)?;
            // Read-write when allowed, since any handle may fsync data written through
            // another one; read-only is enough for files that are only read.
            let (file, writable) = match OpenOptions::new().read(true).write(true).open(&path) {
                Ok(f) => (f, true),
                Err(e) if is_access_error(&e) => (File::open(&path).or_errno()?, false),
                Err(e) => return Err(crate::attr::errno(&e)),
            };
            let node = self.get_mut(ino)?;
            node.fd = Some(file);
            node.fd_writable = writable;
        }
        self.get_mut(ino)
    }

    /// Drops what a node no longer needs: its backing fd once nothing uses it, and the node
    /// itself once the kernel forgot it. Unsynced data keeps both alive, since the kernel may
    /// forget a closed file long before anyone fsyncs or reads it again.
    pub fn release_resources(&mut self, ino: u64) {
        let Some(node) = self.nodes.get_mut(&ino) else {
            return;
        };
        if node.unlinked && node.open == 0 {
            // Nobody can reach this data any more: no name, no handle.
            node.dirty = None;
        }
        if node.open == 0 && node.dirty.is_none() {
            node.fd = None;
            if node.nlookup == 0 && ino != ROOT {
                let key = node.key;
                self.nodes.remove(&ino);
                if self.by_key.get(&key) == Some(&ino) {
                    self.by_key.remove(&key);
                }
            }
        }
    }

    /// `parent/name` was removed from the backing dir. `last_link` says it was the file's
    /// last name, so its identity can go: the backing fs may reuse the inode number.
    pub fn unlinked(&mut self, parent: u64, name: &OsStr, key: Key, last_link: bool) {
        let Some(ino) = self.ino_of(key) else {
            return;
        };
        if let Some(node) = self.nodes.get_mut(&ino) {
            node.links.retain(|(p, n)| !(*p == parent && n == name));
            if last_link || node.kind == FileType::Directory {
                node.unlinked = true;
                node.links.clear();
            }
        }
        if last_link {
            self.by_key.remove(&key);
        }
        self.release_resources(ino);
    }

    /// `parent/name` (backing identity `key`) is now `new_parent/new_name`.
    pub fn renamed(
        &mut self,
        parent: u64,
        name: &OsStr,
        new_parent: u64,
        new_name: &OsStr,
        key: Key,
    ) {
        let Some(ino) = self.ino_of(key) else {
            return;
        };
        if let Some(node) = self.nodes.get_mut(&ino) {
            node.links.retain(|(p, n)| !(*p == parent && n == name));
            let link = (new_parent, new_name.to_owned());
            if node.kind == FileType::Directory {
                node.links = vec![link];
            } else {
                // Put the new name first: it is the one we just proved exists.
                node.links.retain(|l| *l != link);
                node.links.insert(0, link);
            }
        }
    }

    /// Simulated power loss: forget every unsynced write. Returns the bytes dropped.
    pub fn cut(&mut self) -> u64 {
        let mut dropped = 0;
        let inos: Vec<u64> = self.nodes.keys().copied().collect();
        for ino in inos {
            if let Some(node) = self.nodes.get_mut(&ino)
                && let Some(dirty) = node.dirty.take()
            {
                dropped += dirty.unsynced_bytes();
            }
            self.release_resources(ino);
        }
        dropped
    }

    /// Inodes with unsynced data.
    pub fn dirty_inos(&self) -> Vec<u64> {
        self.nodes
            .iter()
            .filter(|(_, n)| n.dirty.is_some())
            .map(|(&ino, _)| ino)
            .collect()
    }

    /// fsync/fdatasync of one file: make the backing file match what readers see, fsync
    /// it, and only then forget the unsynced state. On error the state stays, so a later
    /// fsync retries and a cut still loses it.
    pub fn flush(&mut self, ino: u64, datasync: bool) -> Result<(), Errno> {
        let node = self.ensure_fd(ino)?;
        let Some(fd) = node.fd.as_ref() else {
            return Err(Errno::EBADF);
        };
        if let Some(dirty) = node.dirty.as_ref() {
            if !node.fd_writable {
                return Err(Errno::EBADF);
            }
            dirty.flush_to(fd).or_errno()?;
        }
        if datasync {
            fd.sync_data().or_errno()?;
        } else {
            fd.sync_all().or_errno()?;
        }
        node.dirty = None;
        self.release_resources(ino);
        Ok(())
    }
}

fn is_access_error(e: &std::io::Error) -> bool {
    matches!(
        rustix::io::Errno::from_io_error(e),
        Some(rustix::io::Errno::ACCESS | rustix::io::Errno::ROFS | rustix::io::Errno::PERM)
    )
}
