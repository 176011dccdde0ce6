//! Separates the new text of a reply from the quoted history and the signature.
//!
//! Works on the plain-text body (for HTML-only mail, the text rendition), because
//! every client's HTML quoting differs but they all leave a recognisable text trail:
//! an attribution line ("On … wrote:", "W dniu … pisze:", "… je napisao:",
//! "… пишет:", "Ο/Η … έγραψε:"), an Outlook separator or From:/Sent: header block,
//! or a trailing run of `>` lines. The full original is never altered; callers keep
//! it next to the extracted reply.

/// What marked the start of the quoted history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteBoundary {
    /// An attribution line: "On Mon, … wrote:" and its translations.
    Attribution,
    /// An Outlook-style "-----Original Message-----" separator.
    OriginalMessage,
    /// An Outlook-style header block: "From: …" followed by "Sent:"/"To:"/"Subject:".
    HeaderBlock,
    /// A trailing run of lines starting with `>`.
    QuotedLines,
}

/// The parts of a reply. `reply` is never empty when the input has text: if nothing
/// but quotes remain, the whole text is the reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractedReply {
    pub reply: String,
    pub signature: Option<String>,
    pub quoted: Option<String>,
    pub boundary: Option<QuoteBoundary>,
}

/// Endings of attribution lines, lower-case.
const ATTRIBUTION_ENDINGS: &[&str] = &[
    // en
    "wrote:",
    "writes:",
    // pl
    "pisze:",
    "napisał:",
    "napisała:",
    "napisał(a):",
    // hr
    "napisao:",
    "napisala:",
    "napisao/la:",
    "napisao/napisala:",
    "napisao je:",
    "napisala je:",
    // ru
    "пишет:",
    "написал:",
    "написала:",
    "написал(а):",
    // el
    "έγραψε:",
];

/// Beginnings of attribution lines that clients wrap over several lines.
const ATTRIBUTION_STARTS: &[&str] = &["on ", "w dniu ", "dnia ", "dana ", "στις ", "ο/η ", "η/ο "];

/// Text between the dashes of an Outlook separator, lower-case.
const ORIGINAL_MESSAGE_MARKERS: &[&str] = &[
    "original message",
    "reply message",
    "wiadomość oryginalna",
    "oryginalna wiadomość",
    "izvorna poruka",
    "originalna poruka",
    "исходное сообщение",
    "αρχικό μήνυμα",
];

/// Forward markers: a header block right after one of these is forwarded content,
/// which is the request itself, not history to hide.
const FORWARD_MARKERS: &[&str] = &[
    "forwarded message",
    "begin forwarded message",
    "wiadomość przekazana dalej",
    "przekazana wiadomość",
    "proslijeđena poruka",
    "пересылаемое сообщение",
    "переадресованное сообщение",
    "προωθημένο μήνυμα",
];

/// Labels that open an Outlook header block ("From:"), lower-case.
const FROM_LABELS: &[&str] = &["from", "od", "šalje", "от", "από"];

/// Labels that follow it.
const HEADER_LABELS: &[&str] = &[
    "sent",
    "date",
    "to",
    "cc",
    "subject", // en
    "wysłano",
    "wysłane",
    "data",
    "do",
    "dw",
    "temat", // pl
    "poslano",
    "datum",
    "prima",
    "kopija",
    "predmet", // hr
    "отправлено",
    "дата",
    "кому",
    "копия",
    "тема", // ru
    "στάλθηκε",
    "ημερομηνία",
    "προς",
    "κοιν.",
    "θέμα", // el
];

/// Beginnings of mobile-client signatures, lower-case.
const MOBILE_SIGNATURES: &[&str] = &[
    "sent from my ",
    "sent from mail for windows",
    "sent from outlook",
    "sent from yahoo mail",
    "get outlook for ",
    "wysłane z ",
    "wysłano z ",
    "poslano s ",
    "poslano sa ",
    "отправлено с ",
    "отправлено из ",
    "στάλθηκε από ",
    "εστάλη από ",
];

/// A mobile signature must be near the end of the reply to count.
const MOBILE_SIGNATURE_MAX_TRAILING_LINES: usize = 3;

