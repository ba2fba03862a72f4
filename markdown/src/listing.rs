//! The book's listing numbers: how a chapter's caption names a listing
//! (`*Listing 6-7: ...*`), and how a listing file's first comment may say
//! which listings it holds.

/// `"1-3"` from a caption's text `"Listing 1-3: ..."`.
pub fn caption_number(text: &str) -> Option<&str> {
    let (number, _) = text.strip_prefix("Listing ")?.split_once(':')?;
    let (chapter, listing) = number.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(chapter) && digits(listing)).then_some(number)
}

use std::collections::BTreeSet;

/// The numbers a file's first comment starts with: "Listing 6-7: ...",
/// "Listings 7-3 and 7-6: ...", "Listings 11-1 to 11-5: ...".
pub fn head_numbers(text: &str) -> Option<BTreeSet<String>> {
    let head: String = text
        .lines()
        .take(3)
        .map(|l| {
            l.trim_start_matches(['/', '!', '*', '"', '#', ' '])
                .trim_end()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let rest = head
        .strip_prefix("Listings ")
        .or_else(|| head.strip_prefix("Listing "))?;
    let (names, _) = rest.split_once(':')?;
    let words: Vec<&str> = names.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let mut numbers = BTreeSet::new();
    let mut i = 0;
    while i < words.len() {
        let number = split_number(words[i])?;
        if words.get(i + 1) == Some(&"to") {
            let last = split_number(words.get(i + 2)?)?;
            if last.0 != number.0 || last.1 < number.1 {
                return None;
            }
            for n in number.1..=last.1 {
                numbers.insert(format!("{}-{n}", number.0));
            }
            i += 3;
        } else {
            numbers.insert(format!("{}-{}", number.0, number.1));
            i += 1;
        }
        if words.get(i) == Some(&"and") {
            i += 1;
        }
    }
    Some(numbers)
}

fn split_number(word: &str) -> Option<(u32, u32)> {
    let (chapter, n) = word.split_once('-')?;
    Some((chapter.parse().ok()?, n.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::head_numbers;

    fn numbers(text: &str) -> Option<Vec<String>> {
        head_numbers(text).map(|s| s.into_iter().collect())
    }

    #[test]
    fn captions() {
        assert_eq!(
            super::caption_number("Listing 1-3: two threads"),
            Some("1-3")
        );
        assert_eq!(super::caption_number("Listing 1-3 two threads"), None);
        assert_eq!(super::caption_number("Listing x-3: no"), None);
    }

    #[test]
    fn heads() {
        assert_eq!(
            numbers("//! Listing 6-7: what a thread costs"),
            Some(vec!["6-7".into()])
        );
        assert_eq!(
            numbers("//! Listings 7-3 and 7-6: what Rust's"),
            Some(vec!["7-3".into(), "7-6".into()])
        );
        assert_eq!(
            numbers("//! Listings 11-1 to\n//! 11-3: the exercise"),
            Some(vec!["11-1".into(), "11-2".into(), "11-3".into()])
        );
        assert_eq!(
            numbers("\"\"\"Listings 7-1, 7-2 and 7-4: counted\"\"\""),
            Some(vec!["7-1".into(), "7-2".into(), "7-4".into()])
        );
        assert_eq!(numbers("// The exercise with a mutex"), None);
        assert_eq!(numbers("//! Listing of nothing: x"), None);
    }
}
