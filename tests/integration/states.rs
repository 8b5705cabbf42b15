//! `fsp inspect --states` on snapshots real Flink wrote of the states fixture job
//! (tests/fixtures/states-job/fsp/fixture/StatesJob.java, one operator per kind of state): savepoints canonical
//! and native and retained checkpoints full and incremental, hashmap and RocksDB, on each version. The
//! expectations are written once, from the job's source, in [`EXPECTED`].

use serde_json::Value;

use crate::harness::{Cluster, CommandExt, Job, Kind, cluster, local, states_jar};

/// One state as `fsp -o json inspect --states` reports it: name, kind, key type, value type, ttl, kryo.
type Row = (&'static str, &'static str, Option<&'static str>, Option<&'static str>, bool, bool);

const LONG: Option<&str> = Some("Long");
const TIMER: Option<&str> = Some("Timer<Long, VoidNamespace>");
/// Every KeyedProcessFunction's operator (KeyedProcessOperator) opens Flink's "user-timers" timer service, whose
/// two priority queues are in every snapshot, whether the function sets timers or not.
const PROCESSING_TIMERS: Row = ("_timer_state/processing_user-timers", "TIMERS", LONG, TIMER, false, false);
const EVENT_TIMERS: Row = ("_timer_state/event_user-timers", "TIMERS", LONG, TIMER, false, false);

/// Every operator of the states job by uid, with the states its source declares. Keyed operators are keyed by
/// `v % 8`, a Long. The sources' `SourceReaderState` is Flink's own (SourceOperator's split state, byte[]).
const EXPECTED: &[(&str, &[Row])] = &[
    ("numbers", &[("SourceReaderState", "OPERATOR_LIST", None, Some("byte[]"), false, false)]),
    ("throttle", &[]),
    ("rules", &[("SourceReaderState", "OPERATOR_LIST", None, Some("byte[]"), false, false)]),
    ("rules-throttle", &[]),
    (
        "operator-state",
        &[
            ("operator-list", "OPERATOR_LIST", None, LONG, false, false),
            ("operator-union", "OPERATOR_UNION", None, Some("String"), false, false),
        ],
    ),
    ("broadcast", &[("broadcast-state", "BROADCAST", Some("String"), LONG, false, false)]),
    ("value", &[("value-state", "VALUE", LONG, LONG, false, false), PROCESSING_TIMERS, EVENT_TIMERS]),
    ("list", &[("list-state", "LIST", LONG, Some("List<Long>"), false, false), PROCESSING_TIMERS, EVENT_TIMERS]),
    ("map", &[("map-state", "MAP", LONG, Some("Map<String, Long>"), false, false), PROCESSING_TIMERS, EVENT_TIMERS]),
    ("reducing", &[("reducing-state", "REDUCING", LONG, LONG, false, false), PROCESSING_TIMERS, EVENT_TIMERS]),
    (
        "aggregating",
        &[
            ("aggregating-state", "AGGREGATING", LONG, Some("Tuple2<Long, Long>"), false, false),
            PROCESSING_TIMERS,
            EVENT_TIMERS,
        ],
    ),
    ("ttl", &[("ttl-state", "VALUE", LONG, LONG, true, false), PROCESSING_TIMERS, EVENT_TIMERS]),
    (
        "pojo",
        &[
            ("pojo-state", "VALUE", LONG, Some("POJO fsp.fixture.StatesJob$Reading"), false, false),
            PROCESSING_TIMERS,
            EVENT_TIMERS,
        ],
    ),
    (
        "kryo",
        &[
            ("kryo-state", "VALUE", LONG, Some("Kryo fsp.fixture.StatesJob$Opaque"), false, true),
            PROCESSING_TIMERS,
            EVENT_TIMERS,
        ],
    ),
    ("timers", &[PROCESSING_TIMERS, EVENT_TIMERS]),
    ("sink", &[]),
];

type Owned = (String, String, Option<String>, Option<String>, bool, bool);

fn owned(r: &Row) -> Owned {
    (r.0.into(), r.1.into(), r.2.map(Into::into), r.3.map(Into::into), r.4, r.5)
}

