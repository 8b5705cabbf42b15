//! Flink's type serializer snapshots, as the state backends write them into their meta information
//! (`state-meta-format.md` §4–§6). A snapshot's body has no length: only a class fsp knows can be walked, and
//! the first unknown class ends the walk ([`Walker::stopped`]).

use super::super::java;
use super::super::reader::{Reader, Result};

/// `CompositeTypeSerializerSnapshot`'s magic number, before the outer version (snapshot version 3+).
const COMPOSITE_MAGIC: i32 = 911_108;
/// `NestedSerializersSnapshotDelegate`'s magic number, before the nested snapshots.
const NESTED_MAGIC: i32 = 1_333_245;
/// The version of a pre-1.17 `TypeSerializerConfigSnapshot` adapter.
const LEGACY_ADAPTER_VERSION: i32 = 0x7A53_C4F0;
/// `LinkedOptionalMapSerializer`'s header (POJO and Kryo snapshots).
const OPTIONAL_MAP_MAGIC: i64 = 0x4F2_C69A_3D70;
const MAX_DEPTH: usize = 64;

/// A decoded serializer snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ser {
    /// A serializer without configuration, by Flink's name for it (`Long`, `String`, `byte[]`, …).
    Simple(&'static str),
    List(Box<Ser>),
    Set(Box<Ser>),
    Map(Box<Ser>, Box<Ser>),
    /// `GenericArraySerializer`: the component's serializer.
    Array(Box<Ser>),
    Nullable(Box<Ser>),
    /// A Java tuple (`Tuple2`, …), by its class's simple name.
    Tuple(String, Vec<Ser>),
    Row(Vec<Ser>),
    Either(Box<Ser>, Box<Ser>),
    /// A TTL wrapper: the user value (the timestamp is always a `Long`).
    Ttl(Box<Ser>),
    Timer(Box<Ser>, Box<Ser>),
    Pojo(String),
    Enum(String),
    Avro(String),
    Kryo(String),
    /// `Value`, `CopyableValue` or `Writable` types: the kind and the class.
    Generic(&'static str, String),
    /// Another built-in composite: its name (with its class where it has one) and its nested serializers.
    Named(String, Vec<Ser>),
    /// The walk stopped here: a class fsp does not know.
    Unknown(String),
    /// The walk stopped here: a pre-1.17 snapshot that Flink 1.17+ cannot read either.
    Legacy(String),
    /// Not read: the walk stopped earlier.
    Unread,
}

impl Ser {
    /// As Flink names the serializer, with TTL wrappers left out (`ttl` says whether there were any).
    pub fn display(&self) -> String {
        let join = |v: &[Ser]| v.iter().map(Ser::display).collect::<Vec<_>>().join(", ");
        match self {
            Ser::Simple(n) => n.to_string(),
            Ser::List(e) => format!("List<{}>", e.display()),
            Ser::Set(e) => format!("Set<{}>", e.display()),
            Ser::Map(k, v) => format!("Map<{}, {}>", k.display(), v.display()),
            Ser::Array(e) => format!("{}[]", e.display()),
            Ser::Nullable(e) => format!("Nullable<{}>", e.display()),
            Ser::Tuple(c, f) => format!("{c}<{}>", join(f)),
            Ser::Row(f) => format!("Row<{}>", join(f)),
            Ser::Either(l, r) => format!("Either<{}, {}>", l.display(), r.display()),
            Ser::Ttl(v) => v.display(),
            Ser::Timer(k, n) => format!("Timer<{}, {}>", k.display(), n.display()),
            Ser::Pojo(c) => format!("POJO {c}"),
            Ser::Enum(c) => format!("Enum {c}"),
            Ser::Avro(c) => format!("Avro {c}"),
            Ser::Kryo(c) => format!("Kryo {c}"),
            Ser::Generic(k, c) => format!("{k} {c}"),
            Ser::Named(n, v) if v.is_empty() => n.clone(),
            Ser::Named(n, v) => format!("{n}<{}>", join(v)),
            Ser::Unknown(c) => format!("unknown {c}"),
            Ser::Legacy(c) => format!("legacy {c}"),
            Ser::Unread => "?".into(),
        }
    }

    fn children(&self) -> Vec<&Ser> {
        match self {
            Ser::List(e) | Ser::Set(e) | Ser::Array(e) | Ser::Nullable(e) | Ser::Ttl(e) => vec![e],
            Ser::Map(a, b) | Ser::Either(a, b) | Ser::Timer(a, b) => vec![a, b],
            Ser::Tuple(_, v) | Ser::Row(v) | Ser::Named(_, v) => v.iter().collect(),
            _ => vec![],
        }
    }

    /// True if a node anywhere in the tree matches.
    pub fn any(&self, f: &impl Fn(&Ser) -> bool) -> bool {
        f(self) || self.children().into_iter().any(|c| c.any(f))
    }
}

/// Walks serializer snapshots; after an unknown class, `stopped` names it and nothing more can be read.
pub struct Walker<'r, 'a> {
    pub r: &'r mut Reader<'a>,
    pub stopped: Option<String>,
}

impl<'r, 'a> Walker<'r, 'a> {
    pub fn new(r: &'r mut Reader<'a>) -> Self {
        Walker { r, stopped: None }
    }

    /// A snapshot as the proxies hold it: `i32 2`, then a versioned snapshot.
    pub fn top(&mut self) -> Result<Ser> {
        let at = self.r.pos();
        match self.r.i32()? {
            2 => self.versioned(0),
            1 => {
                let what = "a serializer snapshot of Flink 1.6 or older (TypeSerializerConfigSnapshot), which \
                            Flink 1.17 and later cannot read";
                self.stopped = Some(what.into());
                Ok(Ser::Legacy("TypeSerializerConfigSnapshot".into()))
            }
            v => Err(self.r.corrupt_at(at, format!("serializer snapshot framing version {v}, not 2"))),
        }
    }

    /// `utf class`, `i32 version`, then the class's body.
    fn versioned(&mut self, depth: usize) -> Result<Ser> {
        if depth > MAX_DEPTH {
            return self.r.err("serializer snapshots nested too deeply");
        }
        let class = self.r.utf()?;
        let version_at = self.r.pos();
        let version = self.r.i32()?;
        if version == LEGACY_ADAPTER_VERSION {
            self.stopped = Some(format!(
                "{class} is a pre-1.17 serializer snapshot (TypeSerializerConfigSnapshot), which Flink 1.17 and later \
                 cannot read"
            ));
            return Ok(Ser::Legacy(class));
        }
        if let Some(name) = simple(&class) {
            // version 2 keeps the old serializer's class name; 3 has no body
            if version <= 2 {
                self.r.utf()?;
            }
            return Ok(Ser::Simple(name));
        }
        let Some(kind) = known(&class) else {
            self.stopped = Some(format!("unknown serializer snapshot class {class}"));
            return Ok(Ser::Unknown(class));
        };
        let d = depth + 1;
        if let Some(want) = kind.version().filter(|v| *v != version) {
            self.stopped =
                Some(format!("version {version} of serializer snapshot class {class} (fsp reads version {want})"));
            return Ok(Ser::Unknown(class));
        }
        let ser = match kind {
            Kind::Composite(c) => {
                let outer = if version >= 3 {
                    let at = self.r.pos();
                    let magic = self.r.i32()?;
                    if magic != COMPOSITE_MAGIC {
                        return Err(self.r.corrupt_at(at, format!("{class}: composite snapshot magic {magic}")));
                    }
                    self.r.i32()?
                } else {
                    version
                };
                self.composite(c, &class, outer, d)?
            }
            Kind::Pojo => {
                let pojo = self.r.utf()?;
                for what in ["POJO field", "POJO registered subclass", "POJO subclass"] {
                    self.optional_map(what)?;
                }
                Ser::Pojo(pojo)
            }
            Kind::Kryo => {
                let type_class = self.r.utf()?;
                for what in ["Kryo registration", "Kryo default serializer", "Kryo default serializer class"] {
                    self.optional_map(what)?;
                }
                Ser::Kryo(type_class)
            }
            Kind::Enum => {
                let c = self.r.utf()?;
                let n = self.r.count("enum constant", 2)?;
                for _ in 0..n {
                    self.r.utf()?;
                }
                Ser::Enum(c)
            }
            Kind::ScalaEnum => {
                let c = self.r.utf()?;
                let n = self.r.count("enum constant", 6)?;
                for _ in 0..n {
                    self.r.utf()?;
                    self.r.i32()?;
                }
                Ser::Named(format!("Enumeration {c}"), vec![])
            }
            Kind::Generic(k) => Ser::Generic(k, self.r.utf()?),
            Kind::Avro => {
                let class = match version {
                    1 => {
                        self.r.utf()?;
                        "org.apache.avro.generic.GenericRecord".to_string()
                    }
                    2 => {
                        let c = self.r.utf()?;
                        self.r.utf()?;
                        c
                    }
                    3 => {
                        let c = string_value(self.r)?;
                        string_value(self.r)?;
                        c
                    }
                    v => return Err(self.r.corrupt_at(version_at, format!("{class}: unknown version {v}"))),
                };
                Ser::Avro(class)
            }
            Kind::RowData => {
                let n = self.r.count("row field type", 4)?;
                for _ in 0..n {
                    self.java_stream(&class)?;
                }
                Ser::Named("RowData".into(), self.nested(d)?)
            }
            Kind::SortedMap => {
                self.java_stream(&class)?;
                Ser::Named("SortedMap".into(), self.nested(d)?)
            }
            Kind::JavaStreams(name, n) => {
                for _ in 0..n {
                    self.java_stream(&class)?;
                }
                Ser::Simple(name)
            }
            Kind::Ints(name, n) => {
                self.r.skip(4 * n)?;
                Ser::Simple(name)
            }
        };
        Ok(ser)
    }

    fn composite(&mut self, c: Composite, class: &str, outer: i32, d: usize) -> Result<Ser> {
        let ser = match c {
            Composite::List => Ser::List(Box::new(self.nested_n(1, d)?.remove(0))),
            Composite::Set => Ser::Set(Box::new(self.nested_n(1, d)?.remove(0))),
            Composite::Map => {
                let [k, v] = self.nested_2(d)?;
                Ser::Map(Box::new(k), Box::new(v))
            }
            Composite::Array => {
                self.r.utf()?;
                Ser::Array(Box::new(self.nested_n(1, d)?.remove(0)))
            }
            Composite::Nullable => {
                self.r.i32()?;
                Ser::Nullable(Box::new(self.nested_n(1, d)?.remove(0)))
            }
            Composite::Tuple => {
                let tuple = self.r.utf()?;
                let simple = tuple.rsplit(['.', '$']).next().unwrap_or(&tuple).to_string();
                Ser::Tuple(simple, self.nested(d)?)
            }
            Composite::Row => {
                if outer >= 4 {
                    self.r.bool()?;
                }
                Ser::Row(self.nested(d)?)
            }
            Composite::Either => {
                let [l, r] = self.nested_2(d)?;
                Ser::Either(Box::new(l), Box::new(r))
            }
            Composite::Ttl => {
                let [_timestamp, v] = self.nested_2(d)?;
                Ser::Ttl(Box::new(v))
            }
            Composite::Timer => {
                let [k, n] = self.nested_2(d)?;
                Ser::Timer(Box::new(k), Box::new(n))
            }
            Composite::Named(name, body) => {
                let label = match body {
                    Body::Empty => name.to_string(),
                    Body::Class => format!("{name} {}", self.r.utf()?),
                    Body::Utf => {
                        self.r.utf()?;
                        name.to_string()
                    }
                    Body::Bool => {
                        self.r.bool()?;
                        name.to_string()
                    }
                    Body::BoolSince2 => {
                        if outer >= 2 {
                            self.r.bool()?;
                        }
                        name.to_string()
                    }
                    Body::JavaThenBool => {
                        self.java_stream(class)?;
                        self.r.bool()?;
                        name.to_string()
                    }
                };
                Ser::Named(label, self.nested(d)?)
            }
        };
        Ok(ser)
    }

    /// `NestedSerializersSnapshotDelegate`: magic, version 1, a count, the versioned snapshots.
    fn nested(&mut self, d: usize) -> Result<Vec<Ser>> {
        if self.stopped.is_some() {
            return Ok(vec![]);
        }
        let at = self.r.pos();
        let magic = self.r.i32()?;
        if magic != NESTED_MAGIC {
            return Err(self
                .r
                .corrupt_at(at, format!("nested serializer snapshots magic {magic}, not {NESTED_MAGIC}")));
        }
        let at = self.r.pos();
        let v = self.r.i32()?;
        if v != 1 {
            return Err(self.r.corrupt_at(at, format!("nested serializer snapshots version {v}, not 1")));
        }
        let n = self.r.count("nested serializer snapshot", 6)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(if self.stopped.is_some() { Ser::Unread } else { self.versioned(d)? });
        }
        Ok(out)
    }

    fn nested_n(&mut self, n: usize, d: usize) -> Result<Vec<Ser>> {
        let at = self.r.pos();
        let mut v = self.nested(d)?;
        if self.stopped.is_none() && v.len() != n {
            return Err(self.r.corrupt_at(at, format!("{} nested serializer snapshots where {n} belong", v.len())));
        }
        v.resize(n, Ser::Unread);
        Ok(v)
    }

    fn nested_2(&mut self, d: usize) -> Result<[Ser; 2]> {
        let mut v = self.nested_n(2, d)?;
        let b = v.pop().unwrap_or(Ser::Unread);
        let a = v.pop().unwrap_or(Ser::Unread);
        Ok([a, b])
    }

    /// `LinkedOptionalMapSerializer`: magic, a count, then per entry a name and two optional length-framed
    /// blocks, skipped by their lengths.
    fn optional_map(&mut self, what: &str) -> Result<()> {
        let at = self.r.pos();
        let magic = self.r.i64()?;
        if magic != OPTIONAL_MAP_MAGIC {
            return Err(self.r.corrupt_at(at, format!("{what} map: magic {magic:#x}, not {OPTIONAL_MAP_MAGIC:#x}")));
        }
        let n = self.r.count(what, 4)?;
        for _ in 0..n {
            self.r.utf()?;
            for _ in 0..2 {
                if self.r.bool()? {
                    let len = self.r.count(&format!("{what} byte"), 1)?;
                    self.r.skip(len)?;
                }
            }
        }
        Ok(())
    }

    /// One Java serialization stream (a table type's `LogicalType`, a comparator), skipped.
    fn java_stream(&mut self, class: &str) -> Result<()> {
        let at = self.r.pos();
        java::read_object(self.r).map(|_| ()).map_err(|e| {
            if e.ends_early() {
                e
            } else {
                self.r.corrupt_at(at, format!("{class}: its Java-serialized type information cannot be read ({e})"))
            }
        })
    }
}

