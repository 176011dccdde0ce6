//! Reply extraction, end to end from the raw mail: each fixture is one client's
//! reply style (charset and transfer encoding included).

use tessera_mail::parse;
use tessera_mail::reply::{QuoteBoundary, extract_reply};

use crate::common::fixture;

struct Case {
    file: &'static str,
    reply: &'static str,
    signature: Option<&'static str>,
    boundary: Option<QuoteBoundary>,
    /// A line the quoted part must contain.
    quoted_contains: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        file: "gmail_en.eml",
        reply: "Thanks, that fixed it!\n\nJan",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("> we restarted the print server. Please try again."),
    },
    Case {
        file: "gmail_html_only.eml",
        reply: "Thanks, works now!\n\nJan",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some(
            "> we restarted the print server. See the status page <https://status.example.com/incident/42>.",
        ),
    },
    Case {
        file: "outlook_original_message.eml",
        reply: "It still prints blank pages.\n\nRegards,\nJan Kowalski",
        signature: None,
        boundary: Some(QuoteBoundary::OriginalMessage),
        quoted_contains: Some("Sent: Monday, November 3, 2025 10:15 AM"),
    },
    Case {
        file: "outlook_html_header_block.eml",
        reply: "Toner replaced, all good now.\n\nJan",
        signature: None,
        boundary: Some(QuoteBoundary::HeaderBlock),
        quoted_contains: Some("we restarted the print server"),
    },
    Case {
        file: "outlook_pl_header_block.eml",
        reply: "Dalej nie działa, drukuje puste strony.",
        signature: None,
        boundary: Some(QuoteBoundary::HeaderBlock),
        quoted_contains: Some("Wysłano: poniedziałek, 3 listopada 2025 10:15"),
    },
    Case {
        file: "outlook_ru_header_block.eml",
        reply: "Проблема решена, спасибо.",
        signature: None,
        boundary: Some(QuoteBoundary::HeaderBlock),
        quoted_contains: Some("Отправлено: 3 ноября 2025 г. 10:15"),
    },
    Case {
        file: "apple_mail.eml",
        reply: "Works now, thank you.",
        signature: None,
        boundary: Some(QuoteBoundary::QuotedLines),
        quoted_contains: Some("> we restarted the print server."),
    },
    Case {
        file: "apple_mail_unquoted_attribution.eml",
        reply: "Works now, thank you.\n\nJan Kowalski\nIT, floor 2",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("we restarted the print server."),
    },
    Case {
        file: "thunderbird_pl.eml",
        reply: "Dziękuję, działa.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("> zrestartowaliśmy serwer wydruku."),
    },
    Case {
        file: "thunderbird_pl_signature_first.eml",
        reply: "Dziękuję, działa.",
        signature: Some("-- \nJan Kowalski\nDział IT"),
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("W dniu 3.11.2025 o 10:15, Acme Support pisze:"),
    },
    Case {
        file: "iphone.eml",
        reply: "OK, thanks!",
        signature: Some("Sent from my iPhone"),
        boundary: Some(QuoteBoundary::QuotedLines),
        quoted_contains: Some("> On 3 Nov 2025, at 10:15"),
    },
    Case {
        file: "android_pl.eml",
        reply: "Dzięki, już drukuje.",
        signature: Some("Wysłane z mojego Galaxy"),
        boundary: Some(QuoteBoundary::OriginalMessage),
        quoted_contains: Some("Od: Acme Support <support@example.com>"),
    },
    Case {
        file: "gmail_hr.eml",
        reply: "Hvala, riješeno.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("> ponovno smo pokrenuli poslužitelj za ispis."),
    },
    Case {
        file: "thunderbird_hr.eml",
        reply: "Još uvijek ne radi.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("je napisao/la:"),
    },
    Case {
        file: "thunderbird_ru.eml",
        reply: "Спасибо, всё работает.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("> мы перезапустили сервер печати."),
    },
    Case {
        file: "gmail_ru.eml",
        reply: "Не помогло, принтер снова завис.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("Acme Support <support@example.com>:"),
    },
    Case {
        file: "gmail_el.eml",
        reply: "Ευχαριστώ, λειτουργεί τώρα.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("> επανεκκινήσαμε τον διακομιστή εκτύπωσης."),
    },
    Case {
        file: "thunderbird_el.eml",
        reply: "Ακόμα δεν τυπώνει.",
        signature: None,
        boundary: Some(QuoteBoundary::Attribution),
        quoted_contains: Some("ο Acme Support έγραψε:"),
    },
    Case {
        file: "new_request_no_quote.eml",
        reply: "Hello,\n\nthe printer on floor 3 shows error 0x42.\nHere is what the display wrote:\nPAPER JAM IN TRAY 2\n\nJan",
        signature: None,
        boundary: None,
        quoted_contains: None,
    },
];

#[test]
fn every_client_style() {
    let mut failures = Vec::new();
    for case in CASES {
        let message = parse(&fixture(&format!("reply/{}", case.file)));
        assert!(
            message.parse_warnings.is_empty(),
            "{}: {:?}",
            case.file,
            message.parse_warnings
        );
        let extracted = extract_reply(&message.text_body);
        let quoted_ok = match case.quoted_contains {
            Some(needle) => extracted
                .quoted
                .as_deref()
                .is_some_and(|q| q.contains(needle)),
            None => extracted.quoted.is_none(),
        };
        if extracted.reply != case.reply
            || extracted.signature.as_deref() != case.signature
            || extracted.boundary != case.boundary
            || !quoted_ok
        {
            failures.push(format!("{}: got {extracted:#?}", case.file));
        }
        // The original text is untouched and still holds every part.
        assert!(
            message
                .text_body
                .contains(case.reply.lines().next().unwrap_or_default())
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
