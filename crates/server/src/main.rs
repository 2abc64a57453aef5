//! `portal-server`: starts the portal (and its sandbox gateway), prints where
//! they are and the demo logins, and runs until Ctrl-C or SIGTERM; or, with
//! `keys create|list|revoke`, manages the business API's secret keys; or,
//! with `import`, imports customers and invoices from CSV files.
#![expect(
    clippy::print_stdout,
    reason = "a binary: where the portal listens and the demo logins go to the terminal"
)]

use clap::{Parser, Subcommand};
use portal_server::{launch, Config, ImportCommand, ImportError, KeysCommand};

/// The server's flags, and what else it can do besides serving.
#[derive(Parser)]
#[command(
    name = "portal-server",
    version,
    about = "The customer payment portal's reference server",
    args_conflicts_with_subcommands = false
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Manage the business API's secret keys (in the database of `--db`).
    Keys {
        #[command(subcommand)]
        action: KeysCommand,
    },
    /// Import customers and invoices from CSV files (all or nothing; see
    /// docs/business-api.md, "CSV import").
    Import(ImportCommand),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                "portal_server=info,portal_gateway=info,security=info,tower_http=info".into()
            }),
        )
        .init();
    let cli = Cli::parse();
    let config = cli.config;
    if let Some(Command::Import(command)) = &cli.command {
        return match portal_server::import(&config, command).await {
            Ok(report) => {
                for line in report.lines() {
                    println!("{line}");
                }
                std::process::ExitCode::SUCCESS
            }
            Err(ImportError::BadRows(rows)) => {
                for row in &rows {
                    eprintln!("{row}");
                }
                eprintln!(
                    "portal-server import: {} bad row(s); nothing was imported.",
                    rows.len()
                );
                std::process::ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("portal-server import: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    if let Some(Command::Keys { action }) = cli.command {
        return match portal_server::keys(&config, &action).await {
            Ok(lines) => {
                for line in lines {
                    println!("{line}");
                }
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("portal-server keys: {e}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    let launched = match launch(config).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("portal-server: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!();
    println!("  Portal:          {}", launched.portal_url);
    println!("  Sandbox gateway: {}", launched.gateway_url);
    if !launched.demo_logins.is_empty() {
        println!("  Demo logins:");
        for login in &launched.demo_logins {
            println!(
                "    {:<24} {:<16} ({})",
                login.email, login.password, login.name
            );
        }
    }
    if let Some(link) = &launched.demo_payment_link {
        println!("  Payment link (no login): {link}");
    }
    if launched.state.settings.dev_outbox {
        println!(
            "  Dev outbox (emails):     {}/api/dev/outbox",
            launched.portal_url
        );
    }
    println!();
    launched.wait().await;
    std::process::ExitCode::SUCCESS
}
