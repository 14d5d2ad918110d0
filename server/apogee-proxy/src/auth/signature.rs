//! The v2 clients' request signature: `authorization: MQv2-HMAC-SHA1 Credential=<access key>,
//! SignedHeaders=x-mq-date-time, Signature=<hex>`, the hex an HMAC-SHA1 of the `x-mq-date-time`
//! header keyed with the secret key. Go writes `Credential=<ak>//Rocketmq`; Java and Node.js
//! write the hex in upper case, the others in lower case.
//!
//! Only the date is signed, so a captured header could be replayed: the date must be close to
//! now. Clients disagree on what the date means: Java, Go and Python write their *local* time
//! with a literal `Z`, Node.js writes UTC, Rust writes RFC 3339 with its offset. An RFC 3339
//! date is an instant and must be within the allowed skew. A `Z`-date is read as local time of
//! some zone (offsets are whole quarter hours): the server learns each access key's zone from
//! its first request and from then on accepts only dates within the skew of now in that zone,
//! so a captured header is worthless once the skew has passed. One zone per key: with two, a
//! header replayed as many hours later as the zones are apart would pass. An access key is
//! therefore used from clients in one time zone (RFC 3339 clients anywhere).

use std::collections::HashMap;

use hmac::{Hmac, Mac};
use parking_lot::Mutex;
use sha1::Sha1;

/// Largest UTC offset of a time zone, and their granularity.
const MAX_ZONE_S: i64 = 14 * 3600;
const ZONE_STEP_S: i64 = 15 * 60;

/// The parts of an `authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub access_key: String,
    pub signature: Vec<u8>,
}

/// Parses the header value; the reason on failure.
pub fn parse_authorization(value: &str) -> Result<Signed, String> {
    let (algorithm, rest) = value
        .trim()
        .split_once(' ')
        .ok_or("the authorization header is not `MQv2-HMAC-SHA1 Credential=…`")?;
    if !algorithm.eq_ignore_ascii_case("MQv2-HMAC-SHA1") {
        return Err(format!(
            "signature algorithm {} is not MQv2-HMAC-SHA1",
            apogee_types::quote(algorithm)
        ));
    }
    let (mut access_key, mut signature) = (None, None);
    for item in rest.split(',') {
        let Some((k, v)) = item.trim().split_once('=') else {
            continue;
        };
        match k.trim() {
            "Credential" => access_key = v.split('/').next().map(str::to_owned),
            "Signature" => {
                signature = Some(
                    hex::decode(v.trim().to_ascii_lowercase())
                        .map_err(|_| "the signature is not hex")?,
                );
            }
            _ => {}
        }
    }
    Ok(Signed {
        access_key: access_key
            .filter(|a| !a.is_empty())
            .ok_or("the authorization header names no credential")?,
        signature: signature.ok_or("the authorization header carries no signature")?,
    })
}

/// Whether `signature` is the HMAC-SHA1 of `date` keyed with `secret` (constant time).
pub fn verify(secret: &str, date: &str, signature: &[u8]) -> bool {
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(date.as_bytes());
    mac.verify_slice(signature).is_ok()
}

/// The signature a client would send (for the CLI and tests).
pub fn sign(secret: &str, date: &str) -> String {
    let mut mac =
        <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(date.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A date as clients write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedDate {
    /// RFC 3339 with an offset: an instant (seconds since the epoch).
    Instant(i64),
    /// `yyyyMMddTHHmmssZ`: a wall-clock time in an unknown zone, as seconds since the epoch if
    /// it were UTC.
    Wall(i64),
}

pub fn parse_date(s: &str) -> Option<SignedDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() == 16 && b[8] == b'T' && b[15] == b'Z' {
        let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
        return Some(SignedDate::Wall(epoch_seconds(
            n(0..4)?,
            n(4..6)?,
            n(6..8)?,
            n(9..11)?,
            n(11..13)?,
            n(13..15)?,
        )?));
    }
    // RFC 3339: 2026-11-24T23:15:02[.fraction](Z|±HH:MM)
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let local = epoch_seconds(
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    )?;
    let rest = s.get(19..)?;
    let zone = rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match zone {
        "Z" | "z" => 0,
        z if z.len() == 6 && (z.starts_with('+') || z.starts_with('-')) => {
            let h: i64 = z.get(1..3)?.parse().ok()?;
            let m: i64 = z.get(4..6)?.parse().ok()?;
            let o = h * 3600 + m * 60;
            if z.starts_with('-') { -o } else { o }
        }
        _ => return None,
    };
    Some(SignedDate::Instant(local - offset))
}

/// Seconds since the epoch of a UTC civil time (days from civil, proleptic Gregorian).
fn epoch_seconds(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + s)
}

