//! The unsynced state of one file: dirty pages plus a logical size over the backing file.
//!
//! This is the whole "lazy" part of the filesystem. Everything a program wrote since the
//! file's last fsync lives here, and nowhere else, so a power cut is just dropping it.
//!
//! Invariants:
//! - `base_len <= size`: bytes of the backing file at or past `base_len` were cut off by a
//!   truncate and must read as zeros even if the backing file still holds them.
//! - no page starts at or past `size`, and bytes of a page past `size` are zero, so that
//!   growing the file again (write past the end, truncate up) exposes zeros, as POSIX says.

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::time::SystemTime;

/// Cache granularity. Matches the usual page size, so a partial-page write costs one read.
pub const PAGE: u64 = 4096;
const PAGE_USIZE: usize = PAGE as usize;

/// Largest single write issued when flushing, so a big file does not need a big buffer.
const FLUSH_CHUNK: usize = 1 << 20;

/// Where the durable bytes under the cache come from. The backing file in production; a
/// byte vector in unit tests.
pub trait Backing {
    /// Reads at `off`, like `pread`: may return fewer bytes, 0 at end of file.
    fn read_at(&self, buf: &mut [u8], off: u64) -> io::Result<usize>;
}

impl Backing for File {
    fn read_at(&self, buf: &mut [u8], off: u64) -> io::Result<usize> {
        FileExt::read_at(self, buf, off)
    }
}

