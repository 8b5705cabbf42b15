//! Just enough of Java's object serialization to read the `CheckpointProperties` trailer of `_metadata`
//! V4+: which tells a savepoint from a checkpoint, and a canonical savepoint from a native one.

use super::reader::{Reader, Result};

const MAX_DEPTH: usize = 32;
const BASE_HANDLE: i32 = 0x7E_0000;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Prim,
    Str(String),
    Enum { class: String, constant: String },
    Object { class: String, fields: Vec<(String, Value)> },
    Array,
    Class,
}

impl Value {
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object { fields, .. } => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn class(&self) -> Option<&str> {
        match self {
            Value::Object { class, .. } | Value::Enum { class, .. } => Some(class),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct ClassDesc {
    name: String,
    flags: u8,
    fields: Vec<(u8, String)>,
    parent: Option<Box<ClassDesc>>,
}

#[derive(Debug, Clone)]
enum Handle {
    Desc(ClassDesc),
    Value(Value),
}

struct Stream<'r, 'a> {
    r: &'r mut Reader<'a>,
    handles: Vec<Handle>,
}

/// Read one serialized object (the stream header first).
pub fn read_object(r: &mut Reader<'_>) -> Result<Value> {
    if r.u16()? != 0xACED {
        return r.err("the properties trailer is not a Java serialization stream (no AC ED header)");
    }
    if r.u16()? != 5 {
        return r.err("unsupported Java serialization stream version");
    }
    let mut s = Stream { r, handles: Vec::new() };
    s.content(0)
}

impl Stream<'_, '_> {
    fn err<T>(&self, m: impl Into<String>) -> Result<T> {
        self.r.err(m)
    }

    fn assign(&mut self, h: Handle) -> usize {
        self.handles.push(h);
        self.handles.len() - 1
    }

    fn reference(&mut self) -> Result<Handle> {
        let h = self.r.i32()?;
        let idx = h.checked_sub(BASE_HANDLE).and_then(|i| usize::try_from(i).ok());
        match idx.and_then(|i| self.handles.get(i)) {
            Some(h) => Ok(h.clone()),
            None => self.err(format!("Java serialization reference {h:#x} to nothing")),
        }
    }

    fn content(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return self.err("Java serialization nested too deeply");
        }
        match self.r.u8()? {
            0x70 => Ok(Value::Null),
            0x71 => match self.reference()? {
                Handle::Value(v) => Ok(v),
                Handle::Desc(_) => Ok(Value::Class),
            },
            0x72 => {
                self.class_desc_body(depth)?;
                Ok(Value::Class)
            }
            0x73 => self.object(depth),
            0x74 => {
                let s = self.r.utf()?;
                self.assign(Handle::Value(Value::Str(s.clone())));
                Ok(Value::Str(s))
            }
            0x7C => {
                let n = self.r.i64()?;
                let Ok(n) = usize::try_from(n) else { return self.err(format!("negative long string length {n}")) };
                let s = String::from_utf8_lossy(self.r.bytes(n)?).into_owned();
                self.assign(Handle::Value(Value::Str(s.clone())));
                Ok(Value::Str(s))
            }
            0x75 => self.array(depth),
            0x76 => {
                self.class_desc(depth)?;
                self.assign(Handle::Value(Value::Class));
                Ok(Value::Class)
            }
            0x7E => {
                let desc = self.class_desc(depth)?;
                let h = self.assign(Handle::Value(Value::Null));
                let constant = match self.content(depth + 1)? {
                    Value::Str(s) => s,
                    _ => return self.err("an enum constant that is not a string"),
                };
                let v = Value::Enum { class: desc.map(|d| d.name).unwrap_or_default(), constant };
                self.handles[h] = Handle::Value(v.clone());
                Ok(v)
            }
            0x77 => {
                let n = self.r.u8()? as usize;
                self.r.skip(n)?;
                Ok(Value::Prim)
            }
            0x7A => {
                let n = self.r.count("block data", 1)?;
                self.r.skip(n)?;
                Ok(Value::Prim)
            }
            t => Err(self
                .r
                .corrupt_at(self.r.pos().saturating_sub(1), format!("unknown Java serialization tag {t:#04x}"))),
        }
    }

    /// A class descriptor where one is expected: new (72), a reference (71) or null (70).
    fn class_desc(&mut self, depth: usize) -> Result<Option<ClassDesc>> {
        if depth > MAX_DEPTH {
            return self.err("Java serialization nested too deeply");
        }
        match self.r.u8()? {
            0x70 => Ok(None),
            0x71 => match self.reference()? {
                Handle::Desc(d) => Ok(Some(d)),
                Handle::Value(_) => self.err("a reference to a non-class where a class was expected"),
            },
            0x72 => self.class_desc_body(depth).map(Some),
            t => self.err(format!("expected a class descriptor, found tag {t:#04x}")),
        }
    }

    fn class_desc_body(&mut self, depth: usize) -> Result<ClassDesc> {
        let h = self.assign(Handle::Desc(ClassDesc { name: String::new(), flags: 0, fields: vec![], parent: None }));
        let name = self.r.utf()?;
        let _suid = self.r.i64()?;
        let flags = self.r.u8()?;
        let n = self.r.u16()? as usize;
        let mut fields = Vec::new();
        for _ in 0..n {
            let t = self.r.u8()?;
            let fname = self.r.utf()?;
            if t == b'L' || t == b'[' {
                self.content(depth + 1)?; // the field's class name, a string
            } else if !b"BCDFIJSZ".contains(&t) {
                return self.err(format!("unknown Java field type {:?}", t as char));
            }
            fields.push((t, fname));
        }
        self.annotation(depth)?;
        let parent = self.class_desc(depth + 1)?.map(Box::new);
        let desc = ClassDesc { name, flags, fields, parent };
        self.handles[h] = Handle::Desc(desc.clone());
        Ok(desc)
    }

    /// Class or object annotations: contents up to TC_ENDBLOCKDATA (78).
    fn annotation(&mut self, depth: usize) -> Result<()> {
        loop {
            if self.r.rest().first() == Some(&0x78) {
                self.r.u8()?;
                return Ok(());
            }
            self.content(depth + 1)?;
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value> {
        let Some(desc) = self.class_desc(depth)? else {
            return self.err("an object without a class");
        };
        let h = self.assign(Handle::Value(Value::Null));
        // Field values, from the topmost superclass down.
        let mut chain = vec![&desc];
        let mut cur = &desc;
        while let Some(p) = cur.parent.as_deref() {
            chain.push(p);
            cur = p;
        }
        let mut fields = Vec::new();
        for d in chain.iter().rev() {
            if d.flags & 0x04 != 0 {
                return self.err(format!("externalizable class {} is not supported", d.name));
            }
            for (t, name) in &d.fields {
                let v = match t {
                    b'B' | b'Z' => self.r.skip(1).map(|_| Value::Prim)?,
                    b'C' | b'S' => self.r.skip(2).map(|_| Value::Prim)?,
                    b'I' | b'F' => self.r.skip(4).map(|_| Value::Prim)?,
                    b'J' | b'D' => self.r.skip(8).map(|_| Value::Prim)?,
                    _ => self.content(depth + 1)?,
                };
                fields.push((name.clone(), v));
            }
            if d.flags & 0x01 != 0 {
                self.annotation(depth)?;
            }
        }
        let v = Value::Object { class: desc.name.clone(), fields };
        self.handles[h] = Handle::Value(v.clone());
        Ok(v)
    }

    fn array(&mut self, depth: usize) -> Result<Value> {
        let desc = self.class_desc(depth)?;
        self.assign(Handle::Value(Value::Array));
        let elem = desc.as_ref().and_then(|d| d.name.as_bytes().get(1).copied()).unwrap_or(b'L');
        let size = match elem {
            b'B' | b'Z' => 1,
            b'C' | b'S' => 2,
            b'I' | b'F' => 4,
            b'J' | b'D' => 8,
            _ => 0,
        };
        let n = self.r.count("array element", size.max(1))?;
        if size > 0 {
            self.r.skip(n * size)?;
        } else {
            for _ in 0..n {
                self.content(depth + 1)?;
            }
        }
        Ok(Value::Array)
    }
}
