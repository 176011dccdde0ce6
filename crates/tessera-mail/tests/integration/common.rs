//! Shared helpers: fixtures, a collecting sink, a listener on 127.0.0.1:0.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tessera_mail::smtp::{Envelope, InboundSink, SinkError, SmtpConfig, SmtpServer};
use tessera_mail::{InboundMessage, MailboxSet, ParseOptions, SharedMailboxes, parse_with};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// rustls needs one process-wide provider; ring, never aws-lc (STACK W3).
pub fn install_crypto() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// One accepted message, parsed the way the binary's job will parse it.
pub struct Received {
    pub envelope: Envelope,
    pub raw: Vec<u8>,
    pub parsed: InboundMessage,
}

/// A sink that parses and keeps everything; `fail` switches it to errors.
#[derive(Clone, Default)]
pub struct CollectSink {
    pub received: Arc<Mutex<Vec<Received>>>,
    pub fail: Arc<Mutex<Option<bool>>>,
}

impl CollectSink {
    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.received.lock().unwrap())
    }

    /// `Some(true)`: reject permanently; `Some(false)`: fail temporarily.
    pub fn set_failure(&self, failure: Option<bool>) {
        *self.fail.lock().unwrap() = failure;
    }
}

impl InboundSink for CollectSink {
    async fn accept(&self, envelope: Envelope, raw: Vec<u8>) -> Result<(), SinkError> {
        match *self.fail.lock().unwrap() {
            Some(true) => return Err(SinkError::Rejected("test".into())),
            Some(false) => return Err(SinkError::Temporary("test".into())),
            None => {}
        }
        let options = ParseOptions {
            envelope_sender: Some(&envelope.mail_from),
            ..ParseOptions::default()
        };
        let parsed = parse_with(&raw, &options);
        self.received.lock().unwrap().push(Received {
            envelope,
            raw,
            parsed,
        });
        Ok(())
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub sink: CollectSink,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl TestServer {
    pub async fn start(configure: impl FnOnce(&mut SmtpConfig)) -> Self {
        install_crypto();
        let mailboxes = SharedMailboxes::new(MailboxSet::new([
            "support@example.com",
            "billing@example.com",
        ]));
        let mut config = SmtpConfig::new("mx.tessera.test", mailboxes);
        config.command_timeout = Duration::from_secs(20);
        config.data_timeout = Duration::from_secs(20);
        configure(&mut config);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let sink = CollectSink::default();
        let (stop, stopped) = oneshot::channel::<()>();
        let server = SmtpServer::new(config, sink.clone());
        let task = tokio::spawn(server.serve(listener, async move {
            let _ = stopped.await;
        }));
        Self {
            addr,
            sink,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Triggers shutdown and waits (bounded) for the server to finish.
    pub async fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(10), task)
                .await
                .expect("server did not shut down")
                .unwrap();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// A line-oriented raw SMTP client for protocol-level tests.
pub struct RawClient {
    reader: tokio::io::BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl RawClient {
    pub async fn connect(addr: SocketAddr) -> Self {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let (read, writer) = stream.into_split();
        Self {
            reader: tokio::io::BufReader::new(read),
            writer,
        }
    }

    pub async fn send(&mut self, data: &[u8]) {
        use tokio::io::AsyncWriteExt;
        self.writer.write_all(data).await.unwrap();
    }

    /// Reads one (possibly multi-line) reply; returns all its lines joined by '\n'.
    pub async fn reply(&mut self) -> String {
        use tokio::io::AsyncBufReadExt;
        let mut lines = Vec::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(Duration::from_secs(10), self.reader.read_line(&mut line))
                .await
                .expect("reply timed out")
                .unwrap();
            if n == 0 {
                return if lines.is_empty() {
                    "<closed>".to_owned()
                } else {
                    lines.join("\n")
                };
            }
            let line = line.trim_end().to_owned();
            let last = line.as_bytes().get(3) != Some(&b'-');
            lines.push(line);
            if last {
                return lines.join("\n");
            }
        }
    }

    /// Sends a command line and returns the reply.
    pub async fn command(&mut self, line: &str) -> String {
        self.send(format!("{line}\r\n").as_bytes()).await;
        self.reply().await
    }

    /// True once the server has closed the connection.
    pub async fn is_closed(&mut self) -> bool {
        self.reply().await == "<closed>"
    }
}
