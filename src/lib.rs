//! fsp: Flink savepoints over the JobManager's REST API, and offline `_metadata` inspection.
//!
//! Layout: [`cli`] is what the user typed; [`app`] resolves it once into a [`ctx::Ctx`] and dispatches to
//! one module per command under [`cmd`]; [`rest`] is the only code that speaks HTTP; [`flink_config`],
//! [`pointer`] and [`metadata`] are pure logic with their tests beside them; [`storage`] is the only code that
//! speaks to object stores.

pub mod app;
pub mod argv;
pub mod cli;
pub mod cmd;
pub mod ctx;
pub mod error;
pub mod flink_config;
pub mod generate;
pub mod job_id;
pub mod keystore;
pub mod metadata;
pub mod output;
pub mod pointer;
pub mod profile;
pub mod prune_lock;
pub mod rest;
pub mod restore_check;
pub mod retention;
pub mod snapshots;
pub mod storage;
pub mod table;
