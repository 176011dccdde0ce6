//! Credentials: Argon2id passwords, API tokens and sign-in sessions. Secrets are
//! random 32-byte values shown once; the store keeps only their SHA-256.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tessera_core::{Role, validate};
use tessera_store::{ApiToken, IdentityKind, NewApiToken, NewSession, NewUser, Session, User};

use crate::policy::{self, Action};
use crate::{Actor, Service, ServiceError, ServiceResult};

/// Prefix that makes Tessera tokens recognisable (e.g. by secret scanners).
const TOKEN_PREFIX: &str = "tsr_";
const PASSWORD_MIN_CHARS: usize = 8;
const PASSWORD_MAX_BYTES: usize = 1024;

/// A freshly created API token: the secret is only ever shown here.
#[derive(Debug, Clone)]
pub struct NewTokenSecret {
    pub token: ApiToken,
    pub secret: String,
}

/// A successful sign-in: the cookie value (secret) and the session it opens.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub session_secret: String,
    pub session: Session,
    pub user: User,
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn sha256(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn check_password_rules(password: &str) -> ServiceResult<()> {
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
    Ok(())
}

/// Argon2 is deliberately slow: run it off the async workers.
async fn hash_password(password: String) -> ServiceResult<String> {
    tokio_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| {
                ServiceError::Store(tessera_store::StoreError::Other(format!("argon2: {e}")))
            })
    })
    .await
}

async fn verify_password(password: String, phc: String) -> bool {
    tokio_blocking(move || {
        Ok(PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false))
    })
    .await
    .unwrap_or(false)
}

async fn tokio_blocking<T: Send + 'static>(
    f: impl FnOnce() -> ServiceResult<T> + Send + 'static,
) -> ServiceResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        ServiceError::Store(tessera_store::StoreError::Other(format!(
            "blocking task: {e}"
        )))
    })?
}

impl Service {
    /// `tessera admin create-token`: finds the user by email (creating it with `role`
    /// if needed; an existing user is given `role`) and returns a new API token.
    pub async fn admin_create_token(
        &self,
        email: &str,
        name: &str,
        role: Role,
    ) -> ServiceResult<String> {
        let email = validate::email("email", email)?;
        let token_name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        let user = self.ensure_user(&email, &token_name, role).await?;
        let created = self.issue_token(user.id, &token_name).await?;
        Ok(created.secret)
    }

    /// `tessera admin set-password`: sets the password of the user with this email.
    pub async fn admin_set_password(&self, email: &str, password: &str) -> ServiceResult<()> {
        let email = validate::email("email", email)?;
        check_password_rules(password)?;
        let user = self
            .store()
            .find_user_by_identity(IdentityKind::Email, &email)
            .await?
            .ok_or(ServiceError::NotFound("user"))?;
        let hash = hash_password(password.to_owned()).await?;
        self.store().set_password_hash(user.id, Some(&hash)).await?;
        Ok(())
    }

    async fn ensure_user(
        &self,
        email: &str,
        display_name: &str,
        role: Role,
    ) -> ServiceResult<User> {
        let store = self.store();
        if let Some(mut user) = store
            .find_user_by_identity(IdentityKind::Email, email)
            .await?
        {
            if user.role != role {
                tracing::info!(user_id = user.id, from = %user.role, to = %role, "role changed by admin command");
                user.role = role;
                user = store.update_user(&user).await?;
            }
            return Ok(user);
        }
        let name = email
            .split('@')
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or(display_name);
        Ok(store
            .create_user(NewUser {
                name: name.to_owned(),
                email: Some(email.to_owned()),
                role,
                organization_id: None,
                language: None,
                time_zone: None,
                phones: Vec::new(),
                created_at: self.now(),
            })
            .await?)
    }

    async fn issue_token(&self, user_id: i64, name: &str) -> ServiceResult<NewTokenSecret> {
        let secret = format!("{TOKEN_PREFIX}{}", random_secret());
        let prefix: String = secret.chars().take(TOKEN_PREFIX.len() + 6).collect();
        let token = self
            .store()
            .create_api_token(NewApiToken {
                user_id,
                name: name.to_owned(),
                prefix,
                token_hash: sha256(&secret),
                created_at: self.now(),
            })
            .await?;
        Ok(NewTokenSecret { token, secret })
    }

