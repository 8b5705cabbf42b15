//! What state a snapshot holds: the meta information the state backends write at the start of each state
//! stream (`shared/reference/state-meta-format.md`). For keyed state the `KeyedBackendSerializationProxy`
//! (key serializer, then per state its name, backend type, kind and serializer snapshots); for operator state
//! the `OperatorBackendSerializationProxy` (names, distribution modes, serializers).
//!
//! One stream per operator is read (the first subtask that has one: every subtask writes the same proxy),
//! and only its head: up to the first key group or partition, which the handle in `_metadata` names. Decoding
//! is pure ([`keyed_proxy`], [`operator_proxy`]); [`read`] fetches the bytes: from local files, or, for a
//! snapshot on object storage, as byte ranges asked for all at once through a [`RangeReader`].

mod serializer;

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde::Serialize;

use super::reader::{ParseError, Reader, Result};
use super::{KeyedStream, Metadata, Operator, OperatorStream, ProxyEnd, Stream};
pub use serializer::Ser;
use serializer::Walker;

/// The most bytes read from the head of one state stream.
const MAX_PROXY_BYTES: u64 = 16 << 20;
/// The Snappy framing identifier that starts compressed operator state, right after the proxy.
const SNAPPY_HEADER_LEN: u64 = 10;

/// One state's meta information, as the proxy holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateMeta {
    pub name: String,
    /// `BackendStateType` ordinal: 0 KEY_VALUE, 1 OPERATOR, 2 BROADCAST, 3 PRIORITY_QUEUE, 4 KEY_VALUE_V2.
    pub backend: i32,
    pub options: Vec<(String, String)>,
    /// Serializer snapshots by their key (`VALUE_SERIALIZER`, …), as far as they were read.
    pub serializers: Vec<(String, Ser)>,
}

impl StateMeta {
    fn option(&self, key: &str) -> Option<&str> {
        self.options.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn serializer(&self, key: &str) -> Option<&Ser> {
        self.serializers.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }
}

/// A decoded serialization proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub version: i32,
    /// Whether the state data after the proxy is Snappy-compressed.
    pub compressed: bool,
    /// The key serializer (keyed proxies).
    pub key: Option<Ser>,
    /// How many states the proxy declares.
    pub declared: usize,
    /// The states read: all of them unless `stopped`.
    pub states: Vec<StateMeta>,
    /// Why the walk ended before the end: an unknown or legacy serializer snapshot class.
    pub stopped: Option<String>,
    /// The bytes read.
    pub len: usize,
}

/// `KeyedBackendSerializationProxy`.
pub fn keyed_proxy(bytes: &[u8]) -> Result<Proxy> {
    let mut r = Reader::new(bytes);
    let version = r.i32()?;
    if version != 6 {
        return refused(&r, "keyed", version, "6");
    }
    let compressed = r.bool()?;
    let mut w = Walker::new(&mut r);
    let key = w.top()?;
    let mut p = Proxy { version, compressed, key: Some(key), declared: 0, states: vec![], stopped: None, len: 0 };
    if let Some(why) = w.stopped.take() {
        p.stopped = Some(format!("{why}, in the key serializer"));
        p.len = w.r.pos();
        return Ok(p);
    }
    let at = w.r.pos();
    let n = w.r.u16()? as i16;
    let Ok(n) = usize::try_from(n) else { return Err(w.r.corrupt_at(at, format!("negative state count {n}"))) };
    p.declared = n;
    states(&mut w, n, &mut p)?;
    p.len = w.r.pos();
    Ok(p)
}

/// `OperatorBackendSerializationProxy`: operator (list and union) states, then broadcast states.
pub fn operator_proxy(bytes: &[u8]) -> Result<Proxy> {
    let mut r = Reader::new(bytes);
    let version = r.i32()?;
    if !(5..=6).contains(&version) {
        return refused(&r, "operator", version, "5 and 6");
    }
    let compressed = version >= 6 && r.bool()?;
    let mut w = Walker::new(&mut r);
    let mut p = Proxy { version, compressed, key: None, declared: 0, states: vec![], stopped: None, len: 0 };
    for what in ["operator state", "broadcast state"] {
        let at = w.r.pos();
        let n = w.r.u16()? as i16;
        let Ok(n) = usize::try_from(n) else {
            return Err(w.r.corrupt_at(at, format!("negative {what} count {n}")));
        };
        p.declared += n;
        if p.stopped.is_some() {
            break;
        }
        states(&mut w, n, &mut p)?;
    }
    p.len = w.r.pos();
    Ok(p)
}

fn refused<T>(r: &Reader<'_>, what: &str, version: i32, reads: &str) -> Result<T> {
    let m = if (1..6).contains(&version) {
        format!(
            "{what} state meta information of version {version}, which Flink 1.6 and older wrote and Flink 1.17+ cannot \
             read (fsp reads {reads}): restore it on Flink 1.7 to 1.16 and take a new savepoint there"
        )
    } else {
        format!("{what} state meta information of version {version}, which no Flink release wrote (fsp reads {reads})")
    };
    Err(r.corrupt_at(0, m))
}

