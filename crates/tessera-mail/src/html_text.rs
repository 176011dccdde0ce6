//! A plain-text rendition of HTML mail, for HTML-only messages.
//!
//! mail-parser's own converter only breaks lines at `<br>` and `</p>`, which glues
//! Outlook's quoted header block ("From: … Sent: … To: …") into one line and
//! loses blockquotes, so reply extraction could not see them. This one walks
//! html5ever's tokenizer (the same parser ammonia uses; no tree is built): block
//! elements end lines, `<blockquote>` becomes `> ` quoting, lists get bullets,
//! links keep their target, and script/style/head content is dropped.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// Elements whose start and end begin a new line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements that also leave an empty line around them.
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "blockquote",
    "pre",
];

/// Elements whose content is never shown.
const HIDDEN: &[&str] = &["head", "script", "style", "template", "title", "noscript"];

#[derive(Default)]
struct Renderer {
    out: String,
    /// `<blockquote>` nesting: each level prefixes lines with "> ".
    quote_depth: usize,
    /// Inside an element from [`HIDDEN`] (counted: they can nest in broken HTML).
    hidden_depth: usize,
    pre_depth: usize,
    /// A space is owed before the next word (whitespace collapsing).
    pending_space: bool,
    /// The current output line has only its quote prefix so far.
    at_line_start: bool,
    /// The link being rendered: its target, and where its text started.
    link: Option<(String, usize)>,
}

impl Renderer {
    fn new() -> Self {
        Self {
            at_line_start: true,
            ..Self::default()
        }
    }

    fn start_line_if_needed(&mut self) {
        if self.at_line_start {
            for _ in 0..self.quote_depth {
                self.out.push_str("> ");
            }
            self.at_line_start = false;
        }
    }

    fn newline(&mut self) {
        if self.at_line_start && self.quote_depth > 0 {
            // An empty quoted line still shows its marker.
            for _ in 0..self.quote_depth {
                self.out.push('>');
            }
        }
        self.out.push('\n');
        self.at_line_start = true;
        self.pending_space = false;
    }

    /// Ends the current line unless it is empty.
    fn break_line(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
    }

    /// Ends the current line and leaves one empty line (not more).
    fn blank_line(&mut self) {
        self.break_line();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") && !self.out.ends_with(">\n") {
            self.newline();
        }
    }

    fn text(&mut self, text: &str) {
        if self.hidden_depth > 0 {
            return;
        }
        if self.pre_depth > 0 {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.newline();
                }
                if !line.is_empty() {
                    self.start_line_if_needed();
                    self.out.push_str(line.trim_end_matches('\r'));
                }
            }
            return;
        }
        for (i, word) in text
            .split(|c: char| c.is_whitespace() && c != '\u{a0}')
            .enumerate()
        {
            if i > 0 {
                self.pending_space = true;
            }
            if word.is_empty() {
                continue;
            }
            if self.pending_space && !self.at_line_start {
                self.out.push(' ');
            }
            self.pending_space = false;
            self.start_line_if_needed();
            self.out.push_str(&word.replace('\u{a0}', " "));
        }
    }

    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if HIDDEN.contains(&name) {
            if start && !tag.self_closing {
                self.hidden_depth += 1;
                // Tell the tokenizer not to parse markup inside script/style.
                return match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                    "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => TokenSinkResult::Continue,
                };
            }
            if !start {
                self.hidden_depth = self.hidden_depth.saturating_sub(1);
            }
            return TokenSinkResult::Continue;
        }
        if self.hidden_depth > 0 {
            return TokenSinkResult::Continue;
        }
        match (name, start) {
            ("br", _) => {
                self.start_line_if_needed();
                self.newline();
            }
            ("hr", true) => {
                self.break_line();
                self.start_line_if_needed();
                self.out.push_str("________________________________");
                self.newline();
            }
            ("blockquote", true) => {
                self.blank_line();
                self.quote_depth += 1;
            }
            ("blockquote", false) => {
                self.break_line();
                self.quote_depth = self.quote_depth.saturating_sub(1);
                self.blank_line();
            }
            ("pre", true) => {
                self.blank_line();
                self.pre_depth += 1;
            }
            ("pre", false) => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                self.blank_line();
            }
            ("li", true) => {
                self.break_line();
                self.start_line_if_needed();
                self.out.push_str("- ");
            }
            ("td" | "th", true) if !self.at_line_start => self.out.push('\t'),
            ("td" | "th", _) => {}
            ("a", true) => {
                let href = tag
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "href")
                    .map(|a| a.value.to_string());
                self.link = href.map(|h| (h, self.out.len()));
            }
            ("a", false) => {
                if let Some((href, text_start)) = self.link.take() {
                    let shown = self.out.get(text_start..).unwrap_or_default().trim();
                    let worth_showing = (href.starts_with("http://")
                        || href.starts_with("https://"))
                        && !shown.is_empty()
                        && shown != href
                        && !href.ends_with(shown);
                    if worth_showing {
                        self.out.push_str(&format!(" <{href}>"));
                    }
                }
            }
            ("img", true) => {
                if let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt") {
                    let alt = alt.value.trim();
                    if !alt.is_empty() {
                        self.text(&format!("[{alt}]"));
                    }
                }
            }
            (name, _) if PARAGRAPHS.contains(&name) => self.blank_line(),
            (name, _) if BLOCKS.contains(&name) => self.break_line(),
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn finish(self) -> String {
        let all: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        // A bare ">" line closing a quote is an artefact of the blank line after
        // a nested blockquote.
        let mut lines: Vec<&str> = all
            .iter()
            .enumerate()
            .filter(|(i, line)| {
                let bare_marker = !line.is_empty() && line.chars().all(|c| c == '>');
                let quote_continues = all.get(i + 1).is_some_and(|next| next.starts_with('>'));
                !bare_marker || quote_continues
            })
            .map(|(_, line)| *line)
            .collect();
        // At most one empty line in a row.
        lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
        lines.join("\n").trim().to_owned()
    }
}

