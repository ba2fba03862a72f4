//! `{{#machine}}`, the run and its machine, and `{{#claims-table}}`, every
//! claim with its verdict and its control's, for the book's appendix.

use listings::evidence::Machine;

use crate::claim_box::{control_text, verdict_text};
use crate::{Evidence, started};

impl Evidence {
    /// The run the pages show, its commit and its machine: a sentence and
    /// a table.
    pub(crate) fn machine(&self) -> String {
        let Some(results) = &self.results else {
            return "No run of the claims was found: run `cargo test --test claims`.\n".into();
        };
        let m = &results.machine;
        let changes = if m.tree_changed == Some(true) {
            ", with changes not yet committed"
        } else {
            ""
        };
        let mut page = format!(
            "The numbers come from {}, started {} (UTC), on {}{changes}.\n\n\
             | what | the machine |\n|---|---|\n",
            self.which,
            started(results),
            commit(m)
        );
        for (what, value) in rows(m) {
            page.push_str(&format!("| {what} | {} |\n", cell(&value)));
        }
        for (language, version) in &m.toolchains {
            page.push_str(&format!("| {language} | {} |\n", cell(version)));
        }
        page
    }

    /// Every claim with its verdict, its control's and the time its check
    /// took.
    pub(crate) fn claims_table(&self) -> String {
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

/// The commit of the run, in words.
fn commit(m: &Machine) -> String {
    m.commit
        .as_deref()
        .map_or("an unknown commit".to_owned(), |c| {
            format!("commit `{}`", c.get(..12).unwrap_or(c))
        })
}

/// The rows of the machine's table, before its toolchains.
fn rows(m: &Machine) -> [(&'static str, String); 7] {
    let quota = m
        .cgroup_cpu_quota
        .map_or("none".to_owned(), |q| format!("{q} CPUs (rounded down)"));
    [
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
    ]
}

/// A value made safe for a cell of a markdown table.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_table() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
