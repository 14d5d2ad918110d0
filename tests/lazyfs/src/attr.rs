//! Converting backing metadata into what FUSE replies carry.

use std::fs::Metadata;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fuser::{Errno, FileAttr, INodeNo};

use crate::dirty::DirtyFile;
use crate::nodes::kind_of;

/// Zero: the kernel must ask us every time, or it would keep showing a size or an entry
/// from before a cut.
pub const TTL: Duration = Duration::ZERO;

/// Attributes of `ino` from its backing metadata, with the logical size and mtime of its
/// unsynced data laid over them.
pub fn file_attr(ino: u64, md: &Metadata, dirty: Option<&DirtyFile>) -> FileAttr {
    let mut attr = FileAttr {
        ino: INodeNo(ino),
        size: md.size(),
        blocks: md.blocks(),
        atime: time(md.atime(), md.atime_nsec()),
        mtime: time(md.mtime(), md.mtime_nsec()),
        ctime: time(md.ctime(), md.ctime_nsec()),
        crtime: md.created().unwrap_or(UNIX_EPOCH),
        kind: kind_of(md),
        // The mode's low 12 bits: permissions plus setuid/setgid/sticky.
        perm: (md.mode() & 0o7777) as u16,
        nlink: u32::try_from(md.nlink()).unwrap_or(u32::MAX),
        uid: md.uid(),
        gid: md.gid(),
        rdev: u32::try_from(md.rdev()).unwrap_or(0),
        blksize: u32::try_from(md.blksize()).unwrap_or(4096),
        flags: 0,
    };
    if let Some(d) = dirty {
        attr.size = d.size();
        // Tools compare blocks to size to spot sparse files; keep them consistent.
        attr.blocks = attr.blocks.max(d.size().div_ceil(512));
        attr.mtime = d.mtime();
        attr.ctime = attr.ctime.max(d.mtime());
    }
    attr
}

fn time(secs: i64, nsec: i64) -> SystemTime {
    let nsec = u32::try_from(nsec).unwrap_or(0);
    if secs >= 0 {
        UNIX_EPOCH + Duration::new(secs.unsigned_abs(), nsec)
    } else {
        UNIX_EPOCH - Duration::new(secs.unsigned_abs(), 0) + Duration::new(0, nsec)
    }
}

/// The errno for an I/O error. OS errors keep their own code; the few synthetic ones std
/// makes are mapped by kind, and anything else is EIO rather than a success.
pub fn errno(e: &io::Error) -> Errno {
    if let Some(code) = e.raw_os_error() {
        return Errno::from_i32(code);
    }
    match e.kind() {
        io::ErrorKind::NotFound => Errno::ENOENT,
        io::ErrorKind::PermissionDenied => Errno::EACCES,
        io::ErrorKind::AlreadyExists => Errno::EEXIST,
        io::ErrorKind::InvalidInput => Errno::EINVAL,
        io::ErrorKind::UnexpectedEof | io::ErrorKind::WriteZero => Errno::EIO,
        io::ErrorKind::Unsupported => Errno::EOPNOTSUPP,
        io::ErrorKind::OutOfMemory => Errno::ENOMEM,
        _ => Errno::EIO,
    }
}

/// `io::Result` into a FUSE result with the right errno.
pub trait OrErrno<T> {
    fn or_errno(self) -> Result<T, Errno>;
}

impl<T> OrErrno<T> for io::Result<T> {
    fn or_errno(self) -> Result<T, Errno> {
        self.map_err(|e| errno(&e))
    }
}
