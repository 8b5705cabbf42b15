//! Job ids: 32 hex characters, validated before any request is sent.

use std::fmt;

use crate::error::Failure;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JobId(String);

impl JobId {
    /// Parse a user-supplied job id. Flink itself accepts 33 characters (dropping the last), so fsp
    /// checks the exact shape itself.
    pub fn parse(s: &str) -> Result<JobId, Failure> {
        if s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(JobId(s.to_ascii_lowercase()))
        } else {
            Err(Failure::usage(format!(
                "'{}' is not a job id: expected 32 hex characters, e.g. fd72014d4c864993a2e5a9287b4a9c5d \
                 (`fsp list` shows the ids)",
                crate::format::sanitize(s)
            )))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fresh random 32-hex id, for client-generated trigger ids.
pub fn random_hex_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(
            JobId::parse("6C4503D93AA3DBC386A545CD5C6FDB70").unwrap().as_str(),
            "6c4503d93aa3dbc386a545cd5c6fdb70"
        );
        for bad in [
            "",
            "xyz",
            "6c4503d93aa3dbc386a545cd5c6fdb700",
            "6c4503d93aa3dbc386a545cd5c6fdb7",
            "6c4503d93aa3dbc386a545cd5c6fdb7g",
        ] {
            assert!(JobId::parse(bad).is_err(), "{bad}");
        }
        let id = random_hex_id();
        assert!(JobId::parse(&id).is_ok());
        assert_ne!(id, random_hex_id());
    }
}
