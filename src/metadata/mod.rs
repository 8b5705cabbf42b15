//! Flink's checkpoint and savepoint `_metadata` files, read without a JVM.
//!
//! Formats V2 to V7 (Flink 1.3 to 2.3, and the unreleased V7): the checkpoint id, every operator with its
//! id, name and uid (V5+), parallelism, the kinds and size of its state, and every file its state handles
//! reference; for V4+ also whether it is a savepoint or a checkpoint and its format, from the Java-serialized
//! `CheckpointProperties` trailer. The parser is pure (bytes in, data out), checks every count against the
//! bytes left, and never panics on corrupt input. Its [`ParseError`] says whether the file ends early (cut
//! short, or still being written), is not a `_metadata` file, has a format version fsp does not read (naming
//! the Flink releases that wrote it), or is corrupt at a given byte. V2 files of Flink 1.3 can hold legacy
//! (`Checkpointed`) state: it is read, shown as `legacy`, and warned about. The byte format is described in
//! `shared/reference/metadata-format.md`.

mod java;
mod reader;
pub mod states;
pub mod version;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

pub use reader::ParseError;
use reader::{Reader, Result};

pub const MAGIC: u32 = 0x4960_672D;
const MASTER_STATE_MAGIC: u32 = 0xC96B_1696;
/// Flink's upper bound on max parallelism (`KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM`): no operator
/// has more subtasks, no handle more key groups.
const MAX_PARALLELISM: usize = 1 << 15;

/// A parsed `_metadata` file. File paths are borrowed from the bytes it was parsed from (`'a`) where they are
/// stored as plain UTF-8, which they almost always are; [`Metadata::into_owned`] detaches it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata<'a> {
    pub version: i32,
    pub checkpoint_id: i64,
    pub master_states: usize,
    /// Operators sorted by id.
    pub operators: Vec<Operator<'a>>,
    /// From the V4+ trailer; `None` before V4 or when the trailer could not be read.
    pub properties: Option<Properties>,
    /// Non-fatal findings (an unreadable trailer).
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Properties {
    /// `savepoint` or `checkpoint`.
    pub kind: String,
    /// For savepoints: `CANONICAL` or `NATIVE`.
    pub format: Option<String>,
    /// Flink's name of the snapshot type ("Savepoint", "Checkpoint", "Full Checkpoint").
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operator<'a> {
    /// 32 lowercase hex characters, as Flink shows operator ids.
    pub id: String,
    /// V5+ only; `None` when absent.
    pub name: Option<String>,
    pub uid: Option<String>,
    pub parallelism: i32,
    pub max_parallelism: i32,
    /// Subtask records in the file (finished ones included).
    pub subtasks: usize,
    pub finished_subtasks: usize,
    /// The whole operator finished (all its subtasks); it has no state.
    pub finished: bool,
    pub state: StateKinds,
    /// Σ of the handle sizes (Flink's `getStateSize`).
    pub state_size: u64,
    /// What this snapshot itself wrote (Flink's `getCheckpointedSize`): the state size, but for incremental
    /// and changelog handles the part new in this checkpoint, as they record it.
    pub checkpointed_size: u64,
    /// The size of the operator coordinator's state (part of both sizes above).
    pub coordinator_state_size: u64,
    /// Files referenced, deduplicated, in first-seen order.
    pub files: Vec<FileRef<'a>>,
    /// Directories referenced: the task-owned and shared directories that file-merging operator state
    /// handles (tag 17) name, as stored (absolute URIs), deduplicated, in first-seen order. Flink manages
    /// them as a whole; the files in them are named by segment handles (tag 15) like any other file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dirs: Vec<String>,
    /// Where the first subtask with managed state keeps it, for reading its meta information ([`states`]).
    #[serde(skip)]
    pub streams: StateStreams,
}

/// Where a state stream's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stream {
    /// Inline in `_metadata` (tag 1): `len` bytes from byte `offset` of it.
    Inline { offset: usize, len: usize },
    /// A file (tags 2, 6, 15): relative to the snapshot directory, or an absolute URI; for a segment of a merged
    /// file (tag 15), `len` bytes from byte `start`.
    File { path: String, relative: bool, start: u64, len: u64 },
    /// An empty segment (tag 16), or a key-groups handle without a delegate.
    Empty,
}

/// Where the serialization proxy at the start of a state stream must end, by what the handle says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyEnd {
    /// At this byte: the smallest non-zero key-group offset, or the smallest operator-state partition offset.
    At(u64),
    /// At the end of the stream: every key-group offset is 0 (no data), or a RocksDB `metaData` stream.
    StreamEnd,
    /// Not known from the handle (operator state without partitions).
    Unknown,
}

/// The managed keyed state handle of an operator's first subtask that has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyedStream {
    /// The keyed handle's tag (metadata-format.md §7).
    pub tag: u8,
    /// The stream holding the keyed backend's proxy: the delegate (tags 3, 7, 12) or the `metaData` stream
    /// (5, 11); `None` for changelog handles (8, 14) and a null delegate.
    pub stream: Option<Stream>,
    pub proxy_end: ProxyEnd,
}

/// The managed operator state handle of an operator's first subtask that has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorStream {
    pub stream: Option<Stream>,
    pub proxy_end: ProxyEnd,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateStreams {
    pub keyed: Option<KeyedStream>,
    pub operator: Option<OperatorStream>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StateKinds {
    pub keyed: bool,
    pub operator: bool,
    pub raw: bool,
    pub coordinator: bool,
    pub channel: bool,
    /// Flink 1.1's `Checkpointed` state, which V2 files written by Flink 1.3 can hold and Flink 1.4+ refuses.
    pub legacy: bool,
}

impl StateKinds {
    pub fn any(&self) -> bool {
        self.keyed || self.operator || self.raw || self.coordinator || self.channel || self.legacy
    }

    pub fn names(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        for (on, name) in [
            (self.keyed, "keyed"),
            (self.operator, "operator"),
            (self.raw, "raw"),
            (self.coordinator, "coordinator"),
            (self.channel, "channel"),
            (self.legacy, "legacy"),
        ] {
            if on {
                v.push(name);
            }
        }
        v
    }
}

/// A file a state handle points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRef<'a> {
    /// As stored: a file name relative to the snapshot directory, or an absolute URI. Borrowed from the
    /// `_metadata` bytes unless Java's modified UTF-8 had to be decoded.
    pub path: Cow<'a, str>,
    pub relative: bool,
    /// The handle's size (for a segment, the segment's).
    pub size: u64,
}

impl Metadata<'_> {
    /// The same, owning its file paths (no longer tied to the bytes it was parsed from).
    pub fn into_owned(self) -> Metadata<'static> {
        let operators = self.operators.into_iter().map(Operator::into_owned).collect();
        Metadata { operators, ..self }
    }

    pub fn total_state_size(&self) -> u64 {
        self.operators.iter().map(|o| o.state_size).sum()
    }

    pub fn is_savepoint(&self) -> Option<bool> {
        self.properties.as_ref().map(|p| p.kind == "savepoint")
    }

    /// Every referenced file, deduplicated by path.
    pub fn files(&self) -> Vec<&FileRef<'_>> {
        let mut seen = std::collections::BTreeSet::new();
        self.operators.iter().flat_map(|o| &o.files).filter(|f| seen.insert(&*f.path)).collect()
    }
}

