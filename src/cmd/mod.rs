//! One module per subcommand. Each turns its clap arguments into calls of the library modules and prints
//! what they return; none imports another.

pub mod cancel;
pub mod checkpoint;
pub mod checkpoints;
pub mod config;
pub mod gc;
pub mod history;
pub mod inspect;
pub mod list;
pub mod prune;
pub mod run;
pub mod savepoint;
pub mod stop;
pub mod upgrade;

use crate::error::Failure;
use crate::job_id::JobId;

/// Resolve Flink's optional-value shapes: `cancel -s <jobid>` and `stop -p <jobid>`, where the option's
/// value is the job id when no positional is given. Returns (job id, directory).
pub fn job_and_dir(
    positional: Option<&str>,
    option: Option<Option<&str>>,
    missing: &str,
) -> Result<(JobId, Option<String>), Failure> {
    match (positional, option) {
        (Some(job), Some(dir)) => Ok((JobId::parse(job)?, dir.map(str::to_string))),
        (Some(job), None) => Ok((JobId::parse(job)?, None)),
        (None, Some(Some(job))) => Ok((JobId::parse(job)?, None)),
        (None, _) => Err(Failure::usage(missing.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flink_optional_value_shapes() {
        let j = "6c4503d93aa3dbc386a545cd5c6fdb70";
        let ok = |p, o| job_and_dir(p, o, "missing").unwrap();
        assert_eq!(ok(Some(j), None), (JobId::parse(j).unwrap(), None));
        assert_eq!(ok(Some(j), Some(None)), (JobId::parse(j).unwrap(), None));
        assert_eq!(ok(Some(j), Some(Some("/d"))), (JobId::parse(j).unwrap(), Some("/d".into())));
        assert_eq!(ok(None, Some(Some(j))), (JobId::parse(j).unwrap(), None));
        assert!(job_and_dir(None, Some(None), "missing").is_err());
        assert!(job_and_dir(None, None, "missing").is_err());
        assert_eq!(job_and_dir(None, Some(Some("/dir")), "m").unwrap_err().kind, crate::error::Exit::Usage);
    }
}
