//! The book's `{{#output ...}}` directives and its rules for blocks that
//! look like a program's output.
//!
//! Every output a page shows comes from a run: `{{#output 3-1}}` is
//! expanded by the book's preprocessor from the results of the claims run,
//! which runs each directive's program. Here the build script finds the
//! directives, checks that each names a listing that `cargo run` can run,
//! and writes `$OUT_DIR/outputs.rs`: each output's spec and a hash of the
//! files its program is made of, which tells a recorded output from a stale
//! one. (Where a page asks for it stays out of the table, so that editing a
//! chapter's text leaves the listings crate, and the block programs built
//! against it, as they were.)
//!
//! A hand-written output is refused by the build script, with
//! [`book_markdown::blocks::refused_block`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use book_markdown::directive::{self, OutputSpec, Program};
use book_markdown::files::Fnv;
use book_markdown::include::{Expanded, Origin};

use crate::Captions;

/// The outputs the pages ask for.
#[derive(Default)]
pub struct Outputs {
    /// Each spec, with where it was first asked for.
    wanted: BTreeMap<String, (Origin, OutputSpec)>,
}

impl Outputs {
    /// Notes every `{{#output}}` of a page; returns the problems found.
    pub fn scan(&mut self, expanded: &Expanded) -> Vec<(Origin, String)> {
        let mut problems = Vec::new();
        for (i, line) in expanded.lines.iter().enumerate() {
            for found in directive::find(line)
                .into_iter()
                .filter(|d| d.name == "output")
            {
                let origin = expanded.origins[i].clone();
                match OutputSpec::parse(found.args) {
                    Ok(spec) => {
                        self.wanted
                            .entry(found.args.to_owned())
                            .or_insert((origin, spec));
                    }
                    Err(e) => {
                        problems.push((origin, format!("`{{{{#output {}}}}}`: {e}", found.args)))
                    }
                }
            }
        }
        problems
    }

    /// The contents of `outputs.rs`, and the problems found; `captions`
    /// says which files each numbered listing shows.
    pub fn table(&self, root: &Path, captions: &Captions) -> (String, Vec<(Origin, String)>) {
        let mut table = String::from(
            "/// Every `{{#output}}` of the book: its spec, and a hash of the files\n\
             /// its program is made of.\n\
             pub const OUTPUTS: &[OutputWanted] = &[\n",
        );
        let mut problems = Vec::new();
        for (args, (origin, spec)) in &self.wanted {
            let files = match &spec.program {
                Program::Listing(number) => match captions.get(number).map(|(files, _)| files) {
                    None => {
                        problems.push((origin.clone(), format!("there is no Listing {number}")));
                        continue;
                    }
                    Some(files) if files.is_empty() => {
                        problems.push((
                            origin.clone(),
                            format!(
                                "Listing {number} is shown only on its page, so no run can \
                                 print its output: keep it in a listing file"
                            ),
                        ));
                        continue;
                    }
                    Some(files) => files.clone(),
                },
                Program::File(file) => BTreeSet::from([file.clone()]),
            };
            let mut hash = Fnv::default();
            for file in &files {
                match fs::read(root.join(file)) {
                    Ok(bytes) => hash.write(&bytes),
                    Err(e) => problems.push((origin.clone(), format!("cannot read {file}: {e}"))),
                }
            }
            writeln!(
                table,
                "    OutputWanted {{ spec: {args:?}, source_hash: {:?} }},",
                hash.hex(),
            )
            .expect("write to a String");
        }
        table.push_str("];\n");
        (table, problems)
    }
}
