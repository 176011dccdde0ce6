//! The customer portal's own use cases: public sign-up.

use tessera_core::{Role, validate};
use tessera_store::{IdentityKind, NewUser, User};

use crate::{Service, ServiceError, ServiceResult};

/// Same rules as every other password (see `auth`): checked before anything is
/// written, so a refused sign-up leaves no account behind.
const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_BYTES: usize = 1024;

impl Service {
    /// Creates a customer account with a password, for the portal's sign-up page.
    /// An email address that already belongs to someone is a `Conflict`, whether or
    /// not that account has a password (claiming an existing customer record needs
    /// a proof of the address, e.g. a magic link, which sign-up does not have).
    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> ServiceResult<User> {
        let name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        let email = validate::email("email", email)?;
        if password.chars().count() < PASSWORD_MIN_CHARS {
            return Err(ServiceError::invalid(
                "password",
                format!("must have at least {PASSWORD_MIN_CHARS} characters"),
            ));
        }
        if password.len() > PASSWORD_MAX_BYTES || password.contains('\0') {
            return Err(ServiceError::invalid(
                "password",
                "is too long or contains NUL",
            ));
        }
        if self
            .store()
            .find_user_by_identity(IdentityKind::Email, &email)
            .await?
            .is_some()
        {
            return Err(ServiceError::Conflict {
                code: "identity_unique",
                message: "that email address already has an account".to_owned(),
            });
        }
        let user = self
            .store()
            .create_user(NewUser {
                name,
                email: Some(email.clone()),
                role: Role::Customer,
                organization_id: None,
                language: None,
                time_zone: None,
                phones: Vec::new(),
                created_at: self.now(),
            })
            .await?;
        self.admin_set_password(&email, password).await?;
        tracing::info!(user = user.id, "customer signed up");
        Ok(user)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::Arc;

    use tessera_store_sqlite::{SqliteOptions, open};

    use crate::{ServiceConfig, ServiceError, SystemClock};

    use super::*;

    async fn service() -> (Service, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir.path().join("t.db"), SqliteOptions::default())
            .await
            .unwrap();
        let service = Service::new(
            Arc::new(store),
            Arc::new(SystemClock),
            ServiceConfig::default(),
        );
        (service, dir)
    }

    #[tokio::test]
    async fn sign_up_creates_a_customer_who_can_sign_in() {
        let (service, _dir) = service().await;
        let user = service
            .sign_up("Ana Kovač", "Ana@Example.com", "correct horse")
            .await
            .unwrap();
        assert_eq!(user.role, Role::Customer);
        let outcome = service
            .login("ana@example.com", "correct horse")
            .await
            .unwrap();
        assert_eq!(outcome.user.id, user.id);
    }

    #[tokio::test]
    async fn duplicate_email_is_a_conflict_and_bad_input_writes_nothing() {
        let (service, _dir) = service().await;
        service
            .sign_up("A", "a@example.com", "password1")
            .await
            .unwrap();
        let again = service.sign_up("B", "a@example.com", "password2").await;
        assert!(
            matches!(again, Err(ServiceError::Conflict { .. })),
            "{again:?}"
        );
        let short = service.sign_up("C", "c@example.com", "short").await;
        assert!(matches!(short, Err(ServiceError::Invalid { .. })));
        let found = service
            .store()
            .find_user_by_identity(IdentityKind::Email, "c@example.com")
            .await
            .unwrap();
        assert!(found.is_none());
    }
}
