//! Email addresses as Tessera compares them: the configured support mailboxes, the
//! plus-addressed variants of them, and a name + address pair for parsed headers.
//!
//! Comparison is ASCII case-insensitive on the whole address. RFC 5321 lets the
//! local part be case-sensitive, but no mail system a help desk talks to relies on
//! that, and customers do type `Support@Example.com`.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, RwLock};

/// An address with its optional display name, as found in `From`, `To`, `Cc`...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAddress {
    /// The address as written (`Jan.Kowalski@example.pl`); see [`MailAddress::normalized`].
    pub address: String,
    /// The decoded display name, if the header had one.
    pub name: Option<String>,
}

impl MailAddress {
    pub fn new(address: impl Into<String>, name: Option<String>) -> Self {
        Self {
            address: address.into(),
            name,
        }
    }

    /// The lower-cased address, the form used for every comparison.
    pub fn normalized(&self) -> String {
        normalize(&self.address)
    }
}

impl fmt::Display for MailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) if !name.is_empty() => write!(f, "{name} <{}>", self.address),
            _ => f.write_str(&self.address),
        }
    }
}

/// Lower-cases an address and strips surrounding whitespace and angle brackets.
pub fn normalize(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_ascii_lowercase()
}

/// The parts of a (normalized) address: `support+t1042.ab12@example.com` →
/// base `support@example.com`, tag `t1042.ab12`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlusAddress {
    pub base: String,
    pub tag: Option<String>,
}

/// Splits the plus-tag off the local part. Quoted local parts are left whole: a `+`
/// inside quotes is not a sub-address separator.
pub fn split_plus(address: &str) -> Option<PlusAddress> {
    let normalized = normalize(address);
    let (local, domain) = normalized.rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    if local.starts_with('"') {
        return Some(PlusAddress {
            base: normalized.clone(),
            tag: None,
        });
    }
    Some(match local.split_once('+') {
        Some((base_local, tag)) if !base_local.is_empty() => PlusAddress {
            base: format!("{base_local}@{domain}"),
            tag: (!tag.is_empty()).then(|| tag.to_owned()),
        },
        _ => PlusAddress {
            base: normalized.clone(),
            tag: None,
        },
    })
}

/// The set of support addresses Tessera receives mail for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailboxSet {
    addresses: HashSet<String>,
}

/// A recipient that belongs to one of the configured mailboxes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxMatch {
    /// The configured mailbox address (normalized).
    pub mailbox: String,
    /// The plus-tag the recipient carried, e.g. a reply token.
    pub tag: Option<String>,
}

impl MailboxSet {
    pub fn new<I, S>(addresses: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self {
            addresses: addresses
                .into_iter()
                .map(|a| normalize(a.as_ref()))
                .filter(|a| !a.is_empty())
                .collect(),
        }
    }

    pub fn insert(&mut self, address: &str) {
        self.addresses.insert(normalize(address));
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }

    pub fn len(&self) -> usize {
        self.addresses.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.addresses.iter().map(String::as_str)
    }

    /// Whether `recipient` is one of the mailboxes, exactly or plus-addressed.
    pub fn matches(&self, recipient: &str) -> Option<MailboxMatch> {
        let normalized = normalize(recipient);
        // A configured mailbox may itself contain a '+'; the exact match wins.
        if self.addresses.contains(&normalized) {
            return Some(MailboxMatch {
                mailbox: normalized,
                tag: None,
            });
        }
        let split = split_plus(&normalized)?;
        if split.tag.is_some() && self.addresses.contains(&split.base) {
            return Some(MailboxMatch {
                mailbox: split.base,
                tag: split.tag,
            });
        }
        None
    }
}

/// A [`MailboxSet`] shared between the SMTP listener and whoever manages the
/// mailboxes (admin UI, config reload): replacing it takes effect on the next
/// `RCPT TO`.
#[derive(Debug, Clone, Default)]
pub struct SharedMailboxes(Arc<RwLock<MailboxSet>>);

impl SharedMailboxes {
    pub fn new(set: MailboxSet) -> Self {
        Self(Arc::new(RwLock::new(set)))
    }

    pub fn replace(&self, set: MailboxSet) {
        // A poisoned lock only means a writer panicked mid-assignment of a whole
        // value; the set inside is still a valid set.
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = set;
    }

    pub fn snapshot(&self) -> MailboxSet {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn matches(&self, recipient: &str) -> Option<MailboxMatch> {
        self.0
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .matches(recipient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_and_brackets() {
        assert_eq!(normalize(" <Support@Example.COM> "), "support@example.com");
    }

    #[test]
    fn splits_plus_tags() {
        let split = split_plus("Support+t1042.ABC@example.com").unwrap();
        assert_eq!(split.base, "support@example.com");
        assert_eq!(split.tag.as_deref(), Some("t1042.abc"));
        assert_eq!(split_plus("support@example.com").unwrap().tag, None);
        assert_eq!(split_plus("+tag@example.com").unwrap().tag, None);
        assert_eq!(split_plus("no-at-sign"), None);
        assert_eq!(split_plus("\"a+b\"@example.com").unwrap().tag, None);
    }

    #[test]
    fn mailbox_set_matches_exact_and_plus_variants() {
        let set = MailboxSet::new(["support@example.com", "Billing@Example.com"]);
        assert_eq!(
            set.matches("SUPPORT@example.com").unwrap().mailbox,
            "support@example.com"
        );
        let tagged = set.matches("billing+t7.x@example.com").unwrap();
        assert_eq!(tagged.mailbox, "billing@example.com");
        assert_eq!(tagged.tag.as_deref(), Some("t7.x"));
        assert!(set.matches("sales@example.com").is_none());
        assert!(set.matches("support@example.org").is_none());
        assert!(set.matches("support+@example.com").is_none());
        assert!(set.matches("").is_none());
    }
}
