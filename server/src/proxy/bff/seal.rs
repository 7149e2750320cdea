//! Encryption at rest for what the shared store holds (sessions with their refresh tokens,
//! pending sign-ins with their PKCE verifiers): AES-256-GCM, a random 96-bit nonce per value,
//! the store key as associated data (a value copied under another key does not open), and the
//! key's id beside the ciphertext so keys can rotate: new values are sealed with the current
//! key, values sealed with an older key still open until they expire.
//!
//! A sealed value is `v1.<key id>.<nonce hex>.<ciphertext hex>`; a key id is the first 8 hex
//! digits of the SHA-256 of the key (names no secret, and cannot disagree with the key).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;
use std::path::Path;

/// One AES-256 key with its id.
#[derive(Clone)]
struct TokenKey {
    id: String,
    cipher: Aes256Gcm,
}

/// The current key and the older ones still accepted for opening.
#[derive(Clone)]
pub struct TokenKeys {
    current: TokenKey,
    older: Vec<TokenKey>,
}

impl fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let older: Vec<&str> = self.older.iter().map(|k| k.id.as_str()).collect();
        write!(f, "TokenKeys(current {}, older {older:?})", self.current.id)
    }
}

/// Why a key file was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("cannot read {0}: {1}")]
    Unreadable(String, std::io::ErrorKind),
    #[error("{0} must hold exactly 32 raw bytes or 64 hex digits (make one with `openssl rand -out FILE 32`)")]
    Shape(String),
}

fn key_of(bytes: &[u8; 32]) -> TokenKey {
    let digest = Sha256::digest(bytes);
    TokenKey {
        id: hex::encode(&digest[..4]),
        cipher: Aes256Gcm::new(bytes.into()),
    }
}

/// Reads a key file: 32 raw bytes, or 64 hex digits (a trailing newline allowed).
fn read_key(path: &Path) -> Result<TokenKey, KeyFileError> {
    let shown = path.display().to_string();
    let raw = std::fs::read(path).map_err(|e| KeyFileError::Unreadable(shown.clone(), e.kind()))?;
    let mut bytes = [0u8; 32];
    if raw.len() == 32 {
        bytes.copy_from_slice(&raw);
    } else {
        let text = std::str::from_utf8(&raw).map_err(|_| KeyFileError::Shape(shown.clone()))?;
        hex::decode_to_slice(text.trim_end_matches(['\r', '\n']), &mut bytes)
            .map_err(|_| KeyFileError::Shape(shown))?;
    }
    Ok(key_of(&bytes))
}

impl TokenKeys {
    /// The current key from `current` and older ones from `older`.
    pub fn from_files(current: &Path, older: &[impl AsRef<Path>]) -> Result<Self, KeyFileError> {
        Ok(TokenKeys {
            current: read_key(current)?,
            older: older
                .iter()
                .map(|p| read_key(p.as_ref()))
                .collect::<Result<_, _>>()?,
        })
    }

    /// The current key's id.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Seals `plain` for the store key `aad` with the current key.
    pub fn seal(&self, aad: &[u8], plain: &[u8]) -> Option<String> {
        let mut nonce = [0u8; 12];
        OsRng.fill_bytes(&mut nonce);
        let ct = self
            .current
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad })
            .ok()?;
        Some(format!(
            "v1.{}.{}.{}",
            self.current.id,
            hex::encode(nonce),
            hex::encode(ct)
        ))
    }

    /// Opens a sealed value with the key its id names; `None` for an unknown key, a value
    /// moved from another store key, or anything altered.
    pub fn open(&self, aad: &[u8], sealed: &str) -> Option<Vec<u8>> {
        let mut parts = sealed.split('.');
        let (Some("v1"), Some(id), Some(nonce), Some(ct), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return None;
        };
        let key = std::iter::once(&self.current)
            .chain(&self.older)
            .find(|k| k.id == id)?;
        let nonce: [u8; 12] = hex::decode(nonce).ok()?.try_into().ok()?;
        let ct = hex::decode(ct).ok()?;
        key.cipher
            .decrypt(Nonce::from_slice(&nonce), Payload { msg: &ct, aad })
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("bulkwatch-seal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    }

    #[test]
    fn seals_open_rotate_and_refuse_tampering() {
        let old = write("old", &[7u8; 32]);
        let new = write("new", format!("{}\n", "ab".repeat(32)).as_bytes());
        let before = TokenKeys::from_files(&old, &[] as &[&Path]).expect("raw key");
        let sealed = before.seal(b"k1", b"1000.REFRESH").expect("sealed");
        assert!(!sealed.contains("1000.REFRESH"));
        assert_ne!(
            sealed,
            before.seal(b"k1", b"1000.REFRESH").expect("sealed"),
            "nonce"
        );
        let after = TokenKeys::from_files(&new, &[&old]).expect("hex key");
        assert_ne!(after.current_id(), before.current_id());
        assert_eq!(
            after.open(b"k1", &sealed).as_deref(),
            Some(&b"1000.REFRESH"[..])
        );
        assert_eq!(after.open(b"k2", &sealed), None, "bound to its store key");
        let only_new = TokenKeys::from_files(&new, &[] as &[&Path]).expect("hex key");
        assert_eq!(only_new.open(b"k1", &sealed), None, "retired key");
        let mut bad = sealed.clone();
        bad.pop();
        bad.push(if sealed.ends_with('0') { '1' } else { '0' });
        assert_eq!(after.open(b"k1", &bad), None, "altered");
    }

    #[test]
    fn key_files_of_the_wrong_shape_are_refused() {
        for (name, bytes) in [
            ("short", &[1u8; 31][..]),
            ("hexish", &b"zz"[..]),
            ("long", &[1u8; 33][..]),
        ] {
            let err =
                TokenKeys::from_files(&write(name, bytes), &[] as &[&Path]).expect_err("refused");
            assert!(err.to_string().contains("32 raw bytes or 64 hex"), "{err}");
        }
        let missing = std::env::temp_dir().join("bulkwatch-no-such-key");
        assert!(TokenKeys::from_files(&missing, &[] as &[&Path]).is_err());
    }
}
