//! The command line, as clap definitions only: what the user typed, nothing resolved.
//!
//! Flink's own spellings work (`--fromSavepoint`, `-type`, `-detached`, `-cm`, …): camelCase long names are
//! aliases here, and [`crate::argv`] turns Flink's single-dash long options into ours before clap
//! sees them. kebab-case spellings are the canonical ones.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Exit codes: 0 ok, 1 operation failed, 2 usage error, 3 cluster unreachable (TLS failures too),
4 not found, 5 timed out.
The JobManager is taken from -m, else FSP_JOBMANAGER, else the cluster profile (--cluster,
FSP_CLUSTER, or the default in fsp's config.toml), else rest.address/rest.port in Flink's config
($FLINK_CONF_DIR, else $FLINK_HOME/conf), else http://localhost:8081.
`fsp config show` prints every resolved setting and where it came from.";

/// `fsp --version`: the version, the commit it is built from, and the Flink releases it is tested on.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("FSP_GIT_COMMIT"),
    ")\ntested with Flink ",
    env!("FSP_TESTED_FLINK")
);

#[derive(Debug, Parser)]
#[command(
    name = "fsp",
    version,
    long_version = LONG_VERSION,
    about = "Take, restore, stop and dispose Flink savepoints over the JobManager's REST API.",
    long_about = "fsp does what `flink savepoint`, `flink stop`, `flink cancel -s` and `flink run -s` do, \
                  without a JVM or a Flink distribution: it talks to the JobManager's REST API directly.",
    after_help = AFTER_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// JobManager REST address: host:port or http(s)://host:port[/path]
    #[arg(short = 'm', long, env = "FSP_JOBMANAGER", global = true, value_name = "ADDRESS")]
    pub jobmanager: Option<String>,

    /// Output format: human-readable text, or exactly one JSON object on stdout
    #[arg(short = 'o', long, value_enum, default_value_t = OutputFormat::Text, global = true)]
    pub output: OutputFormat,

    /// A named cluster from fsp's config.toml (its URL, directories, TLS files, headers, timeouts); with
    /// --all, several: a,b,c (each in turn)
    #[arg(long, global = true, value_name = "NAME", env = "FSP_CLUSTER")]
    pub cluster: Option<String>,

    /// How long to wait for an operation to finish, e.g. 90s or 10m [default: 10m]
    #[arg(long, value_parser = parse_duration, global = true, value_name = "DURATION")]
    pub timeout: Option<Duration>,

    /// How long to wait for a TCP connection to the JobManager [default: 5s]
    #[arg(long, value_parser = parse_duration, global = true, value_name = "DURATION")]
    pub connect_timeout: Option<Duration>,

    /// Show the full error chain, Java stack traces included, and each HTTP request
    #[arg(short = 'v', long, global = true)]
    pub verbose: bool,

    /// When to colour messages on stderr; NO_COLOR turns colour off for `auto`
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only data and errors: no progress, no hints, no warnings
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// A PEM file of CA certificates to trust for HTTPS, in addition to the built-in (Mozilla) roots
    #[arg(long, global = true, value_name = "FILE", env = "FSP_CA_CERT")]
    pub ca_cert: Option<PathBuf>,

    /// A PEM client certificate for mutual TLS (with --client-key)
    #[arg(long, global = true, value_name = "FILE", requires = "client_key", env = "FSP_CLIENT_CERT")]
    pub client_cert: Option<PathBuf>,

    /// The PEM private key of --client-cert
    #[arg(long, global = true, value_name = "FILE", requires = "client_cert", env = "FSP_CLIENT_KEY")]
    pub client_key: Option<PathBuf>,

    /// Do not verify the server's TLS certificate (dangerous; prefer --ca-cert)
    #[arg(long, global = true)]
    pub insecure: bool,

    /// An HTTP header for every request, 'Name: value' (repeatable); FLINK_REST_CLIENT_HEADERS and
    /// FSP_TOKEN (a bearer token) are honoured too
    #[arg(short = 'H', long = "header", global = true, value_name = "HEADER", value_parser = parse_header)]
    pub headers: Vec<(String, String)>,

    /// Set after parsing: whether --jobmanager came from FSP_JOBMANAGER rather than the command line.
    #[arg(skip)]
    pub jobmanager_from_env: bool,

    /// Set after parsing: the ids of the global options whose value came from an environment variable.
    #[arg(skip)]
    pub from_env: Vec<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Trigger a savepoint and wait for its path, or dispose of one with -d
    #[command(after_help = "Examples:
  fsp savepoint 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp savepoint 6c4503d93aa3dbc386a545cd5c6fdb70 s3://bucket/savepoints --type native
  fsp savepoint -d file:/savepoints/savepoint-6c4503-b69d15e22f85
  fsp savepoint --trigger-id 9cd261fc876bd4993b9c15260cd7c6ac 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp savepoint --all --name 'orders-*' --parallel 4
  fsp savepoint --all --cluster prod,staging")]
    Savepoint(SavepointArgs),

    /// Cancel a job, optionally taking a savepoint first (-s)
    #[command(after_help = "Examples:
  fsp cancel 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp cancel -s 6c4503d93aa3dbc386a545cd5c6fdb70            # savepoint to the default directory
  fsp cancel -s /savepoints 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp cancel -s --all --name 'test-*'")]
    Cancel(CancelArgs),

    /// Stop a streaming job with a savepoint (suspend, or drain with -d)
    #[command(after_help = "Examples:
  fsp stop 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp stop -p s3://bucket/savepoints --drain 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp stop --all --all-clusters
  fsp stop --all --manifest before-upgrade.json      # then: fsp run --manifest before-upgrade.json")]
    Stop(StopArgs),

    /// Upload a jar and run it, optionally restoring from a savepoint or retained checkpoint
    #[command(after_help = "Examples:
  fsp run job.jar --input in --output out
  fsp run -s file:/savepoints/savepoint-6c4503-b69d15e22f85 -n -c com.example.Job job.jar
  fsp run -s /savepoints/savepoint-6c4503-b69d15e22f85 --check job-v2.jar   # would the state be restored?
  fsp run -s latest:orders job.jar              # the newest complete savepoint of the job named orders
  fsp run -s latest-state:6c4503d93aa3dbc386a545cd5c6fdb70 --max-age 1d job.jar   # checkpoints count too
  fsp run --manifest before-upgrade.json --check   # what `stop --all --manifest` stopped, previewed
  fsp run --manifest before-upgrade.json           # every job back from its savepoint

