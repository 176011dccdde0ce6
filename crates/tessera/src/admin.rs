//! `tessera admin …`: bootstrap commands that work on the database directly, so
//! the first administrator can be created before anyone can sign in.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use anyhow::{Context, bail};
use tessera_core::Role;
use tessera_service::{Service, SystemClock};

use crate::config::Config;
use crate::database;

async fn service(config: &Config) -> anyhow::Result<Service> {
    let store = database::open_store(&config.database).await?;
    Ok(Service::new(
        store,
        Arc::new(SystemClock),
        config.service.clone(),
    ))
}

/// Creates the user if needed (an existing user gets `role`) and returns a new
/// API token for them.
pub async fn create_token(
    config: &Config,
    email: &str,
    name: &str,
    role: Role,
) -> anyhow::Result<String> {
    let token = service(config)
        .await?
        .admin_create_token(email, name, role)
        .await
        .context("cannot create the token")?;
    tracing::info!(%email, %role, "API token created");
    Ok(token)
}

pub async fn set_password(config: &Config, email: &str, password: &str) -> anyhow::Result<()> {
    service(config)
        .await?
        .admin_set_password(email, password)
        .await
        .with_context(|| format!("cannot set the password of {email}"))?;
    tracing::info!(%email, "password set");
    Ok(())
}

/// The first line of `input`, without its line ending. A person at a terminal
/// gets a prompt on stderr; a pipe (`printf '%s\n' "$PW" | tessera …`) does not.
pub fn read_password(mut input: impl BufRead, interactive: bool) -> anyhow::Result<String> {
    if interactive {
        eprint!("New password (the input is shown): ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    let read = input
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    if read == 0 {
        bail!(
            "no password on stdin: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | tessera admin set-password --email …"
        );
    }
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    Ok(password.to_owned())
}

/// Reads the password from this process's stdin.
pub fn read_password_from_stdin() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    read_password(stdin.lock(), interactive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_the_first_line_without_its_ending() {
        for (input, expected) in [
            ("s3cret pass\n", "s3cret pass"),
            ("s3cret pass\r\nsecond line\n", "s3cret pass"),
            ("no newline", "no newline"),
            ("  spaces kept  \n", "  spaces kept  "),
        ] {
            assert_eq!(read_password(input.as_bytes(), false).unwrap(), expected);
        }
    }

    #[test]
    fn empty_stdin_is_an_error() {
        let err = read_password("".as_bytes(), false).unwrap_err();
        assert!(err.to_string().contains("no password on stdin"));
    }
}