fn states(w: &mut Walker<'_, '_>, n: usize, p: &mut Proxy) -> Result<()> {
    for _ in 0..n {
        let name = w.r.utf()?;
        let at = w.r.pos();
        let backend = w.r.i32()?;
        if !(0..=4).contains(&backend) {
            return Err(w.r.corrupt_at(at, format!("state '{name}': unknown backend state type {backend}")));
        }
        let n_opts = w.r.count("state option", 4)?;
        let mut options = Vec::with_capacity(n_opts);
        for _ in 0..n_opts {
            options.push((w.r.utf()?, w.r.utf()?));
        }
        let n_ser = w.r.count("serializer snapshot", 8)?;
        let mut meta = StateMeta { name, backend, options, serializers: Vec::with_capacity(n_ser) };
        for _ in 0..n_ser {
            let key = w.r.utf()?;
            let ser = w.top()?;
            meta.serializers.push((key, ser));
            if w.stopped.is_some() {
                break;
            }
        }
        let name = meta.name.clone();
        p.states.push(meta);
        if let Some(why) = w.stopped.take() {
            p.stopped = Some(format!("{why}, in the serializers of state '{name}'"));
            return Ok(());
        }
    }
    Ok(())
}

/// One state, for people and for JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct State {
    pub name: String,
    /// Keyed: `VALUE`, `LIST`, `MAP`, `REDUCING`, `AGGREGATING` (as Flink's `KEYED_STATE_TYPE`), `TIMERS`
    /// (`_timer_state/…`), `PRIORITY_QUEUE`; operator: `OPERATOR_LIST`, `OPERATOR_UNION`, `BROADCAST`.
    pub kind: String,
    /// The key's serializer: the operator's key for keyed state, the map key for broadcast state.
    pub key_type: Option<String>,
    pub value_type: Option<String>,
    pub ttl: bool,
    /// Kryo serializes the key or the value (a generic type).
    pub kryo: bool,
}

impl State {
    fn of(meta: &StateMeta, key: Option<&Ser>) -> State {
        let value = meta.serializer("VALUE_SERIALIZER");
        let opt = |k| meta.option(k).unwrap_or("UNKNOWN").to_string();
        let (kind, key) = match meta.backend {
            0 | 4 => (opt("KEYED_STATE_TYPE"), key),
            1 => (
                match meta.option("OPERATOR_STATE_DISTRIBUTION_MODE") {
                    Some("SPLIT_DISTRIBUTE") => "OPERATOR_LIST".into(),
                    Some("UNION") => "OPERATOR_UNION".into(),
                    other => format!("OPERATOR_{}", other.unwrap_or("UNKNOWN")),
                },
                None,
            ),
            2 => ("BROADCAST".into(), meta.serializer("KEY_SERIALIZER")),
            _ if meta.name.starts_with("_timer_state/") => ("TIMERS".into(), key),
            _ => ("PRIORITY_QUEUE".into(), key),
        };
        let mut value_type = value.map(Ser::display);
        // the async state API's map states keep the user key's serializer apart
        if let (Some(uk), Some(v)) = (meta.serializer("USER_KEY_SERIALIZER"), value) {
            value_type = Some(format!("Map<{}, {}>", uk.display(), v.display()));
        }
        let all = [key, value, meta.serializer("USER_KEY_SERIALIZER")];
        let has = |f: &dyn Fn(&Ser) -> bool| all.iter().flatten().any(|s| s.any(&|n| f(n)));
        State {
            name: meta.name.clone(),
            kind,
            key_type: key.map(Ser::display),
            value_type,
            ttl: value.is_some_and(|v| v.any(&|n| matches!(n, Ser::Ttl(_)))),
            kryo: has(&|n| matches!(n, Ser::Kryo(_))),
        }
    }
}

/// The states of one operator: user states first, then timers; `problems` says what could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OperatorStates {
    pub states: Vec<State>,
    pub problems: Vec<String>,
}

/// Where the state files are: the `_metadata` bytes (for inline state), and the snapshot's local directory
/// or, for a snapshot on object storage, a reader of byte ranges there (`None` for both: inline state only).
pub struct Source<'a> {
    pub metadata: &'a [u8],
    pub dir: Option<&'a Path>,
    pub remote: Option<&'a dyn RangeReader>,
}

/// One range of a state file to read: `len` bytes from byte `start` of `path`, a name relative to the
/// snapshot's directory (`relative`) or an absolute URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Range {
    pub path: String,
    pub relative: bool,
    pub start: u64,
    pub len: u64,
}

/// Reads byte ranges of the files of a snapshot on object storage (`storage::Remote`), all asked at once.
pub trait RangeReader {
    /// Each range's bytes (fewer when the file is shorter), or why it could not be read, in the order asked;
    /// and where each was read from, for messages.
    fn read_ranges(&self, ranges: &[Range]) -> Vec<(std::result::Result<Vec<u8>, String>, String)>;
}

/// What the remote reader returned, by range.
type Fetched = HashMap<Range, (std::result::Result<Vec<u8>, String>, String)>;