fn row_of(s: &Value) -> Owned {
    let text = |k: &str| s[k].as_str().map(str::to_string);
    (
        text("name").unwrap_or_default(),
        text("kind").unwrap_or_default(),
        text("key_type"),
        text("value_type"),
        s["ttl"].as_bool().unwrap(),
        s["kryo"].as_bool().unwrap(),
    )
}

/// `fsp -o json inspect --states` of a snapshot, every uid of [`EXPECTED`] looked for.
fn inspect_states(path: &str) -> Value {
    let mut cmd = crate::util::fsp();
    cmd.args(["-o", "json", "inspect", "--states", path]);
    for (uid, _) in EXPECTED {
        cmd.args(["--uid", uid]);
    }
    cmd.output_ok().json()
}

/// The differences between what fsp read of a snapshot and [`EXPECTED`], one line each, for `what`.
fn differences(what: &str, path: &str) -> Vec<String> {
    let v = inspect_states(path);
    let mut bad = Vec::new();
    let ops = v["operators"].as_array().unwrap();
    for (uid, want) in EXPECTED {
        let Some(o) = ops.iter().find(|o| o["matched_uid"] == *uid) else {
            bad.push(format!("{what}: no operator of uid {uid} in {path}"));
            continue;
        };
        // Flink keeps keyed states in hash maps: compare regardless of order
        let mut got: Vec<Owned> = o["states"].as_array().unwrap().iter().map(row_of).collect();
        if got.windows(2).any(|w| w[0].1 == "TIMERS" && w[1].1 != "TIMERS") {
            bad.push(format!("{what}: operator {uid}: timers before user states: {got:?}"));
        }
        let mut want: Vec<Owned> = want.iter().map(owned).collect();
        got.sort();
        want.sort();
        if got != want {
            bad.push(format!("{what}: operator {uid}: read {got:?}, expected {want:?}"));
        }
        if o["states_unread"] != serde_json::json!([]) {
            bad.push(format!("{what}: operator {uid}: unread: {}", o["states_unread"]));
        }
    }
    let unknown: Vec<&Value> = ops.iter().filter(|o| o["matched_uid"].is_null()).collect();
    if !unknown.is_empty() {
        bad.push(format!("{what}: operators of no expected uid: {unknown:?}"));
    }
    bad
}

fn savepoint(c: &Cluster, job: &str, format: &str) -> String {
    let out = c.fsp().args(["-o", "json", "savepoint", "--type", format, job]).output_ok();
    local(out.json()["location"].as_str().unwrap()).to_string_lossy().into_owned()
}

/// Cancel the job and return its retained latest checkpoint (RETAIN_ON_CANCELLATION) once it has `n` completed.
fn retained_checkpoint(job: &Job<'_>, n: u64) -> String {
    job.cluster.wait_for(&format!("{n} completed checkpoints of job {}", job.id), 90, || {
        job.checkpoints()["counts"]["completed"].as_u64().unwrap_or(0) >= n
    });
    job.cluster.cancel(&job.id);
    job.wait_state("CANCELED");
    // the statistics are cached for a few seconds: take the one chk-N directory left, not the latest they name
    let path = job.checkpoints()["latest"]["completed"]["external_path"].as_str().unwrap().to_string();
    let dir = local(&path).parent().unwrap().to_path_buf();
    let chks = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("chk-") && p.join("_metadata").is_file())
            .collect()
    };
    // a subsumed checkpoint is removed asynchronously, so one may still be on its way out (and the directory of
    // one aborted by the cancel, without _metadata, may stay behind)
    job.cluster.wait_for(&format!("one retained checkpoint in {}", dir.display()), 20, || chks().len() == 1);
    let left = chks();
    left[0].to_string_lossy().into_owned()
}

/// Whether Flink wrote a retained checkpoint incrementally: it says so by a `checkpointed_size` (what this
/// checkpoint uploaded) below its `state_size` (all the state it references). Small state files are inlined in
/// `_metadata`, so the `shared/` directory says nothing.
fn incremental(job: &Job<'_>, checkpoint: &str) -> bool {
    let id = checkpoint.rsplit("chk-").next().unwrap();
    let mut d = Value::Null;
    job.cluster.wait_for(&format!("the statistics of checkpoint {id}"), 20, || {
        d = job.cluster.get(&format!("/jobs/{}/checkpoints/details/{id}", job.id));
        d["state_size"].is_u64()
    });
    let (all, uploaded) = (d["state_size"].as_u64().unwrap(), d["checkpointed_size"].as_u64().unwrap());
    assert!(uploaded <= all, "checkpoint {id}: {d}");
    uploaded < all
}