/// Splits `text` into reply, signature and quoted history.
pub fn extract_reply(text: &str) -> ExtractedReply {
    let normalized = text.replace("\r\n", "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();

    let (boundary, kind) = match find_boundary(&lines) {
        Some((index, kind)) => (index, Some(kind)),
        None => (lines.len(), None),
    };
    let quoted = kind.map(|_| lines[boundary..].join("\n").trim().to_owned());

    let body = &lines[..boundary];
    let (reply_lines, signature) = match find_signature(body) {
        Some(index) => (
            &body[..index],
            Some(body[index..].join("\n").trim().to_owned()).filter(|s| !s.is_empty()),
        ),
        None => (body, None),
    };
    let reply = reply_lines.join("\n").trim().to_owned();
    if reply.is_empty() {
        // Nothing new was written above the quote (or the whole mail is a quote):
        // show everything rather than an empty comment.
        return ExtractedReply {
            reply: normalized.trim().to_owned(),
            signature: None,
            quoted: None,
            boundary: None,
        };
    }
    ExtractedReply {
        reply,
        signature,
        quoted,
        boundary: kind,
    }
}

fn find_boundary(lines: &[&str]) -> Option<(usize, QuoteBoundary)> {
    for index in 0..lines.len() {
        if is_original_message_separator(lines[index]) {
            return Some((index, QuoteBoundary::OriginalMessage));
        }
        if is_underscore_rule(lines[index])
            && next_non_empty(lines, index + 1).is_some_and(|next| is_header_block(lines, next))
        {
            return Some((index, QuoteBoundary::HeaderBlock));
        }
        if is_header_block(lines, index) && !follows_forward_marker(lines, index) {
            return Some((index, QuoteBoundary::HeaderBlock));
        }
        if is_attribution(lines, index) {
            return Some((index, QuoteBoundary::Attribution));
        }
    }
    trailing_quote(lines).map(|index| (index, QuoteBoundary::QuotedLines))
}

fn next_non_empty(lines: &[&str], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].trim().is_empty())
}

fn previous_non_empty(lines: &[&str], before: usize) -> Option<usize> {
    (0..before).rev().find(|&i| !lines[i].trim().is_empty())
}

fn is_original_message_separator(line: &str) -> bool {
    let trimmed = line.trim();
    if !(trimmed.starts_with("--") && trimmed.ends_with("--")) {
        return false;
    }
    let inner = trimmed.trim_matches('-').trim().to_lowercase();
    ORIGINAL_MESSAGE_MARKERS.contains(&inner.as_str())
}

fn is_underscore_rule(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.len() >= 20 && trimmed.chars().all(|c| c == '_')
}

/// `From: x` (optionally `*From:*` as text renditions of bold labels look) →
/// ("from", "x").
fn header_label(line: &str) -> Option<(String, &str)> {
    let trimmed = line.trim().trim_start_matches('*');
    let (label, value) = trimmed.split_once(':')?;
    let label = label.trim().trim_end_matches('*').trim().to_lowercase();
    if label.is_empty() || label.chars().count() > 20 {
        return None;
    }
    Some((label, value.trim_start_matches('*').trim()))
}

/// A "From:" line followed, within a few lines, by another header label.
fn is_header_block(lines: &[&str], index: usize) -> bool {
    let Some((label, value)) = header_label(lines[index]) else {
        return false;
    };
    if !FROM_LABELS.contains(&label.as_str()) || value.is_empty() {
        return false;
    }
    lines
        .iter()
        .skip(index + 1)
        .filter(|l| !l.trim().is_empty())
        .take(4)
        .filter_map(|l| header_label(l))
        .any(|(label, _)| HEADER_LABELS.contains(&label.as_str()))
}

fn follows_forward_marker(lines: &[&str], index: usize) -> bool {
    previous_non_empty(lines, index).is_some_and(|prev| {
        let lower = lines[prev].to_lowercase();
        FORWARD_MARKERS.iter().any(|m| lower.contains(m))
    })
}

fn starts_with_attribution_prefix(lower: &str) -> bool {
    ATTRIBUTION_STARTS.iter().any(|p| lower.starts_with(p))
}

