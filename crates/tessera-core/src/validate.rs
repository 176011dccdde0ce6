//! Input rules shared by every channel: text sizes, NUL bytes, tags, emails.

use crate::CoreError;

pub const SUBJECT_MAX_CHARS: usize = 1_000;
pub const DESCRIPTION_MAX_BYTES: usize = 1_000_000;
pub const NAME_MAX_CHARS: usize = 200;
pub const TAG_MAX_CHARS: usize = 64;
pub const TAGS_MAX: usize = 50;

/// Text that databases and mail can carry: no NUL bytes (PostgreSQL rejects them).
pub fn text(field: &str, value: &str) -> Result<(), CoreError> {
    if value.contains('\0') {
        return Err(CoreError::invalid(field, "must not contain NUL characters"));
    }
    Ok(())
}

/// A required one-line text of at most `max_chars` characters, returned trimmed.
pub fn line(field: &str, value: &str, max_chars: usize) -> Result<String, CoreError> {
    text(field, value)?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(CoreError::invalid(field, "must not be empty"));
    }
    let chars = trimmed.chars().count();
    if chars > max_chars {
        return Err(CoreError::invalid(
            field,
            format!("must be at most {max_chars} characters (got {chars})"),
        ));
    }
    Ok(trimmed.to_owned())
}

pub fn subject(value: &str) -> Result<String, CoreError> {
    line("subject", value, SUBJECT_MAX_CHARS)
}

/// Long text (descriptions, comment bodies) kept verbatim, size-limited.
pub fn body(field: &str, value: &str) -> Result<(), CoreError> {
    text(field, value)?;
    if value.len() > DESCRIPTION_MAX_BYTES {
        return Err(CoreError::invalid(
            field,
            format!(
                "must be at most {DESCRIPTION_MAX_BYTES} bytes (got {})",
                value.len()
            ),
        ));
    }
    Ok(())
}

/// Tags are lower-cased, unique, sorted words of letters, digits and `_-:.`.
pub fn tags(values: &[String]) -> Result<Vec<String>, CoreError> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for raw in values {
        let tag = raw.trim().to_lowercase();
        if tag.is_empty() || tag.chars().count() > TAG_MAX_CHARS {
            return Err(CoreError::invalid(
                "tags",
                format!("each tag must have 1 to {TAG_MAX_CHARS} characters"),
            ));
        }
        if !tag
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        {
            return Err(CoreError::invalid(
                "tags",
                format!("tag {tag:?} may contain only letters, digits and _ - : ."),
            ));
        }
        out.push(tag);
    }
    out.sort();
    out.dedup();
    if out.len() > TAGS_MAX {
        return Err(CoreError::invalid(
            "tags",
            format!("at most {TAGS_MAX} tags"),
        ));
    }
    Ok(out)
}

/// A plausible mailbox address, returned trimmed and lower-cased. Deliberately
/// loose (one `@`, non-empty parts, a dot in the domain, no spaces): the mail
/// channel is the real judge.
pub fn email(field: &str, value: &str) -> Result<String, CoreError> {
    let v = value.trim().to_lowercase();
    let ok = v.len() <= 254
        && !v.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';' | '"')
        })
        && match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(v)
    } else {
        Err(CoreError::invalid(
            field,
            "must be an email address like name@example.com",
        ))
    }
}

/// Language tags we store: a short BCP 47 primary tag like `en` or `pl`.
pub fn language(value: &str) -> Result<String, CoreError> {
    let v = value.trim().to_lowercase();
    let ok = (2..=8).contains(&v.len()) && v.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    if ok {
        Ok(v)
    } else {
        Err(CoreError::invalid(
            "language",
            "must be a language tag like en, pl, hr, ru or el",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn subjects() {
        assert_eq!(subject("  Printer on fire ").unwrap(), "Printer on fire");
        assert!(subject("   ").is_err());
        assert!(subject("a\0b").is_err());
        assert!(
            subject(&"x".repeat(100_000))
                .unwrap_err()
                .to_string()
                .contains("at most 1000")
        );
        assert_eq!(
            subject("'; DROP TABLE tickets; --").unwrap(),
            "'; DROP TABLE tickets; --"
        );
    }

    #[test]
    fn tags_are_normalised() {
        let t = tags(&["VIP".into(), "vip".into(), "sap:fi".into()]).unwrap();
        assert_eq!(t, vec!["sap:fi".to_owned(), "vip".to_owned()]);
        assert!(tags(&["two words".into()]).is_err());
        assert!(tags(&["<script>".into()]).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(email("e", " Ana@Example.COM ").unwrap(), "ana@example.com");
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "a@b",
            "a b@x.com",
            "a@x.com>",
            "a@@x.com",
        ] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn line_never_accepts_nul_or_overlong(s in ".{0,1200}") {
            match line("f", &s, 1000) {
                Ok(v) => {
                    prop_assert!(!v.contains('\0'));
                    prop_assert!(v.chars().count() <= 1000);
                    prop_assert!(!v.is_empty());
                }
                Err(_) => prop_assert!(s.contains('\0') || s.trim().is_empty() || s.trim().chars().count() > 1000),
            }
        }
    }
}
