//! The listener's replies. Kept in one place so the wording and the enhanced
//! status codes (RFC 3463) stay consistent.

use smtp_proto::Error as ProtoError;

pub(crate) const TOO_MANY_CONNECTIONS: &[u8] =
    b"421 4.7.0 Too many connections, try again later\r\n";

pub(crate) fn line(out: &mut Vec<u8>, code: u16, text: &str) {
    out.extend_from_slice(format!("{code} {text}\r\n").as_bytes());
}

pub(crate) fn greeting(out: &mut Vec<u8>, hostname: &str) {
    line(out, 220, &format!("{hostname} Tessera ESMTP ready"));
}

pub(crate) fn ehlo(out: &mut Vec<u8>, hostname: &str, max_size: usize, offer_starttls: bool) {
    let mut lines = vec![
        format!("{hostname} Tessera"),
        format!("SIZE {max_size}"),
        "8BITMIME".to_owned(),
        "PIPELINING".to_owned(),
        "CHUNKING".to_owned(),
        "ENHANCEDSTATUSCODES".to_owned(),
        "SMTPUTF8".to_owned(),
    ];
    if offer_starttls {
        lines.push("STARTTLS".to_owned());
    }
    let last = lines.len() - 1;
    for (i, text) in lines.iter().enumerate() {
        let separator = if i == last { ' ' } else { '-' };
        out.extend_from_slice(format!("250{separator}{text}\r\n").as_bytes());
    }
}

pub(crate) fn shutting_down(out: &mut Vec<u8>, hostname: &str) {
    line(
        out,
        421,
        &format!("4.3.2 {hostname} shutting down, try again later"),
    );
}

pub(crate) fn timeout(out: &mut Vec<u8>, hostname: &str) {
    line(
        out,
        421,
        &format!("4.4.2 {hostname} timeout, closing connection"),
    );
}

/// The reply to a command the parser rejected.
pub(crate) fn protocol_error(out: &mut Vec<u8>, error: &ProtoError) {
    match error {
        ProtoError::UnknownCommand => line(out, 500, "5.5.2 Command not recognized"),
        ProtoError::InvalidSenderAddress => line(out, 501, "5.1.7 Bad sender address syntax"),
        ProtoError::InvalidRecipientAddress => line(out, 501, "5.1.3 Bad recipient address syntax"),
        ProtoError::SyntaxError { syntax } => line(out, 501, &format!("5.5.4 Syntax: {syntax}")),
        ProtoError::InvalidParameter { param } => {
            line(out, 501, &format!("5.5.4 Invalid parameter {param}"))
        }
        ProtoError::UnsupportedParameter { .. } => line(out, 555, "5.5.4 Unsupported parameter"),
        ProtoError::ResponseTooLong => line(out, 500, "5.5.6 Line too long"),
        ProtoError::NeedsMoreData { .. } | ProtoError::InvalidResponse { .. } => {
            line(out, 500, "5.5.2 Syntax error")
        }
    }
}