/// The states of every operator of `m`, in its order.
pub fn read(m: &Metadata, src: &Source<'_>) -> Vec<OperatorStates> {
    let fetched = prefetch(m, src);
    m.operators.iter().map(|o| operator_states(o, src, &fetched)).collect()
}

/// For a snapshot on object storage: the heads of every state file the operators' proxies are in, in one
/// batch of ranged reads.
fn prefetch(m: &Metadata, src: &Source<'_>) -> Fetched {
    let Some(remote) = src.remote else { return Fetched::new() };
    let mut ranges: Vec<Range> = Vec::new();
    for o in &m.operators {
        let keyed = o.streams.keyed.as_ref().and_then(|k| Some((k.stream.as_ref()?, k.proxy_end)));
        let operator = o.streams.operator.as_ref().and_then(|s| Some((s.stream.as_ref()?, s.proxy_end)));
        for (stream, end) in keyed.into_iter().chain(operator) {
            if let (Stream::File { path, relative, start, len }, Ok(limit)) = (stream, limit_of(end)) {
                let r = Range { path: path.clone(), relative: *relative, start: *start, len: (*len).min(limit) };
                if !ranges.contains(&r) {
                    ranges.push(r);
                }
            }
        }
    }
    let read = remote.read_ranges(&ranges);
    ranges.into_iter().zip(read).collect()
}

fn operator_states(o: &Operator, src: &Source<'_>, fetched: &Fetched) -> OperatorStates {
    let mut out = OperatorStates::default();
    let mut timers = Vec::new();
    if let Some(k) = &o.streams.keyed {
        match keyed(k, src, fetched) {
            Ok(p) => {
                for s in &p.states {
                    let st = State::of(s, p.key.as_ref());
                    if st.kind == "TIMERS" { timers.push(st) } else { out.states.push(st) }
                }
                if let Some(why) = &p.stopped {
                    out.problems.push(stopped("keyed", &p, why));
                }
            }
            Err(e) => out.problems.push(format!("keyed state: {e}")),
        }
    }
    if let Some(op) = &o.streams.operator {
        match operator(op, src, fetched) {
            Ok(p) => {
                out.states.extend(p.states.iter().map(|s| State::of(s, None)));
                if let Some(why) = &p.stopped {
                    out.problems.push(stopped("operator", &p, why));
                }
            }
            Err(e) => out.problems.push(format!("operator state: {e}")),
        }
    }
    out.states.extend(timers);
    out
}

fn stopped(what: &str, p: &Proxy, why: &str) -> String {
    let unread = p.declared.saturating_sub(p.states.len());
    let more = match unread {
        0 => String::new(),
        1 => "; 1 more state not read".into(),
        n => format!("; {n} more states not read"),
    };
    format!("{what} state: cannot read further: {why}{more}")
}

fn keyed(k: &KeyedStream, src: &Source<'_>, fetched: &Fetched) -> std::result::Result<Proxy, String> {
    let Some(stream) = &k.stream else {
        return Err(match k.tag {
            8 | 14 => "changelog state handles are not read yet".into(),
            t => format!("the keyed state handle (tag {t}) has no stream"),
        });
    };
    let (bytes, whence) = head(stream, k.proxy_end, src, fetched)?;
    let p = keyed_proxy(&bytes).map_err(|e| unreadable(&whence, &e))?;
    check_end(&p, &bytes, k.proxy_end, 0, &whence)?;
    Ok(p)
}

fn operator(o: &OperatorStream, src: &Source<'_>, fetched: &Fetched) -> std::result::Result<Proxy, String> {
    let Some(stream) = &o.stream else { return Err("the operator state handle has no stream".into()) };
    let (bytes, whence) = head(stream, o.proxy_end, src, fetched)?;
    let p = operator_proxy(&bytes).map_err(|e| unreadable(&whence, &e))?;
    check_end(&p, &bytes, o.proxy_end, if p.compressed { SNAPPY_HEADER_LEN } else { 0 }, &whence)?;
    Ok(p)
}

fn unreadable(whence: &str, e: &ParseError) -> String {
    let e = match e {
        ParseError::EndsEarly { at, short, .. } => {
            format!("the state meta information ends early: {short} more bytes needed at byte {at}")
        }
        e => e.to_string(),
    };
    format!("cannot read the state meta information in {whence}: {e}")
}

/// The cross-check of §7: a fully read proxy ends exactly where the handle says the data starts.
fn check_end(p: &Proxy, bytes: &[u8], end: ProxyEnd, gap: u64, whence: &str) -> std::result::Result<(), String> {
    if p.stopped.is_some() {
        return Ok(());
    }
    let read = p.len as u64;
    let want = match end {
        ProxyEnd::At(at) => at.saturating_sub(gap),
        ProxyEnd::StreamEnd => bytes.len() as u64,
        ProxyEnd::Unknown => return Ok(()),
    };
    if read != want {
        return Err(format!(
            "the state meta information in {whence} was misread: it ends at byte {read}, but the state data starts at \
             byte {want}"
        ));
    }
    Ok(())
}

