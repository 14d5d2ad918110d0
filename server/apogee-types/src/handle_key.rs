//! The server's secret for receipt and recall handles. A handle carries a keyed MAC
//! (HMAC-SHA256, truncated to 128 bits) over its fields, so a client can neither forge one nor
//! alter one (another offset, another group, a later deadline) without the server noticing.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of MAC a handle carries.
pub(crate) const MAC_LEN: usize = 16;

/// A 256-bit secret, kept in the store so handles outlive restarts.
#[derive(Clone, PartialEq, Eq)]
pub struct HandleKey([u8; 32]);

impl std::fmt::Debug for HandleKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HandleKey(..)")
    }
}

impl HandleKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// A fresh key from the operating system's random source.
    pub fn random() -> Self {
        Self(rand::random())
    }

    pub fn bytes(&self) -> [u8; 32] {
        self.0
    }

    /// MAC over a domain label (so a receipt MAC never verifies a recall handle) and parts.
    pub(crate) fn mac(&self, domain: &[u8], parts: &[&[u8]]) -> [u8; MAC_LEN] {
        let mut m =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        m.update(domain);
        for p in parts {
            // Length-prefixed, so parts cannot be shifted into one another.
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p);
        }
        let full = m.finalize().into_bytes();
        let mut out = [0u8; MAC_LEN];
        out.copy_from_slice(&full[..MAC_LEN]);
        out
    }

    /// Constant-time check of a MAC.
    pub(crate) fn verify(&self, domain: &[u8], parts: &[&[u8]], mac: &[u8]) -> bool {
        let expected = self.mac(domain, parts);
        mac.len() == MAC_LEN
            && expected
                .iter()
                .zip(mac)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }
}

/// Decodes lowercase hex only: a handle is a byte-exact token, so `ABCD` is not `abcd`.
pub(crate) fn strict_hex(s: &str) -> Option<Vec<u8>> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    hex::decode(s).ok()
}
