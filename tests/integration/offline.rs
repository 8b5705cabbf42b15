//! The tests that need neither Flink nor Java nor an S3 server: fsp against a fake JobManager on loopback,
//! the committed `_metadata` files and generated files, usage errors and unreachable clusters, config files,
//! offline prunes of synthetic savepoints. `cargo test --test integration offline::` runs only these, in
//! seconds; a test added here must not start a cluster (`harness::cluster`), the S3 server or a JVM.

mod config_files;
mod errors;
mod faults;
mod generated;
pub mod inspect;
mod json_contract;
mod latest;
mod prune;
