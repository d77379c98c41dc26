//! Privacy: how little of a child's data goes into the outputs.
//!
//! - **Pseudonyms** (`--pseudonymise`): every child id (and, with
//!   `--pseudonymise-workers`, every worker name) is replaced as the export is read by a
//!   keyed HMAC-SHA256 token, `P-` and the first 16 bytes of the MAC in hex. The same key
//!   gives the same token for the same id in every run, so months can be compared; another
//!   key gives other tokens; without the key a token cannot be turned back into its id.
//!   The key comes from `--key-file FILE` (its bytes, a final newline removed) or the
//!   environment variable `CASEAUDIT_PSEUDONYM_KEY`; it must be at least 16 bytes.
//! - **Dates of birth** never reach an output: a finding about one keeps its column and
//!   reason but not its value.
//! - **Paths**: the reports name the files read relative to the folder of each input
//!   (`export/visits.csv`, `native.xlsx`), unless `--full-paths` is given.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The environment variable a pseudonymisation key may come from.
pub const KEY_ENV: &str = "CASEAUDIT_PSEUDONYM_KEY";

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// Why a key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read the key file {path}: {reason}")]
    File { path: String, reason: String },
    #[error(
        "--pseudonymise needs a key: give --key-file FILE or set the environment variable {KEY_ENV}"
    )]
    None,
    #[error(
        "the pseudonymisation key ({from}) is {len} bytes: give at least {MIN_KEY_BYTES} (e.g. 32 random bytes: `head -c 32 /dev/urandom | base64 > key`)"
    )]
    Short { from: String, len: usize },
}

/// Turns ids into keyed tokens.
#[derive(Clone)]
pub struct Pseudonymiser {
    mac: Hmac<Sha256>,
    /// Whether worker names are replaced too.
    pub workers: bool,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key.
        f.debug_struct("Pseudonymiser")
            .field("workers", &self.workers)
            .finish_non_exhaustive()
    }
}

impl Pseudonymiser {
    /// A pseudonymiser with a key (at least [`MIN_KEY_BYTES`]).
    pub fn new(key: &[u8], workers: bool) -> Result<Pseudonymiser, KeyError> {
        if key.len() < MIN_KEY_BYTES {
            return Err(KeyError::Short {
                from: "the key given".into(),
                len: key.len(),
            });
        }
        let mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
        Ok(Pseudonymiser { mac, workers })
    }

    /// The key from a file, else from [`KEY_ENV`].
    pub fn from_sources(
        key_file: Option<&std::path::Path>,
        workers: bool,
    ) -> Result<Pseudonymiser, KeyError> {
        let (mut key, from) = match key_file {
            Some(p) => (
                std::fs::read(p).map_err(|e| KeyError::File {
                    path: p.display().to_string(),
                    reason: e.to_string(),
                })?,
                format!("--key-file {}", p.display()),
            ),
            None => match std::env::var_os(KEY_ENV) {
                Some(v) if !v.is_empty() => (v.into_encoded_bytes(), KEY_ENV.to_string()),
                _ => return Err(KeyError::None),
            },
        };
        while key.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            key.pop();
        }
        if key.len() < MIN_KEY_BYTES {
            return Err(KeyError::Short {
                from,
                len: key.len(),
            });
        }
        Pseudonymiser::new(&key, workers)
    }

    /// The token of an id: `P-` and 32 hex digits. `kind` keeps a child's and a worker's
    /// tokens apart when their ids are the same text.
    pub fn token(&self, kind: &str, id: &str) -> String {
        let mut mac = self.mac.clone();
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(id.as_bytes());
        let bytes = mac.finalize().into_bytes();
        let mut s = String::with_capacity(34);
        s.push_str(if kind == "worker" { "W-" } else { "P-" });
        for b in &bytes[..16] {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

/// Whether a column of a finding holds a child id (the contract's and the national
/// returns' names for it).
pub fn is_child_id_column(column: &str) -> bool {
    matches!(
        column.to_ascii_lowercase().as_str(),
        "child_id" | "child" | "lachildid"
    )
}

/// Whether a column of a finding holds a worker's name or id.
pub fn is_worker_column(column: &str) -> bool {
    matches!(
        column.to_ascii_lowercase().as_str(),
        "worker" | "sw_id" | "supervisor" | "manager"
    )
}

/// Whether a column of a finding holds a date of birth.
pub fn is_birth_date_column(column: &str) -> bool {
    matches!(
        column.to_ascii_lowercase().as_str(),
        "date_of_birth" | "dob" | "personbirthdate" | "mc_dob"
    )
}

/// A path as the reports name it: relative to the folder holding `input` when it is
/// within it, else unchanged.
pub fn short_path(inputs: &[std::path::PathBuf], file: &str) -> String {
    for input in inputs {
        let base = input.parent().map(|p| p.display().to_string());
        if let Some(base) = base.filter(|b| !b.is_empty())
            && let Some(rest) = file.strip_prefix(&base)
        {
            let rest = rest.trim_start_matches(['/', '\\']);
            if !rest.is_empty() {
                return rest.to_string();
            }
        }
    }
    file.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_per_key_and_differ_between_keys() {
        let a = Pseudonymiser::new(b"0123456789abcdef-key-one", false).unwrap();
        let a2 = Pseudonymiser::new(b"0123456789abcdef-key-one", false).unwrap();
        let b = Pseudonymiser::new(b"0123456789abcdef-key-two", false).unwrap();
        assert_eq!(a.token("child", "18"), a2.token("child", "18"));
        assert_ne!(a.token("child", "18"), b.token("child", "18"));
        assert_ne!(a.token("child", "18"), a.token("child", "19"));
        assert_ne!(a.token("child", "18")[2..], a.token("worker", "18")[2..]);
        assert_eq!(a.token("child", "18").len(), 34);
        assert!(!format!("{a:?}").contains("key-one"));
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(Pseudonymiser::new(b"short", false).is_err());
    }

    #[test]
    fn paths_are_named_from_the_input_folder() {
        let inputs = vec![std::path::PathBuf::from("/home/x/cases/export")];
        assert_eq!(
            short_path(&inputs, "/home/x/cases/export/visits.csv"),
            "export/visits.csv"
        );
        let inputs = vec![std::path::PathBuf::from("/home/x/cases/native.xlsx")];
        assert_eq!(
            short_path(&inputs, "/home/x/cases/native.xlsx"),
            "native.xlsx"
        );
        assert_eq!(short_path(&inputs, "other.xlsx"), "other.xlsx");
    }
}
