//! A loopback HTTP server that answers like Flink's REST API, scripted per test, for faults a real cluster
//! cannot produce on demand: resets, 5xx, slow or malformed answers, operations that never end. It records
//! every request. Plain `std::net`: one thread, one connection at a time, HTTP/1.1 with Content-Length.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub body: String,
}

/// What the server does with a request.
pub enum Reply {
    Json(u16, String),
    /// Send these bytes as the whole response, then close.
    Raw(Vec<u8>),
    /// Close the connection without answering.
    Close,
    /// Wait, then reply.
    After(Duration, Box<Reply>),
}

pub fn json(status: u16, body: &str) -> Reply {
    Reply::Json(status, body.to_string())
}

type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

pub struct FakeFlink {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl FakeFlink {
    /// Start a server; `handler` gets each request and how many requests came before it.
    pub fn start(handler: impl Fn(&Request, usize) -> Reply + Send + Sync + 'static) -> FakeFlink {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let (log, handler) = (log.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        FakeFlink { url, requests }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// The requests whose method and path start as given.
    pub fn count(&self, method: &str, path_prefix: &str) -> usize {
        self.requests().iter().filter(|r| r.method == method && r.path.starts_with(path_prefix)).count()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (method, path) = (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string());
        let mut len = 0;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            if h.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; len];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let req = Request { method, path, body: String::from_utf8_lossy(&body).into_owned() };
        let n = {
            let mut l = log.lock().unwrap();
            l.push(req.clone());
            l.len() - 1
        };
        let mut reply = handler(&req, n);
        loop {
            match reply {
                Reply::After(d, r) => {
                    // a slow server on purpose (a test of fsp's timeouts): the delay is the behaviour, not a wait
                    std::thread::sleep(d);
                    reply = *r;
                }
                Reply::Json(status, body) => {
                    let head = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    );
                    if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).is_err() {
                        return;
                    }
                    break;
                }
                Reply::Raw(bytes) => {
                    let _ = stream.write_all(&bytes);
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    return;
                }
                Reply::Close => {
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    return;
                }
            }
        }
    }
}