    /// Resolves a bearer token to its user; `Unauthenticated` if unknown, revoked or
    /// the user is deactivated.
    pub async fn authenticate_token(&self, secret: &str) -> ServiceResult<User> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 200 {
            return Err(ServiceError::Unauthenticated);
        }
        match self
            .store()
            .use_api_token(&sha256(secret), self.now())
            .await?
        {
            Some((_, user)) if user.active => Ok(user),
            _ => Err(ServiceError::Unauthenticated),
        }
    }

    /// Resolves a session cookie value to its session and user.
    pub async fn authenticate_session(&self, secret: &str) -> ServiceResult<(Session, User)> {
        if secret.is_empty() || secret.len() > 200 {
            return Err(ServiceError::Unauthenticated);
        }
        match self
            .store()
            .get_session(&sha256(secret), self.now())
            .await?
        {
            Some((session, user)) if user.active => Ok((session, user)),
            _ => Err(ServiceError::Unauthenticated),
        }
    }

    /// Checks email and password and opens a session. Every failure is the same
    /// `Unauthenticated`, so the answer does not tell which part was wrong.
    pub async fn login(&self, email: &str, password: &str) -> ServiceResult<LoginOutcome> {
        let email = validate::email("email", email).map_err(|_| ServiceError::Unauthenticated)?;
        let user = self
            .store()
            .find_user_by_identity(IdentityKind::Email, &email)
            .await?;
        let Some(user) = user.filter(|u| u.active) else {
            return Err(ServiceError::Unauthenticated);
        };
        let Some(phc) = self.store().password_hash(user.id).await? else {
            return Err(ServiceError::Unauthenticated);
        };
        if password.len() > PASSWORD_MAX_BYTES || !verify_password(password.to_owned(), phc).await {
            return Err(ServiceError::Unauthenticated);
        }
        let now = self.now();
        let session_secret = random_secret();
        let session = Session {
            user_id: user.id,
            csrf_token: random_secret(),
            created_at: now,
            expires_at: now.saturating_add(self.config().session_ttl).unwrap_or(now),
        };
        self.store()
            .create_session(NewSession {
                id_hash: sha256(&session_secret),
                user_id: user.id,
                csrf_token: session.csrf_token.clone(),
                created_at: session.created_at,
                expires_at: session.expires_at,
            })
            .await?;
        Ok(LoginOutcome {
            session_secret,
            session,
            user,
        })
    }

    pub async fn logout(&self, session_secret: &str) -> ServiceResult<()> {
        self.store().delete_session(&sha256(session_secret)).await?;
        Ok(())
    }

    /// Changes the actor's own password after checking the current one.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
    ) -> ServiceResult<()> {
        check_password_rules(new)?;
        let ok = match self.store().password_hash(actor.user_id).await? {
            Some(phc) => verify_password(current.to_owned(), phc).await,
            None => false,
        };
        if !ok {
            return Err(ServiceError::invalid("current_password", "is not correct"));
        }
        let hash = hash_password(new.to_owned()).await?;
        self.store()
            .set_password_hash(actor.user_id, Some(&hash))
            .await?;
        Ok(())
    }

    /// A new API token for the actor (or, for admins, for `for_user`).
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        for_user: Option<i64>,
    ) -> ServiceResult<NewTokenSecret> {
        let name = validate::line("name", name, validate::NAME_MAX_CHARS)?;
        let owner = match for_user {
            Some(id) if id != actor.user_id => {
                policy::authorize(actor, Action::ManageAllTokens)?;
                self.store().get_user(id).await?.id
            }
            _ => {
                policy::authorize(actor, Action::ManageOwnTokens)?;
                actor.user_id
            }
        };
        self.issue_token(owner, &name).await
    }

    /// The actor's tokens; admins see everyone's.
    pub async fn list_api_tokens(&self, actor: &Actor) -> ServiceResult<Vec<ApiToken>> {
        if policy::authorize(actor, Action::ManageAllTokens).is_ok() {
            return Ok(self.store().list_api_tokens(None).await?);
        }
        policy::authorize(actor, Action::ManageOwnTokens)?;
        Ok(self.store().list_api_tokens(Some(actor.user_id)).await?)
    }

    pub async fn revoke_api_token(&self, actor: &Actor, token_id: i64) -> ServiceResult<()> {
        let all = policy::authorize(actor, Action::ManageAllTokens).is_ok();
        if !all {
            policy::authorize(actor, Action::ManageOwnTokens)?;
            let own = self.store().list_api_tokens(Some(actor.user_id)).await?;
            if !own.iter().any(|t| t.id == token_id) {
                return Err(ServiceError::NotFound("api_token"));
            }
        }
        self.store().revoke_api_token(token_id, self.now()).await?;
        Ok(())
    }
}
