//! Starts the real `apogee` binary as a child process for the binary-level tests.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `apogee standalone` on `127.0.0.1:0` with `data` as its data dir and the given flush
/// mode; returns the child and its `http://` endpoint once the port is bound.
// The child is returned to the caller, which kills and waits for it.
#[allow(clippy::zombie_processes)]
pub fn start(data: &Path, ready: &Path, flush: &str) -> (Child, String) {
    let _ = std::fs::remove_file(ready);
    let mut child = Command::new(env!("CARGO_BIN_EXE_apogee"))
        .args(["standalone", "--listen", "127.0.0.1:0", "--flush", flush])
        .arg("--data-dir")
        .arg(data)
        .arg("--ready-file")
        .arg(ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn apogee");
    // The ready file is written once the port is bound; poll for it with a deadline.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(addr) = std::fs::read_to_string(ready)
            && !addr.is_empty()
        {
            return (child, format!("http://{addr}"));
        }
        if Instant::now() > deadline {
            kill(&mut child);
            panic!("server did not start");
        }
        std::thread::yield_now();
    }
}

/// SIGKILL (std's `kill` on Unix): no shutdown hook runs, nothing is flushed on the way out.
pub fn kill(child: &mut Child) {
    child.kill().expect("kill");
    child.wait().expect("wait");
}
