//! A FUSE passthrough filesystem that simulates power loss, in the spirit of Jepsen's
//! LazyFS, for crash tests of the server's RocksDB store.
//!
//! # The model
//!
//! - **File data is lazy.** Writes and truncates of a regular file go into an in-memory
//!   write-back cache kept per inode ([`dirty::DirtyFile`]: 4 KiB dirty pages plus a
//!   logical size). Readers and `stat` see the cache laid over the backing file. Nothing
//!   reaches the backing file until `fsync` or `fdatasync` of that file, which writes its
//!   pages, applies its size, and fsyncs the backing file. `close` is not a sync.
//! - **Metadata is not lazy.** create, mkdir, unlink, rmdir, rename, link, chmod, chown
//!   and utimes go to the backing directory at once and survive a cut. (A real filesystem
//!   may lose an un-fsynced directory entry; this model does not. RocksDB fsyncs data before
//!   renaming it into place, which is what this model checks.)
//! - **A cut** (control command `cut`) drops every cache: each file reverts to its backing
//!   contents, i.e. exactly the data of its last fsync. Kill the process under test first,
//!   so it does not keep writing into the reverted files.
//! - **Unmounting** cleanly (SIGTERM/SIGINT) writes everything back, as a real filesystem
//!   does; killing the daemon with SIGKILL loses the cache like a cut.
//! - The kernel page cache is bypassed (direct I/O, zero attribute and entry TTLs), so what
//!   a reader sees after a cut is what the model says.

pub mod attr;
pub mod control;
pub mod dirty;
pub mod fs;
pub mod nodes;
pub mod state;

pub use fs::LazyFs;
pub use state::{Shared, State, Stats};