`latest` picks by checkpoint id (read from _metadata), never by modification time, and says on stderr
which snapshot it chose and why; none complete, or an ambiguous name, is exit 4.")]
    Run(RunArgs),

    /// List jobs: running and scheduled by default, all with -a
    #[command(after_help = "Examples:
  fsp list
  fsp list -a -o json")]
    List(ListArgs),

    /// Trigger a checkpoint and wait for it (Flink 1.19 and later)
    #[command(after_help = "Examples:
  fsp checkpoint 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp checkpoint --full 6c4503d93aa3dbc386a545cd5c6fdb70")]
    Checkpoint(CheckpointArgs),

    /// Show a job's checkpoint configuration and statistics: latest completed, savepoint, failure, restore
    #[command(after_help = "Examples:
  fsp checkpoints 6c4503d93aa3dbc386a545cd5c6fdb70
  fsp checkpoints 6c4503d93aa3dbc386a545cd5c6fdb70 -o json")]
    Checkpoints(CheckpointsArgs),

    /// List savepoints and retained checkpoints found in storage, with what the cluster says about them
    #[command(after_help = "Examples:
  fsp history
  fsp history --dir /flink/savepoints --job 6c4503d93aa3dbc386a545cd5c6fdb70 -o json
  fsp history --latest --name orders                   # the path of its newest complete savepoint
  fsp history --latest --job 6c4503d93aa3dbc386a545cd5c6fdb70 --include-checkpoints --max-age 1d

--latest orders by the checkpoint id in _metadata (the newest run of a name first), never by modification
time; incomplete snapshots (no or an unreadable _metadata) never count. A savepoint's name carries only the
first 6 hex of its job id: it counts as the job's when the job's checkpoint statistics list it, or when no
other job the cluster knows shares the prefix. Nothing complete, or an ambiguous name: exit 4.")]
    History(HistoryArgs),

    /// Delete old savepoints, keeping the newest of each job and never one in use
    #[command(after_help = "Examples:
  fsp prune --keep 3 --dry-run
  fsp prune --keep 2 --max-age 7d --dir /flink/savepoints

Never deleted: the newest complete savepoint of a job, one a running job was restored from (or any, when the
cluster cannot be asked), one younger than --grace, an incomplete one, anything outside the directory.
Deletes through the cluster when it is reachable, else only self-contained savepoints, _metadata first.")]
    Prune(PruneArgs),

    /// Find the files under a checkpoint root that no _metadata references, and delete them with --delete
    #[command(after_help = "Examples:
  fsp gc --dir /flink/checkpoints                      # dry run: what nothing references, per job
  fsp gc --dir s3://bucket/checkpoints --grace 2d --delete
  fsp gc --dir /flink/checkpoints --savepoint-dir /flink/savepoints -o json