struct Sink(RefCell<Renderer>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut renderer = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => renderer.tag(&tag),
            Token::CharacterTokens(text) => {
                renderer.text(&text);
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

/// Renders HTML as readable plain text.
pub fn html_to_text(html: &str) -> String {
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Renderer::new())),
        TokenizerOpts::default(),
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks to pause for scripts, so one feed consumes everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner().finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lines_and_whitespace() {
        let html = "<html><head><title>t</title><style>p{color:red}</style></head><body>\
            <div>Hello   <b>world</b>,</div><div>second&nbsp;line<br>third</div>\
            <p>para</p><script>if (a<b) alert('x')</script><ul><li>one</li><li>two</li></ul></body></html>";
        assert_eq!(
            html_to_text(html),
            "Hello world,\nsecond line\nthird\n\npara\n\n- one\n- two"
        );
    }

    #[test]
    fn outlook_header_block_keeps_its_lines() {
        let html = "<div>Done.</div><hr><div><b>From:</b> Acme &lt;s@x&gt;<br><b>Sent:</b> Monday<br><b>To:</b> Jan</div>";
        assert_eq!(
            html_to_text(html),
            "Done.\n________________________________\nFrom: Acme <s@x>\nSent: Monday\nTo: Jan"
        );
    }

    #[test]
    fn blockquotes_become_quoted_lines() {
        let html = "<div>Thanks!</div><div class=gmail_quote>On Mon, Jan wrote:<blockquote>Line 1<br>Line 2<blockquote>deeper</blockquote></blockquote></div>";
        assert_eq!(
            html_to_text(html),
            "Thanks!\nOn Mon, Jan wrote:\n\n> Line 1\n> Line 2\n>\n> > deeper"
        );
    }

    #[test]
    fn links_keep_their_targets() {
        let html = "<a href=\"https://example.com/reset\">click here</a> or <a href=\"https://example.com\">https://example.com</a>";
        assert_eq!(
            html_to_text(html),
            "click here <https://example.com/reset> or https://example.com"
        );
    }

    #[test]
    fn pre_keeps_layout() {
        assert_eq!(html_to_text("<pre>a  b\n  c</pre>"), "a  b\n  c");
    }

    #[test]
    fn garbage_does_not_panic() {
        for html in [
            "<",
            "</",
            "<a href=",
            "<blockquote></blockquote></blockquote>",
            "<pre></pre></pre>",
            "&#xffffffff;",
            "<script>",
        ] {
            let _ = html_to_text(html);
        }
    }
}
