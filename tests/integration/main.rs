//! fsp's one integration-test binary. End-to-end tests run against real Flink clusters (see `harness`); the
//! tests under `offline` need no cluster, no Java and no S3 server, and run in seconds:
//! `cargo test --test integration offline::`.

mod harness;
mod util;

/// Define one test per supported Flink version for a function taking a [`harness::Kind`]:
/// `on_each_version!(lifecycle);` gives `lifecycle_flink_2_3` and `lifecycle_flink_1_20`.
macro_rules! on_each_version {
    ($($f:ident),* $(,)?) => {
        $(
            paste_tests!($f);
        )*
    };
}

macro_rules! paste_tests {
    ($f:ident) => {
        mod $f {
            #[test]
            fn flink_2_3() {
                super::$f(crate::harness::Kind::V2);
            }
            #[test]
            fn flink_1_20() {
                super::$f(crate::harness::Kind::V1);
            }
        }
    };
}

mod backends;
mod checkpoints;
mod config_files;
mod core;
mod errors;
mod fake_flink;
mod faults_real;
mod fleet;
mod gc;
mod inspect;
mod interop;
mod json_contract;
mod latest;
mod manifest;
mod offline;
mod profiles;
mod proxy;
pub mod prune;
mod release;
mod s3;
mod smoke;
mod states;
mod tls;
mod upgrade;
