//! The command line: `serve`, `admin …` and `bench …`. Command output goes to
//! stdout; logs and messages for the operator go to stderr.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tessera_core::Role;

use crate::bench::BenchCommand;
use crate::config::{CommonArgs, Config, ConfigError, LogFormat, ServeArgs};
use crate::serve::{Application, first_admin_hint, shutdown_signal};
use crate::{admin, bench, telemetry};

/// Tessera: an open-source help desk in one binary. Runs on an embedded SQLite
/// file by default, or as many nodes against PostgreSQL.
#[derive(Debug, Parser)]
#[command(name = "tessera", version, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and the API.
    ///
    /// Settings come from flags, then TESSERA_* environment variables, then the
    /// TOML file (--config, or ./tessera.toml when present), then defaults. The
    /// database is created and migrated on start.
    Serve(ServeArgs),
    /// Administration that works directly on the database (e.g. the first admin).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Load generator and seeding for the benchmarks in docs/BENCHMARKS.md.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an API token and print it (only it) on stdout. The user is created
    /// if needed; an existing user gets the given role.
    CreateToken(CreateTokenArgs),
    /// Set a user's password, read from the first line of stdin; prints nothing.
    ///
    /// Example: printf '%s\n' "$PASSWORD" | tessera admin set-password --email you@example.com
    SetPassword(SetPasswordArgs),
}

#[derive(Debug, Args)]
pub struct CreateTokenArgs {
    /// The user's email address.
    #[arg(long)]
    pub email: String,
    /// A name for the token (e.g. what it is for).
    #[arg(long)]
    pub name: String,
    /// admin, supervisor, agent, light_agent or customer.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, Args)]
pub struct SetPasswordArgs {
    /// The user's email address.
    #[arg(long)]
    pub email: String,
    #[command(flatten)]
    pub common: CommonArgs,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse()
        .map_err(|e: tessera_core::CoreError| e.to_string())
}

/// The whole program: parse, run, map the outcome to an exit code (2 for a
/// configuration mistake, 1 for any other failure).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<ConfigError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Admin(AdminCommand::CreateToken(args)) => {
            let config = admin_config(&args.common)?;
            let token = admin::create_token(&config, &args.email, &args.name, args.role).await?;
            println!("{token}");
            Ok(())
        }
        Command::Admin(AdminCommand::SetPassword(args)) => {
            let config = admin_config(&args.common)?;
            let password = admin::read_password_from_stdin()?;
            admin::set_password(&config, &args.email, &password).await
        }
        Command::Bench(command) => bench::run(command).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let config = Config::load(&args)?;
    if args.print_config {
        println!("{config:#?}");
        return Ok(());
    }
    telemetry::init_logs(config.log_format, "info")?;
    let app = Application::build(&config).await?;
    if app.has_no_users().await? {
        eprintln!("{}", first_admin_hint(&config.database.url));
    }
    app.run_until(shutdown_signal()).await
}

/// Admin commands read the same configuration as `serve` (database, priority
/// matrix…); their logs stay quiet unless asked for, stdout is the output.
fn admin_config(common: &CommonArgs) -> anyhow::Result<Config> {
    let config = Config::load(&ServeArgs {
        common: common.clone(),
        ..ServeArgs::default()
    })?;
    telemetry::init_logs(LogFormat::Text, "warn")?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn mail_flags_parse() {
        let cli = Cli::try_parse_from([
            "tessera",
            "serve",
            "--smtp-listen",
            "127.0.0.1:2525",
            "--mailbox",
            "support@example.com",
            "--mailbox",
            "billing@example.com,sales@example.com",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("parsed the wrong command");
        };
        assert_eq!(args.smtp_listen, Some("127.0.0.1:2525".parse().unwrap()));
        assert_eq!(
            args.mailboxes,
            [
                "support@example.com",
                "billing@example.com",
                "sales@example.com"
            ]
        );
    }

    #[test]
    fn roles_parse_by_their_names() {
        let cli = Cli::try_parse_from([
            "tessera",
            "admin",
            "create-token",
            "--email",
            "a@example.com",
            "--name",
            "n",
            "--role",
            "light_agent",
        ])
        .unwrap();
        let Command::Admin(AdminCommand::CreateToken(args)) = cli.command else {
            panic!("parsed the wrong command");
        };
        assert_eq!(args.role, Role::LightAgent);

        let err = Cli::try_parse_from([
            "tessera",
            "admin",
            "create-token",
            "--email",
            "a@example.com",
            "--name",
            "n",
            "--role",
            "boss",
        ])
        .unwrap_err();
        assert!(err.to_string().contains("must be one of"), "{err}");
    }
}
