//! `{{#claim ID}}`: a claim's box, its statement and the evidence of the
//! run, and the folding of the check's code inside the box.

use listings::evidence::ClaimResult;

use crate::{Evidence, escape};

impl Evidence {
    /// A claim's statement and evidence, as markdown for its admonition.
    pub(crate) fn claim_box(&self, id: &str) -> String {
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
}

/// The verdict of `entry`, with its reason if it has one.
pub(crate) fn verdict_text(entry: &ClaimResult) -> String {
    match &entry.reason {
        Some(reason) => format!("{}: {reason}", entry.verdict),
        None => entry.verdict.clone(),
    }
}

/// The control of `entry` and its verdict, or why it has none.
pub(crate) fn control_text(entry: &ClaimResult) -> String {
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
pub(crate) fn fold_claim_code(content: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{no_run, run_with_output};

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
}
