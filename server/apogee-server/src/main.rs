//! The `apogee` binary: a thin wrapper over `apogee_server`.

use std::path::PathBuf;
use std::process::ExitCode;

use apogee_server::admin_cli::{self, AdminArgs};
use apogee_server::config::{Config, FlagOverrides};
use apogee_store::FlushMode;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "apogee", version, about = "A RocketMQ-compatible message queue")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FlushArg {
    Sync,
    Async,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Nameserver, broker and proxy in one process (data in ./data by default).
    Standalone {
        /// TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// gRPC listen address (default 0.0.0.0:8081).
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Data directory (default ./data).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Flush mode: sync (fsync before SEND_OK) or async.
        #[arg(long, value_enum)]
        flush: Option<FlushArg>,
        /// Write the bound address here once listening.
        #[arg(long)]
        ready_file: Option<PathBuf>,
    },
    /// Operator commands over the admin API.
    Admin(AdminArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Standalone { config, listen, data_dir, flush, ready_file } => {
            let flags = FlagOverrides {
                listen,
                data_dir,
                flush: flush.map(|f| match f {
                    FlushArg::Sync => FlushMode::Sync,
                    FlushArg::Async => FlushMode::Async,
                }),
                ready_file,
            };
            let config = match Config::load(config.as_deref(), &flags) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            apogee_server::logging::init(config.log.format);
            runtime.block_on(async {
                let listener = match tokio::net::TcpListener::bind(config.server.listen).await {
                    Ok(l) => l,
                    Err(e) => {
                        tracing::error!(listen = %config.server.listen, error = %e, "Cannot listen.");
                        return ExitCode::FAILURE;
                    }
                };
                match apogee_server::run_standalone(config, listener, shutdown_signal()).await {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        tracing::error!(error = %e, "Server failed.");
                        ExitCode::FAILURE
                    }
                }
            })
        }
        Command::Admin(args) => runtime.block_on(async {
            match admin_cli::run(args).await {
                Ok(out) => {
                    #[allow(clippy::print_stdout)]
                    {
                        println!("{}", out.trim_end());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }),
    }
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("Shutdown signal received.");
}
