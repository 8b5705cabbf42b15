//! fsp: Flink savepoints over the JobManager's REST API, and offline `_metadata` inspection.
//!
//! Where each behaviour lives:
//! - [`cli`] is the command line as clap definitions; [`argv`] turns the process's arguments (Flink's
//!   spellings included) into it; [`app`] resolves it once into a [`ctx::Ctx`] and dispatches to one module
//!   per command under `cmd`, which only turns arguments into the calls below and prints what they return.
//! - `ctx`: the resolved settings (JobManager, profile, TLS, headers, timeouts), each with where it came from
//!   (`ctx::settings`), which `fsp config show` prints.
//! - `rest`: the only code that speaks HTTP; `storage`: the only code that speaks to object stores.
//! - `jobs`: waiting on jobs and explaining their failures; `savepoint_target`: where a savepoint goes.
//! - `submit`: running a jar, the submission record a rollback resubmits, the job names fsp records on this
//!   machine (`record`), Flink's refusals, restore checks (operators: `restore_check`; state compatibility
//!   across versions and backends: `compat`).
//! - `ops`: one job's savepoint, stop or cancel with a savepoint; `fleet`: the same on every job of one
//!   or several clusters, N at a time, with one report; the manifest `stop --all --manifest` writes
//!   (`fleet::manifest`) and `run --manifest` brings back (`fleet::restore`).
//! - `upgrade`: stop, run the new jar, check health, roll back; its resumable state file; the savepoint format
//!   and state backend check before anything is stopped (`backend`).
//! - `snapshot`: savepoints and checkpoints in storage: the model, the scan, what is in use, retention rules,
//!   `latest` (the newest complete snapshot of a job), safe deletion, the prune lock and the prune itself.
//! - [`metadata`]: the `_metadata` parser, and the state meta information it points to (`metadata::states`); `pointer`: locations and paths; `flink_config`, `profile`,
//!   `keystore`: Flink's config files, fsp's `config.toml`, PKCS12 stores.
//! - `format`, `output`, `table`: how values are shown and where output goes.

pub mod app;
pub mod argv;
pub mod cli;
mod cmd;
mod ctx;
pub mod error;
mod fleet;
mod flink_config;
mod format;
mod generate;
mod job_id;
mod jobs;
mod keystore;
pub mod metadata;
mod ops;
mod output;
mod pointer;
mod profile;
mod rest;
mod savepoint_target;
mod snapshot;
mod storage;
mod submit;
mod table;
mod test_hooks;
mod upgrade;
