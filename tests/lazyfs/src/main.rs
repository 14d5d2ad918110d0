//! `apogee-lazyfs --backing DIR --mount DIR [--control PATH]`
//!
//! Mounts a power-loss-simulating passthrough of DIR (see the library docs for the model),
//! prints `ready` once the mount is live, and serves until SIGTERM or SIGINT, then writes
//! unsynced data back and unmounts. A second signal exits at once.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use apogee_lazyfs::{LazyFs, State, control};
use fuser::{Config, MountOption, Session, SessionACL, SessionUnmounter};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

const USAGE: &str = "usage: apogee-lazyfs --backing DIR --mount DIR [--control PATH]";

#[derive(Debug)]
struct Args {
    backing: PathBuf,
    mount: PathBuf,
    control: Option<PathBuf>,
}

fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Args, String> {
    let (mut backing, mut mount, mut control) = (None, None, None);
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| format!("bad argument {a:?}\n{USAGE}"))?;
        if arg == "-h" || arg == "--help" {
            return Err(USAGE.into());
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(OsString::from(v))),
            None => (arg, None),
        };
        let slot = match name.as_str() {
            "--backing" => &mut backing,
            "--mount" => &mut mount,
            "--control" => &mut control,
            _ => return Err(format!("unknown argument {name}\n{USAGE}")),
        };
        let value = inline
            .or_else(|| args.next())
            .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
        *slot = Some(PathBuf::from(value));
    }
    Ok(Args {
        backing: backing.ok_or_else(|| format!("--backing is required\n{USAGE}"))?,
        mount: mount.ok_or_else(|| format!("--mount is required\n{USAGE}"))?,
        control,
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apogee-lazyfs: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let backing = canonical_dir(&args.backing, "--backing")?;
    let mount = canonical_dir(&args.mount, "--mount")?;
    // Our own backing accesses must never go through the mount: the single FUSE thread
    // would wait for itself.
    if backing.starts_with(&mount) || mount.starts_with(&backing) {
        return Err("--backing and --mount must not contain each other".into());
    }
    let control_path = args.control.unwrap_or_else(|| {
        let mut p = mount.clone().into_os_string();
        p.push(".control");
        PathBuf::from(p)
    });

    // Modes from the kernel already have the caller's umask applied; ours must not apply
    // again. Many open files under test need many backing fds.
    rustix::process::umask(rustix::fs::Mode::empty());
    raise_fd_limit();

    let state = State::new(backing.clone())
        .map_err(|e| format!("{}: {e}", backing.display()))?
        .shared();
    let listener = control::bind(&control_path)
        .map_err(|e| format!("control socket {}: {e}", control_path.display()))?;

    let mut config = Config::default();
    config.mount_options = vec![
        MountOption::FSName(format!("lazyfs:{}", backing.display())),
        MountOption::Subtype("apogee-lazyfs".into()),
        MountOption::DefaultPermissions,
    ];
    // Let a server that runs as another user use the mount too.
    config.acl = SessionACL::All;
    let mut session = Session::new(LazyFs::new(state.clone()), &mount, &config)
        .map_err(|e| format!("mount {}: {e}", mount.display()))?;

    control::spawn(listener, state).map_err(|e| format!("control thread: {e}"))?;
    let unmount_requested = Arc::new(AtomicBool::new(false));
    spawn_signal_thread(
        session.unmount_callable(),
        mount.clone(),
        unmount_requested.clone(),
    )?;

    let mut out = std::io::stdout().lock();
    writeln!(out, "ready")
        .and_then(|()| out.flush())
        .map_err(|e| format!("stdout: {e}"))?;
    drop(out);

    // The session writes everything back (`destroy`) however its loop ends.
    let result = match session.run() {
        // An unmount we asked for tears the connection down; a request the kernel was
        // handing over at that moment is answered with ECONNABORTED instead of the usual
        // ENODEV. That is the end we wanted, not a failure.
        Err(e)
            if e.raw_os_error() == Some(rustix::io::Errno::CONNABORTED.raw_os_error())
                && unmount_requested.load(Ordering::SeqCst) =>
        {
            Ok(())
        }
        other => other.map_err(|e| format!("session: {e}")),
    };
    let _ = std::fs::remove_file(&control_path);
    result
}

fn canonical_dir(path: &Path, what: &str) -> Result<PathBuf, String> {
    let p = path
        .canonicalize()
        .map_err(|e| format!("{what} {}: {e}", path.display()))?;
    if !p.is_dir() {
        return Err(format!("{what} {} is not a directory", p.display()));
    }
    Ok(p)
}

fn raise_fd_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    if limit.current < limit.maximum {
        limit.current = limit.maximum;
        // Best effort: the default limit still works for small tests.
        let _ = setrlimit(Resource::Nofile, limit);
    }
}

/// First SIGTERM/SIGINT: unmount, which ends the session loop; if something still uses the
/// mount, detach it lazily so the loop ends once that user is gone. Second: exit now.
fn spawn_signal_thread(
    mut unmounter: SessionUnmounter,
    mount: PathBuf,
    unmount_requested: Arc<AtomicBool>,
) -> Result<(), String> {
    let mut signals =
        Signals::new([SIGTERM, SIGINT]).map_err(|e| format!("signal handlers: {e}"))?;
    std::thread::Builder::new()
        .name("lazyfs-signals".into())
        .spawn(move || {
            let mut seen = 0;
            for _ in signals.forever() {
                seen += 1;
                if seen > 1 {
                    eprintln!("apogee-lazyfs: second signal, exiting without unmounting");
                    std::process::exit(1);
                }
                unmount_requested.store(true, Ordering::SeqCst);
                if let Err(e) = unmounter.unmount() {
                    eprintln!("apogee-lazyfs: unmount: {e}; detaching lazily");
                    if let Err(e) =
                        rustix::mount::unmount(&mount, rustix::mount::UnmountFlags::DETACH)
                    {
                        eprintln!("apogee-lazyfs: lazy unmount: {e}");
                    }
                }
            }
        })
        .map_err(|e| format!("signal thread: {e}"))?;
    Ok(())
}
