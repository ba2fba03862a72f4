//! The book's mdBook preprocessor: it expands the directives that show the
//! evidence of a claims run, from the reader's own latest run when there is
//! a complete one newer than the committed reference, else from the
//! reference run.
//!
//! - `{{#machine}}`: which run, when, on which commit, and the machine.
//! - `{{#claims-table}}`: every claim with its verdict and its control's.
//! - `{{#verdict ID}}`: a claim's verdict, for the claims index.
//! - `{{#output SPEC}}`: what a listing printed in the run, and where.
//! - `{{#figure NAME}}`: a figure drawn from the series that the claims'
//!   checks recorded (the `figures` module).
//! - `{{#claim ID}}`, inside a claim's admonition: the claim's id in small
//!   print, its statement, taken from its check's code, and the evidence:
//!   verdict, figures with their bounds, the control's verdict and figures,
//!   the run and machine, and the command that checks it again.
//!
//! Inside a claim's admonition it also folds each code block, the check's
//! code, into a `<details>` element that the reader opens (`fold_claim_code`).
//!
//! It speaks mdBook 0.4's preprocessor protocol: `mdbook-checked supports
//! <renderer>` answers yes; otherwise it reads `[context, book]` as JSON on
//! standard input and writes the book back. The book is handled as plain
//! JSON, so that the move to mdBook 0.5 changes this file's edges only.

mod figures;

use std::env;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use book_markdown::directive::{self, OutputSpec};
use listings::claims::Claim;
use listings::evidence::{self, ClaimResult, Results};
use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "supports") {
        // Every renderer: the directives become plain markdown.
        return ExitCode::SUCCESS;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mdbook-checked: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    let value: Value = serde_json::from_str(&input).map_err(io::Error::other)?;
    let Value::Array(mut parts) = value else {
        return Err(io::Error::other(
            "expected [context, book] on standard input",
        ));
    };
    if parts.len() != 2 {
        return Err(io::Error::other(
            "expected [context, book] on standard input",
        ));
    }
    let mut book = parts.pop().unwrap_or(Value::Null);
    let evidence = Evidence::find();
    expand(&mut book, &evidence);
    let mut out = io::stdout().lock();
    serde_json::to_writer(&mut out, &book).map_err(io::Error::other)?;
    out.flush()
}

/// Expands the directives in every chapter of `book`, however deep.
fn expand(value: &mut Value, evidence: &Evidence) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get_mut("Chapter")
                && let Some(Value::String(content)) = chapter.get_mut("content")
            {
                *content = evidence.expand(content);
            }
            for child in map.values_mut() {
                expand(child, evidence);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| expand(item, evidence)),
        _ => {}
    }
}

/// The run the pages show, which one it is, and the claims as they are now.
struct Evidence {
    results: Option<Results>,
    which: &'static str,
    claims: Vec<Claim>,
}

impl Evidence {
    fn find() -> Evidence {
        let reference = Results::read(&evidence::book_root().join(evidence::REFERENCE)).ok();
        let latest = Results::read(&evidence::latest_path())
            .ok()
            .filter(|r| r.complete)
            .filter(|l| reference.as_ref().is_none_or(|r| l.started >= r.started));
        let (results, which) = match (latest, reference) {
            (Some(latest), _) => (
                Some(latest),
                "the latest complete run of the claims on this machine",
            ),
            (None, Some(reference)) => (Some(reference), "the book's reference run"),
            (None, None) => (None, "no run"),
        };
        Evidence {
            results,
            which,
            claims: listings::all_claims(),
        }
    }

    fn expand(&self, content: &str) -> String {
        let content = fold_claim_code(content);
        directive::replace(&content, |d| match d.name {
            "machine" => Some(self.machine()),
            "claims-table" => Some(self.claims_table()),
            "verdict" => Some(self.verdict_word(d.args)),
            "claim" => Some(self.claim_box(d.args)),
            "output" => Some(self.output(d.args)),
            "figure" => Some(self.figure(d.args)),
            _ => None,
        })
    }