/// Checks signed dates against now, learning each access key's time zone.
#[derive(Debug)]
pub struct Freshness {
    skew_s: i64,
    zones: Mutex<HashMap<String, i64>>,
}

impl Freshness {
    pub fn new(skew: std::time::Duration) -> Self {
        Self {
            skew_s: i64::try_from(skew.as_secs()).unwrap_or(i64::MAX),
            zones: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(reason)` when the date is too far from now for this access key.
    pub fn check(&self, access_key: &str, date: SignedDate, now_s: i64) -> Result<(), String> {
        let too_far = || {
            format!(
                "the request's x-mq-date-time is more than {} s away from the server's clock \
                 (replayed, or a clock off)",
                self.skew_s
            )
        };
        match date {
            SignedDate::Instant(t) if (t - now_s).abs() <= self.skew_s => Ok(()),
            SignedDate::Instant(_) => Err(too_far()),
            SignedDate::Wall(t) => {
                let apart = t - now_s;
                let zone = (apart as f64 / ZONE_STEP_S as f64).round() as i64 * ZONE_STEP_S;
                if zone.abs() > MAX_ZONE_S || (apart - zone).abs() > self.skew_s {
                    return Err(too_far());
                }
                let known = *self
                    .zones
                    .lock()
                    .entry(access_key.to_owned())
                    .or_insert(zone);
                if known == zone {
                    Ok(())
                } else {
                    Err(format!(
                        "access key {access_key} signs with local time {known} s off UTC; a date \
                         {zone} s off looks like a replayed request"
                    ))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn parses_every_client_header_form() {
        let go = parse_authorization(
            "MQv2-HMAC-SHA1 Credential=ak1//Rocketmq, SignedHeaders=x-mq-date-time, Signature=ABCD",
        )
        .unwrap();
        assert_eq!(go.access_key, "ak1");
        assert_eq!(go.signature, vec![0xab, 0xcd]);
        let lower = parse_authorization(
            "MQv2-HMAC-SHA1 Credential=ak2, SignedHeaders=x-mq-date-time, Signature=abcd",
        )
        .unwrap();
        assert_eq!(lower.access_key, "ak2");
        assert!(parse_authorization("Basic abc").is_err());
        assert!(parse_authorization("MQv2-HMAC-SHA1 Signature=ab").is_err());
        assert!(parse_authorization("MQv2-HMAC-SHA1 Credential=, Signature=ab").is_err());
        assert!(parse_authorization("MQv2-HMAC-SHA1 Credential=a, Signature=zz").is_err());
    }

    #[test]
    fn signatures_verify_with_the_right_secret_only() {
        let sig = sign("secret", "20261201T101500Z");
        let bytes = hex::decode(&sig).unwrap();
        assert!(verify("secret", "20261201T101500Z", &bytes));
        assert!(!verify("other", "20261201T101500Z", &bytes));
        assert!(!verify("secret", "20261201T101501Z", &bytes));
    }

    #[test]
    fn dates_parse_in_both_formats() {
        let wall = parse_date("20261201T101500Z").unwrap();
        let utc = epoch_seconds(2026, 12, 1, 10, 15, 0).unwrap();
        assert_eq!(wall, SignedDate::Wall(utc));
        assert_eq!(
            parse_date("2026-12-01T18:15:00.123456789+08:00"),
            Some(SignedDate::Instant(utc))
        );
        assert_eq!(
            parse_date("2026-12-01T10:15:00Z"),
            Some(SignedDate::Instant(utc))
        );
        assert_eq!(
            parse_date("1970-01-01T00:00:00Z"),
            Some(SignedDate::Instant(0))
        );
        for bad in ["", "20261301T101500Z", "yesterday", "2026-12-01T10:15:00+8"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_replayed_date_is_refused_once_the_skew_has_passed() {
        let f = Freshness::new(Duration::from_secs(300));
        let now = epoch_seconds(2026, 12, 1, 10, 0, 0).unwrap();
        // A client eight hours east writes its local time with a Z: learned.
        assert!(
            f.check("ak", SignedDate::Wall(now + 8 * 3600 + 20), now)
                .is_ok()
        );
        // The same header an hour later is off by an hour in that zone, even though it would
        // look fresh to a client seven hours east.
        assert!(
            f.check("ak", SignedDate::Wall(now + 8 * 3600), now + 3600)
                .is_err()
        );
        assert!(
            f.check("ak", SignedDate::Wall(now + 3600 + 8 * 3600), now + 3600)
                .is_ok()
        );
        assert!(f.check("ak", SignedDate::Instant(now - 301), now).is_err());
        assert!(f.check("ak", SignedDate::Instant(now + 299), now).is_ok());
        // Fifteen hours off is no time zone at all.
        assert!(
            f.check("ak2", SignedDate::Wall(now + 15 * 3600), now)
                .is_err()
        );
    }
}