/// `StringValue`'s string: a varint of length + 1 (0 = null), then each UTF-16 unit as a varint.
fn string_value(r: &mut Reader<'_>) -> Result<String> {
    let varint = |r: &mut Reader<'_>| -> Result<u32> {
        let at = r.pos();
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = r.u8()?;
            v |= u32::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(r.corrupt_at(at, "a StringValue length longer than 5 bytes"))
    };
    let len = varint(r)?;
    let Some(n) = len.checked_sub(1) else { return Ok(String::new()) };
    if n as usize > r.remaining() {
        r.skip(n as usize)?; // ends early, with the right numbers
    }
    let mut units = Vec::with_capacity(n as usize);
    for _ in 0..n {
        units.push(varint(r)? as u16);
    }
    Ok(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

#[derive(Clone, Copy)]
enum Kind {
    Composite(Composite),
    Pojo,
    Kryo,
    Enum,
    ScalaEnum,
    Generic(&'static str),
    Avro,
    RowData,
    /// A Java serialization stream (the comparator), then the nested snapshots.
    SortedMap,
    /// A body of `n` Java serialization streams.
    JavaStreams(&'static str, usize),
    /// A body of `n` `i32`s.
    Ints(&'static str, usize),
}

impl Kind {
    /// The one snapshot version whose body fsp reads; `None` where the version decides the body (composites,
    /// Avro).
    fn version(self) -> Option<i32> {
        match self {
            Kind::Composite(_) | Kind::Avro => None,
            Kind::Pojo | Kind::Kryo | Kind::Generic(_) => Some(2),
            Kind::Enum | Kind::ScalaEnum | Kind::RowData | Kind::SortedMap | Kind::JavaStreams(..) => Some(3),
            Kind::Ints("TimestampData", _) => Some(1),
            Kind::Ints(..) => Some(3),
        }
    }
}

#[derive(Clone, Copy)]
enum Composite {
    List,
    Set,
    Map,
    Array,
    Nullable,
    Tuple,
    Row,
    Either,
    Ttl,
    Timer,
    Named(&'static str, Body),
}

/// The outer body of a [`Composite::Named`].
#[derive(Clone, Copy)]
enum Body {
    Empty,
    /// A class name, shown.
    Class,
    /// A string not shown (Scala's builder code).
    Utf,
    Bool,
    /// A `bool` for outer version 2 and later.
    BoolSince2,
    /// A Java serialization stream, then a `bool`.
    JavaThenBool,
}

const BASE: &str = "org.apache.flink.api.common.typeutils.base.";
const RUNTIME: &str = "org.apache.flink.api.java.typeutils.runtime.";
const SCALA: &str = "org.apache.flink.api.scala.typeutils.";
const TABLE: &str = "org.apache.flink.table.runtime.typeutils.";
const CEP: &str = "org.apache.flink.cep.nfa.";

/// Snapshot classes without configuration (`SimpleTypeSerializerSnapshot` and the like), with Flink's name.
fn simple(class: &str) -> Option<&'static str> {
    if let Some(rest) = class.strip_prefix(BASE) {
        // `XSerializer$XSerializerSnapshot`, X = the name
        const BASE_SIMPLE: &[&str] = &[
            "Boolean",
            "Byte",
            "Char",
            "Short",
            "Int",
            "Long",
            "Float",
            "Double",
            "String",
            "Void",
            "BigInt",
            "BigDec",
            "Date",
            "SqlDate",
            "SqlTime",
            "SqlTimestamp",
            "Instant",
            "LocalDate",
            "LocalDateTime",
            "LocalTime",
            "BooleanValue",
            "ByteValue",
            "CharValue",
            "ShortValue",
            "IntValue",
            "LongValue",
            "FloatValue",
            "DoubleValue",
            "StringValue",
            "NullValue",
        ];
        if let Some(name) = BASE_SIMPLE.iter().find(|n| is_pair(rest, n)) {
            return Some(name);
        }
        const ARRAYS: &[(&str, &str)] = &[
            ("BooleanPrimitiveArray", "boolean[]"),
            ("BytePrimitiveArray", "byte[]"),
            ("CharPrimitiveArray", "char[]"),
            ("ShortPrimitiveArray", "short[]"),
            ("IntPrimitiveArray", "int[]"),
            ("LongPrimitiveArray", "long[]"),
            ("FloatPrimitiveArray", "float[]"),
            ("DoublePrimitiveArray", "double[]"),
            ("StringArray", "String[]"),
        ];
        let rest = rest.strip_prefix("array.")?;
        return ARRAYS.iter().find(|(n, _)| is_pair(rest, n)).map(|(_, d)| *d);
    }
    Some(match class {
        "org.apache.flink.api.java.typeutils.runtime.Tuple0SerializerSnapshot" => "Tuple0",
        "org.apache.flink.runtime.state.VoidNamespaceSerializer$VoidNamespaceSerializerSnapshot" => "VoidNamespace",
        "org.apache.flink.queryablestate.client.VoidNamespaceSerializer$VoidNamespaceSerializerSnapshot" => {
            "VoidNamespace"
        }
        "org.apache.flink.runtime.state.JavaSerializer$JavaSerializerSnapshot" => "JavaSerializer",
        "org.apache.flink.streaming.api.windowing.windows.TimeWindow$Serializer$TimeWindowSerializerSnapshot"
        | "org.apache.flink.table.runtime.operators.window.TimeWindow$Serializer$TimeWindowSerializerSnapshot" => {
            "TimeWindow"
        }
        "org.apache.flink.streaming.api.windowing.windows.GlobalWindow$Serializer$GlobalWindowSerializerSnapshot" => {
            "GlobalWindow"
        }
        "org.apache.flink.table.runtime.operators.window.CountWindow$Serializer$CountWindowSerializerSnapshot" => {
            "CountWindow"
        }
        "org.apache.flink.table.runtime.typeutils.StringDataSerializer$StringDataSerializerSnapshot" => "StringData",
        "org.apache.flink.table.runtime.operators.sink.SortedLongSerializer$SortedLongSerializerSnapshot" => {
            "SortedLong"
        }
        "org.apache.flink.table.dataview.NullSerializer$NullSerializerSnapshot" => "Null",
        "org.apache.flink.cep.nfa.DeweyNumber$DeweyNumberSerializer$DeweyNumberSerializerSnapshot" => "DeweyNumber",
        "org.apache.flink.cep.nfa.sharedbuffer.EventId$EventIdSerializer$EventIdSerializerSnapshot" => "EventId",
        "org.apache.flink.api.scala.typeutils.UnitSerializer$UnitSerializerSnapshot" => "Unit",
        "org.apache.flink.api.scala.typeutils.NothingSerializer$NothingSerializerSnapshot" => "Nothing",
        _ => return None,
    })
}

/// `rest` is `{name}Serializer${name}SerializerSnapshot`.
fn is_pair(rest: &str, name: &str) -> bool {
    rest.strip_prefix(name)
        .and_then(|r| r.strip_prefix("Serializer$"))
        .and_then(|r| r.strip_prefix(name))
        .is_some_and(|r| r == "SerializerSnapshot")
}

fn known(class: &str) -> Option<Kind> {
    use Body::*;
    use Composite as C;
    let named = |n, b| Some(Kind::Composite(C::Named(n, b)));
    if let Some(rest) = class.strip_prefix(BASE) {
        return match rest {
            "ListSerializerSnapshot" => Some(Kind::Composite(C::List)),
            "SetSerializerSnapshot" => Some(Kind::Composite(C::Set)),
            "MapSerializerSnapshot" => Some(Kind::Composite(C::Map)),
            "GenericArraySerializerSnapshot" => Some(Kind::Composite(C::Array)),
            "EnumSerializer$EnumSerializerSnapshot" => Some(Kind::Enum),
            _ => None,
        };
    }
    if let Some(rest) = class.strip_prefix(RUNTIME) {
        return match rest {
            "NullableSerializer$NullableSerializerSnapshot" => Some(Kind::Composite(C::Nullable)),
            "TupleSerializerSnapshot" => Some(Kind::Composite(C::Tuple)),
            "RowSerializer$RowSerializerSnapshot" => Some(Kind::Composite(C::Row)),
            "JavaEitherSerializerSnapshot" => Some(Kind::Composite(C::Either)),
            "PojoSerializerSnapshot" => Some(Kind::Pojo),
            "kryo.KryoSerializerSnapshot" => Some(Kind::Kryo),
            "ValueSerializer$ValueSerializerSnapshot" => Some(Kind::Generic("Value")),
            "CopyableValueSerializer$CopyableValueSerializerSnapshot" => Some(Kind::Generic("CopyableValue")),
            "WritableSerializer$WritableSerializerSnapshot" => Some(Kind::Generic("Writable")),
            _ => None,
        };
    }
    if let Some(rest) = class.strip_prefix(SCALA) {
        return match rest {
            "ScalaCaseClassSerializerSnapshot" | "Tuple2CaseClassSerializerSnapshot" => named("CaseClass", Class),
            "TraversableSerializerSnapshot" => named("Traversable", Utf),
            "ScalaOptionSerializerSnapshot" => named("Option", Empty),
            "ScalaTrySerializerSnapshot" => named("Try", Empty),
            "ScalaEitherSerializerSnapshot" => named("Either", Empty),
            "ScalaEnumSerializerSnapshot" => Some(Kind::ScalaEnum),
            _ => None,
        };
    }
    if let Some(rest) = class.strip_prefix(TABLE) {
        return match rest {
            "RowDataSerializer$RowDataSerializerSnapshot" => Some(Kind::RowData),
            "MapDataSerializer$MapDataSerializerSnapshot" => Some(Kind::JavaStreams("MapData", 4)),
            "ArrayDataSerializer$ArrayDataSerializerSnapshot" => Some(Kind::JavaStreams("ArrayData", 2)),
            "DecimalDataSerializer$DecimalSerializerSnapshot" => Some(Kind::Ints("DecimalData", 2)),
            "TimestampDataSerializer$TimestampDataSerializerSnapshot" => Some(Kind::Ints("TimestampData", 1)),
            "BinaryRowDataSerializer$BinaryRowDataSerializerSnapshot" => Some(Kind::Ints("BinaryRowData", 1)),
            "LinkedListSerializer$LinkedListSerializerSnapshot" => named("LinkedList", BoolSince2),
            "RawValueDataSerializer$RawValueDataSerializerSnapshot" => named("RawValueData", Empty),
            "WindowKeySerializer$WindowKeySerializerSnapshot" => named("WindowKey", Empty),
            "ExternalSerializer$ExternalSerializerSnapshot" => named("External", JavaThenBool),
            "SortedMapSerializerSnapshot" => Some(Kind::SortedMap),
            _ => None,
        };
    }
    if let Some(rest) = class.strip_prefix(CEP) {
        return match rest {
            "NFAStateSerializerSnapshot" => named("NFAState", Bool),
            "sharedbuffer.LockableTypeSerializerSnapshot" => named("Lockable", Empty),
            "sharedbuffer.NodeId$NodeIdSerializer$NodeIdSerializerSnapshot" => named("NodeId", Empty),
            "sharedbuffer.SharedBufferEdge$SharedBufferEdgeSerializer$SharedBufferEdgeSerializerSnapshot" => {
                named("SharedBufferEdge", Empty)
            }
            "sharedbuffer.SharedBufferNodeSerializerSnapshotV2" => named("SharedBufferNode", Empty),
            _ => None,
        };
    }
    match class {
        "org.apache.flink.runtime.state.ttl.TtlStateFactory$TtlSerializerSnapshot"
        | "org.apache.flink.runtime.state.v2.ttl.TtlStateFactory$TtlSerializerSnapshot" => {
            Some(Kind::Composite(C::Ttl))
        }
        "org.apache.flink.runtime.state.ArrayListSerializerSnapshot" => Some(Kind::Composite(C::List)),
        "org.apache.flink.streaming.api.operators.TimerSerializerSnapshot" => Some(Kind::Composite(C::Timer)),
        "org.apache.flink.streaming.runtime.streamrecord.StreamElementSerializer$StreamElementSerializerSnapshot" => {
            named("StreamElement", Empty)
        }
        "org.apache.flink.streaming.api.operators.co.IntervalJoinOperator$BufferEntrySerializerSnapshot" => {
            named("BufferEntry", Empty)
        }
        "org.apache.flink.streaming.api.datastream.CoGroupedStreams$UnionSerializerSnapshot" => named("Union", Empty),
        "org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot" => Some(Kind::Avro),
        _ => None,
    }
}