    /// What a listing printed in the run, as a block, and where it ran.
    fn output(&self, spec: &str) -> String {
        let recorded = self.results.as_ref().and_then(|r| r.output(spec));
        let command = match recorded {
            Some(output) => output.command.clone(),
            None => match OutputSpec::parse(spec) {
                Ok(spec) => spec.command(),
                Err(e) => return format!("**Not an output: `{spec}`: {e}.**"),
            },
        };
        let Some(output) = recorded.filter(|o| o.is_current()) else {
            let what = if recorded.is_some() {
                "Not yet recorded for this version of the listing"
            } else {
                "Not yet recorded"
            };
            return format!(
                "*{what}: `cargo test --test claims` runs `{command}` and records what it prints.*\n"
            );
        };
        let fence = "`".repeat(3.max(longest_run(&output.text, '`') + 1));
        let status = match output.status {
            Some(0) => String::new(),
            Some(code) => format!(", exit status {code}"),
            None => ", stopped".to_owned(),
        };
        let (machine, started) = self.run_label();
        format!(
            "{fence}text\n{}\n{fence}\n\n*Printed by `{command}`{status}, in {} ({}, {}).*\n",
            output.text.trim_end(),
            self.which,
            escape(&machine),
            started
        )
    }

    /// The machine of the run in a few words, and when it started.
    fn run_label(&self) -> (String, String) {
        self.results
            .as_ref()
            .map(|r| {
                (
                    r.machine.summary(),
                    r.started.replace('T', " ").trim_end_matches('Z').to_owned(),
                )
            })
            .unwrap_or_default()
    }

    /// A figure drawn from the series of the run, or why it cannot be.
    fn figure(&self, name: &str) -> String {
        let run = self.results.as_ref().map(|_| {
            let (machine, started) = self.run_label();
            figures::Run {
                which: self.which.to_owned(),
                machine,
                started,
            }
        });
        figures::expand(name, run.as_ref(), &|id| match self.current(id) {
            (None, _) => figures::Entry::Unknown,
            (Some(_), Some(entry)) => figures::Entry::Current(entry),
            (Some(_), None) if self.results.as_ref().and_then(|r| r.claim(id)).is_some() => {
                figures::Entry::Stale
            }
            (Some(_), None) => figures::Entry::Missing,
        })
    }

    /// The claim `id`, and its entry in the run if that was recorded for
    /// the claim as it is now.
    fn current(&self, id: &str) -> (Option<&Claim>, Option<&ClaimResult>) {
        let claim = self.claims.iter().find(|c| c.id == id);
        let entry = claim.and_then(|claim| {
            self.results
                .as_ref()
                .and_then(|r| r.claim(id))
                .filter(|entry| entry.is_current(claim))
        });
        (claim, entry)
    }

    /// A claim's verdict in a word or two, for a table.
    fn verdict_word(&self, id: &str) -> String {
        match self.current(id) {
            (Some(_), Some(entry)) => entry.verdict.clone(),
            (Some(_), None) => "not yet measured".to_owned(),
            (None, _) => format!("no claim `{id}`"),
        }
    }

    /// A claim's statement and evidence, as markdown for its admonition.
    fn claim_box(&self, id: &str) -> String {
        let (claim, entry) = self.current(id);
        let Some(claim) = claim else {
            return format!("**No claim has the id `{id}`.**");
        };
        // The id in small print at the top of the box; the figures folded,
        // under the verdict, like the check's code (`fold_claim_code`).
        let mut text = format!(
            "<small>claim <code>{id}</code></small>\n\n{}\n\n",
            claim.statement
        );
        match entry {
            Some(entry) => {
                let (machine, started) = self.run_label();
                let control = match &entry.control {
                    Some(_) => format!(" Control: {}.", escape(&control_text(entry))),
                    None => String::new(),
                };
                text.push_str(&format!(
                    "**{}** in {} ({}, {}).{control}\n\n",
                    escape(&verdict_text(entry)),
                    self.which,
                    escape(&machine),
                    started
                ));
                text.push_str(&format!(
                    "<details class=\"claim-figures\"><summary>{FIGURES_SUMMARY}</summary>\n\n"
                ));
                for figure in &entry.figures {
                    text.push_str(&format!("- {}\n", escape(&figure.text)));
                }
                if let Some(control) = &entry.control {
                    text.push_str(&format!("- control: {}\n", escape(&control_text(entry))));
                    for figure in &control.figures {
                        text.push_str(&format!("  - {}\n", escape(&figure.text)));
                    }
                }
                text.push_str("\n</details>");
            }
            _ => text.push_str("*Not yet measured for this version of the claim.*"),
        }
        text
    }

