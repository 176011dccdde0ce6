//! UI text: Fluent message files compiled into the binary, one bundle per
//! language, and the choice of language and time zone for a request.
//!
//! Unicode isolation marks (U+2068/U+2069) are switched off: every supported
//! language is written left to right, and the marks would otherwise end up inside
//! attribute values (`placeholder`, `title`, `aria-label`) and in test assertions.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The languages the UI is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Pl,
    Hr,
    Ru,
    El,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Pl, Lang::Hr, Lang::Ru, Lang::El];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
            Lang::Hr => "hr",
            Lang::Ru => "ru",
            Lang::El => "el",
        }
    }

    /// The language's name in itself, as language pickers show it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Pl => "Polski",
            Lang::Hr => "Hrvatski",
            Lang::Ru => "Русский",
            Lang::El => "Ελληνικά",
        }
    }

    /// Accepts a primary language tag (`pl`, `pl-PL`, `PL`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../locales/en/main.ftl"),
            Lang::Pl => include_str!("../../locales/pl/main.ftl"),
            Lang::Hr => include_str!("../../locales/hr/main.ftl"),
            Lang::Ru => include_str!("../../locales/ru/main.ftl"),
            Lang::El => include_str!("../../locales/el/main.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Pl => 1,
            Lang::Hr => 2,
            Lang::Ru => 3,
            Lang::El => 4,
        }
    }
}

/// The best supported language of an `Accept-Language` header, by q-value.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut choices: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let lang = Lang::parse(pieces.next()?)?;
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable: equal q-values keep the header's order.
    choices.sort_by(|a, b| b.0.total_cmp(&a.0));
    choices.first().map(|(_, l)| *l)
}

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<Vec<Bundle>> =
    LazyLock::new(|| Lang::ALL.into_iter().map(build_bundle).collect());

fn build_bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(r) => r,
        Err((r, errors)) => {
            // The unit tests reject such files; a broken line only loses its message.
            tracing::error!(lang = lang.code(), ?errors, "Fluent syntax errors");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(lang = lang.code(), ?errors, "duplicate Fluent messages");
    }
    bundle
}

fn format(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let bundle = BUNDLES.get(lang.index())?;
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(lang = lang.code(), key, ?errors, "Fluent formatting errors");
    }
    Some(text.into_owned())
}

/// Translates for one request: a language and the viewer's time zone.
#[derive(Debug, Clone)]
pub struct Tr {
    pub lang: Lang,
    pub tz: TimeZone,
}

impl Tr {
    pub fn new(lang: Lang, tz: TimeZone) -> Tr {
        Tr { lang, tz }
    }

    /// The message `key`; English if this language lacks it, else the key itself.
    pub fn get(&self, key: &str) -> String {
        self.with(key, None)
    }

