//! One SMTP connection: command dispatch, DATA/BDAT reception, delivery to the sink.
//!
//! Input is read in chunks and fed to smtp-proto's receivers; replies are collected
//! and written when the input is exhausted, which is what makes PIPELINING work
//! (a client may send MAIL, RCPT, RCPT, DATA in one packet and reads the replies
//! in one go).

use std::net::SocketAddr;
use std::sync::Arc;

use smtp_proto::request::receiver::{
    BdatReceiver, DataReceiver, DummyDataReceiver, RequestReceiver,
};
use smtp_proto::{Error as ProtoError, Request};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::timeout;
use tokio_rustls::TlsAcceptor;

use super::response::{self, line};
use super::{Envelope, InboundSink, Shared, SinkError};

const READ_CHUNK: usize = 16 * 1024;

/// What to read next.
enum Phase {
    Command,
    /// Inside DATA, collecting the message.
    Data {
        receiver: DataReceiver,
        body: Vec<u8>,
    },
    /// Inside DATA after the size limit was passed: read to the end, then 552.
    DataTooBig(DummyDataReceiver),
    /// Inside a BDAT chunk that belongs to the message.
    Bdat {
        receiver: BdatReceiver,
        size: usize,
    },
    /// Inside a BDAT chunk that must be skipped; the reply is sent at its end.
    BdatSkip {
        receiver: DummyDataReceiver,
        code: u16,
        text: &'static str,
    },
}

/// How a run over one stream ended.
enum Outcome<IO> {
    Closed,
    /// The client asked for STARTTLS and got `220`: continue over TLS.
    StartTls(IO),
}

/// What the command handler wants the loop to do.
enum Next {
    Continue,
    Quit,
    StartTls,
}

struct Session<S> {
    shared: Arc<Shared<S>>,
    remote: SocketAddr,
    stop: watch::Receiver<bool>,
    tls: bool,
    helo: Option<String>,
    mail_from: Option<String>,
    rcpt_to: Vec<String>,
    /// Message bytes received so far through BDAT.
    bdat_body: Vec<u8>,
    errors: u32,
}

pub(crate) async fn handle_connection<S: InboundSink>(
    stream: TcpStream,
    remote: SocketAddr,
    shared: Arc<Shared<S>>,
    stop: watch::Receiver<bool>,
) {
    let handshake_timeout = shared.config.command_timeout;
    let tls_config = shared.config.tls.clone();
    let mut session = Session {
        shared,
        remote,
        stop,
        tls: false,
        helo: None,
        mail_from: None,
        rcpt_to: Vec::new(),
        bdat_body: Vec::new(),
        errors: 0,
    };
    match session.run(stream, true).await {
        Ok(Outcome::StartTls(stream)) => {
            let Some(tls_config) = tls_config else {
                return;
            };
            match timeout(
                handshake_timeout,
                TlsAcceptor::from(tls_config).accept(stream),
            )
            .await
            {
                Ok(Ok(tls_stream)) => {
                    // RFC 3207: everything learned before TLS is forgotten.
                    session.tls = true;
                    session.helo = None;
                    session.reset_transaction();
                    if let Err(error) = session.run(tls_stream, false).await {
                        tracing::debug!(%remote, %error, "smtp session (tls) ended with an error");
                    }
                }
                Ok(Err(error)) => tracing::debug!(%remote, %error, "smtp tls handshake failed"),
                Err(_) => tracing::debug!(%remote, "smtp tls handshake timed out"),
            }
        }
        Ok(Outcome::Closed) => {}
        Err(error) => tracing::debug!(%remote, %error, "smtp session ended with an error"),
    }
}

/// Resolves once the server is shutting down (or gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    while !*stop.borrow_and_update() {
        if stop.changed().await.is_err() {
            return;
        }
    }
}

impl<S: InboundSink> Session<S> {
    fn hostname(&self) -> &str {
        &self.shared.config.hostname
    }

    fn reset_transaction(&mut self) {
        self.mail_from = None;
        self.rcpt_to.clear();
        self.bdat_body = Vec::new();
    }