/// An attribution line at `index`, possibly wrapped over up to three lines.
fn is_attribution(lines: &[&str], index: usize) -> bool {
    let first = lines[index].trim();
    if first.is_empty() || first.starts_with('>') {
        return false;
    }
    let first_lower = first.to_lowercase();
    let followed_by_quote = |last: usize| {
        next_non_empty(lines, last + 1).is_some_and(|n| lines[n].trim_start().starts_with('>'))
    };
    // Wrapped attributions only when the first line starts like one, so a random
    // sentence joined to the next line cannot match.
    let max_extra = if starts_with_attribution_prefix(&first_lower) {
        2
    } else {
        0
    };
    let mut joined = first.to_owned();
    for extra in 0..=max_extra {
        let last = index + extra;
        if last >= lines.len() {
            break;
        }
        if extra > 0 {
            let next = lines[last].trim();
            if next.is_empty() {
                break;
            }
            joined.push(' ');
            joined.push_str(next);
        }
        let lower = joined.to_lowercase();
        if ATTRIBUTION_ENDINGS.iter().any(|e| lower.ends_with(e)) {
            // "… wrote:" is specific, yet "here is what she wrote:" is a sentence:
            // ask for a second sign of a quote header.
            let evidence = starts_with_attribution_prefix(&lower)
                || lower.contains('@')
                || lower.chars().any(|c| c.is_ascii_digit())
                || followed_by_quote(last);
            if evidence {
                return true;
            }
        }
        // Gmail in Russian and other locales: "пн, 3 нояб. 2025 г. в 10:15, Иван <ivan@x>:".
        if lower.ends_with(">:") && lower.contains('@') && followed_by_quote(last) {
            return true;
        }
    }
    false
}

/// The start of a final run of `>` lines (blank lines allowed), if the text ends in one.
fn trailing_quote(lines: &[&str]) -> Option<usize> {
    let mut start = None;
    for index in (0..lines.len()).rev() {
        let line = lines[index].trim_start();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('>') {
            start = Some(index);
        } else {
            break;
        }
    }
    start
}

/// Index of the first signature line in the reply part, if any.
fn find_signature(lines: &[&str]) -> Option<usize> {
    // RFC 3676 "-- " delimiter; a bare "--" too, since many clients trim the space.
    if let Some(index) = lines
        .iter()
        .position(|l| *l == "-- " || l.trim_end() == "--")
    {
        return Some(index);
    }
    lines.iter().enumerate().rev().find_map(|(index, line)| {
        let lower = line.trim().to_lowercase();
        let is_mobile = MOBILE_SIGNATURES.iter().any(|s| lower.starts_with(s));
        let trailing = lines[index + 1..]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .count();
        (is_mobile && trailing <= MOBILE_SIGNATURE_MAX_TRAILING_LINES).then_some(index)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_without_quotes_is_all_reply() {
        let r = extract_reply("Hello,\n\nthe printer is broken.\n");
        assert_eq!(r.reply, "Hello,\n\nthe printer is broken.");
        assert_eq!(r.quoted, None);
        assert_eq!(r.signature, None);
    }

    #[test]
    fn a_sentence_ending_in_wrote_is_not_a_quote_header() {
        let text = "Here is what my colleague wrote:\nthe printer is broken.";
        assert_eq!(extract_reply(text).boundary, None);
    }

    #[test]
    fn inline_replies_are_kept_whole() {
        let text = "> question one\nanswer one\n> question two\nanswer two";
        let r = extract_reply(text);
        assert_eq!(r.boundary, None);
        assert_eq!(r.reply, text);
    }

    #[test]
    fn only_quotes_fall_back_to_everything() {
        let r = extract_reply("> just a quote\n> nothing else");
        assert_eq!(r.reply, "> just a quote\n> nothing else");
        assert_eq!(r.boundary, None);
    }

    #[test]
    fn sig_dash_and_mobile_signatures() {
        let r = extract_reply("Thanks!\n-- \nJan Kowalski\nIT");
        assert_eq!(r.reply, "Thanks!");
        assert_eq!(r.signature.as_deref(), Some("-- \nJan Kowalski\nIT"));
        let r = extract_reply("Works now.\n\nSent from my iPhone");
        assert_eq!(r.reply, "Works now.");
        assert_eq!(r.signature.as_deref(), Some("Sent from my iPhone"));
        // Far from the end it is text, not a signature.
        let r = extract_reply("Sent from my iPhone is how I write\na\nb\nc\nd\ne");
        assert_eq!(r.signature, None);
    }

    #[test]
    fn forwarded_header_blocks_are_content() {
        let text = "Please help with this:\n\n---------- Forwarded message ---------\nFrom: Vendor <v@example.com>\nDate: Mon, 3 Nov 2025\nSubject: Invoice\nTo: jan@example.pl\n\nInvoice attached.";
        let r = extract_reply(text);
        assert_eq!(r.boundary, None);
        assert!(r.reply.contains("Invoice attached."));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "\n",
            ">",
            "--",
            "On",
            "On\n",
            "_____________________",
            "From: x",
            "\u{feff}On é wrote:",
        ] {
            let _ = extract_reply(text);
        }
    }
}