    fn machine(&self) -> String {
        let Some(results) = &self.results else {
            return "No run of the claims was found: run `cargo test --test claims`.\n".into();
        };
        let m = &results.machine;
        let commit = m
            .commit
            .as_deref()
            .map_or("an unknown commit".to_owned(), |c| {
                format!("commit `{}`", c.get(..12).unwrap_or(c))
            });
        let changes = if m.tree_changed == Some(true) {
            ", with changes not yet committed"
        } else {
            ""
        };
        let mut page = format!(
            "The numbers come from {}, started {} (UTC), on {commit}{changes}.\n\n\
             | what | the machine |\n|---|---|\n",
            self.which,
            results.started.replace('T', " ").trim_end_matches('Z')
        );
        let quota = m
            .cgroup_cpu_quota
            .map_or("none".to_owned(), |q| format!("{q} CPUs (rounded down)"));
        let rows = [
            ("CPU", m.cpu_model.clone()),
            ("logical CPUs", m.logical_cpus.to_string()),
            (
                "CPUs the run could use",
                format!("{} ({:?})", m.allowed_cpus.len(), m.allowed_cpus),
            ),
            ("cgroup CPU quota", quota),
            (
                "memory",
                format!("{:.1} GiB", m.memory_bytes as f64 / f64::from(1u32 << 30)),
            ),
            ("kernel", m.kernel.clone()),
            (
                "virtual machine",
                match m.virtual_machine.as_deref() {
                    None => "no".to_owned(),
                    Some("yes") => "yes".to_owned(),
                    Some(vm) => format!("yes ({vm})"),
                },
            ),
        ];
        for (what, value) in rows {
            page.push_str(&format!("| {what} | {} |\n", cell(&value)));
        }
        for (language, version) in &m.toolchains {
            page.push_str(&format!("| {language} | {} |\n", cell(version)));
        }
        page
    }

    fn claims_table(&self) -> String {
        let mut table =
            String::from("| claim | verdict | its control | time |\n|---|---|---|---|\n");
        for claim in &self.claims {
            let recorded = self.results.as_ref().and_then(|r| r.claim(claim.id));
            let (verdict, control, took) = match self.current(claim.id).1 {
                None if recorded.is_none() => {
                    ("not yet measured".to_owned(), String::new(), String::new())
                }
                None => (
                    "not yet measured for this version".to_owned(),
                    String::new(),
                    String::new(),
                ),
                Some(entry) => (
                    verdict_text(entry),
                    control_text(entry),
                    format!("{:.1} s", entry.took_s),
                ),
            };
            table.push_str(&format!(
                "| `{}` | {} | {} | {took} |\n",
                claim.id,
                cell(&verdict),
                cell(&control)
            ));
        }
        table
    }
}

fn verdict_text(entry: &ClaimResult) -> String {
    match &entry.reason {
        Some(reason) => format!("{}: {reason}", entry.verdict),
        None => entry.verdict.clone(),
    }
}

fn control_text(entry: &ClaimResult) -> String {
    match &entry.control {
        None => "none".to_owned(),
        Some(control) => match (&control.impossible, &control.name, &control.verdict) {
            (Some(why), _, _) => format!("none possible: {why}"),
            (None, Some(name), Some(verdict)) => format!("{name}: {verdict}"),
            _ => String::new(),
        },
    }
}

/// The summary line of a folded check's code.
const FOLDED_SUMMARY: &str = "How it is checked: the code";

/// The summary line of a claim's folded figures.
const FIGURES_SUMMARY: &str = "The figures, with their bounds";