    async fn flush<IO: AsyncWrite + Unpin>(
        &self,
        io: &mut IO,
        out: &mut Vec<u8>,
    ) -> std::io::Result<()> {
        if out.is_empty() {
            return Ok(());
        }
        let write = async {
            io.write_all(out).await?;
            io.flush().await
        };
        match timeout(self.shared.config.command_timeout, write).await {
            Ok(result) => result?,
            Err(_) => return Err(std::io::ErrorKind::TimedOut.into()),
        }
        out.clear();
        Ok(())
    }

    async fn run<IO>(&mut self, mut io: IO, greet: bool) -> std::io::Result<Outcome<IO>>
    where
        IO: AsyncRead + AsyncWrite + Unpin + Send,
    {
        let mut out = Vec::with_capacity(512);
        if greet {
            if *self.stop.borrow() {
                response::shutting_down(&mut out, self.hostname());
                self.flush(&mut io, &mut out).await?;
                return Ok(Outcome::Closed);
            }
            response::greeting(&mut out, self.hostname());
        }
        let mut requests = RequestReceiver::default();
        let mut phase = Phase::Command;
        let mut chunk = vec![0u8; READ_CHUNK];
        loop {
            self.flush(&mut io, &mut out).await?;
            let in_command = matches!(phase, Phase::Command);
            let wait = if in_command {
                self.shared.config.command_timeout
            } else {
                self.shared.config.data_timeout
            };
            let mut stop = self.stop.clone();
            let read = tokio::select! {
                read = timeout(wait, io.read(&mut chunk)) => read,
                // Between commands the client is told at once; a message in
                // flight is allowed to finish (see the end of deliver()).
                () = stopped(&mut stop), if in_command => {
                    response::shutting_down(&mut out, self.hostname());
                    self.flush(&mut io, &mut out).await?;
                    return Ok(Outcome::Closed);
                }
            };
            let n = match read {
                Ok(Ok(0)) => return Ok(Outcome::Closed),
                Ok(Ok(n)) => n,
                Ok(Err(error)) => return Err(error),
                Err(_) => {
                    response::timeout(&mut out, self.hostname());
                    let _ = self.flush(&mut io, &mut out).await;
                    return Ok(Outcome::Closed);
                }
            };
            let mut bytes = chunk[..n].iter();
            loop {
                match &mut phase {
                    Phase::Command => {
                        if bytes.len() == 0 {
                            break;
                        }
                        let request = match requests.ingest(&mut bytes) {
                            Ok(request) => request.into_owned(),
                            Err(ProtoError::NeedsMoreData { .. }) => break,
                            Err(error) => {
                                response::protocol_error(&mut out, &error);
                                if self.count_error(&mut out) {
                                    self.flush(&mut io, &mut out).await?;
                                    return Ok(Outcome::Closed);
                                }
                                continue;
                            }
                        };
                        match self.command(request, &mut phase, &mut out) {
                            Next::Continue => {}
                            Next::Quit => {
                                self.flush(&mut io, &mut out).await?;
                                return Ok(Outcome::Closed);
                            }
                            Next::StartTls => {
                                // Anything pipelined after STARTTLS is dropped
                                // unread (CVE-2011-0411 style injection).
                                self.flush(&mut io, &mut out).await?;
                                return Ok(Outcome::StartTls(io));
                            }
                        }
                    }
                    Phase::Data { receiver, body } => {
                        let done = receiver.ingest(&mut bytes, body);
                        if done && body.len() > self.shared.config.max_message_size {
                            phase = Phase::Command;
                            self.reset_transaction();
                            line(&mut out, 552, "5.3.4 Message too big for this system");
                        } else if done {
                            let raw = std::mem::take(body);
                            phase = Phase::Command;
                            self.deliver(raw, &mut out).await;
                            if self.finish_if_stopping(&mut io, &mut out).await? {
                                return Ok(Outcome::Closed);
                            }
                        } else if body.len() > self.shared.config.max_message_size {
                            phase = Phase::DataTooBig(DummyDataReceiver::new_data(receiver));
                        } else {
                            break;
                        }
                    }
                    Phase::DataTooBig(receiver) => {
                        if !receiver.ingest(&mut bytes) {
                            break;
                        }
                        phase = Phase::Command;
                        self.reset_transaction();
                        line(&mut out, 552, "5.3.4 Message too big for this system");
                    }
                    Phase::Bdat { receiver, size } => {
                        if !receiver.ingest(&mut bytes, &mut self.bdat_body) {
                            break;
                        }
                        let is_last = receiver.is_last;
                        let size = *size;
                        phase = Phase::Command;
                        if is_last {
                            let raw = std::mem::take(&mut self.bdat_body);
                            self.deliver(raw, &mut out).await;
                            if self.finish_if_stopping(&mut io, &mut out).await? {
                                return Ok(Outcome::Closed);
                            }
                        } else {
                            line(&mut out, 250, &format!("2.0.0 {size} octets received"));
                        }
                    }
                    Phase::BdatSkip {
                        receiver,
                        code,
                        text,
                    } => {
                        if !receiver.ingest(&mut bytes) {
                            break;
                        }
                        line(&mut out, *code, text);
                        phase = Phase::Command;
                    }
                }
            }
        }
    }

