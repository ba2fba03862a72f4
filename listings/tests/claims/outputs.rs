//! The outputs the pages show: after the claims, each `{{#output}}` of the
//! book is run once, one at a time like the checks, through the `listing`
//! program, and recorded in the same results file.

use std::path::Path;

use indicatif::ProgressBar;
use listings::outputs::{self, ListingOutput, OUTPUTS};

/// Runs every output; prints one line each, and returns the records and
/// the problems (a program that failed or printed nothing).
pub fn run_all(progress: Option<&ProgressBar>) -> (Vec<ListingOutput>, Vec<String>) {
    let listing = Path::new(env!("CARGO_BIN_EXE_listing"));
    println!(
        "\nrunning the {} programs whose output the book shows\n",
        OUTPUTS.len()
    );
    if let Some(bar) = progress {
        bar.set_length(OUTPUTS.len() as u64);
        bar.set_position(0);
    }
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for (n, wanted) in (1..).zip(OUTPUTS) {
        if let Some(bar) = progress {
            bar.set_position(n);
            bar.set_message(format!("output of {}", wanted.spec));
        }
        let record = outputs::run(wanted, listing);
        let line = format!(
            "output {:<44} {:>5.1} s  {}",
            wanted.spec,
            record.wall_s,
            record
                .status
                .map_or("stopped".to_owned(), |s| format!("exit {s}"))
        );
        match progress {
            Some(bar) => bar.suspend(|| println!("{line}")),
            None => println!("{line}"),
        }
        // A listing that exits with failure on purpose says so in its spec's
        // stream (TSan and Go's race detector exit with 66).
        if record.status.is_none() || record.text.trim().is_empty() {
            problems.push(format!(
                "the output `{{{{#output {}}}}}` could not be recorded: {}",
                wanted.spec,
                record.text.trim()
            ));
        }
        records.push(record);
    }
    (records, problems)
}