fn start<'c>(c: &'c Cluster, name: &str, backend: &str, incremental: bool) -> Job<'c> {
    let mut args = vec!["--backend", backend, "--checkpoint-interval", "1000"];
    if incremental {
        args.push("--incremental");
    }
    let job = c.start_jar(&states_jar(c.version()), name, &args);
    let config = c.get(&format!("/jobs/{}/checkpoints/config", job.id));
    let want = if backend == "rocksdb" { "EmbeddedRocksDBStateBackend" } else { "HashMapStateBackend" };
    assert_eq!(config["state_backend"], want, "the job's state backend: {config}");
    job
}

on_each_version!(states_hashmap, states_rocksdb);

fn states_hashmap(kind: Kind) {
    every_snapshot(kind, "hashmap");
}

fn states_rocksdb(kind: Kind) {
    every_snapshot(kind, "rocksdb");
}

fn every_snapshot(kind: Kind, backend: &str) {
    let c = cluster(kind);
    let v = c.version();
    let mut bad = Vec::new();
    let job = start(c, &format!("states-{backend}-{v}"), backend, false);
    job.wait_completed_checkpoint();
    for format in ["canonical", "native"] {
        let sp = savepoint(c, &job.id, format);
        bad.extend(differences(&format!("{v} {backend} {format} savepoint"), &sp));
    }
    let full = retained_checkpoint(&job, 2);
    assert!(!incremental(&job, &full), "a full checkpoint: {full}");
    bad.extend(differences(&format!("{v} {backend} full checkpoint"), &full));
    if backend == "rocksdb" {
        let job = start(c, &format!("states-{backend}-incremental-{v}"), backend, true);
        let inc = retained_checkpoint(&job, 2);
        assert!(incremental(&job, &inc), "an incremental checkpoint: {inc}");
        // what it uploaded itself, per fsp (savepoint_metadata()'s operator-total-size-in-bytes, less the
        // coordinators' state, which the tasks do not report) and per Flink's statistics
        let v = crate::util::fsp().args(["-o", "json", "inspect", &inc]).output_ok().json();
        let ops = v["operators"].as_array().unwrap();
        let sum = |k: &str| ops.iter().map(|o| o[k].as_u64().unwrap()).sum::<u64>();
        let fsp = sum("operator-total-size-in-bytes") - sum("operator-coordinator-state-size-in-bytes");
        let id = inc.rsplit("chk-").next().unwrap();
        let flink = job.cluster.get(&format!("/jobs/{}/checkpoints/details/{id}", job.id))["checkpointed_size"].clone();
        assert_eq!(Some(fsp), flink.as_u64(), "checkpointed size of {inc}");
        assert!(fsp < sum("state_size"), "{v}");
        bad.extend(differences(&format!("{v} {backend} incremental checkpoint"), &inc));
    }
    assert!(bad.is_empty(), "fsp inspect --states read otherwise than the job declares:\n{}", bad.join("\n"));
}

/// Wait until a job's vertex whose name contains `name` has read records.
fn wait_records(job: &Job<'_>, name: &str) {
    job.cluster.wait_for(&format!("records read by {name} of job {}", job.id), 60, || {
        let j = job.cluster.get(&format!("/jobs/{}", job.id));
        j["vertices"].as_array().unwrap().iter().any(|v| {
            v["name"].as_str().unwrap_or("").contains(name) && v["metrics"]["read-records"].as_u64().unwrap_or(0) > 0
        })
    });
}

