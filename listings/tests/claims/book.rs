//! The book and the claims agree: every claim id the chapters mention has a
//! check, every check has exactly one admonition that makes it, the
//! committed reference run covers every claim, and the claims index lists
//! them as they are.

use std::env;
use std::fs;
use std::path::PathBuf;

use listings::claims::Claim;
use listings::evidence::{self, Results};

use crate::{INDEX_PAGE, RECORD_REFERENCE};

/// A mention of a claim id in the book, found by build.rs.
struct ClaimRef {
    id: &'static str,
    /// File and line of the mention.
    origin: &'static str,
    /// The page, relative to the book's `src/`.
    page: &'static str,
    /// For the admonition that makes the claim, its text; `None` for a link.
    statement: Option<&'static str>,
}

/// Everything on which the book and the claim checks disagree.
pub fn compare_with_book(claims: &[Claim]) -> Vec<String> {
    let mut problems = mentions_without_check(claims);
    problems.extend(claims.iter().filter_map(home_problem));
    problems.extend(reference_problems(claims));
    problems.extend(index_problem(claims));
    problems
}

/// Claim ids the chapters mention that no check has.
fn mentions_without_check(claims: &[Claim]) -> Vec<String> {
    CLAIM_REFS
        .iter()
        .filter(|mention| !claims.iter().any(|c| c.id == mention.id))
        .map(|mention| {
            format!(
                "{}: claim `{}` has no check (known claims are listed by listings::all_claims)",
                mention.origin, mention.id
            )
        })
        .collect()
}

/// What is wrong with where the book makes `claim`, if anything: it must be
/// made once, in an admonition that holds `{{#claim id}}` or states it.
fn home_problem(claim: &Claim) -> Option<String> {
    let homes: Vec<&ClaimRef> = CLAIM_REFS
        .iter()
        .filter(|m| m.id == claim.id && m.statement.is_some())
        .collect();
    match homes[..] {
        [] => Some(format!(
            "claim `{}` is checked but no chapter makes it: add an admonition with \
             id=\"claim-{}\" that states it, or list it in a `{{{{#claim-results}}}}` table",
            claim.id, claim.id
        )),
        [home] => {
            let text = normalize(home.statement.unwrap_or_default());
            // `{{#claim id}}` takes the statement from the code itself.
            let directive = format!("{{{{#claim {}}}}}", claim.id);
            (!text.contains(&normalize(claim.statement)) && !text.contains(&directive)).then(|| {
                format!(
                    "{}: the admonition for claim `{}` does not state it word for word: \"{}\"",
                    home.origin, claim.id, claim.statement
                )
            })
        }
        _ => {
            let places: Vec<&str> = homes.iter().map(|h| h.origin).collect();
            Some(format!(
                "claim `{}` is made more than once: {}",
                claim.id,
                places.join(", ")
            ))
        }
    }
}

/// The committed reference run must parse and cover every claim; entries
/// recorded for an older statement or check are noted.
fn reference_problems(claims: &[Claim]) -> Vec<String> {
    let recording = env::var_os(RECORD_REFERENCE).is_some();
    let again = format!(
        "record it on an idle machine with `{RECORD_REFERENCE}=1 cargo test --test claims`"
    );
    match Results::read(&evidence::book_root().join(evidence::REFERENCE)) {
        Err(_) if recording => Vec::new(),
        Err(e) => vec![format!("{}: {e}; {again}", evidence::REFERENCE)],
        Ok(reference) => {
            let stale = reference.stale(claims);
            if !stale.is_empty() {
                eprintln!(
                    "note: {} was recorded before the current statement or check of {}: \
                     the book shows them as not yet measured for this version",
                    evidence::REFERENCE,
                    stale.join(", ")
                );
            }
            let missing = reference.missing(claims);
            if missing.is_empty() || recording {
                return Vec::new();
            }
            vec![format!(
                "{} has no entry for {}; {again}",
                evidence::REFERENCE,
                missing.join(", ")
            )]
        }
    }
}

/// The claims index must list the claims as they are (`BOOK_BLESS=1`
/// rewrites it).
fn index_problem(claims: &[Claim]) -> Option<String> {
    let index_path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../src")
        .join(INDEX_PAGE);
    let index = claims_index(claims);
    if env::var_os("BOOK_BLESS").is_some() {
        return fs::write(&index_path, &index)
            .err()
            .map(|e| format!("cannot write src/{INDEX_PAGE}: {e}"));
    }
    (fs::read_to_string(&index_path).ok().as_deref() != Some(index.as_str())).then(|| {
        format!(
            "src/{INDEX_PAGE} does not list the claims as they are; \
             rewrite it with `BOOK_BLESS=1 cargo test --test claims`"
        )
    })
}

fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The claims index page, generated from the claims and where the book makes them.
fn claims_index(claims: &[Claim]) -> String {
    let mut page = String::from(
        "# Claims index\n\n\
         Every claim this book makes about how concurrent code behaves, in the order the\n\
         chapters make them. Each has a check that `cargo test` runs; see\n\
         [How claims are checked](how-claims-are-checked.md).\n\n\
         This page is generated from the checks: `BOOK_BLESS=1 cargo test --test claims`\n\
         rewrites it. The verdicts are those of the run the book was built with; see\n\
         [The machines behind the numbers](machines.md).\n\n\
         | Claim | Statement | Made in | Verdict |\n\
         |---|---|---|---|\n",
    );
    for claim in claims {
        let page_of = CLAIM_REFS
            .iter()
            .find(|m| m.id == claim.id && m.statement.is_some())
            .map_or("", |m| m.page);
        let chapter = page_of
            .strip_prefix("ch")
            .and_then(|rest| rest.get(..2))
            .and_then(|n| n.parse::<u32>().ok())
            .map_or_else(|| page_of.to_owned(), |n| format!("Chapter {n}"));
        page.push_str(&format!(
            "| [`{id}`]({page_of}#claim-{id}) | {statement} | {chapter} | {{{{#verdict {id}}}}} |\n",
            id = claim.id,
            statement = claim.statement,
        ));
    }
    page
}

include!(concat!(env!("OUT_DIR"), "/claim_refs.rs"));
