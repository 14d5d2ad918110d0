//! Test harness: runs the real binary on a temp dir and talks to its control socket.
//!
//! Every wait is bounded: readiness by the `ready` line, each test by a watchdog that kills
//! the daemon and detaches the mount if the test runs too long, so a hung FUSE call fails
//! with ENOTCONN instead of hanging CI.

// Each test binary uses part of the harness; the skip notice is meant for the test log.
#![allow(dead_code, unreachable_pub, clippy::print_stdout)]

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use rustix::process::{Pid, Signal, kill_process};

const READY_TIMEOUT: Duration = Duration::from_secs(30);
const STOP_TIMEOUT: Duration = Duration::from_secs(30);
const CONTROL_TIMEOUT: Duration = Duration::from_secs(30);

/// True when FUSE mounts are possible here; otherwise says so and the test returns.
pub fn can_mount() -> bool {
    if !rustix::process::geteuid().is_root() {
        println!("skipped: needs root");
        return false;
    }
    if !Path::new("/dev/fuse").exists() {
        println!("skipped: no /dev/fuse");
        return false;
    }
    true
}

pub struct Mounted {
    child: Option<Child>,
    stderr: Option<thread::JoinHandle<String>>,
    pub backing: PathBuf,
    pub mount: PathBuf,
    pub control: PathBuf,
    /// Dropping this disarms the watchdog.
    _watchdog: mpsc::Sender<()>,
    _dir: tempfile::TempDir,
}

impl Mounted {
    /// Mounts a fresh backing dir; the whole test must finish within `limit`.
    pub fn start(limit: Duration) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let backing = dir.path().join("backing");
        let mount = dir.path().join("mnt");
        let control = dir.path().join("control.sock");
        std::fs::create_dir(&backing).expect("backing dir");
        std::fs::create_dir(&mount).expect("mount dir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_apogee-lazyfs"))
            .arg("--backing")
            .arg(&backing)
            .arg("--mount")
            .arg(&mount)
            .arg("--control")
            .arg(&control)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn apogee-lazyfs");

        let stdout = child.stdout.take().expect("stdout");
        let (ready_tx, ready_rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if ready_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stderr_pipe = child.stderr.take().expect("stderr");
        let stderr = thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr_pipe.read_to_string(&mut s);
            s
        });

        let pid = child.id();
        let watchdog = spawn_watchdog(pid, mount.clone(), limit);
        let mut mounted = Self {
            child: Some(child),
            stderr: Some(stderr),
            backing,
            mount,
            control,
            _watchdog: watchdog,
            _dir: dir,
        };
        match ready_rx.recv_timeout(READY_TIMEOUT) {
            Ok(line) if line == "ready" => mounted,
            other => {
                let status = mounted.stop_now();
                panic!("apogee-lazyfs did not get ready ({other:?}, {status})");
            }
        }
    }

    /// Path of `name` inside the mount.
    pub fn path(&self, name: &str) -> PathBuf {
        self.mount.join(name)
    }

    /// Path of `name` in the backing dir, bypassing the cache.
    pub fn backing_path(&self, name: &str) -> PathBuf {
        self.backing.join(name)
    }

    /// Sends one control command and returns its one-line answer.
    pub fn command(&self, cmd: &str) -> String {
        let mut conn = UnixStream::connect(&self.control).expect("connect control socket");
        conn.set_read_timeout(Some(CONTROL_TIMEOUT))
            .expect("timeout");
        conn.set_write_timeout(Some(CONTROL_TIMEOUT))
            .expect("timeout");
        conn.write_all(format!("{cmd}\n").as_bytes())
            .expect("send command");
        let mut line = String::new();
        BufReader::new(conn)
            .read_line(&mut line)
            .expect("read answer");
        line.trim_end().to_string()
    }

    pub fn cut(&self) {
        assert_eq!(self.command("cut"), "ok");
    }

    /// One counter from `stats`.
    pub fn stat(&self, name: &str) -> u64 {
        let json = self.command("stats");
        let key = format!("\"{name}\":");
        let start = json
            .find(&key)
            .unwrap_or_else(|| panic!("{name} in {json}"))
            + key.len();
        let digits: String = json[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .parse()
            .unwrap_or_else(|_| panic!("{name} in {json}"))
    }

    /// Clean shutdown: SIGTERM, wait for exit; returns the exit status and stderr.
    pub fn stop(&mut self) -> (ExitStatus, String) {
        let child = self.child.take().expect("running");
        signal(child.id(), Signal::TERM);
        let status = wait_bounded(child, STOP_TIMEOUT, &self.mount);
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        (
            status.expect("apogee-lazyfs did not exit after SIGTERM"),
            stderr,
        )
    }

    fn stop_now(&mut self) -> String {
        let Some(child) = self.child.take() else {
            return String::new();
        };
        signal(child.id(), Signal::KILL);
        let status = wait_bounded(child, STOP_TIMEOUT, &self.mount);
        detach(&self.mount);
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        format!("status {status:?}, stderr: {stderr}")
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if self.child.is_none() {
            return;
        }
        if thread::panicking() {
            // The test already failed; just make sure nothing is left mounted.
            let _ = self.stop_now();
            return;
        }
        let (status, stderr) = self.stop();
        assert!(
            status.success(),
            "apogee-lazyfs exited with {status}: {stderr}"
        );
    }
}

fn signal(pid: u32, sig: Signal) {
    if let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) {
        let _ = kill_process(pid, sig);
    }
}

fn detach(mount: &Path) {
    let _ = rustix::mount::unmount(mount, rustix::mount::UnmountFlags::DETACH);
}

/// Waits for `child` to exit; past `limit`, kills it and detaches its mount.
fn wait_bounded(mut child: Child, limit: Duration, mount: &Path) -> Option<ExitStatus> {
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    match rx.recv_timeout(limit) {
        Ok(status) => status.ok(),
        Err(_) => {
            signal(pid, Signal::KILL);
            detach(mount);
            rx.recv_timeout(limit).ok().and_then(Result::ok)
        }
    }
}

fn spawn_watchdog(pid: u32, mount: PathBuf, limit: Duration) -> mpsc::Sender<()> {
    let (tx, rx) = mpsc::channel::<()>();
    thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(limit) {
            eprintln!("test exceeded {limit:?}: killing apogee-lazyfs so blocked calls fail");
            signal(pid, Signal::KILL);
            detach(&mount);
        }
    });
    tx
}

/// Small deterministic generator; tests print their seed so a failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn from_time() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Self(nanos | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}
