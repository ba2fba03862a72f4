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

#[derive(Default)]
pub struct ListingFiles {
    /// Each file, the captions that show it, and where the first one is.
    captions: BTreeMap<String, (BTreeSet<String>, Origin)>,
}

impl ListingFiles {
    pub fn shown(&mut self, file: &str, number: &str, caption: &Origin) {
        self.captions
            .entry(file.to_owned())
            .or_insert_with(|| (BTreeSet::new(), caption.clone()))
            .0
            .insert(number.to_owned());
    }

    /// The files whose first comment names other listings than their
    /// captions do, each with a message and the first caption's origin.
    pub fn mismatches(&self, root: &Path) -> Vec<(Origin, String)> {
        let mut problems = Vec::new();
        for (file, (numbers, origin)) in &self.captions {
            let text = fs::read_to_string(root.join(file)).unwrap_or_default();
            let Some(claimed) = head_numbers(&text) else {
                continue;
            };
            if &claimed != numbers {
                problems.push((
                    origin.clone(),
                    format!(
                        "{file} says it holds {} in its first comment, but the captions that \
                         show it are {}",
                        list(&claimed),
                        list(numbers)
                    ),
                ));
            }
        }
        problems
    }
}

fn list(numbers: &BTreeSet<String>) -> String {
    numbers
        .iter()
        .map(|n| format!("Listing {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
