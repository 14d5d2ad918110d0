//! `apogee bench`: a load generator built on the SDK. It targets any RocketMQ 5 (v2) endpoint,
//! or starts its own server: `--spawn-server` runs `apogee standalone` as a separate process
//! (with `--flush sync|async`), `--spawn-echo` runs a bare tonic echo server (the gRPC ceiling:
//! same request, size, connections and concurrency, nothing stored).
//!
//! Reports throughput (msgs/s, MB/s) and latency percentiles from an HDR histogram, with a
//! progress line on a terminal and `--json` for scripts.

mod consume;
mod cpu;
mod delay;
mod echo;
mod produce;
mod report;
mod target;

use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};

pub use report::Report;

/// Options every bench shares.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Endpoint of the server (ignored with --spawn-server / --spawn-echo).
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub endpoint: String,
    /// Start `apogee standalone` in a child process with a temporary data dir.
    #[arg(long)]
    pub spawn_server: bool,
    /// Flush mode of the spawned server.
    #[arg(long, value_enum, default_value = "async")]
    pub flush: FlushArg,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// How long to run.
    #[arg(long, value_parser = humantime::parse_duration, default_value = "10s")]
    pub duration: Duration,
    /// Stop after this many messages instead of after --duration.
    #[arg(long)]
    pub count: Option<u64>,
    /// Topic (a fresh one per run by default).
    #[arg(long)]
    pub topic: Option<String>,
    /// Consumer group of the consuming benches (a fresh one per run by default). Required,
    /// with --topic, against a server without Apogee's admin API, where both must exist.
    #[arg(long)]
    pub group: Option<String>,
    /// Queues of each topic when the bench creates it.
    #[arg(long, default_value_t = 8)]
    pub queues: u32,
    /// Topics to spread the load over: `<topic>-0` .. `<topic>-<N-1>` when more than one.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub topics: u32,
    /// Server processes whose CPU time (user + system, from /proc/PID/stat) is reported per
    /// message, comma-separated; a server the bench spawns is measured without it.
    #[arg(long, value_delimiter = ',')]
    pub server_pid: Vec<u32>,
}

impl Common {
    /// Starts measuring the server's CPU: `--server-pid`, else the spawned server's process.
    fn cpu_meter(&self, target: &target::Target) -> cpu::CpuMeter {
        let pids = if self.server_pid.is_empty() {
            target.pid().into_iter().collect()
        } else {
            self.server_pid.clone()
        };
        cpu::CpuMeter::start(pids)
    }

    /// How long the measured phase may run: `--duration`, or unbounded with `--count`.
    pub(crate) fn run_for(&self) -> Duration {
        match self.count {
            Some(_) => Duration::from_secs(365 * 24 * 3600),
            None => self.duration,
        }
    }

    /// The topics this bench uses: `--topic` (or a fresh `<prefix>-<unique>` name), suffixed
    /// with `-0`, `-1`, ... when `--topics` is more than one.
    pub(crate) fn topic_names(&self, prefix: &str) -> Vec<String> {
        let base = self
            .topic
            .clone()
            .unwrap_or_else(|| format!("{prefix}-{}", produce::uuid_suffix()));
        if self.topics == 1 {
            return vec![base];
        }
        (0..self.topics).map(|i| format!("{base}-{i}")).collect()
    }
}

/// Parses a count that must be at least 1 (batch sizes, tasks).
fn positive(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FlushArg {
    Sync,
    Async,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Send messages as fast as the concurrency allows.
    Produce(produce::ProduceArgs),
    /// Consume a topic (optionally after filling it) and ack.
    Consume(consume::ConsumeArgs),
    /// Produce and consume at once; latency is from send to receipt by the consumer.
    E2e(consume::E2eArgs),
    /// Delay messages: how late each is delivered after its delivery time.
    Delay(delay::DelayArgs),
    /// Run a bare echo server (used by --spawn-echo).
    EchoServer(echo::EchoServerArgs),
}

/// Runs one bench to completion and returns what to print.
pub async fn run(cmd: BenchCommand) -> Result<String, BenchError> {
    match cmd {
        BenchCommand::Produce(a) => produce::run(a).await,
        BenchCommand::Consume(a) => consume::run(a).await,
        BenchCommand::E2e(a) => consume::run_e2e(a).await,
        BenchCommand::Delay(a) => delay::run(a).await,
        BenchCommand::EchoServer(a) => echo::serve(a).await.map(|()| String::new()),
    }
}

/// What can stop a bench.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("client: {0}")]
    Client(#[from] apogee_sdk::Error),
    #[error("admin: {0}")]
    Admin(#[from] tonic::Status),
    #[error("cannot connect: {0}")]
    Connect(#[from] tonic::transport::Error),
    #[error("server process: {0}")]
    Spawn(String),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}
