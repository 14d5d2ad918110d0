//! A minimal browser for the web console's tests: HTTP/1.1 over loopback, one session cookie,
//! forms posted with the page's token.

#![allow(clippy::unwrap_used)] // a test helper fails the test on what it does not expect

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One HTTP/1.1 exchange: status, headers (lower-case names) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of the hidden form token on the page.
    pub fn csrf(&self) -> String {
        let at = self
            .body
            .find(r#"name="csrf" value=""#)
            .expect("a form token")
            + 19;
        self.body[at..].split('"').next().unwrap().to_owned()
    }
}

/// A browser of one session: keeps the session cookie.
#[derive(Debug)]
pub struct Browser {
    addr: SocketAddr,
    /// The session cookie (`name=value`) the console last set.
    pub cookie: Option<String>,
    /// The `Host` header sent (default: the address).
    pub host: Option<String>,
}

impl Browser {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            cookie: None,
            host: None,
        }
    }

    pub async fn call(&mut self, method: &str, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
            self.host.clone().unwrap_or_else(|| self.addr.to_string())
        );
        if let Some(c) = &self.cookie {
            request.push_str(&format!("cookie: {c}\r\n"));
        }
        if method == "POST" {
            request.push_str(&format!(
                "content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut raw))
            .await
            .expect("the console answers")
            .unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
            .collect();
        let answer = Answer {
            status,
            headers,
            body: body.to_owned(),
        };
        if let Some(set) = answer.header("set-cookie") {
            self.cookie = Some(set.split(';').next().unwrap().to_owned());
        }
        answer
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.call("GET", path, &[]).await
    }

    /// Posts a form with the token of the page at `form_page`.
    pub async fn post_from(
        &mut self,
        form_page: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> Answer {
        let token = self.get(form_page).await.csrf();
        let mut fields = form.to_vec();
        fields.push(("csrf", &token));
        self.call("POST", path, &fields).await
    }

    /// Follows a redirect once.
    pub async fn follow(&mut self, answer: &Answer) -> Answer {
        assert_eq!(answer.status, 303, "{}", answer.body);
        let to = answer.header("location").unwrap().to_owned();
        self.get(&to).await
    }

    pub async fn sign_in(&mut self, keys: (&str, &str)) -> Answer {
        let a = self
            .post_from(
                "/login",
                "/login",
                &[("access_key", keys.0), ("secret_key", keys.1)],
            )
            .await;
        self.follow(&a).await
    }
}
