//! `{{#claim-results ID ...}}`: a table that makes several claims at once,
//! one row each, for a chapter whose claims are many and alike. A row gives
//! the claim's statement (from its code), the verdict of the run the pages
//! show, what the check measured, and what its control changed and its
//! verdict. Each row carries the claim's anchor, `#claim-ID`, so that links
//! and the claims index find it as they find a claim's box.

use crate::claim_box::{control_text, verdict_text};
use crate::machine::cell;
use crate::{Evidence, escape};

/// The most figures a row shows; the claim's entry in the appendix and
/// the claims run show them all.
const FIGURES_SHOWN: usize = 2;

impl Evidence {
    pub(crate) fn claim_results(&self, ids: &str) -> String {
        let mut table = String::from(
            "\n| claim | verdict | what the check measured | its control |\n|---|---|---|---|\n",
        );
        for id in ids.split_whitespace() {
            let (claim, entry) = self.current(id);
            let Some(claim) = claim else {
                table.push_str(&format!("| **No claim has the id `{id}`.** | | | |\n"));
                continue;
            };
            let anchor = format!("<span id=\"claim-{id}\"></span>");
            let (verdict, figures, control) = match entry {
                Some(entry) => {
                    let figures: Vec<&str> = entry
                        .figures
                        .iter()
                        .take(FIGURES_SHOWN)
                        .map(|f| f.text.as_str())
                        .collect();
                    (verdict_text(entry), figures.join("; "), control_text(entry))
                }
                None => (
                    "not yet measured for this version".to_owned(),
                    String::new(),
                    String::new(),
                ),
            };
            table.push_str(&format!(
                "| {anchor}{} <small>(<code>{id}</code>)</small> | **{}** | {} | {} |\n",
                cell(claim.statement),
                cell(&verdict),
                cell(&figures),
                cell(&control)
            ));
        }
        let (machine, started) = self.run_label();
        table.push_str(&format!(
            "\n*Verdicts and figures from {} ({}, {}). Check them again: `cargo test --test \
             claims -- ID`.*\n",
            self.which,
            escape(&machine),
            started
        ));
        table
    }
}

#[cfg(test)]
mod tests {
    use crate::Evidence;

    #[test]
    fn rows_carry_their_claims_anchor_and_statement() {
        let evidence = Evidence {
            results: None,
            which: "no run",
            claims: listings::all_claims(),
        };
        let table = evidence.claim_results("exercise-mutex-exact no-such-claim");
        assert!(
            table.contains("<span id=\"claim-exercise-mutex-exact\"></span>Written with a Mutex")
        );
        assert!(table.contains("not yet measured for this version"));
        assert!(table.contains("**No claim has the id `no-such-claim`.**"));
    }
}
