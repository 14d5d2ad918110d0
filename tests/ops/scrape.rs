//! Reads `/metrics` over plain HTTP/1.1 and picks samples out of the Prometheus text.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub struct Scrape {
    addr: SocketAddr,
}

impl Scrape {
    /// The `/metrics` address a process wrote to `ready_file`.
    pub fn at(ready_file: &Path) -> Self {
        let addr = std::fs::read_to_string(ready_file)
            .expect("the metrics ready file is written before the server listens")
            .trim()
            .parse()
            .unwrap();
        Self { addr }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).await.unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        // Bodies come with a length here; chunked encoding is not used for a `Full` body.
        (status, body.to_string())
    }

    pub async fn text(&self) -> String {
        let (status, body) = self.get("/metrics").await;
        assert_eq!(status, 200);
        body
    }

    pub async fn status_of(&self, path: &str) -> u16 {
        self.get(path).await.0
    }
}

/// The value of the one sample of `name` whose labels include `labels`; `None` when there
/// is none. Two matching samples fail the test (the labels were not specific enough).
pub fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let mut found = None;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((series, v)) = line.rsplit_once(' ') else {
            continue;
        };
        let (n, l) = match series.split_once('{') {
            Some((n, rest)) => (n, parse_labels(rest.trim_end_matches('}'))),
            None => (series, HashMap::new()),
        };
        if n != name
            || !labels
                .iter()
                .all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
        {
            continue;
        }
        assert!(
            found.is_none(),
            "several samples of {name} match {labels:?}"
        );
        found = Some(v.parse().unwrap());
    }
    found
}

fn parse_labels(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = s;
    while let Some((k, after)) = rest.split_once("=\"") {
        let mut value = String::new();
        let mut chars = after.char_indices();
        let mut end = after.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, e)) = chars.next() {
                        value.push(if e == 'n' { '\n' } else { e });
                    }
                }
                '"' => {
                    end = i + 1;
                    break;
                }
                c => value.push(c),
            }
        }
        out.insert(k.trim_start_matches(',').to_string(), value);
        rest = &after[end..];
    }
    out
}
