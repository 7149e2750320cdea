//! `bulkwatch inspect`: reads a raw job-details response body (what someone copied from Zoho, or
//! a file a test produced) and prints what Bulkwatch understands of it — a readable summary, or
//! with `--json` a stable machine shape. It runs exactly the widget's decoder
//! ([`bulkwatch_core::model::decode_job_response`]) and download URL rules, so it doubles as a
//! test seam for both.
//!
//! Exit codes: 0 for a job or a recognised Zoho error body, 1 for a body it cannot understand
//! (with a one-line reason on stderr), 2 for usage errors (bad flags, unreadable input).

mod report;

use bulkwatch_core::endpoint::{ApiOrigin, DataCenter, Environment};
use bulkwatch_core::error::one_line;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use report::{analyse, Analysis, DownloadOut, ErrorOut, JobOut, Report};

/// Bodies larger than this are refused (real answers are a few kilobytes).
pub const MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// Command-line arguments of `bulkwatch inspect`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print the machine-readable JSON shape instead of a summary.
    #[arg(long)]
    pub json: bool,

    /// The HTTP status the body came with (100–599).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 200,
        value_parser = clap::value_parser!(u16).range(100..=599)
    )]
    pub http_status: u16,

    /// The API origin a relative `download_url` is resolved against
    /// (e.g. https://www.zohoapis.eu; default https://www.zohoapis.com).
    #[arg(long, value_name = "ORIGIN", value_parser = parse_api_domain)]
    pub api_domain: Option<ApiOrigin>,

    /// The response body: a file path, or `-` for standard input.
    #[arg(value_name = "FILE|-")]
    pub input: PathBuf,
}

fn parse_api_domain(raw: &str) -> Result<ApiOrigin, String> {
    ApiOrigin::parse(raw).map_err(|e| e.to_string())
}

/// Runs the subcommand.
pub fn run(args: Args) -> ExitCode {
    let body = match read_input(&args.input) {
        Ok(body) => body,
        Err(InputError::Unreadable(reason)) => {
            eprintln!("bulkwatch inspect: {}", one_line(&reason, 300));
            return ExitCode::from(2);
        }
        Err(InputError::TooLarge) => {
            eprintln!("bulkwatch inspect: the body is larger than {MAX_BODY_BYTES} bytes");
            return ExitCode::from(1);
        }
    };
    let origin = args.api_domain.unwrap_or(ApiOrigin::Zoho {
        dc: DataCenter::Us,
        env: Environment::Production,
    });
    let analysis = analyse(&body, args.http_status, &origin);

    let out = if args.json {
        match serde_json::to_string_pretty(&analysis.report) {
            Ok(text) => text + "\n",
            Err(e) => {
                eprintln!("bulkwatch inspect: cannot write JSON: {e}");
                return ExitCode::from(1);
            }
        }
    } else {
        report::summary(&analysis.report)
    };
    // A closed stdout (`| head`) is not worth a panic or an error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());

    match &analysis.unreadable {
        None => ExitCode::SUCCESS,
        Some(reason) => {
            eprintln!("bulkwatch inspect: {}", one_line(reason, 300));
            ExitCode::from(1)
        }
    }
}

enum InputError {
    Unreadable(String),
    TooLarge,
}

fn read_input(path: &PathBuf) -> Result<Vec<u8>, InputError> {
    let (reader, name): (Box<dyn Read>, String) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin()), "standard input".into())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| InputError::Unreadable(format!("cannot read {}: {e}", path.display())))?;
        (Box::new(file), path.display().to_string())
    };
    let mut body = Vec::new();
    reader
        .take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| InputError::Unreadable(format!("cannot read {name}: {e}")))?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(InputError::TooLarge);
    }
    Ok(body)
}