/// How many bytes of a stream hold its proxy: up to where the handle says it ends, else (capped) all.
fn limit_of(end: ProxyEnd) -> std::result::Result<u64, String> {
    let limit = match end {
        ProxyEnd::At(at) => at,
        _ => MAX_PROXY_BYTES,
    };
    if limit > MAX_PROXY_BYTES {
        return Err(format!(
            "the state meta information is {limit} bytes long, more than the {MAX_PROXY_BYTES} bytes fsp reads"
        ));
    }
    Ok(limit)
}

/// The head of a stream: up to where the proxy must end, or the whole stream (capped) when that is not known.
fn head(
    stream: &Stream,
    end: ProxyEnd,
    src: &Source<'_>,
    fetched: &Fetched,
) -> std::result::Result<(Vec<u8>, String), String> {
    let limit = limit_of(end)?;
    match stream {
        Stream::Empty => Ok((vec![], "an empty segment".into())),
        Stream::Inline { offset, len } => {
            let n = (*len).min(limit as usize);
            let b = src.metadata.get(*offset..offset + n).ok_or("inline state outside _metadata")?;
            Ok((b.to_vec(), "the state inline in _metadata".into()))
        }
        Stream::File { path, relative, start, len } if src.remote.is_some() => {
            let n = (*len).min(limit);
            let range = Range { path: path.clone(), relative: *relative, start: *start, len: n };
            let (read, whence) = fetched.get(&range).ok_or("a state file fsp did not ask the object store for")?;
            let b = read.clone()?;
            if (b.len() as u64) < n {
                return Err(format!(
                    "{whence} is shorter than its state handle says: {} bytes where {n} belong",
                    b.len()
                ));
            }
            Ok((b, whence.clone()))
        }
        Stream::File { path, relative, start, len } => {
            let file = if *relative {
                let dir = src.dir.ok_or_else(|| remote_only(path))?;
                dir.join(path)
            } else {
                local_path(path).ok_or_else(|| remote_only(path))?
            };
            let whence =
                if *start > 0 { format!("{} (from byte {start})", file.display()) } else { file.display().to_string() };
            let n = (*len).min(limit);
            let read = || -> std::io::Result<Vec<u8>> {
                let mut f = std::fs::File::open(&file)?;
                f.seek(SeekFrom::Start(*start))?;
                let mut b = Vec::new();
                f.take(n).read_to_end(&mut b)?;
                Ok(b)
            };
            let b = read().map_err(|e| format!("cannot read {whence}: {e}"))?;
            if (b.len() as u64) < n {
                return Err(format!(
                    "{whence} is shorter than its state handle says: {} bytes where {n} belong",
                    b.len()
                ));
            }
            Ok((b, whence))
        }
    }
}

fn remote_only(path: &str) -> String {
    format!("{path} is on object storage: --states reads the state files of local snapshots only so far")
}

