//! File data operations: where the write-back cache lives.

use std::os::unix::fs::FileExt;

use fuser::{Errno, FileType, OpenAccMode, OpenFlags};

use super::LazyFs;
use crate::attr::OrErrno;
use crate::dirty::DirtyFile;

/// fallocate mode bit that keeps the file size (Linux uapi value; rustix has it too).
const KEEP_SIZE: i32 = rustix::fs::FallocateFlags::KEEP_SIZE.bits() as i32;

impl LazyFs {
    pub(super) fn do_open(&self, ino: u64, flags: OpenFlags) -> Result<(), Errno> {
        let mut st = self.state.lock();
        match st.nodes.get(ino)?.kind {
            FileType::RegularFile => {}
            FileType::Directory => return Err(Errno::EISDIR),
            _ => return Err(Errno::EINVAL),
        }
        let node = st.nodes.ensure_fd(ino)?;
        if flags.acc_mode() != OpenAccMode::O_RDONLY && !node.fd_writable {
            st.nodes.release_resources(ino);
            return Err(Errno::EACCES);
        }
        node.open += 1;
        Ok(())
    }

    pub(super) fn do_release(&self, ino: u64) {
        let mut st = self.state.lock();
        if let Ok(node) = st.nodes.get_mut(ino) {
            node.open = node.open.saturating_sub(1);
        }
        st.nodes.release_resources(ino);
    }

    pub(super) fn do_read(&self, ino: u64, off: u64, size: u32) -> Result<Vec<u8>, Errno> {
        let mut st = self.state.lock();
        let node = st.nodes.ensure_fd(ino)?;
        let fd = node.fd.as_ref().ok_or(Errno::EBADF)?;
        if let Some(dirty) = &node.dirty {
            return dirty.read(fd, off, size as usize).or_errno();
        }
        // Clean file: the backing file is exactly what a reader sees.
        let mut buf = vec![0u8; size as usize];
        let mut done = 0;
        while done < buf.len() {
            match fd.read_at(&mut buf[done..], off.saturating_add(done as u64)) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(crate::attr::errno(&e)),
            }
        }
        buf.truncate(done);
        Ok(buf)
    }

    pub(super) fn do_write(&self, ino: u64, off: u64, data: &[u8]) -> Result<u32, Errno> {
        let written = u32::try_from(data.len()).map_err(|_| Errno::EINVAL)?;
        let mut st = self.state.lock();
        let node = st.nodes.ensure_fd(ino)?;
        if !node.fd_writable {
            return Err(Errno::EBADF);
        }
        let fd = node.fd.as_ref().ok_or(Errno::EBADF)?;
        let dirty = match &mut node.dirty {
            Some(d) => d,
            empty @ None => empty.insert(DirtyFile::new(fd.metadata().or_errno()?.len())),
        };
        dirty.write(fd, off, data).or_errno()?;
        Ok(written)
    }

    pub(super) fn do_fsync(&self, ino: u64, datasync: bool) -> Result<(), Errno> {
        let mut st = self.state.lock();
        st.fsyncs += 1;
        st.nodes.flush(ino, datasync)
    }

    pub(super) fn do_fsyncdir(&self, ino: u64) -> Result<(), Errno> {
        let mut st = self.state.lock();
        st.dir_fsyncs += 1;
        let path = st.nodes.path(ino)?;
        std::fs::File::open(path)
            .and_then(|dir| dir.sync_all())
            .or_errno()
    }

    /// Plain preallocation grows the logical size like a truncate up would; KEEP_SIZE
    /// preallocation (what RocksDB does) only reserves space, which a cache need not do.
    /// Hole punching and the rest are refused; RocksDB ignores those failures.
    pub(super) fn do_fallocate(
        &self,
        ino: u64,
        off: u64,
        len: u64,
        mode: i32,
    ) -> Result<(), Errno> {
        let end = off.checked_add(len).ok_or(Errno::EFBIG)?;
        match mode {
            KEEP_SIZE => Ok(()),
            0 => {
                let mut st = self.state.lock();
                let node = st.nodes.ensure_fd(ino)?;
                if !node.fd_writable {
                    return Err(Errno::EBADF);
                }
                let fd = node.fd.as_ref().ok_or(Errno::EBADF)?;
                let size = match &node.dirty {
                    Some(d) => d.size(),
                    None => fd.metadata().or_errno()?.len(),
                };
                if end > size {
                    node.dirty
                        .get_or_insert_with(|| DirtyFile::new(size))
                        .truncate(end);
                }
                Ok(())
            }
            _ => Err(Errno::EOPNOTSUPP),
        }
    }
}
