//! Listing numbers have one owner: the chapter's caption
//! (`*Listing 6-7: ...*`). A listing file may say which listings it holds
//! in its first comment (`//! Listing 6-7: ...`, `"""Listings 9-1 and
//! 9-2: ...`); where it does, the numbers must be those of the captions
//! that show the file, so that a comment cannot keep a number the book has
//! moved on from.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use book_markdown::include::Origin;
use book_markdown::listing::head_numbers;

use crate::Captions;

/// The files whose first comment names other listings than the captions
/// that show them do, each with a message and the origin of one of those
/// captions.
pub fn mismatches(root: &Path, captions: &Captions) -> Vec<(Origin, String)> {
    // Each file, the captions that show it, and where one of them is.
    let mut shown: BTreeMap<&str, (BTreeSet<String>, &Origin)> = BTreeMap::new();
    for (number, (files, caption)) in captions {
        for file in files {
            shown
                .entry(file)
                .or_insert_with(|| (BTreeSet::new(), caption))
                .0
                .insert(number.clone());
        }
    }
    let mut problems = Vec::new();
    for (file, (numbers, origin)) in shown {
        let text = fs::read_to_string(root.join(file)).unwrap_or_default();
        let Some(claimed) = head_numbers(&text) else {
            continue;
        };
        if claimed != numbers {
            problems.push((
                origin.clone(),
                format!(
                    "{file} says it holds {} in its first comment, but the captions that \
                     show it are {}",
                    list(&claimed),
                    list(&numbers)
                ),
            ));
        }
    }
    problems
}

fn list(numbers: &BTreeSet<String>) -> String {
    numbers
        .iter()
        .map(|n| format!("Listing {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