/// `content` with every code block inside a claim's admonition (an
/// `admonish` fence whose `id` starts with `claim-`) folded into a
/// `<details>` element, closed until the reader opens it. Blank lines
/// around the block keep it a markdown code block inside the HTML.
fn fold_claim_code(content: &str) -> String {
    let mut out = String::with_capacity(content.len() + 256);
    // The fence that closes the claim's admonition, while inside one, and
    // the fence that closes a code block inside it, while inside that.
    let mut admonition: Option<String> = None;
    let mut code: Option<String> = None;
    for line in content.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(fence) = &code {
            out.push_str(line);
            if closes(bare, fence) {
                code = None;
                out.push_str("\n</details>\n\n");
            }
            continue;
        }
        match &admonition {
            None => {
                if let Some((fence, info)) = opening(bare)
                    && info.starts_with("admonish")
                    && info.contains("id=\"claim-")
                {
                    admonition = Some(fence.to_owned());
                }
                out.push_str(line);
            }
            Some(outer) => {
                if closes(bare, outer) {
                    admonition = None;
                } else if let Some((fence, info)) = opening(bare)
                    && !info.is_empty()
                {
                    code = Some(fence.to_owned());
                    out.push_str(&format!(
                        "<details class=\"claim-code\"><summary>{FOLDED_SUMMARY}</summary>\n\n"
                    ));
                }
                out.push_str(line);
            }
        }
    }
    if code.is_some() {
        // A block left open at the end: close the element all the same.
        out.push_str("\n</details>\n");
    }
    out
}

/// The fence (three or more backticks or tildes) that opens a block on
/// `line`, and the info string after it.
fn opening(line: &str) -> Option<(&str, &str)> {
    let mark = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.len() - line.trim_start_matches(mark).len();
    (len >= 3).then(|| (&line[..len], line[len..].trim()))
}

