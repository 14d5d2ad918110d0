//! `[console]`: where the web console listens and how often it samples traffic.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;

/// The web console of `apogee standalone` and `apogee proxy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConsoleSection {
    /// Serve the console (`false` turns it off).
    pub enabled: bool,
    /// HTTP address, `HOST:PORT` or `:PORT` (every interface).
    pub listen: String,
    /// Write the bound console address here once listening (handy with port 0).
    pub ready_file: Option<PathBuf>,
    /// How often message counts are read for the rates and the last hour's chart.
    #[serde(with = "humantime_serde")]
    pub sample_interval: Duration,
    /// Host names the console answers to besides IP addresses and `localhost` (a page on
    /// another site whose name was made to point here is refused); `"*"`: any.
    pub allowed_hosts: Vec<String>,
}

impl Default for ConsoleSection {
    fn default() -> Self {
        Self {
            enabled: true,
            listen: ":8080".into(),
            ready_file: None,
            sample_interval: Duration::from_secs(10),
            allowed_hosts: Vec::new(),
        }
    }
}

impl ConsoleSection {
    /// The address to bind, `None` when the console is off.
    pub fn addr(&self) -> Result<Option<SocketAddr>, ConfigError> {
        if !self.enabled {
            return Ok(None);
        }
        let listen = self.listen.trim();
        if listen.is_empty() || listen == "off" {
            return Ok(None);
        }
        let full = match listen.strip_prefix(':') {
            Some(port) => format!("0.0.0.0:{port}"),
            None => listen.to_owned(),
        };
        full.parse().map(Some).map_err(|e| {
            ConfigError::Invalid(format!(
                "console.listen = {listen:?}: {e} (use HOST:PORT or :PORT)"
            ))
        })
    }

    /// Whether a request's `Host` header names this console: an IP address, `localhost`, or
    /// one of `allowed_hosts`.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(name, _)| name),
        };
        name.parse::<std::net::IpAddr>().is_ok()
            || name.eq_ignore_ascii_case("localhost")
            || self
                .allowed_hosts
                .iter()
                .any(|a| a == "*" || a.eq_ignore_ascii_case(name))
    }

    pub(crate) fn validate(&self) -> Result<(), ConfigError> {
        self.addr()?;
        if self.sample_interval < Duration::from_millis(100) {
            return Err(ConfigError::Invalid(
                "console.sample_interval must be at least 100ms".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_takes_host_port_or_port_alone() {
        let mut c = ConsoleSection::default();
        assert_eq!(c.addr().unwrap(), Some("0.0.0.0:8080".parse().unwrap()));
        c.listen = "127.0.0.1:0".into();
        assert_eq!(c.addr().unwrap(), Some("127.0.0.1:0".parse().unwrap()));
        c.listen = "nonsense".into();
        assert!(c.addr().unwrap_err().to_string().contains("console.listen"));
        c.listen = "off".into();
        assert_eq!(c.addr().unwrap(), None);
        c.listen = ":8080".into();
        c.enabled = false;
        assert_eq!(c.addr().unwrap(), None);
    }

    #[test]
    fn only_addresses_localhost_and_allowed_names_are_answered() {
        let mut c = ConsoleSection::default();
        for ok in [
            "127.0.0.1:8080",
            "10.1.2.3",
            "[::1]:8080",
            "localhost:8080",
            "LOCALHOST",
        ] {
            assert!(c.host_allowed(ok), "{ok}");
        }
        assert!(!c.host_allowed("evil.example:8080"));
        c.allowed_hosts = vec!["console.example.com".into()];
        assert!(c.host_allowed("Console.Example.com:443"));
        assert!(!c.host_allowed("evil.example"));
        c.allowed_hosts = vec!["*".into()];
        assert!(c.host_allowed("evil.example"));
    }
}
