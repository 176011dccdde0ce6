//! A small, safe Markdown subset for comments: paragraphs with line breaks,
//! bullet lists, quotes, fenced code, `**bold**`, `*italic*`, `` `code` ``,
//! `[text](https://…)` and bare http(s) links.
//!
//! It parses into plain data that a template renders with auto-escaping, so no
//! HTML is ever built from strings and no markup in a comment reaches the page.
//! Anything outside the subset stays visible as the text it is.

/// A block of a rendered comment. `kind` is `p`, `ul`, `quote` or `pre`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: &'static str,
    /// Lines of a paragraph or quote (joined by line breaks), or list items.
    pub lines: Vec<Vec<Inline>>,
    /// The text of a code block.
    pub code: String,
}

/// A run of text. `kind` is `text`, `strong`, `em`, `code` or `link`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub kind: &'static str,
    pub text: String,
    /// Only for links; always `http://` or `https://`.
    pub href: String,
}

impl Inline {
    fn new(kind: &'static str, text: &str) -> Inline {
        Inline {
            kind,
            text: text.to_owned(),
            href: String::new(),
        }
    }
}

fn block(kind: &'static str, lines: Vec<Vec<Inline>>) -> Block {
    Block {
        kind,
        lines,
        code: String::new(),
    }
}

fn list_item(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "* ", "+ "]
        .iter()
        .find_map(|marker| t.strip_prefix(marker))
}

fn quote_line(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix("> ").or_else(|| (t == ">").then_some(""))
}

pub fn parse(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n");
    let mut blocks = Vec::new();
    let mut lines = text.lines().peekable();
    let mut para: Vec<Vec<Inline>> = Vec::new();
    let flush = |para: &mut Vec<Vec<Inline>>, blocks: &mut Vec<Block>| {
        if !para.is_empty() {
            blocks.push(block("p", std::mem::take(para)));
        }
    };
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("```") {
            flush(&mut para, &mut blocks);
            let mut code = Vec::new();
            for inner in lines.by_ref() {
                if inner.trim_start().starts_with("```") {
                    break;
                }
                code.push(inner);
            }
            blocks.push(Block {
                kind: "pre",
                lines: Vec::new(),
                code: code.join("\n"),
            });
        } else if let Some(item) = list_item(line) {
            flush(&mut para, &mut blocks);
            let mut items = vec![inlines(item)];
            while let Some(next) = lines.peek().and_then(|l| list_item(l)) {
                items.push(inlines(next));
                lines.next();
            }
            blocks.push(block("ul", items));
        } else if let Some(quoted) = quote_line(line) {
            flush(&mut para, &mut blocks);
            let mut quote = vec![inlines(quoted)];
            while let Some(next) = lines.peek().and_then(|l| quote_line(l)) {
                quote.push(inlines(next));
                lines.next();
            }
            blocks.push(block("quote", quote));
        } else if line.trim().is_empty() {
            flush(&mut para, &mut blocks);
        } else {
            para.push(inlines(line));
        }
    }
    flush(&mut para, &mut blocks);
    blocks
}

/// Splits one line into runs.
pub fn inlines(line: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    let push_text = |text: &mut String, out: &mut Vec<Inline>| {
        if !text.is_empty() {
            out.push(Inline::new("text", text));
            text.clear();
        }
    };
    while let Some(c) = rest.chars().next() {
        if let Some((inline, used)) = special(rest) {
            push_text(&mut text, &mut out);
            out.push(inline);
            rest = &rest[used..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    push_text(&mut text, &mut out);
    out
}

/// A run starting at the beginning of `s`, and how many bytes it used.
fn special(s: &str) -> Option<(Inline, usize)> {
    if let Some(body) = s.strip_prefix('`') {
        let end = body.find('`')?;
        return Some((Inline::new("code", &body[..end]), end + 2));
    }
    if let Some(body) = s.strip_prefix("**") {
        let end = body.find("**").filter(|e| *e > 0)?;
        return Some((Inline::new("strong", &body[..end]), end + 4));
    }
    if let Some(body) = s.strip_prefix('*') {
        let end = body.find('*').filter(|e| *e > 0)?;
        let inner = &body[..end];
        // "2 * 3 * 4" is arithmetic, not emphasis.
        if inner.starts_with(' ') || inner.ends_with(' ') {
            return None;
        }
        return Some((Inline::new("em", inner), end + 2));
    }
    if let Some(body) = s.strip_prefix('[') {
        let close = body.find("](")?;
        let label = &body[..close];
        let after = &body[close + 2..];
        let end = after.find(')')?;
        let href = &after[..end];
        if !is_web_url(href) || label.is_empty() {
            return None;
        }
        let inline = Inline {
            kind: "link",
            text: label.to_owned(),
            href: href.to_owned(),
        };
        return Some((inline, 1 + close + 2 + end + 1));
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        let url = s[..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?', '"', '\'']);
        if !is_web_url(url) {
            return None;
        }
        let inline = Inline {
            kind: "link",
            text: url.to_owned(),
            href: url.to_owned(),
        };
        return Some((inline, url.len()));
    }
    None
}

/// Only plain web links: no `javascript:`, `data:` or relative URLs, and nothing
/// that could break out of an attribute (the template escapes it anyway).
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty())
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(&'static str, String)> {
        inlines(line)
            .into_iter()
            .map(|i| (i.kind, i.text))
            .collect()
    }

    #[test]
    fn blocks_are_recognised() {
        let blocks = parse("Hello\nsecond line\n\n- one\n- two\n\n> quoted\n```\nlet x = 1;\n```");
        let shape: Vec<&str> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(shape, ["p", "ul", "quote", "pre"]);
        assert_eq!(blocks[0].lines.len(), 2, "line breaks are kept");
        assert_eq!(blocks[1].lines.len(), 2);
        assert_eq!(blocks[3].code, "let x = 1;");
    }

    #[test]
    fn inline_runs() {
        assert_eq!(
            kinds("a **b** *c* `d` e"),
            vec![
                ("text", "a ".to_owned()),
                ("strong", "b".to_owned()),
                ("text", " ".to_owned()),
                ("em", "c".to_owned()),
                ("text", " ".to_owned()),
                ("code", "d".to_owned()),
                ("text", " e".to_owned()),
            ]
        );
        assert_eq!(kinds("2 * 3 * 4"), vec![("text", "2 * 3 * 4".to_owned())]);
        assert_eq!(
            kinds("snake_case_name"),
            vec![("text", "snake_case_name".to_owned())]
        );
    }

    #[test]
    fn only_web_links_become_links() {
        let runs = inlines(
            "see https://example.com/a?b=1. or [docs](https://docs.example) or [x](javascript:alert(1))",
        );
        let links: Vec<&str> = runs
            .iter()
            .filter(|i| i.kind == "link")
            .map(|i| i.href.as_str())
            .collect();
        assert_eq!(links, ["https://example.com/a?b=1", "https://docs.example"]);
        assert!(
            runs.iter()
                .any(|i| i.kind == "text" && i.text.contains("javascript:"))
        );
    }

    #[test]
    fn markup_stays_text() {
        let runs = inlines("<script>alert(1)</script>");
        assert_eq!(runs, vec![Inline::new("text", "<script>alert(1)</script>")]);
    }
}