/// The Kryo experiment: a CANONICAL savepoint of the states job on Flink 1.20.3 (with Kryo 2 state in "kryo"),
/// restored on a 2.3.0 cluster with the 2.3.0 build of the same job. fsp's verdict and Flink's outcome.
#[test]
fn kryo_state_of_a_1_20_savepoint_restored_on_2_3() {
    let old = cluster(Kind::V1);
    let job = old.start_jar(&states_jar("1.20.3"), "kryo-1.20", &[]);
    wait_records(&job, "kryo");
    let sp = savepoint(old, &job.id, "canonical");
    drop(job);
    // fsp's verdict: one state, of the "kryo" operator, is Kryo-serialized
    let v = inspect_states(&sp);
    let kryo: Vec<(String, String)> = v["operators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["states"].as_array().unwrap().iter().map(move |s| (o, s)))
        .filter(|(_, s)| s["kryo"] == true)
        .map(|(o, s)| (o["matched_uid"].as_str().unwrap_or("?").to_string(), row_of(s).0))
        .collect();
    assert_eq!(kryo, [("kryo".to_string(), "kryo-state".to_string())], "fsp's Kryo verdict on {sp}");

    // fsp refuses the restore before anything is submitted, in --check and in run, and says how to go on
    let new = cluster(Kind::V2);
    let jar = states_jar("2.3.0");
    let check = new.fsp().args(["-o", "json", "run", "-s", &sp, "--check"]).arg(&jar).output_code();
    check
        .code(1)
        .stderr_has("fsp would not restore")
        .stderr_has("Kryo serializes 1 state(s) in it ('kryo-state' of ")
        .stderr_has("--force");
    let refused = new.fsp().args(["run", "-s", &sp]).arg(&jar).args(["--name", "kryo-refused"]).output_code();
    refused.code(1).stderr_has("not submitted").stderr_has("wrong values");
    assert!(new.jobs_named("kryo-refused").is_empty(), "a refused restore submitted a job");

    // Flink 2.3.0's outcome with --force: the restore itself succeeds and the job runs and checkpoints, no
    // exception ...
    let args = ["--checkpoint-interval", "1000", "--no-kryo-check"];
    let out = new
        .fsp()
        .args(["-o", "json", "run", "--force", "-s", &sp])
        .arg(&jar)
        .args(["--name", "kryo-2.3"])
        .args(args)
        .output_ok();
    out.stderr_has("--force: Kryo serializes 1 state(s)");
    let restored = Job { cluster: new, id: out.json()["job_id"].as_str().unwrap().to_string() };
    let before = restored.checkpoints()["counts"]["completed"].as_u64().unwrap_or(0);
    new.wait_for("two checkpoints after the restore", 60, || {
        restored.checkpoints()["counts"]["completed"].as_u64().unwrap_or(0) >= before + 2
    });
    assert_eq!(restored.state(), "RUNNING");
    assert_eq!(restored.restored_from().map(|p| local(&p)), Some(local(&sp)));
    let exceptions = new.get(&format!("/jobs/{}/exceptions", restored.id));
    assert_eq!(exceptions["exceptionHistory"]["entries"], serde_json::json!([]), "{exceptions}");
    drop(restored);

    // ... but the Kryo values it restored are not what 1.20 wrote: the job that checks them fails on the first
    // one it reads (no checkpointing, so no restarts: FAILED), its Long field intact, its ArrayList empty
    let out = new
        .fsp()
        .args(["-o", "json", "run", "--force", "-d", "-s", &sp])
        .arg(&jar)
        .args(["--name", "kryo-check-2.3"])
        .output_ok();
    let checked = Job { cluster: new, id: out.json()["job_id"].as_str().unwrap().to_string() };
    checked.wait_state("FAILED");
    let exceptions = new.get(&format!("/jobs/{}/exceptions", checked.id));
    // the root exception is "Recovery is suppressed by NoRestartBackoffTimeStrategy", caused by the job's check
    let root = exceptions["exceptionHistory"]["entries"][0]["stacktrace"].as_str().unwrap_or_default();
    let cause = root.lines().find_map(|l| l.split_once("java.lang.IllegalStateException: kryo-state of key "));
    let cause = cause.map(|(_, c)| c).unwrap_or_else(|| panic!("no kryo-state failure: {exceptions}"));
    assert!(cause.contains(" read back wrong: id ") && cause.ends_with(", tags []"), "{cause}");
    let first = format!("kryo-state of key {cause}");
    eprintln!("Flink 2.3.0 on the 1.20.3 savepoint {sp}: {first}");
}
