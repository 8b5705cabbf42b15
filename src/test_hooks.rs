//! The environment variables that only fsp's own tests set, read here and nowhere else. Each slows down or
//! shortens something so a test can catch fsp in the middle of it; none changes what fsp decides.
//!
//! - `FSP_PRUNE_TEST_SLOW_MS`: pause this long before each file a prune or gc deletes (to kill it half-way).
//! - `FSP_PRUNE_TEST_LEASE_MS`: an object-store prune lock goes stale after this long (renewed at a quarter
//!   of it) instead of 15 minutes.

use std::sync::OnceLock;
use std::time::Duration;

#[derive(Debug, Default, Clone)]
pub struct TestHooks {
    pub prune_slow: Option<Duration>,
    pub prune_lease: Option<Duration>,
}

/// The hooks of this process, read once.
pub fn get() -> &'static TestHooks {
    static HOOKS: OnceLock<TestHooks> = OnceLock::new();
    HOOKS.get_or_init(|| {
        let millis =
            |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_millis);
        TestHooks { prune_slow: millis("FSP_PRUNE_TEST_SLOW_MS"), prune_lease: millis("FSP_PRUNE_TEST_LEASE_MS") }
    })
}