impl Backing for Vec<u8> {
    fn read_at(&self, buf: &mut [u8], off: u64) -> io::Result<usize> {
        let start = usize::try_from(off).unwrap_or(usize::MAX).min(self.len());
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// Unsynced data of one file.
#[derive(Debug)]
pub struct DirtyFile {
    pages: BTreeMap<u64, Box<[u8]>>,
    /// Size a reader sees now.
    size: u64,
    /// Prefix of the backing file that is still visible (see the module invariants).
    base_len: u64,
    /// Length of the backing file when this state began; the backing file does not change
    /// until the next flush, so this says whether the flush must shorten it first.
    backing_len: u64,
    /// Last modification through the cache, reported by getattr until it is flushed.
    mtime: SystemTime,
}

impl DirtyFile {
    /// Starts tracking a file whose backing file is currently `backing_len` bytes long.
    pub fn new(backing_len: u64) -> Self {
        Self {
            pages: BTreeMap::new(),
            size: backing_len,
            base_len: backing_len,
            backing_len,
            mtime: SystemTime::now(),
        }
    }

    /// The logical size: what stat and readers see.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn mtime(&self) -> SystemTime {
        self.mtime
    }

    /// utimes on a file with unsynced data: the backing file gets the time too, but
    /// getattr reports ours while the data is unsynced.
    pub fn set_mtime(&mut self, t: SystemTime) {
        self.mtime = t;
    }

    /// Bytes that a power cut would lose, at page granularity, plus one page when only the
    /// size changed so that a pure truncate still counts as unsynced.
    pub fn unsynced_bytes(&self) -> u64 {
        let pages = self.pages.len() as u64 * PAGE;
        if pages == 0 && (self.size != self.backing_len || self.base_len != self.backing_len) {
            return PAGE;
        }
        pages
    }

    /// Reads up to `len` bytes at `off`, clamped to the logical size.
    pub fn read(&self, backing: &impl Backing, off: u64, len: usize) -> io::Result<Vec<u8>> {
        let end = off.saturating_add(len as u64).min(self.size);
        if off >= end {
            return Ok(Vec::new());
        }
        let mut out = vec![0u8; to_usize(end - off)?];
        let mut pos = off;
        while pos < end {
            let idx = pos / PAGE;
            let out_at = to_usize(pos - off)?;
            if let Some(page) = self.pages.get(&idx) {
                let in_page = to_usize(pos % PAGE)?;
                let n = (PAGE_USIZE - in_page).min(to_usize(end - pos)?);
                out[out_at..out_at + n].copy_from_slice(&page[in_page..in_page + n]);
                pos += n as u64;
            } else {
                // One backing read for the whole run of clean pages up to the next dirty one.
                let next_dirty = self.pages.range(idx..).next().map(|(i, _)| i * PAGE);
                let run_end = next_dirty.map_or(end, |d| d.min(end));
                let n = to_usize(run_end - pos)?;
                self.fill_clean(backing, &mut out[out_at..out_at + n], pos)?;
                pos = run_end;
            }
        }
        Ok(out)
    }

    /// Writes `data` at `off` into the cache, growing the logical size as needed.
    pub fn write(&mut self, backing: &impl Backing, off: u64, data: &[u8]) -> io::Result<()> {
        let end = off.checked_add(data.len() as u64).ok_or_else(efbig)?;
        let mut pos = off;
        while pos < end {
            let idx = pos / PAGE;
            let in_page = to_usize(pos % PAGE)?;
            let n = (PAGE_USIZE - in_page).min(to_usize(end - pos)?);
            let src = &data[to_usize(pos - off)?..][..n];
            if !self.pages.contains_key(&idx) {
                let mut page = vec![0u8; PAGE_USIZE].into_boxed_slice();
                if n < PAGE_USIZE {
                    // Partial page: the rest of it keeps what a reader sees now.
                    self.fill_clean(backing, &mut page, idx * PAGE)?;
                }
                self.pages.insert(idx, page);
            }
            let page = self
                .pages
                .get_mut(&idx)
                .ok_or_else(|| io::Error::other("page vanished while writing"))?;
            page[in_page..in_page + n].copy_from_slice(src);
            pos += n as u64;
        }
        self.size = self.size.max(end);
        self.mtime = SystemTime::now();
        Ok(())
    }

    /// Sets the logical size, like ftruncate.
    pub fn truncate(&mut self, new_size: u64) {
        if new_size < self.size {
            let first_gone = new_size.div_ceil(PAGE);
            drop(self.pages.split_off(&first_gone));
            let in_page = (new_size % PAGE) as usize;
            if in_page != 0
                && let Some(page) = self.pages.get_mut(&(new_size / PAGE))
            {
                page[in_page..].fill(0);
            }
            self.base_len = self.base_len.min(new_size);
        }
        self.size = new_size;
        self.mtime = SystemTime::now();
    }

    /// Makes the backing file hold exactly what readers see now. The caller fsyncs it and
    /// then drops this state. Safe to repeat after a failure part-way.
    pub fn flush_to(&self, file: &File) -> io::Result<()> {
        if self.base_len < self.backing_len {
            // Cut off what a truncate hid, so re-grown ranges come back as zeros.
            file.set_len(self.base_len)?;
        }
        let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_CHUNK);
        let mut buf_start = 0u64;
        for (&idx, page) in &self.pages {
            let start = idx * PAGE;
            if !buf.is_empty()
                && (buf_start + buf.len() as u64 != start || buf.len() >= FLUSH_CHUNK)
            {
                file.write_all_at(&buf, buf_start)?;
                buf.clear();
            }
            if buf.is_empty() {
                buf_start = start;
            }
            let n = to_usize((self.size - start).min(PAGE))?;
            buf.extend_from_slice(&page[..n]);
        }
        if !buf.is_empty() {
            file.write_all_at(&buf, buf_start)?;
        }
        if file.metadata()?.len() != self.size {
            file.set_len(self.size)?;
        }
        Ok(())
    }

    /// Fills `buf` with what the file holds at `off` outside dirty pages: the backing bytes
    /// below `base_len`, zeros above it.
    fn fill_clean(&self, backing: &impl Backing, buf: &mut [u8], off: u64) -> io::Result<()> {
        let avail = to_usize(self.base_len.saturating_sub(off))?.min(buf.len());
        let mut done = 0;
        while done < avail {
            match backing.read_at(&mut buf[done..avail], off + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // Zeros for the truncated tail, and for a backing file that is shorter than it was
        // (only possible if something outside the mount changed it).
        buf[done..].fill(0);
        Ok(())
    }
}

fn to_usize(n: u64) -> io::Result<usize> {
    usize::try_from(n).map_err(|_| efbig())
}

fn efbig() -> io::Error {
    io::Error::from_raw_os_error(rustix::io::Errno::FBIG.raw_os_error())
}

#[cfg(test)]
#[path = "dirty_tests.rs"]
mod tests;
