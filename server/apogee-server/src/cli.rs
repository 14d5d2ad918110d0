//! The `apogee` command line. `main.rs` parses it and calls [`run`]; tests parse argument lists
//! with [`Cli::try_parse_from`](clap::Parser::try_parse_from) and call [`run_admin`].

use std::path::PathBuf;
use std::process::ExitCode;

use apogee_store::FlushMode;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::admin_cli::{self, AdminArgs, CliError};
use crate::config::{Config, FlagOverrides};

#[derive(Debug, Parser)]
#[command(
    name = "apogee",
    version,
    about = "A RocketMQ-compatible message queue"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReplicationArg {
    Sync,
    Async,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FlushArg {
    Sync,
    Async,
}

/// `/metrics` flags, on every server role.
#[derive(Debug, Args)]
pub struct MetricsFlags {
    /// HTTP address of /metrics (default 0.0.0.0:9464; "off" turns it off).
    #[arg(long)]
    metrics_listen: Option<String>,
    /// Write the bound /metrics address here once listening.
    #[arg(long)]
    metrics_ready_file: Option<PathBuf>,
}

impl MetricsFlags {
    fn apply(self, flags: FlagOverrides) -> FlagOverrides {
        FlagOverrides {
            metrics_listen: self.metrics_listen,
            metrics_ready_file: self.metrics_ready_file,
            ..flags
        }
    }
}

/// Web console flags, on the roles that serve it (standalone and proxy).
#[derive(Debug, Args)]
pub struct ConsoleFlags {
    /// HTTP address of the web console (default :8080); turns it on.
    #[arg(long)]
    console_listen: Option<String>,
    /// Write the bound console address here once listening.
    #[arg(long)]
    console_ready_file: Option<PathBuf>,
}

impl ConsoleFlags {
    fn apply(self, flags: FlagOverrides) -> FlagOverrides {
        FlagOverrides {
            console_listen: self.console_listen,
            console_ready_file: self.console_ready_file,
            ..flags
        }
    }
}

/// Flags of the roles that own a store: standalone and broker.
#[derive(Debug, Args)]
pub struct StoreNodeFlags {
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
    #[command(flatten)]
    metrics: MetricsFlags,
}

impl StoreNodeFlags {
    /// The configuration file and the overrides these flags make.
    fn split(self) -> (Option<PathBuf>, FlagOverrides) {
        let flags = FlagOverrides {
            listen: self.listen,
            data_dir: self.data_dir,
            flush: self.flush.map(|f| match f {
                FlushArg::Sync => FlushMode::Sync,
                FlushArg::Async => FlushMode::Async,
            }),
            ready_file: self.ready_file,
            ..FlagOverrides::default()
        };
        (self.config, self.metrics.apply(flags))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Nameserver, broker and proxy in one process (data in ./data by default).
    Standalone {
        #[command(flatten)]
        node: StoreNodeFlags,
        #[command(flatten)]
        console: ConsoleFlags,
    },
    /// The route registry of a cluster (memory only); brokers register with every nameserver.
    Nameserver {
        /// TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// gRPC listen address (default 0.0.0.0:9876).
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// A broker silent this long leaves the routes (default 120s).
        #[arg(long, value_parser = humantime::parse_duration)]
        broker_timeout: Option<std::time::Duration>,
        /// Write the bound address here once listening.
        #[arg(long)]
        ready_file: Option<PathBuf>,
        #[command(flatten)]
        metrics: MetricsFlags,
    },
    /// One broker of a cluster: its own store, registered with every nameserver.
    Broker {
        #[command(flatten)]
        node: StoreNodeFlags,
        /// Nameservers to register with, comma-separated (HOST:PORT,HOST:PORT).
        #[arg(long, value_delimiter = ',')]
        nameserver: Option<Vec<String>>,
        /// Broker name (a master and its slaves share it).
        #[arg(long)]
        broker_name: Option<String>,
        /// 0 for a master.
        #[arg(long)]
        broker_id: Option<u64>,
        /// Cluster name (default DefaultCluster).
        #[arg(long)]
        cluster: Option<String>,
        /// A master's sends: answered once stored here (async) or once a slave has them too
        /// (sync). Default async.
        #[arg(long, value_enum)]
        replication: Option<ReplicationArg>,
    },
    /// The stateless front door of a cluster: serves RocketMQ clients and forwards every call
    /// to the brokers found through the nameservers.
    Proxy {
        /// TOML configuration file.
        #[arg(long, short)]
        config: Option<PathBuf>,
        /// gRPC listen address for clients (default 0.0.0.0:8081).
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// Nameservers to find brokers with, comma-separated (HOST:PORT,HOST:PORT).
        #[arg(long, value_delimiter = ',')]
        nameserver: Option<Vec<String>>,
        /// Write the bound address here once listening.
        #[arg(long)]
        ready_file: Option<PathBuf>,
        #[command(flatten)]
        metrics: MetricsFlags,
        #[command(flatten)]
        console: ConsoleFlags,
    },
    /// Operator commands over the admin API.
    Admin(AdminArgs),
    /// Load generator: produce, consume, e2e, delay (see `apogee bench --help`).
    #[command(subcommand)]
    Bench(crate::bench::BenchCommand),
}

/// Runs an `admin` command line; other commands are refused.
pub async fn run_admin(cli: Cli) -> Result<String, CliError> {
    match cli.command {
        Command::Admin(args) => admin_cli::run(args).await,
        Command::Standalone { .. }
        | Command::Nameserver { .. }
        | Command::Broker { .. }
        | Command::Proxy { .. }
        | Command::Bench(_) => Err(CliError::Usage("not an admin command".into())),
    }
}

/// Runs a parsed command line to completion.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Standalone { node, console } => {
            let (config, flags) = node.split();
            serve(&runtime, config, &console.apply(flags), Role::Standalone)
        }
        Command::Nameserver {
            config,
            listen,
            broker_timeout,
            ready_file,
            metrics,
        } => {
            let flags = metrics.apply(FlagOverrides {
                nameserver_listen: listen,
                broker_timeout,
                ready_file,
                ..FlagOverrides::default()
            });
            serve(&runtime, config, &flags, Role::Nameserver)
        }
        Command::Broker {
            node,
            nameserver,
            broker_name,
            broker_id,
            cluster,
            replication,
        } => {
            let (config, node_flags) = node.split();
            let flags = FlagOverrides {
                nameservers: nameserver,
                broker_name,
                broker_id,
                cluster_name: cluster,
                replication: replication.map(|r| match r {
                    ReplicationArg::Sync => apogee_broker::ReplicationMode::Sync,
                    ReplicationArg::Async => apogee_broker::ReplicationMode::Async,
                }),
                ..node_flags
            };
            serve(&runtime, config, &flags, Role::Broker)
        }
        Command::Proxy {
            config,
            listen,
            nameserver,
            ready_file,
            metrics,
            console,
        } => {
            let flags = console.apply(metrics.apply(FlagOverrides {
                listen,
                nameservers: nameserver,
                ready_file,
                ..FlagOverrides::default()
            }));
            serve(&runtime, config, &flags, Role::Proxy)
        }
        Command::Bench(cmd) => runtime.block_on(async {
            match crate::bench::run(cmd).await {
                Ok(out) => {
                    #[allow(clippy::print_stdout)]
                    {
                        print!("{out}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }),
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
                    ExitCode::from(e.exit_code())
                }
            }
        }),
    }
}

/// The server processes.
#[derive(Debug, Clone, Copy)]
enum Role {
    Standalone,
    Nameserver,
    Broker,
    Proxy,
}

/// Loads the configuration (exit 2 when it is wrong), then runs the role until a signal.
fn serve(
    runtime: &tokio::runtime::Runtime,
    file: Option<PathBuf>,
    flags: &FlagOverrides,
    role: Role,
) -> ExitCode {
    let config = match Config::load(file.as_deref(), flags) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Role::Broker = role
        && let Err(e) = config.cluster.validate_for_broker(&config.broker.name)
    {
        eprintln!("error: configuration: {e}");
        return ExitCode::from(2);
    }
    if let Role::Proxy = role {
        let refusal = config.cluster.validate_for_proxy().err().or_else(|| {
            config.auth.enabled.then(|| {
                "auth.enabled: a proxy cannot authenticate clients yet (users and ACLs live in \
                 the brokers' stores)"
                    .to_owned()
            })
        });
        if let Some(e) = refusal {
            eprintln!("error: configuration: {e}");
            return ExitCode::from(2);
        }
    }
    crate::logging::init(config.log.format, &config.log.level);
    runtime.block_on(async move {
        if let Err(e) = apogee_telemetry::init(&telemetry_settings(&config, role)) {
            tracing::error!(error = %e, "Cannot set up telemetry export.");
            return ExitCode::FAILURE;
        }
        let metrics_stop = tokio_util::sync::CancellationToken::new();
        let metrics = match start_metrics(&config, metrics_stop.clone()).await {
            Ok(m) => m,
            Err(e) => {
                tracing::error!(error = %e, "Cannot serve /metrics.");
                return ExitCode::FAILURE;
            }
        };
        let listen = match role {
            Role::Nameserver => config.nameserver.listen,
            Role::Standalone | Role::Broker | Role::Proxy => config.server.listen,
        };
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => {
                tracing::error!(%listen, error = %e, "Cannot listen.");
                return ExitCode::FAILURE;
            }
        };
        let result = match role {
            Role::Standalone => crate::run_standalone(config, listener, shutdown_signal()).await,
            Role::Broker => crate::run_broker(config, listener, shutdown_signal()).await,
            Role::Proxy => crate::run_proxy(config, listener, shutdown_signal()).await,
            Role::Nameserver => {
                crate::nameserver::run_nameserver(config, listener, shutdown_signal()).await
            }
        };
        metrics_stop.cancel();
        if let Some(m) = metrics {
            let _ = m.await;
        }
        flush_telemetry().await;
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!(error = %e, "Server failed.");
                ExitCode::FAILURE
            }
        }
    })
}