A dry run by default: add --delete to delete. Deleted are only files (and directories holding nothing
else) that no readable _metadata under the root or the savepoint directories names, older than --grace
(never less than the job's checkpoint timeout), of jobs that are not running or restoring on the cluster
and in whose directory nothing changed within --grace. The cluster out of reach, or an unreadable _metadata
of a job: nothing of it is deleted. Holds the lock prune takes.")]
    Gc(GcArgs),

    /// Show the resolved settings (cluster URL, directories, TLS, headers, timeouts) and where each came from
    #[command(after_help = "Examples:
  fsp config show
  fsp --cluster prod config show -o json

Settings come, in order, from flags, then environment variables, then the cluster profile in
config.toml ($FSP_CONFIG_DIR, else the platform's config directory + /fsp), then Flink's
config files, then built-in defaults. Secrets are shown as ****.")]
    Config(ConfigArgs),

    /// Read a savepoint's or checkpoint's _metadata offline: operators, state, files
    #[command(after_help = "Examples:
  fsp inspect /savepoints/savepoint-6c4503-b69d15e22f85
  fsp inspect /checkpoints/6c4503d93aa3dbc386a545cd5c6fdb70/chk-42 --files
  fsp inspect savepoint-6c4503-b69d15e22f85/_metadata --uid counter --uid dedup")]
    Inspect(InspectArgs),

    /// Upgrade a running job to a new jar from a savepoint, rolling back if the new job is not healthy
    #[command(after_help = "Examples:
  fsp upgrade 6c4503d93aa3dbc386a545cd5c6fdb70 job-v2.jar --input in
  fsp upgrade 6c4503d93aa3dbc386a545cd5c6fdb70 job-v2.jar -n --fallback-to-checkpoint=30m -o json
  fsp upgrade 6c4503d93aa3dbc386a545cd5c6fdb70 job-v2.jar --from latest   # the job has ended (failed)

The previous job's jar, entry class, arguments and parallelism are read back from the job itself when fsp
submitted it; otherwise give them with --rollback-jar/--rollback-class/--rollback-args. A retry after a crash
or timeout resumes from the state file instead of stopping or submitting twice.

--from latest applies to a job that has ended (failed, cancelled, or stopped by hand): nothing is stopped,
and the new job (or a rollback) restores the job's newest complete snapshot in --savepoint-dir, else the
configured directories. A running job is refused: it is upgraded from a fresh savepoint.")]
    Upgrade(UpgradeArgs),

    /// Write shell completions or man pages generated from this command line (for packagers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate
    #[arg(value_enum)]
    pub what: GenerateWhat,

    /// The directory to write into
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateWhat {
    /// bash, zsh, fish, elvish and PowerShell completions
    Completions,
    /// fsp.1 and a page per subcommand
    Man,
}

#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The running job to upgrade
    #[arg(value_name = "JOB_ID")]
    pub job_id: String,

    /// The new job's jar
    #[arg(value_name = "NEW_JAR")]
    pub jar: String,

    /// Arguments for the new job's main()
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    pub args: Vec<String>,

    /// The new job's entry class; default: the jar manifest's
    #[arg(short = 'c', long = "class", value_name = "CLASS")]
    pub class: Option<String>,

    /// The new job's default parallelism
    #[arg(short = 'p', long, value_parser = clap::value_parser!(u32).range(1..), value_name = "N")]
    pub parallelism: Option<u32>,

    /// Let the new job skip savepoint state it has no operator for
    #[arg(short = 'n', long = "allow-non-restored-state", visible_alias = "allowNonRestoredState")]
    pub allow_non_restored_state: bool,

    /// Who owns the restored snapshot; `claim` can make a rollback impossible
    #[arg(long = "claim-mode", visible_alias = "claimMode", alias = "cm", value_enum)]
    pub claim_mode: Option<ClaimMode>,

    /// A Flink configuration entry for the new job (repeatable)
    #[arg(short = 'D', value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub properties: Vec<(String, String)>,

    /// How to end the old job: stop with a savepoint, or take a savepoint and cancel
    #[arg(long, value_enum, default_value_t = UpgradeMode::Stop)]
    pub mode: UpgradeMode,

    /// With --mode stop: emit MAX_WATERMARK before stopping, firing all event-time timers
    #[arg(short = 'd', long)]
    pub drain: bool,

    /// Where to write the savepoint; default: the profile's savepoint_dir, else the cluster's
    /// execution.checkpointing.savepoint-dir
    #[arg(long, value_name = "DIRECTORY")]
    pub savepoint_dir: Option<String>,

    /// Savepoint format [default: canonical; native for a job on the ForSt state backend]
    #[arg(short = 't', long = "type", value_enum)]
    pub format: Option<SavepointFormat>,

    /// Take no savepoint: restore the new job from the ended job's newest complete savepoint (`latest`) or
    /// savepoint or retained checkpoint (`latest-state`), picked as `run -s latest` picks it
    #[arg(long, value_enum, value_name = "SNAPSHOT", conflicts_with_all = ["fallback_to_checkpoint", "drain"])]
    pub from: Option<UpgradeFrom>,

    /// With --from: only a snapshot completed less than this long ago (e.g. 1d)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", requires = "from")]
    pub max_age: Option<Duration>,

    /// If no savepoint can be taken, use the job's latest retained checkpoint if younger than MAX_AGE (default 1h)
    #[arg(
        long,
        value_name = "MAX_AGE",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "1h",
        value_parser = parse_duration
    )]
    pub fallback_to_checkpoint: Option<Duration>,

    /// With checkpointing off: how long the new job must stay RUNNING to count as healthy
    #[arg(long, value_parser = parse_duration, default_value = "10s", value_name = "DURATION")]
    pub healthy_after: Duration,

    /// The previous job's jar, for a rollback when fsp did not submit that job
    #[arg(long, value_name = "JAR")]
    pub rollback_jar: Option<String>,

    /// The previous job's entry class, with --rollback-jar
    #[arg(long, value_name = "CLASS", requires = "rollback_jar")]
    pub rollback_class: Option<String>,

    /// The previous job's arguments, with --rollback-jar (one string, split like a shell would)
    #[arg(long, value_name = "ARGS", requires = "rollback_jar", allow_hyphen_values = true)]
    pub rollback_args: Option<String>,

    /// The previous job's parallelism, with --rollback-jar
    #[arg(long, value_name = "N", requires = "rollback_jar", value_parser = clap::value_parser!(u32).range(1..))]
    pub rollback_parallelism: Option<u32>,

    /// Go on even when the new job's state backend could not restore the savepoint (fsp checks before
    /// anything is stopped: a NATIVE savepoint for another backend, a CANONICAL one for ForSt)
    #[arg(long)]
    pub force: bool,

    /// Where to record progress, so a retry resumes; default: a file per job in fsp's state directory
    #[arg(long, value_name = "FILE")]
    pub state_file: Option<PathBuf>,

    /// Print the plan and check what can be checked, changing nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UpgradeFrom {
    /// The newest complete savepoint
    Latest,
    /// The newest complete savepoint or retained checkpoint
    #[value(name = "latest-state")]
    LatestState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UpgradeMode {
    /// Stop-with-savepoint (`fsp stop`)
    Stop,
    /// Savepoint and cancel in one call (`fsp cancel -s`)
    Cancel,
}

