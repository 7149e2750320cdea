//! The `bulkwatch` binary: one subcommand per tool.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bulkwatch",
    version,
    about = "Watch Zoho CRM Bulk Write jobs: inspect, simulate, proxy"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read a raw job-details response body and print what Bulkwatch understands of it.
    Inspect(bulkwatch_server::inspect::Args),
    /// Run a simulator of Zoho's Bulk Write API (and serve the widget for the demo).
    Simulate(bulkwatch_server::sim::Args),
    /// Run the hardened CORS proxy in front of Zoho.
    Proxy(bulkwatch_server::proxy::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect(args) => bulkwatch_server::inspect::run(args),
        Command::Simulate(args) => bulkwatch_server::sim::run(args),
        Command::Proxy(args) => bulkwatch_server::proxy::run(args),
    }
}
