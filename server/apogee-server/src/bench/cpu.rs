//! Server CPU per message: user + system time of the server's processes (every thread) over
//! the measured phase, from `/proc/PID/stat`, divided by the messages it handled.

/// Linux reports `utime` and `stime` in USER_HZ ticks, 100 per second on every architecture
/// the kernel's user ABI fixes it for.
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds a process has used so far, its threads included; `None` if it is gone.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SECOND)
}

/// Started before the measured phase; read after it.
#[derive(Debug)]
pub(super) struct CpuMeter {
    pids: Vec<u32>,
    start: Option<f64>,
}

impl CpuMeter {
    pub fn start(pids: Vec<u32>) -> Self {
        let start = Self::total(&pids);
        Self { pids, start }
    }

    fn total(pids: &[u32]) -> Option<f64> {
        if pids.is_empty() {
            return None;
        }
        pids.iter().map(|p| cpu_seconds(*p)).sum()
    }

    /// Microseconds of server CPU per message since `start`; `None` without a server process
    /// to measure, or when one is gone.
    pub fn per_message_us(&self, messages: u64) -> Option<f64> {
        let used = Self::total(&self.pids)? - self.start?;
        (messages > 0).then(|| used * 1e6 / messages as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_uses_cpu() {
        let me = std::process::id();
        let meter = CpuMeter::start(vec![me]);
        let mut x = 0u64;
        let until = std::time::Instant::now() + std::time::Duration::from_millis(100);
        while std::time::Instant::now() < until {
            x = x.wrapping_mul(31).wrapping_add(7);
        }
        std::hint::black_box(x);
        let per = meter.per_message_us(1).expect("measured");
        assert!(
            per > 10_000.0,
            "at least 10 ms of the 100 ms spin: {per} µs"
        );
        assert!(CpuMeter::start(vec![]).per_message_us(1).is_none());
        assert!(cpu_seconds(u32::MAX).is_none());
    }
}