impl Operator<'_> {
    /// The same, owning its file paths.
    pub fn into_owned(self) -> Operator<'static> {
        let files = self.files.into_iter().map(FileRef::into_owned).collect();
        Operator { files, ..self }
    }
}

impl FileRef<'_> {
    /// The same, owning its path.
    pub fn into_owned(self) -> FileRef<'static> {
        FileRef { path: Cow::Owned(self.path.into_owned()), relative: self.relative, size: self.size }
    }
}

/// Flink's operator id for a uid (`StreamGraphHasherV2`): murmur3_x64_128 with seed 0 over the UTF-8 bytes,
/// h1 then h2, each little-endian.
pub fn operator_id(uid: &str) -> String {
    let h = murmur3::murmur3_x64_128(&mut uid.as_bytes(), 0).unwrap_or_default();
    // The crate returns (h2 << 64) | h1; Guava's bytes are h1 LE then h2 LE, which is the u128 in LE order.
    hex(&h.to_le_bytes())
}

pub fn hex(bytes: &[u8]) -> String {
    // one String, two table look-ups a byte: a format! per byte was a third of `prune` over 100,000 snapshots
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0xF)]));
    }
    s
}

/// Parse a whole `_metadata` file.
pub fn parse(bytes: &[u8]) -> std::result::Result<Metadata<'_>, ParseError> {
    let mut r = Reader::new(bytes);
    // A file shorter than the magic number is cut short only if what it has is the magic's start.
    let head = &bytes[..bytes.len().min(4)];
    if head != &MAGIC.to_be_bytes()[..head.len()] {
        return Err(ParseError::NotMetadata { found: format!("0x{}", hex(head).to_uppercase()) });
    }
    r.i32()?;
    let version = r.i32()?;
    if !version::READ.contains(&version) {
        return Err(ParseError::UnsupportedVersion { version });
    }
    let checkpoint_id = r.i64()?;
    if checkpoint_id < 0 {
        return r.err(format!("negative checkpoint id {checkpoint_id}"));
    }
    let masters = r.count("master state", 8)?;
    for _ in 0..masters {
        master_state(&mut r)?;
    }
    let n = r.count("operator", 32)?;
    let mut operators = Vec::with_capacity(n);
    for _ in 0..n {
        operators.push(operator(&mut r, version)?);
    }
    operators.sort_by(|a, b| a.id.cmp(&b.id));
    let mut warnings: Vec<String> = operators
        .iter()
        .filter(|o| o.state.legacy)
        .map(|o| {
            format!(
                "operator {} holds legacy state (Flink 1.1's Checkpointed interface or StreamCheckpointedOperator, \
                 which Flink 1.3 still wrote): Flink 1.4 and later refuse to restore it. To keep it, restore on \
                 Flink 1.3 with the function moved to CheckpointedFunction and CheckpointedRestoring (which reads \
                 the old state), then take a new savepoint there",
                o.id
            )
        })
        .collect();
    if version >= 4 && r.remaining() == 0 {
        return Err(ParseError::EndsEarly {
            at: r.pos(),
            end: r.pos(),
            short: 4,
            at_least: true,
            what: "the CheckpointProperties trailer that format V4 and later put after the operators".into(),
        });
    }
    let properties = if version >= 4 {
        let at = r.pos();
        match java::read_object(&mut r).map(|v| properties(&v)) {
            Ok(Some(p)) => Some(p),
            Ok(None) => {
                warnings.push(format!("the properties trailer at byte {at} is not CheckpointProperties"));
                None
            }
            // A trailer cut short is a truncated file, which Flink cannot load either.
            Err(e) if e.ends_early() => return Err(e),
            Err(e) => {
                warnings.push(format!("cannot read the properties trailer: {e}"));
                None
            }
        }
    } else {
        None
    };
    if properties.is_some() && r.remaining() > 0 {
        warnings.push(format!("{} unexpected bytes after the properties trailer", r.remaining()));
    }
    if version < 4 && r.remaining() > 0 {
        return r.err(format!("{} unexpected bytes after the last operator", r.remaining()));
    }
    Ok(Metadata { version, checkpoint_id, master_states: masters, operators, properties, warnings })
}

fn properties(v: &java::Value) -> Option<Properties> {
    if v.class()? != "org.apache.flink.runtime.checkpoint.CheckpointProperties" {
        return None;
    }
    let t = v.field("checkpointType")?;
    let name = match t.field("name") {
        Some(java::Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let class = t.class()?;
    if class.ends_with(".SavepointType") {
        let format = match t.field("formatType") {
            Some(java::Value::Enum { constant, .. }) => Some(constant.clone()),
            _ => None,
        };
        Some(Properties { kind: "savepoint".into(), format, name })
    } else {
        Some(Properties { kind: "checkpoint".into(), format: None, name })
    }
}

fn master_state(r: &mut Reader<'_>) -> Result<()> {
    let magic = r.i32()? as u32;
    if magic != MASTER_STATE_MAGIC {
        return r.err(format!("bad master state magic {magic:#010x}"));
    }
    let n = r.count("master state byte", 1)?;
    r.skip(n)
}

/// Sizes, kinds and files of one operator, accumulated while walking its handles.
#[derive(Default)]
struct Acc<'a> {
    size: u64,
    checkpointed: u64,
    files: Vec<FileRef<'a>>,
    /// Directories named by tag-17 handles, deduplicated.
    dirs: Vec<String>,
    /// The paths in `files`, borrowed from the input where they can be (a decoded path equal to a borrowed
    /// one is the same key).
    seen: HashSet<Cow<'a, str>, PathHash>,
    streams: StateStreams,
    /// [`Acc::presize`] has reserved room.
    presized: bool,
}

impl<'a> Acc<'a> {
    fn add(&mut self, n: i64) {
        let n = u64::try_from(n).unwrap_or(0);
        self.size = self.size.saturating_add(n);
        self.checkpointed = self.checkpointed.saturating_add(n);
    }

    fn file(&mut self, path: Cow<'a, str>, relative: bool, size: i64) {
        if self.seen.insert(path.clone()) {
            self.files.push(FileRef { path, relative, size: u64::try_from(size).unwrap_or(0) });
        }
    }

    /// After the first subtask that references files, room for as many again per subtask still to come (the
    /// format gives no total; subtasks of one operator hold about as many files each), so the list and the
    /// dedup set do not grow step by step. Bounded by what the bytes left can hold at the rate that subtask
    /// used them (`used` bytes for its files), so no count in a corrupt file can make it reserve more than
    /// the input could describe.
    fn presize(&mut self, used: usize, subtasks_left: usize, bytes_left: usize) {
        if self.presized || self.files.is_empty() {
            return;
        }
        self.presized = true;
        let per = self.files.len();
        let more = per.saturating_mul(subtasks_left).min(bytes_left / used.div_ceil(per).max(1));
        self.files.reserve(more);
        self.seen.reserve(more);
    }

    /// The files of a nested handle, after this handle's own.
    fn files_of(&mut self, nested: Acc<'a>) {
        for f in nested.files {
            self.file(f.path, f.relative, f.size as i64);
        }
    }
}

/// The hasher of [`Acc::seen`]: std's SipHash was a third of the parse of a large incremental checkpoint
/// (hundreds of thousands of paths). This one folds 8 bytes at a time into a 128-bit multiply, seeded per
/// process from std's random keys, as foldhash and ahash's fallback do: fast, and with the minimal resistance
/// to crafted collisions that a seed gives (which at worst make the dedup slow, never wrong).
#[derive(Clone)]
struct PathHash(u64);

impl Default for PathHash {
    fn default() -> Self {
        thread_local!(static SEED: u64 = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u64));
        PathHash(SEED.with(|s| *s))
    }
}

