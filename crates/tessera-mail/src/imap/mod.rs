//! The IMAP poller: takes mail from an existing mailbox (a shared inbox at a
//! mail provider) into the same durable intake as the SMTP listener.
//!
//! One [`ImapPoller`] per [`ImapAccount`]: connect, log in, select the folder,
//! fetch unprocessed messages by UID in batches, hand each raw message to the
//! [`ImapSink`], and only after the sink has stored it flag it `\Seen` or move it
//! away. A crash between storing and flagging fetches the message again next
//! time; the store keeps one copy per mailbox + Message-ID, so that is harmless,
//! while the opposite order could lose mail.
//!
//! Between rounds it waits in `IDLE` when the server offers it (re-issued before
//! RFC 2177's 29-minute limit) or sleeps for the poll interval. Any error or
//! disconnect drops the connection and reconnects after a capped exponential
//! back-off with jitter; shutdown stops it at once (a message being stored when
//! shutdown comes is simply fetched again by the next run).

mod account;
mod connection;
mod poller;

pub use account::{AfterProcessing, ImapAccount, ImapSecurity};
pub use poller::{ImapCounters, ImapCountersSnapshot, ImapError, ImapPoller, ImapSink};

use crate::parse::InboundMessage;

/// The SMTP envelope sender of a message fetched over IMAP, for the intake's
/// loop guard (which treats an empty sender as a bounce).
///
/// IMAP has no envelope; the delivering server recorded `MAIL FROM` in the
/// topmost `Return-Path:` (`<>` stays empty: a real bounce). Without one the
/// `From:` address stands in, so ordinary mail is not mistaken for a bounce.
pub fn envelope_sender(message: &InboundMessage) -> String {
    if let Some(return_path) = message.header("Return-Path") {
        return return_path
            .trim()
            .trim_matches(['<', '>'])
            .trim()
            .to_owned();
    }
    message
        .from
        .as_ref()
        .map(|from| from.address.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::envelope_sender;

    #[test]
    fn envelope_sender_prefers_return_path_then_from() {
        let with_path = crate::parse(
            b"Return-Path: <bounces+x@lists.example>\r\nFrom: a@example.com\r\n\r\nhi\r\n",
        );
        assert_eq!(envelope_sender(&with_path), "bounces+x@lists.example");
        let null =
            crate::parse(b"Return-Path: <>\r\nFrom: MAILER-DAEMON@example.com\r\n\r\nhi\r\n");
        assert_eq!(envelope_sender(&null), "");
        let plain = crate::parse(b"From: Ana <ana@example.hr>\r\n\r\nhi\r\n");
        assert_eq!(envelope_sender(&plain), "ana@example.hr");
    }
}
