//! Structured logs with tracing-subscriber. The filter is `RUST_LOG` when set, else
//! `log.level`; it can be changed while the server runs (`apogee admin log-level`).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::reload;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// Installs the global subscriber. Safe to call once per process.
pub fn init(format: LogFormat, level: &str) {
    let from_env = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let wanted = from_env.as_deref().unwrap_or(level);
    let (filter, wanted) = match EnvFilter::try_new(wanted) {
        Ok(f) => (f, wanted.to_string()),
        Err(e) => {
            eprintln!("warning: log filter {wanted:?} is invalid ({e}); using info");
            (EnvFilter::new("info"), "info".to_string())
        }
    };
    let (filter, handle) = reload::Layer::new(filter);
    let ansi = std::io::stderr().is_terminal();
    let registry = tracing_subscriber::registry().with(filter);
    let installed = match format {
        LogFormat::Text => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(ansi),
            )
            .try_init(),
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(std::io::stderr),
            )
            .try_init(),
    };
    if installed.is_ok() {
        apogee_telemetry::log_level::register(
            &wanted,
            Box::new(move |f| {
                let filter =
                    EnvFilter::try_new(f).map_err(|e| format!("invalid filter {f:?}: {e}"))?;
                handle.reload(filter).map_err(|e| e.to_string())
            }),
        );
    }
}