impl std::hash::BuildHasher for PathHash {
    type Hasher = PathHasher;
    fn build_hasher(&self) -> PathHasher {
        PathHasher(self.0)
    }
}

struct PathHasher(u64);

impl PathHasher {
    fn fold(&mut self, x: u64) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let m = u128::from(self.0 ^ x) * u128::from(K);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl std::hash::Hasher for PathHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.fold(u64::from_le_bytes(a));
        }
        // The last 8 bytes (overlapping the chunks above), or the few there are, with the length.
        let tail = match bytes.last_chunk::<8>() {
            Some(t) if !chunks.remainder().is_empty() => u64::from_le_bytes(*t),
            Some(_) => 0,
            None => bytes.iter().fold(0, |h, &b| (h << 8) | u64::from(b)),
        };
        self.fold(tail ^ ((bytes.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.fold(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A [`Stream`] while it is read: a file's path borrowed from the input where it can be, made a `String` only
/// for the handles an operator keeps ([`StateStreams`]).
enum StreamRef<'a> {
    Inline { offset: usize, len: usize },
    File { path: Cow<'a, str>, relative: bool, start: u64, len: u64 },
    Empty,
}

impl StreamRef<'_> {
    fn owned(self) -> Stream {
        match self {
            StreamRef::Inline { offset, len } => Stream::Inline { offset, len },
            StreamRef::File { path, relative, start, len } => {
                Stream::File { path: path.into_owned(), relative, start, len }
            }
            StreamRef::Empty => Stream::Empty,
        }
    }
}

/// A [`KeyedStream`] while it is read.
struct KeyedRef<'a> {
    tag: u8,
    stream: Option<StreamRef<'a>>,
    proxy_end: ProxyEnd,
}

impl KeyedRef<'_> {
    fn owned(self) -> KeyedStream {
        KeyedStream { tag: self.tag, stream: self.stream.map(StreamRef::owned), proxy_end: self.proxy_end }
    }
}

/// An [`OperatorStream`] while it is read.
struct OperatorRef<'a> {
    stream: Option<StreamRef<'a>>,
    proxy_end: ProxyEnd,
}

impl OperatorRef<'_> {
    fn owned(self) -> OperatorStream {
        OperatorStream { stream: self.stream.map(StreamRef::owned), proxy_end: self.proxy_end }
    }
}

fn operator<'a>(r: &mut Reader<'a>, version: i32) -> Result<Operator<'a>> {
    let (name, uid) = if version >= 5 {
        let name = r.utf()?;
        let uid = r.utf()?;
        (Some(name).filter(|s| !s.is_empty()), Some(uid).filter(|s| !s.is_empty()))
    } else {
        (None, None)
    };
    let id = hex(r.bytes(16)?);
    let parallelism = r.i32()?;
    let max_parallelism = r.i32()?;
    let mut acc = Acc::default();
    let mut kinds = StateKinds::default();
    let mut subtasks = 0;
    let mut finished_subtasks = 0;
    let mut finished = false;
    let mut coordinator_state_size = 0;
    if version == 2 {
        let _chain_length = r.i32()?;
        let at = r.pos();
        let n = r.count("subtask", 4)?;
        if n > MAX_PARALLELISM {
            return Err(
                r.corrupt_at(at, format!("{n} subtasks, more than Flink's maximum parallelism {MAX_PARALLELISM}"))
            );
        }
        for i in 0..n {
            let _idx = r.i32()?;
            let start = r.pos();
            subtask_state(r, version, &mut acc, &mut kinds)?;
            acc.presize(r.pos() - start, n - 1 - i, r.remaining());
            subtasks += 1;
        }
    } else {
        let coordinator_at = r.pos();
        kinds.coordinator = stream_handle(r, &mut acc, 0)?.is_some();
        coordinator_state_size = acc.size;
        let count_at = r.pos();
        let n = r.i32()?;
        if n < 0 {
            if kinds.coordinator {
                return Err(r.corrupt_at(coordinator_at, "a fully finished operator with coordinator state"));
            }
            finished = true;
        } else {
            let n = usize::try_from(n).unwrap_or(0);
            if n > MAX_PARALLELISM {
                return Err(r.corrupt_at(
                    count_at,
                    format!("{n} subtasks, more than Flink's maximum parallelism {MAX_PARALLELISM}"),
                ));
            }
            if n.saturating_mul(4) > r.remaining() {
                return Err(ParseError::EndsEarly {
                    at: r.pos(),
                    end: r.pos() + r.remaining(),
                    short: n * 4 - r.remaining(),
                    at_least: true,
                    what: format!("the {n} subtasks (of at least 4 bytes each)"),
                });
            }
            for i in 0..n {
                let idx = r.i32()?;
                subtasks += 1;
                if idx < 0 {
                    finished_subtasks += 1;
                } else {
                    let start = r.pos();
                    subtask_state(r, version, &mut acc, &mut kinds)?;
                    acc.presize(r.pos() - start, n - 1 - i, r.remaining());
                }
            }
        }
    }
    Ok(Operator {
        id,
        name,
        uid,
        parallelism,
        max_parallelism,
        subtasks,
        finished_subtasks,
        finished,
        state: kinds,
        state_size: acc.size,
        checkpointed_size: acc.checkpointed,
        coordinator_state_size,
        files: acc.files,
        dirs: acc.dirs,
        streams: acc.streams,
    })
}

fn subtask_state<'a>(r: &mut Reader<'a>, version: i32, acc: &mut Acc<'a>, kinds: &mut StateKinds) -> Result<()> {
    if version == 2 {
        let _duration = r.i64()?;
        // Flink 1.3 writes 1 and a stream handle for a subtask with Checkpointed state, 1.4+ always 0.
        let legacy = r.count("legacy operator state", 1)?;
        for _ in 0..legacy {
            kinds.legacy |= stream_handle(r, acc, 0)?.is_some();
        }
    }
    if r.i32()? != 0 {
        let managed = operator_handle(r, acc)?;
        kinds.operator |= managed.is_some();
        if acc.streams.operator.is_none() {
            acc.streams.operator = managed.map(OperatorRef::owned);
        }
    }
    if r.i32()? != 0 {
        kinds.raw |= operator_handle(r, acc)?.is_some();
    }
    let managed = keyed_handle(r, acc, 0)?;
    kinds.keyed |= managed.is_some();
    if acc.streams.keyed.is_none() {
        acc.streams.keyed = managed.map(KeyedRef::owned);
    }
    kinds.raw |= keyed_handle(r, acc, 0)?.is_some();
    if version >= 3 {
        let n_in = r.count("input channel", 1)?;
        for _ in 0..n_in {
            channel_handle(r, version, true, acc)?;
        }
        let n_out = r.count("result subpartition", 1)?;
        for _ in 0..n_out {
            channel_handle(r, version, false, acc)?;
        }
        kinds.channel |= n_in + n_out > 0;
    }
    if version >= 7 && r.u8()? == 1 {
        let _ref_checkpoint_id = r.i64()?;
    }
    Ok(())
}