    /// Counts a protocol error; true when the client has used up its allowance
    /// (the `421` is already in `out`).
    fn count_error(&mut self, out: &mut Vec<u8>) -> bool {
        self.errors += 1;
        if self.errors >= self.shared.config.max_errors {
            line(out, 421, "4.7.0 Too many errors, closing connection");
            return true;
        }
        false
    }

    /// After a delivery during shutdown: say goodbye instead of waiting.
    async fn finish_if_stopping<IO: AsyncWrite + Unpin>(
        &self,
        io: &mut IO,
        out: &mut Vec<u8>,
    ) -> std::io::Result<bool> {
        if !*self.stop.borrow() {
            return Ok(false);
        }
        response::shutting_down(out, self.hostname());
        self.flush(io, out).await?;
        Ok(true)
    }

    fn command(&mut self, request: Request<String>, phase: &mut Phase, out: &mut Vec<u8>) -> Next {
        // A clone of the Arc, so `config` does not borrow `self`.
        let shared = Arc::clone(&self.shared);
        let config = &shared.config;
        match request {
            Request::Ehlo { host } => {
                self.helo = Some(host);
                self.reset_transaction();
                let offer_tls = config.tls.is_some() && !self.tls;
                response::ehlo(out, &config.hostname, config.max_message_size, offer_tls);
            }
            Request::Helo { host } => {
                self.helo = Some(host);
                self.reset_transaction();
                line(out, 250, &config.hostname);
            }
            Request::Mail { from } => {
                if self.helo.is_none() {
                    line(out, 503, "5.5.1 Send EHLO or HELO first");
                } else if self.mail_from.is_some() {
                    line(out, 503, "5.5.1 Nested MAIL command");
                } else if from.size > config.max_message_size {
                    line(out, 552, "5.3.4 Message too big for this system");
                } else {
                    self.mail_from = Some(from.address);
                    line(out, 250, "2.1.0 Sender OK");
                }
            }
            Request::Rcpt { to } => {
                if self.mail_from.is_none() {
                    line(out, 503, "5.5.1 Send MAIL first");
                } else if self.rcpt_to.len() >= config.max_recipients {
                    line(out, 452, "4.5.3 Too many recipients");
                } else if config.mailboxes.matches(&to.address).is_some() {
                    self.rcpt_to.push(to.address);
                    line(out, 250, "2.1.5 Recipient OK");
                } else {
                    // Never relay: only our own mailboxes are valid here.
                    line(out, 550, "5.1.1 No such mailbox here");
                    if self.count_error(out) {
                        return Next::Quit;
                    }
                }
            }
            Request::Data => {
                if let Some((code, text)) = self.transaction_problem() {
                    line(out, code, text);
                } else if !self.bdat_body.is_empty() {
                    line(out, 503, "5.5.1 DATA cannot follow BDAT");
                } else {
                    let mut receiver = DataReceiver::new();
                    // The receiver only unstuffs dots after a CRLF; the message
                    // starts right after the DATA line's CRLF, so prime it with one.
                    let mut scratch = Vec::new();
                    receiver.ingest(&mut b"\r\n".iter(), &mut scratch);
                    *phase = Phase::Data {
                        receiver,
                        body: Vec::new(),
                    };
                    line(out, 354, "Start mail input; end with <CRLF>.<CRLF>");
                }
            }
            Request::Bdat {
                chunk_size,
                is_last,
            } => {
                let problem = self.transaction_problem().or_else(|| {
                    (self.bdat_body.len().saturating_add(chunk_size) > config.max_message_size)
                        .then_some((552, "5.3.4 Message too big for this system"))
                });
                match problem {
                    Some((code, text)) => {
                        if code == 552 {
                            self.reset_transaction();
                        }
                        *phase = Phase::BdatSkip {
                            receiver: DummyDataReceiver::new_bdat(chunk_size),
                            code,
                            text,
                        };
                    }
                    None => {
                        *phase = Phase::Bdat {
                            receiver: BdatReceiver::new(chunk_size, is_last),
                            size: chunk_size,
                        }
                    }
                }
            }
            Request::Rset => {
                self.reset_transaction();
                line(out, 250, "2.0.0 OK");
            }
            Request::Noop { .. } => line(out, 250, "2.0.0 OK"),
            Request::Quit => {
                line(out, 221, "2.0.0 Bye");
                return Next::Quit;
            }
            Request::Vrfy { .. } => line(out, 252, "2.5.2 Cannot VRFY user"),
            Request::Help { .. } => line(out, 214, "2.0.0 See RFC 5321"),
            Request::StartTls => {
                if self.tls {
                    line(out, 503, "5.5.1 Already in TLS");
                } else if config.tls.is_none() {
                    line(out, 502, "5.5.1 STARTTLS not available");
                } else {
                    line(out, 220, "2.0.0 Ready to start TLS");
                    return Next::StartTls;
                }
            }
            Request::Auth { .. } => line(out, 502, "5.5.1 Authentication not available"),
            Request::Lhlo { .. }
            | Request::Expn { .. }
            | Request::Etrn { .. }
            | Request::Atrn { .. }
            | Request::Burl { .. } => line(out, 502, "5.5.1 Command not implemented"),
        }
        Next::Continue
    }