#[derive(Debug, Args)]
pub struct SavepointArgs {
    /// The job to savepoint (32 hex characters); with --all, the one positional is TARGET_DIRECTORY
    #[arg(required_unless_present_any = ["dispose", "all"], value_name = "JOB_ID")]
    pub job_id: Option<String>,

    /// Where to write the savepoint; default: the profile's savepoint_dir, else the cluster's
    /// execution.checkpointing.savepoint-dir
    #[arg(value_name = "TARGET_DIRECTORY")]
    pub target_directory: Option<String>,

    /// Dispose of the savepoint at PATH through the cluster instead of triggering one
    #[arg(short = 'd', long, value_name = "PATH", conflicts_with_all = ["format", "detached", "all"])]
    pub dispose: Option<String>,

    /// Savepoint format [default: canonical; native for a job on the ForSt state backend]
    #[arg(short = 't', long = "type", value_enum, id = "format")]
    pub format: Option<SavepointFormat>,

    /// Return right after triggering and print the trigger id
    #[arg(long, conflicts_with = "all")]
    pub detached: bool,

    /// Wait for a savepoint triggered earlier (with --detached) instead of triggering one
    #[arg(long, value_name = "TRIGGER_ID", conflicts_with_all = ["dispose", "detached", "target_directory", "all"])]
    pub trigger_id: Option<String>,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// Acting on every running job of a cluster, or of several clusters, instead of one JOB_ID.
#[derive(Debug, Clone, Default, Args)]
pub struct FleetArgs {
    /// Every running job of the cluster (or those --name matches) instead of one JOB_ID: one line per job
    /// and a summary; exit 0 only if every job succeeded
    #[arg(long)]
    pub all: bool,

    /// With --all: only the jobs whose name matches this glob (`*`, `?`, `[a-z]`)
    #[arg(long, value_name = "GLOB", requires = "all")]
    pub name: Option<String>,

    /// With --all: how many jobs at once (savepoints load the cluster)
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..))]
    pub parallel: u32,

    /// With --all: every cluster of fsp's config.toml, one after the other (`--cluster a,b` names some)
    #[arg(long, requires = "all")]
    pub all_clusters: bool,
}

#[derive(Debug, Args)]
pub struct CancelArgs {
    /// The job to cancel
    #[arg(value_name = "JOB_ID")]
    pub job_id: Option<String>,

    /// Take a savepoint and cancel, in one call; the optional value is the target directory (Flink's
    /// `cancel -s <jobid>` form, where the value is the job id, works too)
    #[arg(
        short = 's',
        long = "with-savepoint",
        visible_alias = "withSavepoint",
        num_args = 0..=1,
        value_name = "TARGET_DIRECTORY"
    )]
    pub with_savepoint: Option<Option<String>>,

    /// Savepoint format, with -s [default: canonical; native for a job on the ForSt state backend]
    #[arg(short = 't', long = "type", value_enum)]
    pub format: Option<SavepointFormat>,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Debug, Args)]
pub struct StopArgs {
    /// The job to stop
    #[arg(value_name = "JOB_ID")]
    pub job_id: Option<String>,