const MAX_NESTING: usize = 16;

/// A stream state handle; `None` if it is null.
fn stream_handle<'a>(r: &mut Reader<'a>, acc: &mut Acc<'a>, depth: usize) -> Result<Option<StreamRef<'a>>> {
    if depth > MAX_NESTING {
        return r.err("state handles nested too deeply");
    }
    let at = r.pos();
    match r.u8()? {
        0 => Ok(None),
        1 => {
            r.skip_utf()?; // a name that looks like a path, but the data is inline: never a file
            let n = r.count("inline state byte", 1)?;
            let offset = r.pos();
            r.skip(n)?;
            acc.add(n as i64);
            Ok(Some(StreamRef::Inline { offset, len: n }))
        }
        2 => {
            let size = r.i64()?;
            let path = r.utf_cow()?;
            acc.add(size);
            acc.file(path.clone(), false, size);
            Ok(Some(StreamRef::File { path, relative: false, start: 0, len: u64::try_from(size).unwrap_or(0) }))
        }
        3 => {
            key_group_offsets(r)?;
            Ok(Some(stream_handle(r, acc, depth + 1)?.unwrap_or(StreamRef::Empty)))
        }
        6 => {
            let path = r.utf_cow()?;
            let size = r.i64()?;
            acc.add(size);
            acc.file(path.clone(), true, size);
            Ok(Some(StreamRef::File { path, relative: true, start: 0, len: u64::try_from(size).unwrap_or(0) }))
        }
        15 => {
            let start = r.i64()?;
            let size = r.i64()?;
            let _scope = r.i32()?;
            let path = r.utf_cow()?;
            r.skip_utf()?; // the logical id
            acc.add(size);
            acc.file(path.clone(), false, size);
            let (start, len) = (u64::try_from(start).unwrap_or(0), u64::try_from(size).unwrap_or(0));
            Ok(Some(StreamRef::File { path, relative: false, start, len }))
        }
        16 => Ok(Some(StreamRef::Empty)),
        t => Err(r.corrupt_at(at, format!("unknown stream state handle tag {t}"))),
    }
}

/// A key-group range and its offsets; where the proxy before the key groups ends (the smallest non-zero
/// offset; 0 means a key group without data).
fn key_group_offsets(r: &mut Reader<'_>) -> Result<ProxyEnd> {
    let _start = r.i32()?;
    let at = r.pos();
    let n = r.count("key group", 8)?;
    if n > MAX_PARALLELISM {
        return Err(
            r.corrupt_at(at, format!("{n} key groups, more than Flink's maximum parallelism {MAX_PARALLELISM}"))
        );
    }
    let mut first: Option<u64> = None;
    for _ in 0..n {
        if let Ok(o @ 1..) = u64::try_from(r.i64()?) {
            first = Some(first.map_or(o, |f| f.min(o)));
        }
    }
    Ok(first.map_or(ProxyEnd::StreamEnd, ProxyEnd::At))
}

fn path_list<'a>(r: &mut Reader<'a>, acc: &mut Acc<'a>, depth: usize) -> Result<()> {
    let n = r.count("file", 3)?;
    for _ in 0..n {
        r.skip_utf()?; // the local
        stream_handle(r, acc, depth + 1)?;
    }
    Ok(())
}

/// A keyed state handle; `None` if it is null.
fn keyed_handle<'a>(r: &mut Reader<'a>, acc: &mut Acc<'a>, depth: usize) -> Result<Option<KeyedRef<'a>>> {
    if depth > MAX_NESTING {
        return r.err("state handles nested too deeply");
    }
    let at = r.pos();
    let tag = r.u8()?;
    let plain = |stream, proxy_end| Ok(Some(KeyedRef { tag, stream, proxy_end }));
    match tag {
        0 => Ok(None),
        3 | 7 => {
            let end = key_group_offsets(r)?;
            plain(stream_handle(r, acc, depth + 1)?, end)
        }
        12 => {
            let end = key_group_offsets(r)?;
            let stream = stream_handle(r, acc, depth + 1)?;
            r.skip_utf()?; // the id
            plain(stream, end)
        }
        5 | 11 => {
            let before = acc.checkpointed;
            let _checkpoint_id = r.i64()?;
            r.skip_utf()?; // the backend id
            let _kg = (r.i32()?, r.i32()?);
            let checkpointed = if tag == 11 { Some(r.i64()?) } else { None };
            let meta = stream_handle(r, acc, depth + 1)?;
            path_list(r, acc, depth)?;
            path_list(r, acc, depth)?;
            if let Some(c) = checkpointed {
                r.skip_utf()?; // the id
                acc.checkpointed = before.saturating_add(u64::try_from(c).unwrap_or(0));
            }
            plain(meta, ProxyEnd::StreamEnd)
        }
        8 | 14 => {
            let before = acc.checkpointed;
            let _kg = (r.i32()?, r.i32()?);
            let checkpointed = r.i64()?;
            let base = r.count("materialized handle", 1)?;
            for _ in 0..base {
                keyed_handle(r, acc, depth + 1)?;
            }
            let delta = r.count("changelog handle", 1)?;
            for _ in 0..delta {
                keyed_handle(r, acc, depth + 1)?;
            }
            let _materialization = r.i64()?;
            if tag == 14 {
                let _checkpoint_id = r.i64()?;
            }
            r.skip_utf()?; // the id
            acc.checkpointed = before.saturating_add(u64::try_from(checkpointed).unwrap_or(0));
            plain(None, ProxyEnd::Unknown)
        }
        9 => {
            let _kg = (r.i32()?, r.i32()?);
            let _from = r.i64()?;
            let _to = r.i64()?;
            let n = r.count("change", 8)?;
            for _ in 0..n {
                let _kg = r.i32()?;
                let len = r.count("change byte", 1)?;
                r.skip(len)?;
                acc.add(len as i64);
            }
            r.skip_utf()?; // the id
            plain(None, ProxyEnd::Unknown)
        }
        10 | 13 => {
            let _kg = (r.i32()?, r.i32()?);
            let n = r.count("changelog file", 9)?;
            let mut nested = Acc::default();
            for _ in 0..n {
                let _offset = r.i64()?;
                stream_handle(r, &mut nested, depth + 1)?;
            }
            let size = r.i64()?;
            let _checkpointed = r.i64()?;
            r.skip_utf()?; // the id
            if tag == 13 {
                r.skip_utf()?; // the storage
            }
            acc.add(size);
            acc.files_of(nested);
            plain(None, ProxyEnd::Unknown)
        }
        t => Err(r.corrupt_at(at, format!("unknown keyed state handle tag {t}"))),
    }
}

