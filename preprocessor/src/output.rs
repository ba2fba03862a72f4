//! `{{#output SPEC}}`: what a listing printed in the run, and where.

use book_markdown::blocks::longest_run;
use book_markdown::directive::OutputSpec;

use crate::{Evidence, escape};

impl Evidence {
    /// What a listing printed in the run, as a block, and where it ran.
    pub(crate) fn output(&self, spec: &str) -> String {
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
        let machine = escape(&machine);
        let recorded = output.recorded.as_deref().map(crate::date);
        let source = match recorded.filter(|r| *r != started) {
            // Kept from an earlier run (`cargo test --test claims` keeps an
            // output while its program is the same).
            Some(recorded) => format!(
                "on {machine}, {recorded}; kept by {}, as nothing it is built from had changed",
                self.which
            ),
            None => format!("in {} ({machine}, {started})", self.which),
        };
        format!(
            "{fence}text\n{}\n{fence}\n\n*Printed by `{command}`{status}, {source}.*\n",
            output.text.trim_end(),
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::tests::run_with_output;

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
    fn a_kept_output_shows_the_date_it_was_recorded() {
        let hash = listings::outputs::wanted("1-1")
            .expect("the book shows 1-1")
            .source_hash;
        let mut evidence = run_with_output(hash);
        if let Some(results) = evidence.results.as_mut() {
            results.outputs[0].recorded = Some("2026-11-30T09:00:00Z".to_owned());
        }
        let page = evidence.expand("{{#output 1-1}}");
        assert!(
            page.contains(", 2026-11-30 09:00:00; kept by a test run, as nothing"),
            "{page}"
        );
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
}