/// A `file:` URI or plain absolute path as a local path; `None` for other schemes.
fn local_path(uri: &str) -> Option<std::path::PathBuf> {
    if let Some(rest) = uri.strip_prefix("file:") {
        let rest = rest.strip_prefix("//").map_or(rest, |r| r.strip_prefix("localhost").unwrap_or(r));
        return Some(rest.into());
    }
    uri.starts_with('/').then(|| uri.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// `../shared/flink-snapshots` (see its README): the snapshots Flink's own tests wrote. Its absence fails
    /// the tests rather than skipping them.
    fn corpus() -> PathBuf {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/flink-snapshots");
        assert!(
            root.join("INDEX.tsv").is_file(),
            "{}: the real snapshots these tests read are missing",
            root.display()
        );
        root
    }

    /// Every snapshot directory of the corpus (single-file Flink 1.1/1.2 savepoints left out), by path.
    fn corpus_dirs() -> Vec<String> {
        corpus_index("directory")
    }

    /// The corpus entries of a layout (`directory`, or `single-file`: Flink 1.1 and 1.2 savepoints).
    fn corpus_index(kind: &str) -> Vec<String> {
        let index = std::fs::read_to_string(corpus().join("INDEX.tsv")).unwrap();
        let header: Vec<&str> = index.lines().next().unwrap().split('\t').collect();
        let col = |n: &str| header.iter().position(|c| *c == n).unwrap();
        let (path, layout) = (col("path"), col("layout"));
        index
            .lines()
            .skip(1)
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|c| c[layout] == kind)
            .map(|c| c[path].to_string())
            .collect()
    }

    fn states_of(rel: &str) -> (Metadata<'static>, Vec<OperatorStates>) {
        let dir = corpus().join(rel);
        let bytes = std::fs::read(dir.join("_metadata")).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let m = super::super::parse(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let s = read(&m, &Source { metadata: &bytes, dir: Some(&dir), remote: None });
        (m.into_owned(), s)
    }

    const RES: &str = "apache-flink/flink-tests/src/test/resources/";

    /// name, kind, key type, value type, ttl, kryo
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, bool, bool);

    fn rows(s: &OperatorStates) -> Vec<Row<'_>> {
        s.states
            .iter()
            .map(|s| (s.name.as_str(), s.kind.as_str(), s.key_type.as_deref(), s.value_type.as_deref(), s.ttl, s.kryo))
            .collect()
    }

    /// The states of the operator of `rel` whose first state is `first`.
    fn operator_with<'a>(all: &'a [OperatorStates], rel: &str, first: &str) -> &'a OperatorStates {
        all.iter()
            .find(|o| o.states.first().is_some_and(|s| s.name == first))
            .unwrap_or_else(|| panic!("{rel}: no operator with state {first}: {all:?}"))
    }

    fn no_problems(rel: &str, all: &[OperatorStates]) {
        for o in all {
            assert!(o.problems.is_empty(), "{rel}: {:?}", o.problems);
        }
    }

    #[test]
    fn the_stateful_job_of_flink_2_3_in_every_snapshot_kind_and_backend() {
        // StatefulJobSnapshotMigrationITCase: a keyed "state-name" ValueState<Long> with timers, keyed by Tuple1<Long>
        // (tag 7 canonical, tag 12 heap checkpoint and hashmap native, tag 11 RocksDB checkpoint and native)
        let timer = Some("Timer<Tuple1<Long>, Long>");
        let key = Some("Tuple1<Long>");
        for kind in ["savepoint", "checkpoint", "savepoint-native"] {
            for backend in ["hashmap", "rocksdb"] {
                let rel = format!("{RES}new-stateful-udf-migration-itcase-flink2.3-{backend}-{kind}");
                let (m, all) = states_of(&rel);
                no_problems(&rel, &all);
                let tag = m.operators.iter().find_map(|o| o.streams.keyed.as_ref()).unwrap().tag;
                let want_tag = match (backend, kind) {
                    (_, "savepoint") => 7,
                    ("hashmap", _) => 12,
                    _ => 11,
                };
                assert_eq!(tag, want_tag, "{rel}");
                let keyed = operator_with(&all, &rel, "state-name");
                assert_eq!(
                    rows(keyed),
                    vec![("state-name", "VALUE", key, Some("Long"), false, false)],
                    "{rel}: the stateless-timer operator has no user state"
                );
                let with_timers = all.iter().find(|o| o.states.len() == 2 && o.states[0].kind == "TIMERS").unwrap();
                assert_eq!(
                    rows(with_timers),
                    vec![
                        ("_timer_state/processing_timer", "TIMERS", key, timer, false, false),
                        ("_timer_state/event_timer", "TIMERS", key, timer, false, false),
                    ],
                    "{rel}"
                );
                let modes: std::collections::BTreeSet<_> = all
                    .iter()
                    .flat_map(|o| &o.states)
                    .filter(|s| s.name == "source-state")
                    .map(|s| s.kind.as_str())
                    .collect();
                assert_eq!(modes, ["OPERATOR_LIST", "OPERATOR_UNION"].into(), "{rel}");
            }
        }
    }

    #[test]
    fn broadcast_state_and_user_timers() {
        let rel = format!("{RES}new-stateful-broadcast-udf-migration-itcase-flink2.3-rocksdb-savepoint");
        let (_, all) = states_of(&rel);
        no_problems(&rel, &all);
        let timers = Some("Timer<Long, VoidNamespace>");
        let two = operator_with(&all, &rel, "broadcast-state-2");
        assert_eq!(
            rows(two),
            vec![
                ("broadcast-state-2", "BROADCAST", Some("String"), Some("Long"), false, false),
                ("broadcast-state-1", "BROADCAST", Some("Long"), Some("Long"), false, false),
                ("_timer_state/processing_user-timers", "TIMERS", Some("Long"), timers, false, false),
                ("_timer_state/event_user-timers", "TIMERS", Some("Long"), timers, false, false),
            ]
        );
        let three = operator_with(&all, &rel, "broadcast-state-3");
        assert_eq!(rows(three)[0], ("broadcast-state-3", "BROADCAST", Some("Long"), Some("String"), false, false));
    }

    #[test]
    fn window_list_reducing_and_the_legacy_default_operator_state() {
        // AbstractKeyedOperatorRestoreTestBase, inline in _metadata
        let rel = format!("{RES}operatorstate/complexKeyed-flink1.20");
        let (_, all) = states_of(&rel);
        no_problems(&rel, &all);
        let key = Some("Tuple1<Int>");
        let timer = Some("Timer<Tuple1<Int>, GlobalWindow>");
        assert_eq!(
            rows(operator_with(&all, &rel, "values")),
            vec![
                ("values", "LIST", key, Some("List<Int>"), false, false),
                ("count", "REDUCING", key, Some("Long"), false, false),
                ("window-contents", "LIST", key, Some("List<Tuple2<Int, Int>>"), false, false),
                ("_timer_state/processing_window-timers", "TIMERS", key, timer, false, false),
                ("_timer_state/event_window-timers", "TIMERS", key, timer, false, false),
            ]
        );
        assert_eq!(
            rows(operator_with(&all, &rel, "_default_")),
            vec![("_default_", "OPERATOR_LIST", None, Some("JavaSerializer"), false, false)]
        );
    }

    #[test]
    fn pojo_avro_map_and_list_state_of_the_state_processor_tables() {
        let rel = "apache-flink/flink-libraries/flink-state-processing-api/src/test/resources/table-state";
        let (_, all) = states_of(rel);
        no_problems(rel, &all);
        let key = Some("Long");
        let keyed = operator_with(&all, rel, "KeyedPrimitiveValue");
        assert_eq!(
            rows(keyed)[..6],
            [
                ("KeyedPrimitiveValue", "VALUE", key, Some("Long"), false, false),
                (
                    "KeyedGenericAvroValue",
                    "VALUE",
                    key,
                    Some("Avro org.apache.avro.generic.GenericRecord"),
                    false,
                    false
                ),
                (
                    "KeyedPojoValue",
                    "VALUE",
                    key,
                    Some("POJO com.example.state.writer.job.schema.PojoData"),
                    false,
                    false
                ),
                ("KeyedPrimitiveValueMap", "MAP", key, Some("Map<String, Long>"), false, false),
                ("KeyedPrimitiveValueList", "LIST", key, Some("List<Long>"), false, false),
                (
                    "KeyedSpecificAvroValue",
                    "VALUE",
                    key,
                    Some("Avro com.example.state.writer.job.schema.avro.AvroRecord"),
                    false,
                    false
                ),
            ]
        );
    }

    #[test]
    fn ttl_on_table_state_and_kryo_keys_of_the_scala_job() {
        let rel = "apache-flink/flink-table/flink-table-planner/src/test/resources/restore-tests/\
                   stream-exec-group-aggregate_1/agg-with-state-ttl-hint/savepoint";
        let (_, all) = states_of(rel);
        no_problems(rel, &all);
        assert_eq!(
            rows(operator_with(&all, rel, "accState"))[0],
            ("accState", "VALUE", Some("RowData<Long>"), Some("RowData<Long, Long, Long, StringData>"), true, false)
        );

        let rel = "apache-flink-history/flink-tests/src/test/resources/\
                   stateful-scala-udf-migration-itcase-flink1.20-rocksdb-savepoint-native";
        let (_, all) = states_of(rel);
        no_problems(rel, &all);
        let o = operator_with(&all, rel, "caseClassState");
        let names: Vec<&str> = o.states.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "caseClassState",
                "caseClassWithNestingState",
                "collectionState",
                "tryState",
                "tryFailureState",
                "optionState",
                "optionNoneState",
                "eitherLeftState",
                "eitherRightState",
                "enumOneState",
                "enumThreeState"
            ]
        );
        let case_class = "CaseClass org.apache.flink.api.scala.migration.CustomCaseClass<String, Long>";
        for s in &o.states {
            assert_eq!(
                (s.kind.as_str(), s.key_type.as_deref(), s.kryo, s.ttl),
                ("VALUE", Some("Kryo java.lang.Object"), true, false)
            );
        }
        assert_eq!(o.states[0].value_type.as_deref(), Some(case_class));
        assert_eq!(o.states[2].value_type, Some(format!("Traversable<{case_class}>")));
        assert_eq!(o.states[5].value_type, Some(format!("Option<{case_class}>")));
        assert_eq!(o.states[7].value_type, Some(format!("Either<{case_class}, String>")));
        assert_eq!(
            o.states[9].value_type.as_deref(),
            Some("Enumeration org.apache.flink.api.scala.migration.CustomEnum$")
        );
    }

    #[test]
    fn an_unknown_serializer_class_stops_the_walk_and_says_what_was_read() {
        let rel = "apache-flink-history/flink-tests/src/test/resources/\
                   type-serializer-snapshot-migration-itcase-flink1.15-rocksdb-checkpoint";
        let (_, all) = states_of(rel);
        let o = all.iter().find(|o| !o.problems.is_empty()).unwrap();
        assert_eq!(o.states[0].name, "testState");
        assert_eq!(o.states[0].kind, "VALUE");
        let class = "org.apache.flink.test.migration.TypeSerializerSnapshotMigrationITCase$TestSerializerSnapshot";
        assert!(o.states[0].value_type.as_ref().unwrap().contains(&format!("unknown {class}")), "{o:?}");
        assert!(
            o.problems[0].starts_with(&format!(
                "keyed state: cannot read further: unknown serializer snapshot class {class}, in the serializers of state \
                 'testState'"
            )),
            "{:?}",
            o.problems
        );
    }

    /// Every snapshot Flink's tests wrote: each operator with managed state yields its states or says why not.
    #[test]
    fn every_corpus_snapshot_yields_its_states_or_a_reason_per_operator() {
        let dirs = corpus_dirs();
        assert!(dirs.len() > 600, "{}", dirs.len());
        let (mut complete, mut operators, mut states, mut refused) = (0, 0, 0, 0);
        // Flink 1.1 and 1.2 savepoints (single files, and two V1 directories): a reason, never states
        let single: Vec<_> = corpus_index("single-file").into_iter().map(|rel| (corpus().join(&rel), rel)).collect();
        assert_eq!(single.len(), 8);
        for (file, rel) in &single {
            let e = super::super::parse(&std::fs::read(file).unwrap()).unwrap_err().to_string();
            assert!(e.contains("savepoint format, which fsp does not read"), "{rel}: {e}");
            refused += 1;
        }
        for rel in &dirs {
            let dir = corpus().join(rel);
            let bytes = std::fs::read(dir.join("_metadata")).unwrap();
            let m = match super::super::parse(&bytes) {
                Ok(m) => m,
                Err(e) => {
                    let e = e.to_string();
                    assert!(e.contains("format V1 is Flink 1.2's savepoint format"), "{rel}: {e}");
                    refused += 1;
                    continue;
                }
            };
            let all = read(&m, &Source { metadata: &bytes, dir: Some(&dir), remote: None });
            let mut whole = true;
            for (o, s) in m.operators.iter().zip(&all) {
                let managed = o.streams.keyed.is_some() || o.streams.operator.is_some();
                assert!(!managed || !s.states.is_empty() || !s.problems.is_empty(), "{rel} {}: nothing", o.id);
                for p in &s.problems {
                    whole = false;
                    let expected = p.contains("cannot read further: ")
                        || p.contains("which Flink 1.6 and older wrote")
                        || p.contains("changelog state handles are not read yet");
                    assert!(expected, "{rel} {}: {p}", o.id);
                }
                operators += usize::from(managed);
                states += s.states.len();
            }
            complete += usize::from(whole);
        }
        assert_eq!(refused, 8 + 2, "Flink 1.1 and 1.2 savepoints, refused with the reason");
        assert!(complete >= 590, "{complete} snapshots read completely");
        assert!(operators > 1500 && states > 5000, "{operators} operators, {states} states");
    }

    /// The heads of the state streams of a few real snapshots: (keyed proxy, operator proxy) bytes.
    fn real_proxies() -> Vec<(String, Vec<u8>, bool)> {
        let mut out = Vec::new();
        for rel in [
            format!("{RES}new-stateful-broadcast-udf-migration-itcase-flink2.3-rocksdb-savepoint"),
            format!("{RES}operatorstate/complexKeyed-flink1.20"),
            "apache-flink/flink-libraries/flink-state-processing-api/src/test/resources/table-state".into(),
            "apache-flink/flink-table/flink-table-planner/src/test/resources/restore-tests/stream-exec-group-aggregate_1/\
             agg-with-state-ttl-hint/savepoint"
                .into(),
        ] {
            let dir = corpus().join(&rel);
            let bytes = std::fs::read(dir.join("_metadata")).unwrap();
            let m = super::super::parse(&bytes).unwrap();
            let src = Source { metadata: &bytes, dir: Some(&dir), remote: None };
            for o in &m.operators {
                if let Some(k) = &o.streams.keyed {
                    let (b, _) = head(k.stream.as_ref().unwrap(), k.proxy_end, &src, &Fetched::new()).unwrap();
                    out.push((rel.clone(), b, true));
                }
                if let Some(op) = &o.streams.operator {
                    let (b, _) = head(op.stream.as_ref().unwrap(), op.proxy_end, &src, &Fetched::new()).unwrap();
                    out.push((rel.clone(), b, false));
                }
            }
        }
        // subtasks and operators often repeat a proxy
        let mut seen = std::collections::HashSet::new();
        out.retain(|(_, b, _)| seen.insert(b.clone()));
        out
    }

    #[test]
    fn every_truncation_and_bit_flip_of_a_real_proxy_is_an_error_or_a_parse_never_a_panic() {
        let proxies = real_proxies();
        assert!(proxies.len() > 10);
        for (rel, b, keyed) in &proxies {
            let decode = |b: &[u8]| if *keyed { keyed_proxy(b) } else { operator_proxy(b) };
            let full = decode(b).unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(full.len, b.len(), "{rel}");
            for len in 0..b.len() {
                let e = decode(&b[..len]).unwrap_err();
                assert!(e.ends_early(), "{rel} cut at {len}: {e}");
            }
            for i in 0..b.len() {
                for bit in 0..8 {
                    let mut c = b.clone();
                    c[i] ^= 1 << bit;
                    if let Ok(p) = decode(&c) {
                        assert!(p.len <= c.len() && p.states.len() <= p.declared);
                    }
                }
            }
        }
    }

    /// Builds serializer snapshots byte by byte, as state-meta-format.md §4–§5 describe them.
    #[derive(Default)]
    struct B(Vec<u8>);

    impl B {
        fn i32(&mut self, v: i32) -> &mut Self {
            self.0.extend(v.to_be_bytes());
            self
        }
        fn utf(&mut self, s: &str) -> &mut Self {
            self.0.extend((s.len() as u16).to_be_bytes());
            self.0.extend(s.as_bytes());
            self
        }
        fn simple(&mut self, name: &str) -> &mut Self {
            self.utf(&format!("org.apache.flink.api.common.typeutils.base.{name}Serializer${name}SerializerSnapshot"))
                .i32(3)
        }
        /// A composite's head (snapshot version 3, magic, outer version); the outer body and nested follow.
        fn composite(&mut self, class: &str, outer: i32) -> &mut Self {
            self.utf(class).i32(3).i32(911_108).i32(outer)
        }
        fn nested(&mut self, n: i32) -> &mut Self {
            self.i32(1_333_245).i32(1).i32(n)
        }
    }

    #[test]
    fn composites_the_corpus_lacks_decode_as_laid_out() {
        let rt = "org.apache.flink.api.java.typeutils.runtime.";
        let mut b = B::default();
        b.i32(6).0.push(0); // version 6, not compressed
        b.i32(2).simple("String"); // key
        b.0.extend(1i16.to_be_bytes());
        b.utf("orders").i32(0).i32(1).utf("KEYED_STATE_TYPE").utf("MAP").i32(2);
        b.utf("NAMESPACE_SERIALIZER")
            .i32(2)
            .utf("org.apache.flink.runtime.state.VoidNamespaceSerializer$VoidNamespaceSerializerSnapshot")
            .i32(3);
        b.utf("VALUE_SERIALIZER")
            .i32(2)
            .composite("org.apache.flink.api.common.typeutils.base.MapSerializerSnapshot", 1)
            .nested(2);
        b.simple("Long");
        b.composite("org.apache.flink.runtime.state.ttl.TtlStateFactory$TtlSerializerSnapshot", 2)
            .nested(2)
            .simple("Long");
        b.composite(&format!("{rt}RowSerializer$RowSerializerSnapshot"), 4).0.push(1);
        b.nested(4);
        b.composite(&format!("{rt}NullableSerializer$NullableSerializerSnapshot"), 2).i32(8).nested(1).simple("Long");
        b.composite("org.apache.flink.api.common.typeutils.base.GenericArraySerializerSnapshot", 1)
            .utf("java.lang.String");
        b.nested(1).simple("String");
        b.composite(&format!("{rt}JavaEitherSerializerSnapshot"), 1).nested(2).simple("Int");
        b.utf(&format!("{rt}kryo.KryoSerializerSnapshot")).i32(2).utf("com.example.Foo");
        for _ in 0..3 {
            b.0.extend(0x4F2_C69A_3D70i64.to_be_bytes());
            b.i32(0);
        }
        b.utf("org.apache.flink.api.common.typeutils.base.EnumSerializer$EnumSerializerSnapshot").i32(3);
        b.utf("com.example.Color").i32(2).utf("RED").utf("GREEN");
        let p = keyed_proxy(&b.0).unwrap();
        assert_eq!((p.len, p.declared, p.stopped.as_deref()), (b.0.len(), 1, None));
        let s = State::of(&p.states[0], p.key.as_ref());
        assert_eq!(
            s,
            State {
                name: "orders".into(),
                kind: "MAP".into(),
                key_type: Some("String".into()),
                value_type: Some(
                    "Map<Long, Row<Nullable<Long>, String[], Either<Int, Kryo com.example.Foo>, Enum com.example.Color>>"
                        .into()
                ),
                ttl: true,
                kryo: true,
            }
        );
        // every cut of it ends early
        for len in 0..b.0.len() {
            assert!(keyed_proxy(&b.0[..len]).unwrap_err().ends_early(), "cut at {len}");
        }
    }

    #[test]
    fn state_files_of_a_snapshot_on_object_storage_are_not_read_yet() {
        let rel = format!("{RES}new-stateful-udf-migration-itcase-flink2.3-hashmap-savepoint");
        let bytes = std::fs::read(corpus().join(&rel).join("_metadata")).unwrap();
        let m = super::super::parse(&bytes).unwrap();
        let all = read(&m, &Source { metadata: &bytes, dir: None, remote: None });
        let problems: Vec<&String> = all.iter().flat_map(|o| &o.problems).collect();
        assert!(!problems.is_empty());
        for p in problems {
            assert!(
                p.ends_with("is on object storage: --states reads the state files of local snapshots only so far"),
                "{p}"
            );
        }
    }

    #[test]
    fn refused_versions_and_corrupt_counts_are_named() {
        let e = keyed_proxy(&[0, 0, 0, 4, 0]).unwrap_err();
        assert!(!e.ends_early());
        assert!(
            e.to_string().contains("keyed state meta information of version 4, which Flink 1.6 and older wrote"),
            "{e}"
        );
        let e = operator_proxy(&[0, 0, 0, 9]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "at byte 0: operator state meta information of version 9, which no Flink release wrote (fsp reads 5 and 6)"
        );
        // version 6, not compressed, then no states of either kind
        let p = operator_proxy(&[0, 0, 0, 6, 0, 0, 0, 0, 0]).unwrap();
        assert_eq!((p.declared, p.len, p.compressed), (0, 9, false));
        let e = operator_proxy(&[0, 0, 0, 6, 0, 0xFF, 0xFF, 0, 0]).unwrap_err();
        assert_eq!(e.to_string(), "at byte 5: negative operator state count -1");
    }
}