    /// Where to write the savepoint (Flink's `stop -p <jobid>` form, where the value is the job id, works too)
    #[arg(
        short = 'p',
        long = "savepoint-path",
        visible_alias = "savepointPath",
        num_args = 0..=1,
        value_name = "DIRECTORY"
    )]
    pub savepoint_path: Option<Option<String>>,

    /// Emit MAX_WATERMARK before stopping, firing all event-time timers (ends the job for good)
    #[arg(short = 'd', long)]
    pub drain: bool,

    /// Savepoint format [default: canonical; native for a job on the ForSt state backend]
    #[arg(short = 't', long = "type", value_enum)]
    pub format: Option<SavepointFormat>,

    /// Return right after triggering and print the trigger id
    #[arg(long, conflicts_with = "all")]
    pub detached: bool,

    /// With --all: write FILE, a JSON manifest of every stopped job (savepoint, jar, class, arguments,
    /// parallelism, properties, name, cluster) for `fsp run --manifest FILE`; updated as each job stops
    #[arg(long, value_name = "FILE", requires = "all")]
    pub manifest: Option<PathBuf>,

    /// With --manifest: replace FILE if it exists
    #[arg(long, requires = "manifest")]
    pub force: bool,

    #[command(flatten)]
    pub fleet: FleetArgs,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("restore_source").args(["from_savepoint", "manifest"])))]
pub struct RunArgs {
    /// The job jar to upload (with --jar-id: the first program argument)
    #[arg(required_unless_present_any = ["jar_id", "manifest"], value_name = "JAR")]
    pub jar: Option<String>,

    /// Arguments for the job's main()
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    pub args: Vec<String>,

    /// Run a jar already uploaded to the cluster (its id from `GET /jars`) instead of uploading one
    #[arg(long, value_name = "JAR_ID")]
    pub jar_id: Option<String>,

    /// Savepoint or retained checkpoint to restore from: a directory, its _metadata file, or a URI; or
    /// `latest[:JOB]`, the job's newest complete savepoint, `latest-state[:JOB]` with retained checkpoints
    /// too (JOB: a job id or name; without it, the one job in the directories)
    #[arg(short = 's', long = "from-savepoint", visible_alias = "fromSavepoint", value_name = "PATH")]
    pub from_savepoint: Option<String>,

