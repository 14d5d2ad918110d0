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
}

impl Default for ConsoleSection {
    fn default() -> Self {
        Self {
            enabled: true,
            listen: ":8080".into(),
            ready_file: None,
            sample_interval: Duration::from_secs(10),
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
        c.enabled = false;
        assert_eq!(c.addr().unwrap(), None);
    }
}
