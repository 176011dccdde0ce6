//! Opening an authenticated IMAP session: TCP, then implicit TLS, STARTTLS or
//! nothing, the greeting, and `LOGIN`.

use std::sync::Arc;

use async_imap::imap_proto::{Response, Status};
use async_imap::{Client, Session};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_rustls::TlsConnector;

use super::account::{ImapAccount, ImapSecurity};
use super::poller::ImapError;

/// Any byte stream the session can run over (plain TCP or TLS on top of it), so
/// the rest of the poller has one session type whatever the security.
pub(crate) trait ImapTransport:
    AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug
{
}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug> ImapTransport for T {}

pub(crate) type ImapSession = Session<Box<dyn ImapTransport>>;

/// Connects and logs in, each step bounded by the account's command timeout.
pub(crate) async fn open_session(account: &ImapAccount) -> Result<ImapSession, ImapError> {
    let limit = account.command_timeout;
    let tcp = timeout(
        limit,
        TcpStream::connect((account.host.as_str(), account.port)),
    )
    .await
    .map_err(|_| ImapError::Timeout("connect"))?
    .map_err(ImapError::Connect)?;
    // Commands are small and answered one by one: don't wait for Nagle.
    tcp.set_nodelay(true).map_err(ImapError::Connect)?;

    let client = match account.security {
        ImapSecurity::Plain => {
            let mut client = Client::new(Box::new(tcp) as Box<dyn ImapTransport>);
            timeout(limit, read_greeting(&mut client))
                .await
                .map_err(|_| ImapError::Timeout("greeting"))??;
            client
        }
        ImapSecurity::Tls => {
            let tls = timeout(limit, tls_handshake(account, tcp))
                .await
                .map_err(|_| ImapError::Timeout("TLS handshake"))??;
            let mut client = Client::new(Box::new(tls) as Box<dyn ImapTransport>);
            timeout(limit, read_greeting(&mut client))
                .await
                .map_err(|_| ImapError::Timeout("greeting"))??;
            client
        }
        ImapSecurity::StartTls => {
            let mut plain = Client::new(tcp);
            timeout(limit, async {
                read_greeting(&mut plain).await?;
                plain
                    .run_command_and_check_ok("STARTTLS", None)
                    .await
                    .map_err(ImapError::StartTls)
            })
            .await
            .map_err(|_| ImapError::Timeout("STARTTLS"))??;
            let tls = timeout(limit, tls_handshake(account, plain.into_inner()))
                .await
                .map_err(|_| ImapError::Timeout("TLS handshake"))??;
            // RFC 3501 §6.2.1: no second greeting after STARTTLS.
            Client::new(Box::new(tls) as Box<dyn ImapTransport>)
        }
    };

    timeout(limit, client.login(&account.username, &account.password))
        .await
        .map_err(|_| ImapError::Timeout("login"))?
        .map_err(|(error, _client)| ImapError::Login(error))
}

async fn read_greeting<T>(client: &mut Client<T>) -> Result<(), ImapError>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + std::fmt::Debug,
{
    let greeting = client
        .read_response()
        .await
        .map_err(ImapError::Connect)?
        .ok_or(ImapError::Greeting("connection closed before the greeting"))?;
    match greeting.parsed() {
        Response::Data {
            status: Status::Ok, ..
        } => Ok(()),
        // PREAUTH would skip LOGIN and BYE refuses us; neither is usable.
        _ => Err(ImapError::Greeting("server did not greet with OK")),
    }
}

async fn tls_handshake(
    account: &ImapAccount,
    tcp: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, ImapError> {
    let connector = TlsConnector::from(Arc::new(tls_config(account)?));
    let server_name = ServerName::try_from(account.host.clone())
        .map_err(|e| ImapError::Tls(format!("invalid host name {:?}: {e}", account.host)))?;
    connector
        .connect(server_name, tcp)
        .await
        .map_err(|e| ImapError::Tls(e.to_string()))
}

/// Web PKI roots plus the account's extra CA. The ring provider is named
/// explicitly so this works whatever process-wide default is (or is not)
/// installed.
fn tls_config(account: &ImapAccount) -> Result<rustls::ClientConfig, ImapError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &account.extra_root_certificate {
        let certificates = CertificateDer::pem_file_iter(path)
            .map_err(|e| ImapError::Config(format!("{}: {e}", path.display())))?;
        let mut added = 0;
        for certificate in certificates {
            let certificate =
                certificate.map_err(|e| ImapError::Config(format!("{}: {e}", path.display())))?;
            roots
                .add(certificate)
                .map_err(|e| ImapError::Config(format!("{}: {e}", path.display())))?;
            added += 1;
        }
        if added == 0 {
            return Err(ImapError::Config(format!(
                "{}: no certificate in the file",
                path.display()
            )));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ImapError::Tls(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
