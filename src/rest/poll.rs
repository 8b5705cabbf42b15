//! Polling an asynchronous operation until it completes or the deadline passes.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::types::AsyncOperation;
use super::{ApiError, Client};

/// Poll intervals: short at first (a savepoint on a small job takes tens of milliseconds, and every
/// millisecond between its end and our next poll is overhead), then growing to at most one second.
pub fn interval(attempt: u32) -> Duration {
    let ms = match attempt {
        0..=29 => 0,
        30..=49 => 1,
        50..=69 => 5,
        70..=89 => 25,
        90..=99 => 100,
        100..=109 => 250,
        _ => 1000,
    };
    Duration::from_millis(ms)
}

/// What is being waited for, for messages: "savepoint for job …".
pub struct Operation<'a> {
    pub what: &'a str,
    pub path: &'a str,
    pub trigger_id: &'a str,
}

impl Client {
    /// Poll `op.path` until `status.id` is `COMPLETED`; return the `operation` object (possibly null).
    /// A 404 means the cluster no longer knows the trigger id.
    pub fn poll(&self, op: &Operation<'_>, deadline: Instant, tick: &dyn Fn()) -> Result<Value, ApiError> {
        let started = Instant::now();
        let mut attempt = 0;
        loop {
            let result: Result<AsyncOperation, ApiError> = self.get(op.path);
            match result {
                Ok(r) if r.status.id == "COMPLETED" => return Ok(r.operation.unwrap_or(Value::Null)),
                Ok(r) if r.status.id == "IN_PROGRESS" => {}
                Ok(r) => {
                    return Err(ApiError::Decode {
                        url: op.path.to_string(),
                        reason: format!("unknown operation status '{}'", crate::format::sanitize(&r.status.id)),
                    });
                }
                Err(ApiError::Status { status: 404, .. }) => {
                    return Err(ApiError::OperationLost {
                        what: op.what.to_string(),
                        trigger_id: op.trigger_id.to_string(),
                    });
                }
                // The JobManager may be restarting or a proxy hiccuping: keep polling until the deadline.
                Err(e) if e.is_transient() => {
                    if Instant::now() >= deadline {
                        return Err(e);
                    }
                    if self.verbose() {
                        eprintln!("still waiting after: {e}");
                    }
                }
                Err(e) => return Err(e),
            }
            tick();
            let now = Instant::now();
            if now >= deadline {
                return Err(ApiError::OperationTimedOut {
                    what: op.what.to_string(),
                    trigger_id: op.trigger_id.to_string(),
                    waited: started.elapsed(),
                });
            }
            std::thread::sleep(interval(attempt).min(deadline - now));
            attempt += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_start_short_and_are_capped() {
        assert_eq!(interval(0), Duration::ZERO);
        let first_second: Duration = (0..90).map(interval).sum();
        assert!(first_second < Duration::from_millis(1500), "{first_second:?}");
        assert_eq!(interval(1000), Duration::from_secs(1));
        assert!((0..100).map(interval).collect::<Vec<_>>().windows(2).all(|w| w[0] <= w[1]));
    }
}
