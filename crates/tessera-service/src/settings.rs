//! Instance settings: the name shown in the header and page titles, and the
//! language and time zone for users who have not chosen their own. Stored as
//! key/value pairs; unknown or broken stored values fall back to the defaults so
//! a bad row can never take the UI down.

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

/// The languages the UI is translated into.
pub const LANGUAGES: [&str; 5] = ["en", "pl", "hr", "ru", "el"];

const KEY_NAME: &str = "instance_name";
const KEY_LANGUAGE: &str = "default_language";
const KEY_TIME_ZONE: &str = "default_time_zone";
const NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceSettings {
    pub instance_name: String,
    /// One of [`LANGUAGES`], or `None` to follow each browser's Accept-Language.
    pub default_language: Option<String>,
    /// An IANA time zone name.
    pub default_time_zone: String,
}

impl Default for InstanceSettings {
    fn default() -> Self {
        InstanceSettings {
            instance_name: "Tessera".to_owned(),
            default_language: None,
            default_time_zone: "UTC".to_owned(),
        }
    }
}

impl InstanceSettings {
    fn validated(self) -> ServiceResult<InstanceSettings> {
        let instance_name =
            tessera_core::validate::line("instance_name", &self.instance_name, NAME_MAX_CHARS)?;
        if let Some(lang) = &self.default_language
            && !LANGUAGES.contains(&lang.as_str())
        {
            return Err(ServiceError::invalid(
                "default_language",
                format!("must be one of {}", LANGUAGES.join(", ")),
            ));
        }
        let zone = self.default_time_zone.trim();
        if zone.is_empty() || jiff::tz::TimeZone::get(zone).is_err() {
            return Err(ServiceError::invalid(
                "default_time_zone",
                "must be an IANA time zone such as Europe/Zagreb",
            ));
        }
        Ok(InstanceSettings {
            instance_name,
            default_time_zone: zone.to_owned(),
            ..self
        })
    }
}

impl Service {
    /// Readable by every signed-in user (the UI needs them on every page).
    pub async fn settings(&self, _actor: &Actor) -> ServiceResult<InstanceSettings> {
        self.instance_settings().await
    }

    /// The settings without an actor: sign-in pages show the instance name too.
    pub async fn instance_settings(&self) -> ServiceResult<InstanceSettings> {
        let stored = self.store().settings().await?;
        let defaults = InstanceSettings::default();
        let pick = |key: &str, fallback: String, ok: &dyn Fn(&str) -> bool| {
            stored
                .get(key)
                .filter(|v| ok(v))
                .cloned()
                .unwrap_or(fallback)
        };
        Ok(InstanceSettings {
            instance_name: pick(KEY_NAME, defaults.instance_name, &|v| !v.trim().is_empty()),
            // Stored empty when the admin chose "the browser's language".
            default_language: stored
                .get(KEY_LANGUAGE)
                .filter(|v| LANGUAGES.contains(&v.as_str()))
                .cloned()
                .or(defaults.default_language),
            default_time_zone: pick(KEY_TIME_ZONE, defaults.default_time_zone, &|v| {
                jiff::tz::TimeZone::get(v).is_ok()
            }),
        })
    }

    /// Administrators only; every field is validated before any is written.
    pub async fn put_settings(
        &self,
        actor: &Actor,
        settings: InstanceSettings,
    ) -> ServiceResult<InstanceSettings> {
        policy::authorize(actor, Action::ManageSettings)?;
        let s = settings.validated()?;
        let store = self.store();
        store.put_setting(KEY_NAME, &s.instance_name).await?;
        store
            .put_setting(
                KEY_LANGUAGE,
                s.default_language.as_deref().unwrap_or_default(),
            )
            .await?;
        store
            .put_setting(KEY_TIME_ZONE, &s.default_time_zone)
            .await?;
        tracing::info!(by = actor.user_id, "instance settings changed");
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(name: &str, lang: Option<&str>, zone: &str) -> InstanceSettings {
        InstanceSettings {
            instance_name: name.to_owned(),
            default_language: lang.map(str::to_owned),
            default_time_zone: zone.to_owned(),
        }
    }

    #[test]
    fn validation_trims_and_refuses_unknown_values() {
        let ok = settings("  Acme  ", Some("hr"), "Europe/Zagreb").validated();
        assert_eq!(ok.ok().map(|s| s.instance_name), Some("Acme".to_owned()));
        assert!(settings("Acme", None, "UTC").validated().is_ok());
        assert!(settings("", None, "UTC").validated().is_err());
        assert!(settings(&"x".repeat(101), None, "UTC").validated().is_err());
        assert!(settings("Acme", Some("de"), "UTC").validated().is_err());
        assert!(settings("Acme", None, "Mars/Olympus").validated().is_err());
    }
}