/// An operator state handle; `None` if it is null.
fn operator_handle<'a>(r: &mut Reader<'a>, acc: &mut Acc<'a>) -> Result<Option<OperatorRef<'a>>> {
    let at = r.pos();
    match r.u8()? {
        0 => Ok(None),
        tag @ (4 | 17) => {
            let n = r.count("operator state", 7)?;
            let mut first: Option<u64> = None;
            for _ in 0..n {
                r.skip_utf()?; // the name
                let _mode = r.u8()?;
                let offsets = r.count("offset", 8)?;
                for _ in 0..offsets {
                    if let Ok(o) = u64::try_from(r.i64()?) {
                        first = Some(first.map_or(o, |f| f.min(o)));
                    }
                }
            }
            if tag == 17 {
                for _ in 0..2 {
                    // the task-owned directory, then the shared one
                    let dir = r.utf_cow()?;
                    if !dir.is_empty() && !acc.dirs.iter().any(|d| *d == *dir) {
                        acc.dirs.push(dir.into_owned());
                    }
                }
                let _empty = r.bool()?;
            }
            let stream = stream_handle(r, acc, 1)?;
            Ok(Some(OperatorRef { stream, proxy_end: first.map_or(ProxyEnd::Unknown, ProxyEnd::At) }))
        }
        t => Err(r.corrupt_at(at, format!("unknown operator state handle tag {t}"))),
    }
}

fn channel_handle<'a>(r: &mut Reader<'a>, version: i32, input: bool, acc: &mut Acc<'a>) -> Result<()> {
    let at = r.pos();
    let kind = if version >= 6 {
        r.u8()?
    } else if input {
        1
    } else {
        2
    };
    let plain = if input { 1 } else { 2 };
    let merged = if input { 3 } else { 4 };
    if kind == plain {
        let _idx = (r.i32()?, r.i32()?, r.i32()?);
        let n = r.count("channel offset", 8)?;
        r.skip(n * 8)?;
        let size = r.i64()?;
        let mut nested = Acc::default();
        stream_handle(r, &mut nested, 1)?;
        acc.add(size);
        acc.files_of(nested);
        Ok(())
    } else if kind == merged {
        let _subtask = r.i32()?;
        let size = r.i64()?;
        let mut nested = Acc::default();
        stream_handle(r, &mut nested, 1)?;
        let n = r.count("channel offset byte", 1)?;
        r.skip(n)?;
        acc.add(size);
        acc.files_of(nested);
        Ok(())
    } else {
        Err(r.corrupt_at(at, format!("unknown channel state handle type {kind}")))
    }
}

