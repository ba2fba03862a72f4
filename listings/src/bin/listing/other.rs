//! Running a C, Python or Go listing: built and run as its check builds and
//! runs it, or, for C with `-S` in `CFLAGS`, shown as assembly.

use std::env;
use std::process::ExitCode;

use listings::toolchain::{Language, Source, Toolchain};

use crate::{exit_with, fail, say};

/// A C, Python or Go program of the book that has no number of its own,
/// named by its file: `cargo run -- listings/python/ch11/x.py`.
pub fn run_file(file: &str, language: Language, args: &[String]) -> ExitCode {
    match std::fs::read_to_string(file) {
        Ok(text) => {
            let name = file.rsplit('/').next().unwrap_or(file);
            // The program runs once and exits: its source may live as long.
            let source = Source {
                name: Box::leak(name.to_owned().into_boxed_str()),
                text: Box::leak(text.into_boxed_str()),
            };
            run_other(file, language, file, &source, args)
        }
        Err(e) => fail(&format!("cannot read {file}: {e}")),
    }
}

/// The language of a C, Python or Go listing file named on the command line.
pub fn language_of_file(name: &str) -> Option<Language> {
    let (_, extension) = name.rsplit_once('.')?;
    match extension {
        "c" => Some(Language::C),
        "py" => Some(Language::Python),
        "go" => Some(Language::Go),
        _ => None,
    }
}

/// Builds and runs a C, Python or Go listing; a C listing with `-S` in
/// `CFLAGS` prints its assembly instead, only the functions named as
/// arguments if any are.
pub fn run_other(
    number: &str,
    language: Language,
    file: &str,
    source: &Source,
    args: &[String],
) -> ExitCode {
    let toolchain = match Toolchain::find(language) {
        Ok(toolchain) => toolchain,
        Err(missing) => return fail(&missing.reason()),
    };
    let cflags = env::var("CFLAGS").unwrap_or_else(|_| "-O2".to_owned());
    let goflags = env::var("GOFLAGS").unwrap_or_default();
    let flags: Vec<&str> = match language {
        Language::C => cflags.split_whitespace().collect(),
        Language::Go => goflags.split_whitespace().collect(),
        _ => Vec::new(),
    };
    if language == Language::C && flags.contains(&"-S") {
        let flags: Vec<&str> = flags.into_iter().filter(|f| *f != "-S").collect();
        say(&format!(
            "Listing {number}: the assembly {} writes for {file}",
            toolchain.version
        ));
        return match toolchain.assembly(source, &flags) {
            Ok(asm) if args.is_empty() => {
                print!("{asm}");
                ExitCode::SUCCESS
            }
            Ok(asm) => {
                for function in args {
                    println!("{function}:");
                    for instruction in listings::ch11::c::instructions(&asm, function) {
                        println!("\t{}", instruction.replacen(' ', "\t", 1));
                    }
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.to_string()),
        };
    }
    let how = match language {
        Language::C => format!("built by {} with {}", toolchain.version, flags.join(" ")),
        Language::Go if flags.is_empty() => format!("built by {}", toolchain.version),
        Language::Go => format!("built by {} with {}", toolchain.version, flags.join(" ")),
        _ => format!("run by {}", toolchain.version),
    };
    say(&format!("Listing {number}: {file}, {how}"));
    let program = match toolchain.build(source, &flags) {
        Ok(program) => program,
        Err(e) => return fail(&e.to_string()),
    };
    exit_with(program.command().args(args).status())
}