    /// A message with one numeric argument `$count` (plural rules apply).
    pub fn count(&self, key: &str, count: i64) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        self.with(key, Some(&args))
    }

    /// A message with named text arguments.
    pub fn args(&self, key: &str, pairs: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in pairs {
            args.set(*name, FluentValue::from(*value));
        }
        self.with(key, Some(&args))
    }

    /// Text arguments plus a numeric `$count` (a number, so plural rules apply).
    pub fn count_args(&self, key: &str, count: i64, pairs: &[(&str, &str)]) -> String {
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        for (name, value) in pairs {
            args.set(*name, FluentValue::from(*value));
        }
        self.with(key, Some(&args))
    }

    fn with(&self, key: &str, args: Option<&FluentArgs>) -> String {
        format(self.lang, key, args)
            .or_else(|| format(Lang::En, key, args))
            .unwrap_or_else(|| key.to_owned())
    }

    /// A date and time in the viewer's zone, in the language's usual numeric form.
    pub fn datetime(&self, at: Timestamp) -> String {
        let local = at.to_zoned(self.tz.clone());
        let pattern = match self.lang {
            Lang::En => "%-d %b %Y, %H:%M",
            Lang::Pl | Lang::Ru => "%d.%m.%Y, %H:%M",
            Lang::Hr => "%-d. %-m. %Y. %H:%M",
            Lang::El => "%-d/%-m/%Y, %H:%M",
        };
        local.strftime(pattern).to_string()
    }

    /// Machine-readable form for `<time datetime>`.
    pub fn iso(&self, at: Timestamp) -> String {
        at.to_zoned(self.tz.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// The viewer's zone name, shown next to times where it matters.
    pub fn zone_name(&self) -> String {
        self.tz.iana_name().unwrap_or("UTC").to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeSet;

    use fluent_syntax::ast::Entry;

    use super::*;

    fn keys(lang: Lang) -> BTreeSet<String> {
        let resource = fluent_syntax::parser::parse(lang.source())
            .unwrap_or_else(|(_, errors)| panic!("{} has syntax errors: {errors:?}", lang.code()));
        resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_key_and_no_extra_ones() {
        let english = keys(Lang::En);
        assert!(
            english.len() > 100,
            "English has only {} keys",
            english.len()
        );
        for lang in Lang::ALL {
            let these = keys(lang);
            let missing: Vec<_> = english.difference(&these).collect();
            let extra: Vec<_> = these.difference(&english).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                extra.is_empty(),
                "{} has unknown keys {extra:?}",
                lang.code()
            );
        }
    }

    /// The names of the `$variables` in a Fluent source.
    fn variables(source: &str) -> BTreeSet<String> {
        source
            .split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect::<String>()
            })
            .filter(|name| !name.is_empty())
            .collect()
    }

    #[test]
    fn every_message_formats_without_errors() {
        for lang in Lang::ALL {
            let bundle = &BUNDLES[lang.index()];
            for key in keys(lang) {
                let message = bundle.get_message(&key).expect("message");
                let pattern = message.value().expect("value");
                // Every variable any message of the file uses: numbers for the
                // plural selectors, text for the rest.
                let mut args = FluentArgs::new();
                for name in variables(lang.source()) {
                    if name == "count" || name == "n" {
                        args.set(name, FluentValue::from(3));
                    } else {
                        args.set(name, FluentValue::from("x"));
                    }
                }
                let mut errors = Vec::new();
                let _ = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{}: {key}: {errors:?}", lang.code());
            }
        }
    }

    #[test]
    fn polish_plurals_follow_cldr() {
        let tr = Tr::new(Lang::Pl, TimeZone::UTC);
        assert_eq!(tr.count("tickets-count", 1), "1 zgłoszenie");
        assert_eq!(tr.count("tickets-count", 2), "2 zgłoszenia");
        assert_eq!(tr.count("tickets-count", 5), "5 zgłoszeń");
        assert_eq!(tr.count("tickets-count", 22), "22 zgłoszenia");
        let ru = Tr::new(Lang::Ru, TimeZone::UTC);
        assert_eq!(ru.count("tickets-count", 21), "21 заявка");
        assert_eq!(ru.count("tickets-count", 3), "3 заявки");
        assert_eq!(ru.count("tickets-count", 11), "11 заявок");
    }

    #[test]
    fn no_isolation_marks_leak() {
        let tr = Tr::new(Lang::En, TimeZone::UTC);
        let text = tr.args("ticket-title", &[("number", "7"), ("subject", "x")]);
        assert!(
            !text.contains('\u{2068}') && !text.contains('\u{2069}'),
            "{text:?}"
        );
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        assert_eq!(
            from_accept_language("de-DE,pl;q=0.8,en;q=0.5"),
            Some(Lang::Pl)
        );
        assert_eq!(from_accept_language("el-GR"), Some(Lang::El));
        assert_eq!(from_accept_language("en;q=0.1, hr;q=0.9"), Some(Lang::Hr));
        assert_eq!(from_accept_language("de, fr"), None);
    }

    #[test]
    fn dates_use_the_viewer_zone() {
        let at: Timestamp = "2026-07-01T10:00:00Z".parse().expect("timestamp");
        let warsaw = TimeZone::get("Europe/Warsaw").expect("zone");
        assert_eq!(Tr::new(Lang::Pl, warsaw).datetime(at), "01.07.2026, 12:00");
        let athens = TimeZone::get("Europe/Athens").expect("zone");
        assert_eq!(Tr::new(Lang::El, athens).datetime(at), "1/7/2026, 13:00");
        assert_eq!(
            Tr::new(Lang::En, TimeZone::UTC).datetime(at),
            "1 Jul 2026, 10:00"
        );
    }
}