    /// Bring back every job of a manifest written by `fsp stop --all --manifest`, each from its savepoint
    /// with the same jar, class, arguments, parallelism and properties; a job already running from its
    /// entry is not submitted again
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["jar", "jar_id", "from_savepoint", "class", "parallelism", "properties", "detached", "uids"]
    )]
    pub manifest: Option<PathBuf>,

    /// With --manifest: look for each jar by its file name in DIR when its jar id is no longer on the
    /// cluster (instead of the path recorded in the manifest)
    #[arg(long, value_name = "DIR", requires = "manifest")]
    pub jar_dir: Option<PathBuf>,

    /// With -s latest: a directory to look in (repeatable); default: the configured savepoint and
    /// checkpoint directories, else the cluster's
    #[arg(long = "dir", value_name = "DIR", requires = "from_savepoint")]
    pub dirs: Vec<String>,

    /// With -s latest: only a snapshot completed less than this long ago (e.g. 1d)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", requires = "from_savepoint")]
    pub max_age: Option<Duration>,

    /// Skip savepoint state that cannot be mapped to the new program
    #[arg(
        short = 'n',
        long = "allow-non-restored-state",
        visible_alias = "allowNonRestoredState",
        requires = "from_savepoint"
    )]
    pub allow_non_restored_state: bool,

    /// Who owns the restored snapshot (only with -s)
    #[arg(long = "claim-mode", visible_alias = "claimMode", alias = "cm", value_enum, requires = "from_savepoint")]
    pub claim_mode: Option<ClaimMode>,

    /// Deprecated spelling of --claim-mode
    #[arg(long = "restore-mode", visible_alias = "restoreMode", alias = "rm", value_enum, hide = true)]
    pub restore_mode: Option<ClaimMode>,

    /// The job's entry class; default: the jar manifest's
    #[arg(short = 'c', long = "class", value_name = "CLASS")]
    pub class: Option<String>,

    /// The job's default parallelism
    #[arg(short = 'p', long, value_parser = clap::value_parser!(u32).range(1..), value_name = "N")]
    pub parallelism: Option<u32>,

    /// A Flink configuration entry for this job (repeatable)
    #[arg(short = 'D', value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub properties: Vec<(String, String)>,

    /// Return once the job is submitted instead of waiting for it to be RUNNING
    #[arg(short = 'd', long)]
    pub detached: bool,

    /// Submit nothing: compare the savepoint's operators with the new job's plan and report which state would
    /// not be restored (needs -n) and which operators start empty; with --manifest, for every entry
    #[arg(long, requires = "restore_source")]
    pub check: bool,

    /// With --check: a uid the new job has (repeatable); chained operators are only visible by their uids
    #[arg(long = "uid", value_name = "UID", requires = "check")]
    pub uids: Vec<String>,

    /// Restore even what fsp's state checks refuse: Kryo-serialized state of a Flink 1.x snapshot on Flink
    /// 2.x (restored without an error but with wrong values), a NATIVE savepoint for another state backend, a
    /// full snapshot for ForSt with its default timers
    #[arg(long, requires = "restore_source")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only running (and restarting) jobs
    #[arg(short = 'r', long)]
    pub running: bool,

    /// Only scheduled (created, initializing) jobs
    #[arg(short = 's', long)]
    pub scheduled: bool,

    /// All jobs, finished ones included
    #[arg(short = 'a', long, conflicts_with_all = ["running", "scheduled"])]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// The job to checkpoint
    #[arg(value_name = "JOB_ID")]
    pub job_id: String,

    /// A full checkpoint, even when the job checkpoints incrementally
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct CheckpointsArgs {
    /// The job whose checkpoints to show
    #[arg(value_name = "JOB_ID")]
    pub job_id: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this job's snapshots (its id, or the 6-hex prefix of savepoint names; with --latest, its id)
    #[arg(long, value_name = "JOB_ID")]
    pub job: Option<String>,

    /// Only the snapshots of the job of this name (the cluster's job names; the newest run first)
    #[arg(long, value_name = "NAME", conflicts_with = "job")]
    pub name: Option<String>,

    /// Print only the job's newest complete savepoint (by checkpoint id), and on stderr why it was chosen
    #[arg(long)]
    pub latest: bool,

    /// With --latest: retained checkpoints count too
    #[arg(long, requires = "latest")]
    pub include_checkpoints: bool,

    /// With --latest: only a snapshot completed less than this long ago (e.g. 1d)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION", requires = "latest")]
    pub max_age: Option<Duration>,

    /// A savepoint or checkpoint directory to scan, local or s3://, gs://, abfs:// (repeatable); default:
    /// the configured ones
    #[arg(long = "dir", value_name = "DIR")]
    pub dirs: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PruneArgs {
    /// How many complete savepoints of each job to keep (the newest one is always kept)
    #[arg(long, value_name = "N")]
    pub keep: usize,

    /// Delete only snapshots older than this (e.g. 7d)
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub max_age: Option<Duration>,

    /// Never delete a snapshot younger than this: it may still be being written
    #[arg(long, value_parser = parse_duration, default_value = "10m", value_name = "DURATION")]
    pub grace: Duration,

    /// Only this job's snapshots
    #[arg(long, value_name = "JOB_ID")]
    pub job: Option<String>,

    /// A savepoint or checkpoint directory to prune, local or s3://, gs://, abfs:// (repeatable); default:
    /// the configured ones
    #[arg(long = "dir", value_name = "DIR")]
    pub dirs: Vec<String>,

    /// Retained checkpoints (chk-N) may be deleted too
    #[arg(long)]
    pub include_checkpoints: bool,

    /// Say what would be deleted, delete nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Don't ask the cluster (it is down, or these savepoints are no job's): nothing counts as in use, and
    /// only self-contained savepoints are deleted, by fsp itself. Safe only when no running job was
    /// restored from one of them
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct GcArgs {
    /// The checkpoint root (execution.checkpointing.dir), local or s3://, gs://, abfs://; default: the
    /// configured one
    #[arg(long, value_name = "DIR")]
    pub dir: Option<String>,

    /// A savepoint directory whose savepoints count as references too (repeatable); default: the
    /// configured one
    #[arg(long = "savepoint-dir", value_name = "DIR")]
    pub savepoint_dirs: Vec<String>,

    /// Never delete what changed more recently than this (never less than the job's checkpoint timeout)
    #[arg(long, value_parser = parse_duration, default_value = "1d", value_name = "DURATION")]
    pub grace: Duration,

    /// Say what would be deleted, delete nothing (the default)
    #[arg(long, conflicts_with = "delete")]
    pub dry_run: bool,

    /// Delete what the rules allow
    #[arg(long)]
    pub delete: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print every resolved setting and its source
    #[command(after_help = "Examples:\n  fsp config show\n  fsp --cluster staging config show")]
    Show,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A savepoint or checkpoint directory or its _metadata file: a local path, a file: URI, or s3://,
    /// gs://, abfs:// (credentials from the environment)
    #[arg(value_name = "PATH")]
    pub path: String,

    /// List every file the snapshot references, and whether it exists
    #[arg(long)]
    pub files: bool,

    /// Show each operator's states: name, kind, key and value types, TTL, and whether Kryo serializes them
    /// (reads the head of each operator's first state file)
    #[arg(long)]
    pub states: bool,

    /// A uid to look for among the operators (repeatable); Flink hashes it to the operator id
    #[arg(long = "uid", value_name = "UID")]
    pub uids: Vec<String>,

    /// Read uids to look for from FILE, one per line
    #[arg(long, value_name = "FILE")]
    pub uids_from: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SavepointFormat {
    Canonical,
    Native,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimMode {
    Claim,
    #[value(name = "no_claim", alias = "no-claim")]
    NoClaim,
    Legacy,
}

fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 90s, 10m, 1h 30m)"))
}

fn parse_header(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() && !name.contains(char::is_whitespace) => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err("expected 'Name: value'".to_string()),
    }
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        // Flink: a bare `-Dkey` sets the key to "true".
        None if !s.is_empty() => Ok((s.to_string(), "true".to_string())),
        _ => Err("expected KEY=VALUE".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(crate::argv::normalize_flink_args(args.iter().copied()))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn savepoint_shapes() {
        let cli = parse(&["fsp", "savepoint", "J", "/tmp/sp", "-type", "native", "-detached"]).unwrap();
        let Command::Savepoint(a) = cli.command else { panic!() };
        assert_eq!(a.job_id.as_deref(), Some("J"));
        assert_eq!(a.target_directory.as_deref(), Some("/tmp/sp"));
        assert_eq!(a.format, Some(SavepointFormat::Native));
        assert!(a.detached);

        let cli = parse(&["fsp", "savepoint", "-d", "/tmp/sp/savepoint-1"]).unwrap();
        let Command::Savepoint(a) = cli.command else { panic!() };
        assert_eq!(a.dispose.as_deref(), Some("/tmp/sp/savepoint-1"));
        assert!(parse(&["fsp", "savepoint"]).is_err());
    }

    #[test]
    fn cancel_with_savepoint_keeps_flinks_argument_shapes() {
        let a = |args: &[&str]| match parse(args).unwrap().command {
            Command::Cancel(a) => (a.job_id, a.with_savepoint),
            _ => panic!(),
        };
        assert_eq!(a(&["fsp", "cancel", "J"]), (Some("J".into()), None));
        assert_eq!(a(&["fsp", "cancel", "-s", "J"]), (None, Some(Some("J".into()))));
        assert_eq!(a(&["fsp", "cancel", "-s", "/d", "J"]), (Some("J".into()), Some(Some("/d".into()))));
        assert_eq!(a(&["fsp", "cancel", "--withSavepoint", "/d", "J"]), (Some("J".into()), Some(Some("/d".into()))));
        assert_eq!(a(&["fsp", "cancel", "J", "-s"]), (Some("J".into()), Some(None)));
    }

    #[test]
    fn stop_shapes() {
        let cli = parse(&["fsp", "stop", "--savepointPath", "/d", "-d", "J"]).unwrap();
        let Command::Stop(a) = cli.command else { panic!() };
        assert_eq!(a.savepoint_path, Some(Some("/d".into())));
        assert!(a.drain);
        assert_eq!(a.job_id.as_deref(), Some("J"));
    }

    #[test]
    fn run_shapes() {
        let cli = parse(&[
            "fsp",
            "run",
            "--fromSavepoint",
            "/sp",
            "--allowNonRestoredState",
            "--claimMode",
            "claim",
            "-c",
            "a.B",
            "-p",
            "2",
            "-D",
            "k=v",
            "job.jar",
            "--in",
            "x",
            "-n",
        ])
        .unwrap();
        let Command::Run(a) = cli.command else { panic!() };
        assert_eq!(a.from_savepoint.as_deref(), Some("/sp"));
        assert!(a.allow_non_restored_state);
        assert_eq!(a.claim_mode, Some(ClaimMode::Claim));
        assert_eq!(a.class.as_deref(), Some("a.B"));
        assert_eq!(a.parallelism, Some(2));
        assert_eq!(a.properties, vec![("k".into(), "v".into())]);
        assert_eq!(a.jar.as_deref(), Some("job.jar"));
        assert_eq!(a.args, vec!["--in", "x", "-n"]);

        let cli = parse(&["fsp", "run", "--jar-id", "abc_job.jar", "--", "--in", "x"]).unwrap();
        let Command::Run(a) = cli.command else { panic!() };
        assert_eq!(a.jar_id.as_deref(), Some("abc_job.jar"));
        assert_eq!(a.jar.as_deref(), Some("--in"));

        assert!(parse(&["fsp", "run", "-n", "job.jar"]).is_err(), "-n without -s is a usage error");
        assert!(parse(&["fsp", "run", "-p", "0", "job.jar"]).is_err());
        assert!(parse(&["fsp", "run", "-cm", "no_claim", "-s", "/sp", "j.jar"]).is_ok());
    }

    #[test]
    fn list_and_globals() {
        let cli = parse(&["fsp", "-m", "host:1", "list", "-rs", "-o", "json", "--timeout", "90s"]).unwrap();
        let Command::List(a) = cli.command else { panic!() };
        assert!(a.running && a.scheduled && !a.all);
        assert_eq!(cli.global.jobmanager.as_deref(), Some("host:1"));
        assert_eq!(cli.global.output, OutputFormat::Json);
        assert_eq!(cli.global.timeout, Some(Duration::from_secs(90)));
        assert!(parse(&["fsp", "list", "-a", "-r"]).is_err());
        assert!(parse(&["fsp", "list", "--timeout", "soon"]).is_err());
    }

    #[test]
    fn every_argument_has_help_and_every_command_examples() {
        let mut cmd = Cli::command();
        cmd.build();
        fn walk(cmd: &clap::Command, path: &str) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" || arg.is_hide_set() {
                    continue;
                }
                assert!(arg.get_help().is_some(), "{path}: argument '{id}' has no help text");
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help" && !s.is_hide_set()) {
                let name = format!("{path} {}", sub.get_name());
                let after = sub.get_after_help().map(|s| s.to_string()).unwrap_or_default();
                assert!(after.contains("Examples:\n  fsp "), "{name}: no examples in --help");
                walk(sub, &name);
            }
        }
        walk(&cmd, "fsp");
    }

    #[test]
    fn latest_shapes() {
        let cli =
            parse(&["fsp", "history", "--latest", "--name", "orders", "--include-checkpoints", "--max-age", "1d"])
                .unwrap();
        let Command::History(a) = cli.command else { panic!() };
        assert!(a.latest && a.include_checkpoints);
        assert_eq!((a.name.as_deref(), a.max_age), (Some("orders"), Some(Duration::from_secs(86_400))));
        assert!(parse(&["fsp", "history", "--include-checkpoints"]).is_err(), "only with --latest");
        assert!(parse(&["fsp", "history", "--max-age", "1d"]).is_err(), "only with --latest");
        assert!(parse(&["fsp", "history", "--latest", "--job", "j", "--name", "n"]).is_err(), "one or the other");

        let cli = parse(&["fsp", "run", "-s", "latest-state:orders", "--dir", "/a", "--dir", "/b", "job.jar"]).unwrap();
        let Command::Run(a) = cli.command else { panic!() };
        assert_eq!(a.from_savepoint.as_deref(), Some("latest-state:orders"));
        assert_eq!(a.dirs, vec!["/a", "/b"]);
        assert!(parse(&["fsp", "run", "--dir", "/a", "job.jar"]).is_err(), "--dir only with -s");

        let cli = parse(&["fsp", "upgrade", "--from", "latest-state", "--max-age", "2h", "J", "new.jar"]).unwrap();
        let Command::Upgrade(a) = cli.command else { panic!() };
        assert_eq!((a.from, a.max_age), (Some(UpgradeFrom::LatestState), Some(Duration::from_secs(7200))));
        assert!(parse(&["fsp", "upgrade", "--from", "latest", "--fallback-to-checkpoint", "J", "new.jar"]).is_err());
        assert!(parse(&["fsp", "upgrade", "--max-age", "2h", "J", "new.jar"]).is_err(), "--max-age only with --from");
        assert!(parse(&["fsp", "upgrade", "--from", "newest", "J", "new.jar"]).is_err());
    }

    #[test]
    fn manifest_shapes() {
        let cli = parse(&["fsp", "stop", "--all", "--manifest", "m.json", "--force", "--name", "o-*"]).unwrap();
        let Command::Stop(a) = cli.command else { panic!() };
        assert_eq!((a.manifest.as_deref(), a.force), (Some(std::path::Path::new("m.json")), true));
        assert!(parse(&["fsp", "stop", "--manifest", "m.json", "J"]).is_err(), "--manifest only with --all");
        assert!(parse(&["fsp", "stop", "--all", "--force"]).is_err(), "--force only with --manifest");

        let cli = parse(&["fsp", "run", "--manifest", "m.json", "--check", "--jar-dir", "/jars"]).unwrap();
        let Command::Run(a) = cli.command else { panic!() };
        assert!(a.check && a.jar.is_none());
        assert_eq!(a.jar_dir.as_deref(), Some(std::path::Path::new("/jars")));
        assert!(parse(&["fsp", "run", "--manifest", "m.json", "--force"]).is_ok());
        assert!(parse(&["fsp", "run", "--manifest", "m.json", "job.jar"]).is_err(), "a jar or a manifest");
        assert!(parse(&["fsp", "run", "--manifest", "m.json", "-s", "/sp"]).is_err());
        assert!(parse(&["fsp", "run", "--check", "job.jar"]).is_err(), "--check needs -s or --manifest");
        // --jar-dir without --manifest: clap lets `requires` pass when the required argument conflicts with a
        // present one (the jar), so `fsp run` refuses it itself
        assert!(parse(&["fsp", "run", "--jar-dir", "/jars"]).is_err(), "--jar-dir only with --manifest");
    }

    #[test]
    fn key_value() {
        assert_eq!(parse_key_value("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(parse_key_value("flag"), Ok(("flag".into(), "true".into())));
        assert!(parse_key_value("=x").is_err());
    }
}