    /// Why DATA/BDAT cannot start now.
    fn transaction_problem(&self) -> Option<(u16, &'static str)> {
        if self.mail_from.is_none() {
            Some((503, "5.5.1 Send MAIL first"))
        } else if self.rcpt_to.is_empty() {
            Some((554, "5.5.1 No valid recipients"))
        } else {
            None
        }
    }

    /// Hands the message to the sink and answers according to its verdict.
    async fn deliver(&mut self, body: Vec<u8>, out: &mut Vec<u8>) {
        let envelope = Envelope {
            mail_from: self.mail_from.take().unwrap_or_default(),
            rcpt_to: std::mem::take(&mut self.rcpt_to),
            remote_addr: self.remote,
            helo: self.helo.clone().unwrap_or_default(),
            tls: self.tls,
        };
        self.reset_transaction();
        let mut raw = received_header(&envelope, self.hostname()).into_bytes();
        raw.extend_from_slice(&body);
        drop(body);

        let sink_timeout = self.shared.config.data_timeout;
        let verdict = timeout(sink_timeout, self.shared.sink.accept(envelope, raw)).await;
        match verdict {
            Ok(Ok(())) => line(out, 250, "2.0.0 Message accepted"),
            Ok(Err(SinkError::Rejected(reason))) => {
                tracing::info!(remote = %self.remote, %reason, "smtp message rejected by sink");
                line(out, 554, "5.6.0 Message rejected");
            }
            Ok(Err(SinkError::Temporary(reason))) => {
                tracing::warn!(remote = %self.remote, %reason, "smtp sink failed; client told to retry");
                line(
                    out,
                    451,
                    "4.3.0 Temporary failure storing the message, try again later",
                );
            }
            Err(_) => {
                tracing::warn!(remote = %self.remote, "smtp sink timed out; client told to retry");
                line(
                    out,
                    451,
                    "4.3.0 Temporary failure storing the message, try again later",
                );
            }
        }
    }
}

/// The trace header RFC 5321 §4.4 asks every receiving server to add.
fn received_header(envelope: &Envelope, hostname: &str) -> String {
    let helo: String = envelope
        .helo
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':' | '_'))
        .take(255)
        .collect();
    let protocol = if envelope.tls { "ESMTPS" } else { "ESMTP" };
    let date = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_string(&jiff::Timestamp::now())
        .unwrap_or_default();
    format!(
        "Received: from {helo} ([{}])\r\n\tby {hostname} (Tessera) with {protocol};\r\n\t{date}\r\n",
        envelope.remote_addr.ip()
    )
}
