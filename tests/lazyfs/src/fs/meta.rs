//! Namespace and attribute operations. These go straight to the backing dir: in this model
//! metadata is never lost at a cut, only file data is.

use std::ffi::{OsStr, OsString};
use std::fs::{self, DirBuilder, Metadata, Permissions};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use fuser::{AccessFlags, Errno, FileAttr, FileType, RenameFlags, TimeOrNow};
use rustix::fs::{AtFlags, CWD, Timespec, Timestamps, UTIME_NOW, UTIME_OMIT};

use super::LazyFs;
use crate::attr::{OrErrno, file_attr};
use crate::dirty::DirtyFile;
use crate::nodes::{NodeTable, key_of};

/// What setattr asked for, gathered so the call is not ten positional options.
#[derive(Debug, Default)]
pub struct SetAttr {
    pub mode: Option<u32>,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub size: Option<u64>,
    pub atime: Option<TimeOrNow>,
    pub mtime: Option<TimeOrNow>,
}

/// Current attributes of a node: through its open fd when it has one (that also works for
/// a file that was unlinked while open), else through its path.
pub fn attr_of(nodes: &NodeTable, ino: u64) -> Result<FileAttr, Errno> {
    let node = nodes.get(ino)?;
    let md = match &node.fd {
        Some(fd) => fd.metadata().or_errno()?,
        None => fs::symlink_metadata(nodes.path(ino)?).or_errno()?,
    };
    Ok(file_attr(ino, &md, node.dirty.as_ref()))
}

/// Remembers `parent/name` for the kernel and builds the entry to reply with. Nothing
/// fallible may follow `remember`: a failed reply would leave a lookup count the kernel
/// never forgets.
fn entry(nodes: &mut NodeTable, parent: u64, name: &OsStr, md: &Metadata) -> FileAttr {
    let ino = nodes.remember(parent, name, md);
    let dirty = nodes.get(ino).ok().and_then(|n| n.dirty.as_ref());
    file_attr(ino, md, dirty)
}

fn rustix_errno(e: rustix::io::Errno) -> Errno {
    Errno::from_i32(e.raw_os_error())
}

fn to_time(t: TimeOrNow) -> SystemTime {
    match t {
        TimeOrNow::SpecificTime(t) => t,
        TimeOrNow::Now => SystemTime::now(),
    }
}

/// One half of a utimensat request: UTIME_OMIT leaves that time alone.
fn timespec(t: Option<TimeOrNow>) -> Timespec {
    let special = |tv_nsec| Timespec { tv_sec: 0, tv_nsec };
    match t {
        None => special(UTIME_OMIT),
        Some(TimeOrNow::Now) => special(UTIME_NOW),
        Some(TimeOrNow::SpecificTime(t)) => {
            let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
                Ok(d) => (
                    i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                    d.subsec_nanos(),
                ),
                // Before 1970: whole seconds down, then the nanoseconds back up.
                Err(e) => {
                    let d = e.duration();
                    let secs = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                    match d.subsec_nanos() {
                        0 => (secs, 0),
                        n => (secs - 1, 1_000_000_000 - n),
                    }
                }
            };
            Timespec {
                tv_sec: secs,
                tv_nsec: nanos.into(),
            }
        }
    }
}

