//! Text analysis for full-text search, done in Rust so that both store backends
//! index and query exactly the same terms (SQLite FTS5 and PostgreSQL `tsvector`
//! only ever see pre-analysed, space-separated terms).
//!
//! Indexing: each word is NFKC-normalised and lower-cased (its *folded* form); the
//! document's language stem is added when it differs. Querying: each query word
//! becomes the group {folded, stem in every supported language}; a document matches
//! when every group has a term in it. So a Polish ticket about "drukarki" is found by
//! "drukarka", and an agent's English query still finds exact words in any language.

use std::fmt;
use std::str::FromStr;

use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::CoreError;

/// Longest term indexed, in characters; longer "words" (hashes, base64) are noise.
const MAX_TERM_CHARS: usize = 48;
/// Query words beyond this are ignored, to bound the query's size.
const MAX_QUERY_WORDS: usize = 16;

/// The languages Tessera stems (and speaks in its UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Polish,
    Croatian,
    Russian,
    Greek,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::Polish,
        Language::Croatian,
        Language::Russian,
        Language::Greek,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Polish => "pl",
            Language::Croatian => "hr",
            Language::Russian => "ru",
            Language::Greek => "el",
        }
    }

    fn stemmer(self) -> Stemmer {
        Stemmer::create(match self {
            Language::English => Algorithm::English,
            Language::Polish => Algorithm::Polish,
            // Snowball's Serbian stemmer covers Croatian's Latin script.
            Language::Croatian => Algorithm::Serbian,
            Language::Russian => Algorithm::Russian,
            Language::Greek => Algorithm::Greek,
        })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.split(['-', '_']).next().unwrap_or(s).to_ascii_lowercase();
        Language::ALL
            .into_iter()
            .find(|l| l.code() == primary)
            .ok_or_else(|| CoreError::invalid("language", "not one of en, pl, hr, ru, el"))
    }
}

/// Folded words of `text`: NFKC, lower case, Unicode word boundaries, then split
/// again at anything not alphanumeric (apostrophes, dots, underscores), bounded length.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.unicode_words().flat_map(|w| {
        let folded: String = w.nfkc().flat_map(char::to_lowercase).collect();
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|part| !part.is_empty() && part.chars().count() <= MAX_TERM_CHARS)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    })
}

/// The terms to index for a document, space-separated, in document order.
pub fn index_terms(text: &str, language: Option<Language>) -> String {
    let stemmer = language.map(Language::stemmer);
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in words(text) {
        push_term(&mut out, &word);
        if let Some(stemmer) = &stemmer {
            let stem = stemmer.stem(&word);
            if stem != word && !stem.is_empty() {
                push_term(&mut out, &stem);
            }
        }
    }
    out
}

fn push_term(out: &mut String, term: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(term);
}

/// A parsed search query: all groups must match; any term of a group matches it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    pub groups: Vec<Vec<String>>,
}

impl SearchQuery {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Parses what a person typed into term groups (see the module docs).
pub fn parse_query(text: &str) -> SearchQuery {
    let stemmers: Vec<Stemmer> = Language::ALL.iter().map(|l| l.stemmer()).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for word in words(text).take(MAX_QUERY_WORDS) {
        let mut group = vec![word.clone()];
        for stemmer in &stemmers {
            let stem = stemmer.stem(&word);
            if !stem.is_empty() && !group.iter().any(|t| t == stem.as_ref()) {
                group.push(stem.into_owned());
            }
        }
        if !groups.contains(&group) {
            groups.push(group);
        }
    }
    SearchQuery { groups }
}

/// Terms are only ever alphanumeric characters, so each can be quoted safely for
/// either backend's query syntax.
pub fn is_safe_term(term: &str) -> bool {
    !term.is_empty() && term.chars().all(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matches(doc: &str, query: &SearchQuery) -> bool {
        let terms: Vec<&str> = doc.split(' ').collect();
        query
            .groups
            .iter()
            .all(|g| g.iter().any(|t| terms.contains(&t.as_str())))
    }

    #[test]
    fn polish_inflections_meet_at_the_stem() {
        let doc = index_terms("Nie działa drukarka w biurze", Some(Language::Polish));
        assert!(matches(&doc, &parse_query("drukarki")), "{doc}");
    }

    #[test]
    fn english_and_russian_stems() {
        let doc = index_terms(
            "The printers were printing garbage",
            Some(Language::English),
        );
        assert!(matches(&doc, &parse_query("printer print")));
        let doc = index_terms("Принтер не печатает документы", Some(Language::Russian));
        assert!(matches(&doc, &parse_query("документ")), "{doc}");
    }

    #[test]
    fn exact_words_match_without_a_language() {
        let doc = index_terms("VPN-Gateway #1042 down", None);
        assert!(matches(&doc, &parse_query("vpn 1042")));
        assert!(!matches(&doc, &parse_query("printer")));
    }

    #[test]
    fn hostile_text_produces_only_safe_terms() {
        let doc = index_terms(
            "\"; DROP TABLE x; -- <script>alert(1)</script> NEAR( OR *",
            None,
        );
        assert!(doc.split(' ').all(is_safe_term), "{doc}");
    }

    proptest! {
        #[test]
        fn a_document_matches_a_query_made_of_its_own_words(text in "[a-zA-Ząęłśćżźóń ]{1,80}", lang in proptest::sample::select(Language::ALL.to_vec())) {
            let doc = index_terms(&text, Some(lang));
            let q = parse_query(&text);
            prop_assert!(matches(&doc, &q));
        }

        #[test]
        fn every_term_is_safe(text in any::<String>()) {
            let doc = index_terms(&text, Some(Language::English));
            prop_assert!(doc.is_empty() || doc.split(' ').all(is_safe_term));
            for g in parse_query(&text).groups {
                prop_assert!(g.iter().all(|t| is_safe_term(t)));
            }
        }
    }
}
