//! CPython's email test corpus (`lib/python3.x/test/test_email/data/msg_*.txt`,
//! years of real-world and deliberately broken messages) sent into the listener
//! over real SMTP, by lettre and by Python's smtplib. Every message must be
//! accepted and parsed; parse warnings are fine, errors and panics are not.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::common::TestServer;

/// `TESSERA_EMAIL_CORPUS`, else asks the machine's python3 where its test
/// package lives. Panics when there is none, unless `TESSERA_SKIP_CORPUS` is set:
/// a silently skipped corpus would hide regressions.
fn corpus() -> Option<Vec<PathBuf>> {
    let dir = match std::env::var_os("TESSERA_EMAIL_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let output = Command::new("python3")
                .args([
                    "-c",
                    "import os, test; print(os.path.join(os.path.dirname(test.__file__), 'test_email', 'data'))",
                ])
                .output();
            match output {
                Ok(out) if out.status.success() => {
                    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
                }
                _ => PathBuf::new(),
            }
        }
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("msg_") && n.ends_with(".txt"))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        if std::env::var_os("TESSERA_SKIP_CORPUS").is_some() {
            eprintln!(
                "CPython email corpus not found in {}; skipped",
                dir.display()
            );
            return None;
        }
        panic!(
            "CPython email corpus not found in {:?}; set TESSERA_EMAIL_CORPUS or TESSERA_SKIP_CORPUS",
            dir
        );
    }
    Some(files)
}

/// LF → CRLF, as an MTA delivers it.
fn to_crlf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 20);
    let mut previous = 0u8;
    for &b in raw {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    out
}

fn canonical(raw: &[u8]) -> Vec<u8> {
    let text: Vec<u8> = raw.iter().copied().filter(|&b| b != b'\r').collect();
    let end = text.iter().rposition(|&b| b != b'\n').map_or(0, |i| i + 1);
    text[..end].to_vec()
}

#[tokio::test]
async fn corpus_through_lettre() {
    let Some(files) = corpus() else { return };
    let server = TestServer::start(|_| {}).await;
    let client = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(server.addr.port())
        .timeout(Some(Duration::from_secs(20)))
        .build();
    let envelope = Envelope::new(
        Some("sender@example.org".parse().unwrap()),
        vec!["support@example.com".parse().unwrap()],
    )
    .unwrap();
    for file in &files {
        let raw = to_crlf(&std::fs::read(file).unwrap());
        client
            .send_raw(&envelope, &raw)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let received = server.sink.take();
        assert_eq!(received.len(), 1, "{}", file.display());
        let stored = &received[0].raw;
        // Byte-exact apart from the trace header and the final line break.
        assert!(
            canonical(stored).ends_with(&canonical(&raw)),
            "{}: stored bytes differ from what was sent",
            file.display()
        );
    }
    eprintln!(
        "corpus via lettre: {} messages accepted and parsed",
        files.len()
    );
}

#[tokio::test]
async fn corpus_through_python_smtplib() {
    let Some(files) = corpus() else { return };
    let server = TestServer::start(|_| {}).await;
    let script = r#"
import smtplib, sys
port = int(sys.argv[1])
sent = 0
with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
    smtp.ehlo("smtplib.test")
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        smtp.sendmail("sender@example.org", ["Support@Example.com"], data)
        sent += 1
print(sent)
"#;
    let port = server.addr.port().to_string();
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(port)
            .args(paths)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "smtplib failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        files.len().to_string()
    );
    let received = server.sink.take();
    assert_eq!(received.len(), files.len());
    let mut warned = 0;
    let mut warnings = std::collections::BTreeMap::<String, usize>::new();
    for mail in &received {
        assert_eq!(mail.envelope.mail_from, "sender@example.org");
        assert_eq!(mail.parsed.raw_sha256.len(), 64);
        if !mail.parsed.parse_warnings.is_empty() {
            warned += 1;
        }
        for warning in &mail.parsed.parse_warnings {
            *warnings.entry(warning.clone()).or_default() += 1;
        }
    }
    eprintln!(
        "corpus via smtplib: {} messages accepted and parsed ({warned} with parse warnings: {warnings:?})",
        received.len()
    );
}