/// Summaries by operator id, for lookups.
pub fn by_id<'m, 'a>(m: &'m Metadata<'a>) -> BTreeMap<&'m str, &'m Operator<'a>> {
    m.operators.iter().map(|o| (o.id.as_str(), o)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_hash_matches_flinks_test_vectors() {
        let vectors = [
            ("source-id", "bd9c186e89cc37a76d776844dfa8ccba"),
            ("throttle", "8ad0a339064fd18ef5b9c94282a00e10"),
            ("mapper-id", "c9cecfed5cae9d489451c50e442666e3"),
            ("sink", "2e588ce1c86a9d46e2e85186773ce4fd"),
            ("", "00000000000000000000000000000000"),
            ("emoji-😀-uid", "31280a6270291f5fdd765986d5c300c8"),
            ("Ünïcødé-uid-longer-than-16-bytes", "78edaa8795082d06e4a8b6c6dea01716"),
            ("The quick brown fox jumps over the lazy dog", "6c1b07bc7bbc4be347939ac4a93c437a"),
            // the fixture job's `dedup`, as Flink named it when refusing a restore
            ("dedup", "5a872f3a73b9dad53994e3e6e14f16e6"),
        ];
        for (uid, want) in vectors {
            assert_eq!(operator_id(uid), want, "uid {uid:?}");
        }
    }

    /// A tiny V6 file built by hand: one operator with inline keyed state and a relative file.
    fn sample(version: i32) -> Vec<u8> {
        let mut b = Vec::new();
        let utf = |b: &mut Vec<u8>, s: &str| {
            b.extend((s.len() as u16).to_be_bytes());
            b.extend(s.as_bytes());
        };
        b.extend(MAGIC.to_be_bytes());
        b.extend(version.to_be_bytes());
        b.extend(7i64.to_be_bytes()); // checkpoint id
        b.extend(0i32.to_be_bytes()); // master states
        b.extend(2i32.to_be_bytes()); // operators
        // operator 1: keyed state (tag 7 → relative file), one finished subtask
        if version >= 5 {
            utf(&mut b, "counter");
            utf(&mut b, "counter-uid");
        }
        b.extend([0xAA; 16]);
        b.extend(2i32.to_be_bytes());
        b.extend(128i32.to_be_bytes());
        b.push(0); // no coordinator
        b.extend(2i32.to_be_bytes()); // subtasks
        b.extend((-2i32).to_be_bytes()); // subtask 1 finished
        b.extend(0i32.to_be_bytes()); // subtask 0
        b.extend(0i32.to_be_bytes()); // no managed op
        b.extend(0i32.to_be_bytes()); // no raw op
        b.push(7); // SAVEPOINT_KEY_GROUPS_HANDLE
        b.extend(0i32.to_be_bytes());
        b.extend(1i32.to_be_bytes());
        b.extend(0i64.to_be_bytes());
        b.push(6); // relative
        utf(&mut b, "fa700248-3b7c");
        b.extend(1000i64.to_be_bytes());
        b.push(0); // no raw keyed
        b.extend(0i32.to_be_bytes());
        b.extend(0i32.to_be_bytes());
        if version >= 7 {
            b.push(0);
        }
        // operator 2: fully finished
        if version >= 5 {
            utf(&mut b, "");
            utf(&mut b, "");
        }
        b.extend([0x11; 16]);
        b.extend(1i32.to_be_bytes());
        b.extend(128i32.to_be_bytes());
        b.push(0);
        b.extend((-1i32).to_be_bytes());
        if version >= 4 {
            // the CheckpointProperties trailer of a real 2.3.0 canonical savepoint
            let real = FIXTURES[4].1;
            let at = real.windows(4).position(|w| w == [0xAC, 0xED, 0x00, 0x05]).unwrap();
            b.extend(&real[at..]);
        }
        b
    }

    /// A V6 file of one operator whose two subtasks keep file-merged operator state (tag 17 over a tag-15
    /// segment), both in the same task-owned directory, each in its own shared directory; the second subtask's
    /// segment is in the same physical file as the first's.
    fn file_merging_sample() -> Vec<u8> {
        let mut b = Vec::new();
        let utf = |b: &mut Vec<u8>, s: &str| {
            b.extend((s.len() as u16).to_be_bytes());
            b.extend(s.as_bytes());
        };
        b.extend(MAGIC.to_be_bytes());
        b.extend(6i32.to_be_bytes());
        b.extend(3i64.to_be_bytes());
        b.extend(0i32.to_be_bytes());
        b.extend(1i32.to_be_bytes());
        utf(&mut b, "source");
        utf(&mut b, "source-uid");
        b.extend([0xBB; 16]);
        b.extend(2i32.to_be_bytes());
        b.extend(128i32.to_be_bytes());
        b.push(0); // no coordinator
        b.extend(2i32.to_be_bytes()); // subtasks
        for (i, shared) in ["file:/ck/j/shared/job_j_op_v_0_2", "file:/ck/j/shared/job_j_op_v_1_2"].iter().enumerate() {
            b.extend((i as i32).to_be_bytes());
            b.extend(1i32.to_be_bytes()); // managed op state follows
            b.push(17);
            b.extend(1i32.to_be_bytes()); // one state
            utf(&mut b, "SourceReaderState");
            b.push(0); // SPLIT_DISTRIBUTE
            b.extend(1i32.to_be_bytes());
            b.extend(0i64.to_be_bytes());
            utf(&mut b, "file:/ck/j/taskowned/job_j_tm_localhost-1");
            utf(&mut b, shared);
            b.push(0); // not empty
            b.push(15);
            b.extend((i as i64 * 100).to_be_bytes()); // start
            b.extend(100i64.to_be_bytes()); // size
            b.extend(0i32.to_be_bytes()); // scope
            utf(&mut b, "file:/ck/j/shared/job_j_op_v_0_2/phys-1");
            utf(&mut b, &format!("logical-{i}"));
            b.extend(0i32.to_be_bytes()); // no raw op
            b.push(0); // no managed keyed
            b.push(0); // no raw keyed
            b.extend(0i32.to_be_bytes());
            b.extend(0i32.to_be_bytes());
        }
        let real = FIXTURES[4].1;
        let at = real.windows(4).position(|w| w == [0xAC, 0xED, 0x00, 0x05]).unwrap();
        b.extend(&real[at..]);
        b
    }

    #[test]
    fn file_merging_handles_keep_their_directories_and_physical_files() {
        let bytes = file_merging_sample();
        let m = parse(&bytes).unwrap();
        let o = &m.operators[0];
        assert_eq!(
            o.dirs,
            vec![
                "file:/ck/j/taskowned/job_j_tm_localhost-1",
                "file:/ck/j/shared/job_j_op_v_0_2",
                "file:/ck/j/shared/job_j_op_v_1_2"
            ]
        );
        let files: Vec<(&str, bool)> = m.files().iter().map(|f| (f.path.as_ref(), f.relative)).collect();
        assert_eq!(files, vec![("file:/ck/j/shared/job_j_op_v_0_2/phys-1", false)], "one physical file");
        assert_eq!(o.state_size, 200);
        // not in -o json unless present
        let plain_bytes = sample(6);
        let plain = parse(&plain_bytes).unwrap();
        assert!(plain.operators.iter().all(|o| o.dirs.is_empty()));
        assert!(!serde_json::to_string(&plain).unwrap().contains("\"dirs\""));
        assert!(serde_json::to_string(&m).unwrap().contains("\"dirs\""));
    }

    #[test]
    fn parses_a_hand_built_file_of_each_version() {
        for version in [3, 4, 5, 6, 7] {
            let bytes = sample(version);
            let m = parse(&bytes).unwrap_or_else(|e| panic!("V{version}: {e}"));
            assert_eq!((m.version, m.checkpoint_id, m.operators.len()), (version, 7, 2));
            assert_eq!(m.is_savepoint(), (version >= 4).then_some(true));
            let finished = &m.operators[0];
            assert_eq!(finished.id, "11".repeat(16));
            assert!(finished.finished && !finished.state.any());
            let op = &m.operators[1];
            assert_eq!(op.id, "aa".repeat(16));
            assert_eq!((op.parallelism, op.max_parallelism, op.subtasks, op.finished_subtasks), (2, 128, 2, 1));
            assert!(op.state.keyed && !op.state.operator);
            assert_eq!(op.state_size, 1000);
            assert_eq!(op.files, vec![FileRef { path: "fa700248-3b7c".into(), relative: true, size: 1000 }]);
            if version >= 5 {
                assert_eq!(op.uid.as_deref(), Some("counter-uid"));
                assert_eq!(m.operators[0].uid, None, "an empty uid is absent");
            } else {
                assert_eq!(op.uid, None);
            }
        }
    }

    #[test]
    fn a_path_read_borrowed_and_decoded_is_one_file() {
        // U+0000 as a plain 0 byte (borrowed from the input) and as modified UTF-8's C0 80 (decoded)
        for decoded_first in [false, true] {
            let mut acc = Acc::default();
            let (borrowed, decoded) = (Cow::Borrowed("chk-1/a\0b"), Cow::Owned("chk-1/a\0b".to_string()));
            let (a, b) = if decoded_first { (decoded, borrowed) } else { (borrowed, decoded) };
            acc.file(a.clone(), true, 1);
            acc.file(b.clone(), true, 1);
            acc.file(a, true, 1);
            acc.file(b, true, 1);
            acc.file(Cow::Borrowed("chk-1/other"), true, 2);
            let paths: Vec<&str> = acc.files.iter().map(|f| &*f.path).collect();
            assert_eq!(paths, ["chk-1/a\0b", "chk-1/other"]);
        }
        let data = [0, 4, b'a', 0xC0, 0x80, b'b', 0, 3, b'a', 0, b'b'];
        let mut r = Reader::new(&data);
        assert!(matches!(r.utf_cow().unwrap(), Cow::Owned(s) if s == "a\0b"));
        assert!(matches!(r.utf_cow().unwrap(), Cow::Borrowed("a\0b")));
    }

    #[test]
    fn hex_is_two_lowercase_digits_a_byte() {
        assert_eq!(hex(&[]), "");
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff, 0x5c]), "000fa0ff5c");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(hex(&all), all.iter().map(|b| format!("{b:02x}")).collect::<String>());
    }

    #[test]
    fn presizing_is_bounded_by_the_bytes_left() {
        let path = || Cow::Borrowed("file:/checkpoints/job/shared/0f6c");
        // as many files again per subtask to come, when the bytes left can hold them
        let mut acc = Acc::default();
        acc.file(path(), false, 1);
        acc.presize(100, 127, 1 << 20);
        assert!(acc.files.capacity() >= 128 && acc.seen.capacity() >= 128, "{}", acc.files.capacity());
        // a count of 32767 subtasks with 200 bytes left reserves room for at most 2 more (100 bytes a file)
        let mut acc = Acc::default();
        acc.file(path(), false, 1);
        acc.presize(100, 32_767, 200);
        assert!(acc.files.capacity() <= 8 && acc.seen.capacity() <= 8, "{}", acc.files.capacity());
        // once only, and never before a file
        let mut acc = Acc::default();
        acc.presize(100, 1000, 1 << 20);
        assert!(!acc.presized && acc.files.capacity() == 0);
    }

    #[test]
    fn every_truncation_and_bit_flip_is_an_error_or_a_parse_never_a_panic() {
        let full = sample(6);
        for len in 0..full.len() {
            let e = parse(&full[..len]).unwrap_err();
            assert!(e.offset() <= len, "offset {} past the end {len}", e.offset());
            // every prefix of a good file is a file that ends early, never "corrupt"
            assert!(e.ends_early(), "cut at {len}: {e}");
        }
        for i in 0..full.len() {
            for bit in 0..8 {
                let mut b = full.clone();
                b[i] ^= 1 << bit;
                let _ = parse(&b);
            }
        }
    }

    /// `_metadata` files written by real Flink 1.20.3 and 2.3.0 clusters running the fixture job
    /// (tests/fixtures/job), committed under tests/fixtures/metadata.
    const FIXTURES: &[(&str, &[u8])] = &[
        ("1.20.3-checkpoint", include_bytes!("../../tests/fixtures/metadata/1.20.3-checkpoint/_metadata")),
        (
            "1.20.3-savepoint-canonical",
            include_bytes!("../../tests/fixtures/metadata/1.20.3-savepoint-canonical/_metadata"),
        ),
        ("1.20.3-savepoint-native", include_bytes!("../../tests/fixtures/metadata/1.20.3-savepoint-native/_metadata")),
        ("2.3.0-checkpoint", include_bytes!("../../tests/fixtures/metadata/2.3.0-checkpoint/_metadata")),
        (
            "2.3.0-savepoint-canonical",
            include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-canonical/_metadata"),
        ),
        ("2.3.0-savepoint-native", include_bytes!("../../tests/fixtures/metadata/2.3.0-savepoint-native/_metadata")),
        (
            "2.3.0-rocksdb-incremental-checkpoint",
            include_bytes!("../../tests/fixtures/metadata/2.3.0-rocksdb-incremental-checkpoint/_metadata"),
        ),
        (
            "2.3.0-rocksdb-incremental-savepoint-canonical",
            include_bytes!("../../tests/fixtures/metadata/2.3.0-rocksdb-incremental-savepoint-canonical/_metadata"),
        ),
        (
            "2.3.0-rocksdb-incremental-savepoint-native",
            include_bytes!("../../tests/fixtures/metadata/2.3.0-rocksdb-incremental-savepoint-native/_metadata"),
        ),
    ];

    #[test]
    fn real_files_from_flink_1_20_and_2_3() {
        let uids = ["numbers", "throttle", "counter", "dedup", "sink"];
        for (name, bytes) in FIXTURES {
            let m = parse(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let want_version = if name.starts_with("1.20") { 4 } else { 6 };
            assert_eq!(m.version, want_version, "{name}");
            assert!(m.warnings.is_empty(), "{name}: {:?}", m.warnings);
            let p = m.properties.as_ref().unwrap_or_else(|| panic!("{name}: no properties"));
            let (kind, format) = if name.contains("checkpoint") && !name.contains("savepoint") {
                ("checkpoint", None)
            } else if name.ends_with("native") {
                ("savepoint", Some("NATIVE"))
            } else {
                ("savepoint", Some("CANONICAL"))
            };
            assert_eq!((p.kind.as_str(), p.format.as_deref()), (kind, format), "{name}");
            // every operator is one of the fixture job's, by the hash of its uid
            let ids: Vec<String> = uids.iter().map(|u| operator_id(u)).collect();
            assert_eq!(m.operators.len(), 5, "{name}");
            for o in &m.operators {
                let i = ids.iter().position(|id| *id == o.id).unwrap_or_else(|| panic!("{name}: unknown id {}", o.id));
                if m.version >= 5 {
                    assert_eq!(o.uid.as_deref(), Some(uids[i]), "{name}: V5+ carries the uid");
                } else {
                    assert_eq!(o.uid, None);
                }
                let stateful = ["numbers", "counter", "dedup"].contains(&uids[i]);
                assert_eq!(o.state.any(), stateful, "{name}: {}", uids[i]);
                assert_eq!((o.parallelism, o.max_parallelism), (1, 128));
            }
            let keyed = |u: &str| m.operators.iter().find(|o| o.id == operator_id(u)).unwrap().state;
            assert!(keyed("counter").keyed && keyed("dedup").keyed && keyed("numbers").operator);
            assert!(m.total_state_size() > 0);
            // incremental RocksDB checkpoints reference shared/ files by absolute path
            let files = m.files();
            if *name == "2.3.0-rocksdb-incremental-checkpoint" {
                assert!(
                    !files.is_empty() && files.iter().all(|f| !f.relative && f.path.contains("/shared/")),
                    "{files:?}"
                );
            }
        }
    }

    #[test]
    fn corrupt_copies_of_real_files_never_panic() {
        for (name, bytes) in FIXTURES {
            for len in (0..bytes.len()).step_by(3) {
                assert!(parse(&bytes[..len]).is_err(), "{name} cut at {len} parsed");
            }
            for i in (0..bytes.len()).step_by(5) {
                let mut b = bytes.to_vec();
                b[i] ^= 1 << (i % 8);
                let _ = parse(&b);
                b[i] = 0xFF;
                let _ = parse(&b);
            }
        }
    }

    #[test]
    fn real_files_cut_short_end_early() {
        for (name, bytes) in FIXTURES {
            for len in (0..bytes.len()).step_by(7) {
                let e = parse(&bytes[..len]).unwrap_err();
                assert!(e.ends_early(), "{name} cut at {len}: {e}");
            }
        }
    }

    #[test]
    fn a_complete_file_with_a_bad_tag_or_count_is_not_called_truncated() {
        let full = sample(6);
        // operator 1 ("counter", "counter-uid", id, parallelism, max parallelism, no coordinator) ...
        let subtasks_at = 8 + 8 + 4 + 4 + (2 + 7) + (2 + 11) + 16 + 4 + 4 + 1;
        assert_eq!(full[subtasks_at..subtasks_at + 4], 2i32.to_be_bytes());
        let keyed_at = subtasks_at + 4 + 4 + 4 + 4 + 4;
        assert_eq!(full[keyed_at], 7);

        let mut b = full.clone();
        b[keyed_at] = 99;
        let e = parse(&b).unwrap_err();
        assert!(!e.ends_early(), "{e:?}");
        assert_eq!(e.to_string(), format!("at byte {keyed_at}: unknown keyed state handle tag 99"));

        let mut b = full.clone();
        b[subtasks_at..subtasks_at + 4].copy_from_slice(&40_000i32.to_be_bytes());
        let e = parse(&b).unwrap_err();
        assert!(!e.ends_early(), "{e:?}");
        assert_eq!(
            e.to_string(),
            format!("at byte {subtasks_at}: 40000 subtasks, more than Flink's maximum parallelism 32768")
        );

        // a negative string count where a count goes: the operator state count of a tag-4 handle
        let mut b = full.clone();
        let e = {
            b[keyed_at - 8..keyed_at - 4].copy_from_slice(&(-5i32).to_be_bytes()); // raw op state flag != 0
            b[keyed_at - 4] = 4; // ... so tag 4 follows ...
            b[keyed_at - 3..keyed_at + 1].copy_from_slice(&(-5i32).to_be_bytes()); // ... with a count of -5
            parse(&b).unwrap_err()
        };
        assert!(!e.ends_early(), "{e:?}");
        assert_eq!(e.to_string(), format!("at byte {}: negative operator state count -5", keyed_at - 3));
    }

    #[test]
    fn wrong_magic_is_not_a_flink_file() {
        let e = parse(b"PK\x03\x04xxxxxxxx").unwrap_err();
        assert!(!e.ends_early());
        assert_eq!(
            e.to_string(),
            "not a Flink savepoint/checkpoint _metadata file: it starts with 0x504B0304, Flink's start with 0x4960672D"
        );
        // shorter than the magic: not Flink's unless it is the magic's start
        assert_eq!(
            parse(b"{}").unwrap_err().to_string(),
            "not a Flink savepoint/checkpoint _metadata file: it starts with 0x7B7D, Flink's start with 0x4960672D"
        );
        let e = parse(&MAGIC.to_be_bytes()[..3]).unwrap_err();
        assert!(e.ends_early(), "{e:?}");
        assert_eq!(e.to_string(), "the file ends early, at byte 3: 1 more byte needed for the 4-byte field at byte 0");
        assert_eq!(parse(b"").unwrap_err().to_string(), "the file is empty");
    }

    #[test]
    fn each_unsupported_version_names_its_flink_and_what_fsp_reads() {
        let with_version = |v: i32| {
            let mut b = sample(6);
            b[4..8].copy_from_slice(&v.to_be_bytes());
            parse(&b).unwrap_err()
        };
        let reads = "; fsp reads V2 to V7, which Flink 1.3 to 2.3 and Flink's unreleased main branch write";
        for (v, says) in [
            (0, "format V0 is Flink 1.1's savepoint format, which fsp does not read"),
            (1, "format V1 is Flink 1.2's savepoint format, which fsp does not read"),
            (8, "format V8 is newer than any Flink release fsp knows"),
            (-1, "format version -1 is not one any Flink release wrote"),
            (0x1234_5678, "format version 305419896 is not one any Flink release wrote"),
        ] {
            let e = with_version(v);
            assert_eq!(e, ParseError::UnsupportedVersion { version: v });
            assert!(!e.ends_early());
            let text = e.to_string();
            assert!(text.starts_with(says) && text.contains(reads), "V{v}: {text}");
        }
        assert!(with_version(0).to_string().contains("restore it on Flink 1.3 and take a new savepoint there (V2)"));
        assert!(with_version(1).to_string().contains("no longer supported"));
        for v in version::READ {
            assert!(version::written_by(v).is_some(), "V{v}");
        }
    }

    #[test]
    fn a_missing_v4_trailer_ends_early() {
        let b = sample(4);
        let at = b.windows(4).position(|w| w == [0xAC, 0xED, 0x00, 0x05]).unwrap();
        let e = parse(&b[..at]).unwrap_err();
        assert!(e.ends_early());
        assert_eq!(
            e.to_string(),
            format!(
                "the file ends early, at byte {at}: at least 4 more bytes needed for the CheckpointProperties \
                 trailer that format V4 and later put after the operators at byte {at}"
            )
        );
    }

    /// The columns of Flink's `savepoint_metadata()` for the State Processor API's own `table-state` savepoint,
    /// as Flink's `SavepointMetadataTableFunctionTest` expects them (operator uid hash, parallelism, max
    /// parallelism, subtask state count, coordinator state size, total size), and a coordinator's state.
    #[test]
    fn the_columns_of_flinks_savepoint_metadata_function() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/flink-snapshots/apache-flink/flink-libraries/flink-state-processing-api/src/test/resources/table-state/_metadata");
        let bytes = std::fs::read(&path).unwrap();
        let m = parse(&bytes).unwrap();
        let row = |id: &str| {
            let o = m.operators.iter().find(|o| o.id == id).unwrap();
            (o.parallelism, o.max_parallelism, o.subtasks, o.coordinator_state_size, o.checkpointed_size)
        };
        assert_eq!(row("3a6f51704798c4f418be51bfb6813b77"), (1, 128, 0, 0, 0), "broadcast-source");
        assert_eq!(row("413c1d6f88ee8627fe4b8bc533b4cf1b"), (2, 128, 2, 0, 4548), "keyed-broadcast-process");
        // the datagen source's coordinator (its split enumerator) has state, counted in the total as Flink does
        let (.., coordinator, total) = row("47aee94394d6ea26e2d544bef0a37bb5");
        assert!(coordinator > 0 && total >= coordinator, "{coordinator} {total}");
        // a canonical savepoint: what it wrote is all its state
        assert!(m.operators.iter().all(|o| o.checkpointed_size == o.state_size));
    }

    /// An incremental checkpoint records, per handle, what it uploaded itself: Flink's checkpointed size.
    #[test]
    fn checkpointed_size_of_incremental_handles_is_what_they_record() {
        let m = parse(include_bytes!("../../tests/fixtures/metadata/2.3.0-rocksdb-incremental-checkpoint/_metadata"))
            .unwrap();
        let keyed: Vec<&Operator> = m.operators.iter().filter(|o| o.state.keyed).collect();
        assert!(!keyed.is_empty());
        assert!(keyed.iter().all(|o| o.checkpointed_size <= o.state_size), "{keyed:?}");
    }

    /// `../shared/flink-snapshots`: every `_metadata` that Flink's own migration and restore tests committed
    /// (Flink 1.1 to 2.3), listed in its INDEX.tsv. The folder is beside the repository in CI and in every
    /// checkout of the project: its absence fails the test rather than skipping it.
    fn shared_snapshots() -> Vec<(String, i32, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/flink-snapshots");
        let index = std::fs::read_to_string(root.join("INDEX.tsv")).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the real snapshots these tests read live in ../shared beside the repository)",
                root.display()
            )
        });
        let mut header = index.lines().next().expect("a header line").split('\t');
        let col = |name: &str, h: &mut std::str::Split<'_, char>| h.position(|c| c == name).unwrap();
        let (path, version, layout) = {
            let p = col("path", &mut header.clone());
            let v = col("format_version", &mut header.clone());
            let l = col("layout", &mut header);
            (p, v, l)
        };
        index
            .lines()
            .skip(1)
            .map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                let dir = root.join(cols[path]);
                let file = if cols[layout] == "single-file" { dir } else { dir.join("_metadata") };
                let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                (cols[path].to_string(), cols[version].parse().unwrap(), bytes)
            })
            .collect()
    }

    #[test]
    fn every_real_snapshot_of_flink_1_1_to_2_3_parses_or_is_refused_by_name() {
        let files = shared_snapshots();
        assert!(files.len() > 600, "{}", files.len());
        let mut legacy = 0;
        for (path, version, bytes) in &files {
            match parse(bytes) {
                Ok(m) => {
                    assert!(version::READ.contains(version), "{path}");
                    assert_eq!(m.version, *version, "{path}");
                    let has_legacy = m.operators.iter().any(|o| o.state.legacy);
                    if has_legacy {
                        legacy += 1;
                        assert!(path.contains("flink1.3"), "{path}: legacy state outside Flink 1.3");
                        assert!(m.warnings.iter().any(|w| w.contains("holds legacy state")), "{path}");
                    }
                    // one file's V5 trailer is not a CheckpointProperties (a state processor API savepoint)
                    let expected_warnings = path.ends_with("/table-state-nulls");
                    assert_eq!(
                        m.warnings.iter().any(|w| !w.contains("holds legacy state")),
                        expected_warnings,
                        "{path}: {:?}",
                        m.warnings
                    );
                }
                Err(e) => {
                    assert!((0..=1).contains(version), "{path}: {e}");
                    assert_eq!(e, ParseError::UnsupportedVersion { version: *version }, "{path}");
                }
            }
        }
        assert_eq!(legacy, 2, "the two Flink 1.3 savepoints of legacy-stateful-job");
    }

    #[test]
    fn flink_1_3_legacy_state_is_read_and_named() {
        let files = shared_snapshots();
        let (_, _, bytes) = files
            .iter()
            .find(|(p, _, _)| p.ends_with("/stateful-udf-migration-itcase-flink1.3-savepoint"))
            .expect("the Flink 1.3 legacy-stateful-job savepoint");
        let m = parse(bytes).unwrap();
        assert_eq!(m.version, 2);
        let with_legacy: Vec<&Operator> = m.operators.iter().filter(|o| o.state.legacy).collect();
        assert!(!with_legacy.is_empty());
        for o in &with_legacy {
            assert!(o.state.names().contains(&"legacy") && o.state.any());
            assert!(o.state_size > 0, "{}", o.id);
        }
        assert_eq!(m.warnings.len(), with_legacy.len(), "{:?}", m.warnings);
        assert!(m.warnings[0].contains("Flink 1.4 and later refuse to restore it"), "{}", m.warnings[0]);
    }
}
