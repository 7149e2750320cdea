//! TODO: proxy (placeholder so the workspace builds; its owner replaces this file).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("bulkwatch: 'proxy' is not built yet");
    ExitCode::from(2)
}
