//! The outputs the pages show: after the claims, each `{{#output}}` of the
//! book is run once, one at a time like the checks, through the `listing`
//! program, and recorded in the same results file.
//!
//! An output that the last complete run recorded on this machine is kept
//! when a run now would run the very same program
//! ([`ListingOutput::same_program`]): the listing's files, every file the
//! programs are built from, the machine and its toolchains are as they
//! were. It keeps the date it was recorded on, which the page shows. The
//! filter `outputs`, and the recording of the reference run, run them all.

use std::path::Path;

use indicatif::ProgressBar;
use listings::evidence::{Machine, Results};
use listings::outputs::{self, ListingOutput, OUTPUTS};

/// Runs every output that `kept` cannot stand for; prints one line each,
/// and returns the records and the problems (a program that failed or
/// printed nothing).
pub fn run_all(
    progress: Option<&ProgressBar>,
    kept: Option<(&Results, &Machine)>,
) -> (Vec<ListingOutput>, Vec<String>) {
    let listing = Path::new(env!("CARGO_BIN_EXE_listing"));
    let previous = kept
        .filter(|(previous, machine)| previous.machine.same_as(machine))
        .map(|(previous, _)| previous);
    // A record with an inputs key carries its own date too.
    let keep = |spec: &str| {
        let output = previous?.output(spec)?;
        output.same_program().then(|| output.clone())
    };
    println!(
        "\nthe {} programs whose output the book shows\n",
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
        let (record, how) = match keep(wanted.spec) {
            Some(record) => {
                let how = format!("kept from {}", record.recorded.as_deref().unwrap_or("?"));
                (record, how)
            }
            None => {
                let record = outputs::run(wanted, listing);
                let how = format!(
                    "{:.1} s, {}",
                    record.wall_s,
                    record
                        .status
                        .map_or("stopped".to_owned(), |s| format!("exit {s}"))
                );
                (record, how)
            }
        };
        let line = format!("output {:<44} {how}", wanted.spec);
        match progress {
            Some(bar) => bar.suspend(|| println!("{line}")),
            None => println!("{line}"),
        }
        // A listing that exits with failure on purpose says so in its spec's
        // stream (TSan and Go's race detector exit with 66).
        if !record.is_whole() {
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