impl LazyFs {
    pub(super) fn do_lookup(&self, parent: u64, name: &OsStr) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        let md = fs::symlink_metadata(&path).or_errno()?;
        Ok(entry(&mut st.nodes, parent, name, &md))
    }

    pub(super) fn do_getattr(&self, ino: u64) -> Result<FileAttr, Errno> {
        attr_of(&self.state.lock().nodes, ino)
    }

    pub(super) fn do_setattr(&self, ino: u64, req: SetAttr) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let nodes = &mut st.nodes;
        let node = nodes.get(ino)?;
        if let Some(mode) = req.mode {
            let perm = Permissions::from_mode(mode & 0o7777);
            match &node.fd {
                Some(fd) => fd.set_permissions(perm).or_errno()?,
                // chmod by path follows symlinks, and Linux symlinks have no mode anyway.
                None if node.kind == FileType::Symlink => return Err(Errno::EOPNOTSUPP),
                None => fs::set_permissions(nodes.path(ino)?, perm).or_errno()?,
            }
        }
        if req.uid.is_some() || req.gid.is_some() {
            match &nodes.get(ino)?.fd {
                Some(fd) => std::os::unix::fs::fchown(fd, req.uid, req.gid).or_errno()?,
                None => std::os::unix::fs::lchown(nodes.path(ino)?, req.uid, req.gid).or_errno()?,
            }
        }
        if let Some(size) = req.size {
            truncate(nodes, ino, size)?;
        }
        if req.atime.is_some() || req.mtime.is_some() {
            let times = Timestamps {
                last_access: timespec(req.atime),
                last_modification: timespec(req.mtime),
            };
            match &nodes.get(ino)?.fd {
                Some(fd) => rustix::fs::futimens(fd, &times).map_err(rustix_errno)?,
                // By path without following: the node may be a symlink, whose target could
                // even lie inside this mount, where our single FUSE thread would wait on
                // itself.
                None => {
                    rustix::fs::utimensat(CWD, &nodes.path(ino)?, &times, AtFlags::SYMLINK_NOFOLLOW)
                        .map_err(rustix_errno)?
                }
            }
            if let Some(t) = req.mtime.map(to_time)
                && let Some(d) = nodes.get_mut(ino)?.dirty.as_mut()
            {
                d.set_mtime(t);
            }
        }
        attr_of(nodes, ino)
    }

    pub(super) fn do_mkdir(
        &self,
        parent: u64,
        name: &OsStr,
        mode: u32,
        umask: u32,
    ) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        DirBuilder::new()
            .mode(mode & !umask & 0o7777)
            .create(&path)
            .or_errno()?;
        let md = fs::symlink_metadata(&path).or_errno()?;
        Ok(entry(&mut st.nodes, parent, name, &md))
    }

    /// Regular files, FIFOs, sockets and device nodes (the mount is nodev, so the latter
    /// cannot be opened through it). The kernel uses create for regular files; mknod
    /// reaches us for the rest, or for `mknod(2)` of a regular file.
    pub(super) fn do_mknod(
        &self,
        parent: u64,
        name: &OsStr,
        mode: u32,
        umask: u32,
        rdev: u32,
    ) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        rustix::fs::mknodat(
            CWD,
            &path,
            rustix::fs::FileType::from_raw_mode(mode),
            rustix::fs::Mode::from_raw_mode(mode & !umask & 0o7777),
            rdev.into(),
        )
        .map_err(rustix_errno)?;
        let md = fs::symlink_metadata(&path).or_errno()?;
        Ok(entry(&mut st.nodes, parent, name, &md))
    }

    pub(super) fn do_symlink(
        &self,
        parent: u64,
        name: &OsStr,
        target: &Path,
    ) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        std::os::unix::fs::symlink(target, &path).or_errno()?;
        let md = fs::symlink_metadata(&path).or_errno()?;
        Ok(entry(&mut st.nodes, parent, name, &md))
    }

    pub(super) fn do_readlink(&self, ino: u64) -> Result<OsString, Errno> {
        let st = self.state.lock();
        if st.nodes.get(ino)?.kind != FileType::Symlink {
            return Err(Errno::EINVAL);
        }
        Ok(fs::read_link(st.nodes.path(ino)?)
            .or_errno()?
            .into_os_string())
    }

    /// Creates and opens a regular file.
    pub(super) fn do_create(
        &self,
        parent: u64,
        name: &OsStr,
        mode: u32,
        umask: u32,
        flags: i32,
    ) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        let excl =
            rustix::fs::OFlags::from_bits_retain(flags as u32).contains(rustix::fs::OFlags::EXCL);
        // Never O_TRUNC here: a truncate is cached state, and the kernel sends it as a
        // setattr anyway. The new fd is read-write so any handle can flush through it.
        let mut opts = fs::OpenOptions::new();
        opts.read(true).write(true).mode(mode & !umask & 0o7777);
        if excl {
            opts.create_new(true);
        } else {
            opts.create(true);
        }
        let file = opts.open(&path).or_errno()?;
        let md = file.metadata().or_errno()?;
        // From here on nothing may fail: the kernel forgets and releases only what our
        // reply gave it.
        let attr = entry(&mut st.nodes, parent, name, &md);
        if let Ok(node) = st.nodes.get_mut(attr.ino.0) {
            if node.fd.is_none() {
                node.fd = Some(file);
                node.fd_writable = true;
            }
            node.open += 1;
        }
        Ok(attr)
    }

    pub(super) fn do_unlink(&self, parent: u64, name: &OsStr, dir: bool) -> Result<(), Errno> {
        let mut st = self.state.lock();
        let path = st.nodes.child_path(parent, name)?;
        let md = fs::symlink_metadata(&path).or_errno()?;
        if dir {
            fs::remove_dir(&path).or_errno()?;
        } else {
            fs::remove_file(&path).or_errno()?;
        }
        st.nodes
            .unlinked(parent, name, key_of(&md), dir || md.nlink() <= 1);
        Ok(())
    }

    pub(super) fn do_rename(
        &self,
        parent: u64,
        name: &OsStr,
        new_parent: u64,
        new_name: &OsStr,
        flags: RenameFlags,
    ) -> Result<(), Errno> {
        let mut st = self.state.lock();
        let from = st.nodes.child_path(parent, name)?;
        let to = st.nodes.child_path(new_parent, new_name)?;
        let (noreplace, exchange) = (RenameFlags::RENAME_NOREPLACE, RenameFlags::RENAME_EXCHANGE);
        if !(flags - noreplace - exchange).is_empty() {
            // Whiteouts are for overlay filesystems; nothing we serve makes them.
            return Err(Errno::EINVAL);
        }
        let mut sys = rustix::fs::RenameFlags::empty();
        if flags.contains(noreplace) {
            sys |= rustix::fs::RenameFlags::NOREPLACE;
        }
        if flags.contains(exchange) {
            sys |= rustix::fs::RenameFlags::EXCHANGE;
        }
        let src = fs::symlink_metadata(&from).or_errno()?;
        let dst = fs::symlink_metadata(&to).ok();
        rustix::fs::renameat_with(CWD, &from, CWD, &to, sys).map_err(rustix_errno)?;
        let src_key = key_of(&src);
        if let Some(dst) = dst {
            let dst_key = key_of(&dst);
            if dst_key == src_key {
                // Two links to the same file: POSIX rename (and exchange) does nothing.
                return Ok(());
            }
            if flags.contains(exchange) {
                // Each node keeps its data and takes the other's name.
                st.nodes
                    .renamed(new_parent, new_name, parent, name, dst_key);
            } else {
                let last = dst.is_dir() || dst.nlink() <= 1;
                st.nodes.unlinked(new_parent, new_name, dst_key, last);
            }
        }
        st.nodes
            .renamed(parent, name, new_parent, new_name, src_key);
        Ok(())
    }

    /// access(2) when the kernel asks, which with `default_permissions` (how main mounts)
    /// it never does: it checks the mode bits itself, supplementary groups included. This
    /// is the same check for a mount without that option, short of supplementary groups,
    /// which a FUSE request does not carry.
    pub(super) fn do_access(
        &self,
        ino: u64,
        mask: AccessFlags,
        uid: u32,
        gid: u32,
    ) -> Result<(), Errno> {
        let attr = attr_of(&self.state.lock().nodes, ino)?;
        let perm = u32::from(attr.perm);
        let want = (mask & (AccessFlags::R_OK | AccessFlags::W_OK | AccessFlags::X_OK)).bits();
        let want = u32::try_from(want).unwrap_or(0o7);
        let granted = if uid == 0 {
            // Root may read and write anything, and execute what anyone may execute.
            let any_exec = attr.kind == FileType::Directory || perm & 0o111 != 0;
            0o6 | if any_exec { 0o1 } else { 0 }
        } else if uid == attr.uid {
            perm >> 6
        } else if gid == attr.gid {
            perm >> 3
        } else {
            perm
        } & 0o7;
        if want & !granted == 0 {
            Ok(())
        } else {
            Err(Errno::EACCES)
        }
    }

    pub(super) fn do_link(
        &self,
        ino: u64,
        new_parent: u64,
        new_name: &OsStr,
    ) -> Result<FileAttr, Errno> {
        let mut st = self.state.lock();
        let from = st.nodes.path(ino)?;
        let to = st.nodes.child_path(new_parent, new_name)?;
        fs::hard_link(&from, &to).or_errno()?;
        let md = fs::symlink_metadata(&to).or_errno()?;
        Ok(entry(&mut st.nodes, new_parent, new_name, &md))
    }
}

/// ftruncate: cached like a write. A no-op truncate of a clean file stays clean, since
/// RocksDB truncates every file to its own length when it closes it.
fn truncate(nodes: &mut NodeTable, ino: u64, size: u64) -> Result<(), Errno> {
    let kind = nodes.get(ino)?.kind;
    if kind == FileType::Directory {
        return Err(Errno::EISDIR);
    }
    if kind != FileType::RegularFile {
        return Err(Errno::EINVAL);
    }
    let node = nodes.ensure_fd(ino)?;
    if !node.fd_writable {
        return Err(Errno::EACCES);
    }
    if node.dirty.is_none() {
        let len = node
            .fd
            .as_ref()
            .ok_or(Errno::EBADF)?
            .metadata()
            .or_errno()?
            .len();
        if len != size {
            node.dirty = Some(DirtyFile::new(len));
        }
    }
    if let Some(d) = node.dirty.as_mut() {
        d.truncate(size);
    }
    nodes.release_resources(ino);
    Ok(())
}