/// Whether `line` closes a block opened with `fence`: the same character,
/// at least as many times, and nothing else.
fn closes(line: &str, fence: &str) -> bool {
    let line = line.trim_end();
    let mark = fence.chars().next().unwrap_or('`');
    line.len() >= fence.len() && line.chars().all(|c| c == mark)
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

/// Text made safe for markdown: its punctuation is not formatting.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value made safe for a cell of a markdown table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_in_nested_chapters_are_expanded() {
        let evidence = Evidence {
            results: None,
            which: "no run",
            claims: listings::all_claims(),
        };
        let mut book: Value = serde_json::from_str(
            r#"{"sections": [{"Chapter": {"name": "A", "content": "x {{#machine}}",
                "sub_items": [{"Chapter": {"name": "B", "content": "{{#claims-table}}",
                "sub_items": []}}]}}, "Separator"]}"#,
        )
        .expect("valid JSON");
        expand(&mut book, &evidence);
        let text = book.to_string();
        assert!(text.contains("No run of the claims was found"));
        assert!(text.contains("| claim | verdict | its control | time |"));
        assert!(!text.contains("{{#"));
    }

    /// A run whose only record is the output of Listing 1-1, recorded for
    /// the listing's files with `source_hash`.
    fn run_with_output(source_hash: &str) -> Evidence {
        let output = listings::outputs::ListingOutput {
            spec: "1-1".to_owned(),
            command: "cargo run -- 1-1".to_owned(),
            source_hash: source_hash.to_owned(),
            status: Some(0),
            text: "kettle starts\n```\n".to_owned(),
            wall_s: 0.1,
        };
        Evidence {
            results: Some(Results {
                format: evidence::FORMAT,
                machine: evidence::Machine::describe(),
                started: "2026-12-01T10:00:00Z".to_owned(),
                complete: true,
                claims: Vec::new(),
                outputs: vec![output],
            }),
            which: "a test run",
            claims: listings::all_claims(),
        }
    }

    #[test]
    fn an_output_is_shown_with_its_run() {
        let hash = listings::outputs::wanted("1-1")
            .expect("the book shows 1-1")
            .source_hash;
        let page = run_with_output(hash).expand("{{#output 1-1}}");
        assert!(
            page.starts_with("````text\nkettle starts\n```\n````\n"),
            "{page}"
        );
        assert!(page.contains("*Printed by `cargo run -- 1-1`, in a test run ("));
        assert!(page.contains("2026-12-01 10:00:00"));
    }

    #[test]
    fn a_stale_or_missing_output_is_not_shown() {
        let stale = run_with_output("0").expand("{{#output 1-1}}");
        assert!(stale.contains("Not yet recorded for this version of the listing"));
        assert!(!stale.contains("kettle"));
        let missing = run_with_output("0").expand("{{#output 10-2 GOMAXPROCS=1}}");
        assert!(
            missing.starts_with(
                "*Not yet recorded: `cargo test --test claims` runs \
                                     `GOMAXPROCS=1 cargo run -- 10-2`"
            ),
            "{missing}"
        );
        let bad = run_with_output("0").expand("{{#output nonsense}}");
        assert!(bad.contains("Not an output"));
    }

    fn no_run() -> Evidence {
        Evidence {
            results: None,
            which: "no run",
            claims: listings::all_claims(),
        }
    }

    #[test]
    fn a_claim_box_shows_its_id_in_small_print() {
        let page = no_run().expand("{{#claim two-threads-overlap}}");
        assert!(
            page.starts_with("<small>claim <code>two-threads-overlap</code></small>\n\n"),
            "{page}"
        );
        assert!(page.contains("Not yet measured"));
    }

    #[test]
    fn a_claim_box_folds_its_figures_under_the_verdict() {
        use listings::claims::{Bound, Figure, Verdict};
        let claim = listings::all_claims()
            .into_iter()
            .find(|c| c.id == "two-threads-overlap")
            .expect("a claim of the book");
        let figures = |ratio: f64| {
            vec![Figure::new("CPU time / wall time", ratio, "").bounded(Bound::Above(1.1))]
        };
        let verdict = Verdict::from_figures(figures(1.9))
            .against("pinned to one CPU", Verdict::from_figures(figures(1.0)));
        let mut evidence = run_with_output("0");
        if let Some(results) = &mut evidence.results {
            results.claims = vec![ClaimResult::new(&claim, &verdict, vec![], 0.1)];
        }
        let page = evidence.expand("{{#claim two-threads-overlap}}");
        let (shown, folded) = page
            .split_once("<details class=\"claim-figures\">")
            .expect("the figures are folded");
        assert!(shown.contains("**holds** in a test run ("), "{page}");
        assert!(
            shown.contains("Control: pinned to one CPU: refuted."),
            "{page}"
        );
        assert!(!shown.contains("CPU time / wall time"), "{page}");
        assert!(folded.contains("- CPU time / wall time"), "{page}");
        assert!(folded.trim_end().ends_with("</details>"), "{page}");
    }

    #[test]
    fn the_code_of_a_claim_box_is_folded() {
        let page = "text\n\n\
            ~~~rust\nfn outside() {}\n~~~\n\n\
            ````admonish success id=\"claim-x\" title=\"X holds\"\n\
            Why.\n\n\
            ~~~rust\nfn check() {}\n~~~\n\n\
            ~~~c\nint main(void) {}\n~~~~\n\
            ````\n\n\
            ````admonish tip title=\"Solution\"\n~~~rust\nfn solution() {}\n~~~\n````\n";
        let folded = fold_claim_code(page);
        let open = format!("<details class=\"claim-code\"><summary>{FOLDED_SUMMARY}</summary>\n\n");
        assert_eq!(
            folded,
            format!(
                "text\n\n\
                 ~~~rust\nfn outside() {{}}\n~~~\n\n\
                 ````admonish success id=\"claim-x\" title=\"X holds\"\n\
                 Why.\n\n\
                 {open}~~~rust\nfn check() {{}}\n~~~\n\n</details>\n\n\n\
                 {open}~~~c\nint main(void) {{}}\n~~~~\n\n</details>\n\n\
                 ````\n\n\
                 ````admonish tip title=\"Solution\"\n~~~rust\nfn solution() {{}}\n~~~\n````\n"
            )
        );
    }

    #[test]
    fn a_fence_inside_the_code_does_not_end_the_box() {
        // A shorter fence inside the code block is code; a longer one
        // closes it.
        let page = "````admonish success id=\"claim-x\"\n~~~~rust\n~~~\n~~~~~\n````\nafter\n";
        let folded = fold_claim_code(page);
        assert_eq!(folded.matches("<details").count(), 1, "{folded}");
        assert!(
            folded.contains("~~~\n~~~~~\n\n</details>\n\n````\nafter\n"),
            "{folded}"
        );
    }

    #[test]
    fn cells_keep_their_table() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
