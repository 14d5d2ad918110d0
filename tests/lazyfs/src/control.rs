//! The control socket: line commands from the test driving a power-loss scenario.
//!
//! Commands, one per line, each answered with one line:
//! - `cut`: simulated power loss; answers `ok` once every unsynced write is gone.
//! - `sync`: write every unsynced file back and fsync it; answers `ok` or `error: ...`.
//! - `stats`: one line of JSON with the counters (see [`crate::state::Stats`]).
//! - `ping`: answers `ok`; a liveness check.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::thread;
use std::time::Duration;

use crate::state::Shared;

/// A client that goes quiet this long is dropped, so a stuck test cannot pin a thread.
const IDLE_TIMEOUT: Duration = Duration::from_secs(300);
/// Longest accepted command line; anything longer is a client bug.
const MAX_LINE: u64 = 1024;

/// Binds the socket, replacing a stale one left by an earlier run that was killed.
pub fn bind(path: &Path) -> io::Result<UnixListener> {
    match std::fs::symlink_metadata(path) {
        Ok(md) if md.file_type().is_socket() => std::fs::remove_file(path)?,
        Ok(_) => {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a socket", path.display()),
            ));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    UnixListener::bind(path)
}

/// Serves connections on a background thread, one thread per client.
pub fn spawn(listener: UnixListener, state: Shared) -> io::Result<thread::JoinHandle<()>> {
    thread::Builder::new()
        .name("lazyfs-control".into())
        .spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let state = state.clone();
                let spawned =
                    thread::Builder::new()
                        .name("lazyfs-client".into())
                        .spawn(move || {
                            if let Err(e) = serve_client(conn, &state) {
                                eprintln!("apogee-lazyfs: control client: {e}");
                            }
                        });
                if let Err(e) = spawned {
                    eprintln!("apogee-lazyfs: cannot start control client thread: {e}");
                }
            }
        })
}

fn serve_client(conn: UnixStream, state: &Shared) -> io::Result<()> {
    conn.set_read_timeout(Some(IDLE_TIMEOUT))?;
    let mut writer = conn.try_clone()?;
    let mut reader = BufReader::new(conn);
    loop {
        let mut line = String::new();
        let n = (&mut reader).take(MAX_LINE).read_line(&mut line)?;
        if n == 0 {
            return Ok(());
        }
        if !line.ends_with('\n') && n as u64 >= MAX_LINE {
            writer.write_all(b"error: line too long\n")?;
            return Ok(());
        }
        let command = line.trim();
        if command.is_empty() {
            continue;
        }
        let answer = execute(command, state);
        writer.write_all(answer.as_bytes())?;
        writer.write_all(b"\n")?;
        writer.flush()?;
    }
}

/// Runs one command and returns its answer line (without the newline).
pub fn execute(command: &str, state: &Shared) -> String {
    match command {
        "cut" => {
            state.lock().cut();
            "ok".into()
        }
        "sync" => match state.lock().sync_all() {
            0 => "ok".into(),
            n => format!("error: {n} file(s) could not be synced"),
        },
        "stats" => state.lock().stats().to_json(),
        "ping" => "ok".into(),
        other => format!("error: unknown command {other:?}"),
    }
}