/// Pushes the last metrics and spans, waiting at most a few seconds: a collector that does not
/// answer must not keep the process from exiting. The exporters block while they flush, so
/// they run on a thread of their own, left behind if it overruns.
async fn flush_telemetry() {
    let (done, finished) = tokio::sync::oneshot::channel();
    let spawned = std::thread::Builder::new()
        .name("telemetry-flush".into())
        .spawn(move || {
            apogee_telemetry::shutdown();
            let _ = done.send(());
        });
    if spawned.is_ok()
        && tokio::time::timeout(std::time::Duration::from_secs(5), finished)
            .await
            .is_err()
    {
        tracing::warn!("The OTLP collector did not take the last metrics and spans in 5 s.");
    }
}

/// The labels RocketMQ puts on every data point, for this role.
fn telemetry_settings(config: &Config, role: Role) -> apogee_telemetry::TelemetrySettings {
    let (node_type, node_id) = match role {
        Role::Standalone | Role::Broker => ("broker", config.broker.name.clone()),
        Role::Proxy => (
            "proxy",
            config
                .server
                .advertise
                .clone()
                .unwrap_or_else(|| config.server.listen.to_string()),
        ),
        Role::Nameserver => ("nameserver", config.nameserver.listen.to_string()),
    };
    let otlp = config.telemetry.otlp_endpoint.trim();
    apogee_telemetry::TelemetrySettings {
        otlp_endpoint: (!otlp.is_empty()).then(|| otlp.to_string()),
        export_interval: config.telemetry.export_interval,
        service_name: format!("apogee-{node_type}"),
        cluster: config.cluster.name.clone(),
        node_type,
        node_id,
    }
}

/// Binds `/metrics` (a port in use fails start-up: the operator asked for it) and serves it
/// until `stop`.
async fn start_metrics(
    config: &Config,
    stop: tokio_util::sync::CancellationToken,
) -> std::io::Result<Option<tokio::task::JoinHandle<()>>> {
    let Ok(Some(addr)) = config.telemetry.metrics_addr() else {
        return Ok(None);
    };
    let (listener, local) = crate::metrics_http::bind(addr, "telemetry.metrics_listen").await?;
    tracing::info!(%local, "Metrics at http://{local}/metrics.");
    if let Some(path) = &config.telemetry.metrics_ready_file {
        crate::server::write_ready_file(path, local)?;
    }
    Ok(Some(tokio::spawn(crate::metrics_http::serve(
        listener, stop,
    ))))
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("Shutdown signal received.");
}
