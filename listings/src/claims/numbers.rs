//! The numbers a claim's statement names, and the ones its check does not
//! use ([`Verdict::unsupported_numbers`]).

use super::trials::QUIET_TRIALS;
use super::{Control, Figure, Verdict};

impl Verdict {
    /// The numbers in `statement` that the check does not use: neither a
    /// bound of a figure (the claim's or its control's), nor a number in a
    /// figure's name, nor a parameter. Numbers are written in digits
    /// ("1.05", "10,000", "GOMAXPROCS=1") or in words ("three", "a
    /// million", but not "one", too often a pronoun); signs are ignored, and
    /// digits that are part of a word ("x86-64", "E0277", "-O2") are not
    /// numbers.
    ///
    /// ```
    /// use listings::claims::{Bound, Figure, Verdict};
    ///
    /// let verdict = Verdict::from_figures(vec![
    ///     Figure::new("ratio, worst of 3", 0.98, "").bounded(Bound::AtMost(1.05)),
    /// ]);
    /// assert!(verdict.unsupported_numbers("At most 1.05 in every one of three trials, on x86-64.").is_empty());
    /// assert_eq!(verdict.unsupported_numbers("At most 2.5 in three trials."), ["2.5"]);
    /// ```
    pub fn unsupported_numbers(&self, statement: &str) -> Vec<String> {
        let mut used: Vec<f64> = Vec::new();
        let mut figures: Vec<&Figure> = self.figures.iter().collect();
        if let Some(Control::Ran {
            name,
            figures: theirs,
            ..
        }) = &self.control
        {
            figures.extend(theirs);
            used.extend(numbers_in(name).into_iter().map(|(_, n)| n));
        }
        for figure in figures.into_iter().filter(|f| f.name != QUIET_TRIALS) {
            used.extend(numbers_in(&figure.name).into_iter().map(|(_, n)| n));
            if let Some(bound) = figure.bound {
                used.push(bound.value());
            }
        }
        used.extend(self.parameters.iter().map(|(_, v)| *v));
        numbers_in(statement)
            .into_iter()
            .filter(|(_, n)| !used.iter().any(|u| (u.abs() - n).abs() < 1e-9))
            .map(|(text, _)| text)
            .collect()
    }
}

/// The numbers in `text`, each with the words it was written in, as
/// [`Verdict::unsupported_numbers`] reads them: absolute values.
pub fn numbers_in(text: &str) -> Vec<(String, f64)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (number, next) = if !starts_word(&chars, i) {
            (None, i + 1)
        } else if chars[i].is_ascii_digit() {
            digits_at(&chars, i)
        } else if chars[i].is_alphabetic() {
            words_at(&chars, i)
        } else {
            (None, i + 1)
        };
        found.extend(number);
        i = next;
    }
    found
}

/// A number found at some place of a text, and where the reading goes on.
type Found = (Option<(String, f64)>, usize);

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether a number may start at `i`: not after a letter or digit, nor
/// after a hyphen or dot glued to one ("x86-64", "v1.2").
fn starts_word(chars: &[char], i: usize) -> bool {
    match i {
        0 => true,
        1 => !is_word(chars[0]),
        _ => {
            let glued = matches!(chars[i - 1], '-' | '.') && is_word(chars[i - 2]);
            !is_word(chars[i - 1]) && !glued
        }
    }
}

/// The number written in digits at `i` ("1.05", "10,000"), unless it is
/// part of a word ("E0277" is not a number, nor is "86" in "x86-64").
fn digits_at(chars: &[char], i: usize) -> Found {
    let digit_at = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
    let mut end = i;
    while digit_at(end) || (matches!(chars.get(end), Some('.' | ',')) && digit_at(end + 1)) {
        end += 1;
    }
    let ends_word = chars.get(end).is_none_or(|&c| !is_word(c));
    let glued_to_word = chars.get(end) == Some(&'-') && digit_at(end + 1);
    let number = (ends_word && !glued_to_word)
        .then(|| {
            let digits: String = chars[i..end].iter().filter(|c| **c != ',').collect();
            digits.parse::<f64>().ok()
        })
        .flatten()
        .map(|value| (chars[i..end].iter().collect(), value));
    (number, end)
}

/// The number written in words at `i` ("three", "ten thousand", "a
/// million"), if the word at `i` starts one.
fn words_at(chars: &[char], i: usize) -> Found {
    let mut end = i;
    while chars.get(end).is_some_and(|&c| is_word(c)) {
        end += 1;
    }
    let word: String = chars[i..end].iter().collect();
    let number = if word.eq_ignore_ascii_case("a") {
        a_scale(chars, end)
    } else {
        word_value(&word).map(|value| times_scale(chars, end, value))
    };
    match number {
        Some((value, text_end)) => (Some((chars[i..text_end].iter().collect(), value)), text_end),
        None => (None, end),
    }
}

/// "a hundred", "a million": the scale word after the "a" that ends at
/// `end`, and where it ends.
fn a_scale(chars: &[char], end: usize) -> Option<(f64, usize)> {
    if end >= chars.len() {
        return None;
    }
    let next = letters_from(chars, end + 1);
    scale(&next).map(|s| (s, end + 1 + next.len()))
}

/// "ten thousand", "two hundred": `value`, the number of the word that
/// ends at `end`, times the scale word that follows it, if one does, and
/// where the number ends.
fn times_scale(chars: &[char], end: usize, value: f64) -> (f64, usize) {
    if chars.get(end) == Some(&' ') {
        let next = letters_from(chars, end + 1);
        if let Some(s) = scale(&next) {
            return (value * s, end + 1 + next.len());
        }
    }
    (value, end)
}

/// The letters from `start` up to the first character that is not one.
fn letters_from(chars: &[char], start: usize) -> String {
    chars[start..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect()
}

/// The numbers from zero to nineteen, in words.
const UNITS: &str = "zero one two three four five six seven eight nine ten eleven twelve \
                     thirteen fourteen fifteen sixteen seventeen eighteen nineteen";

/// The tens from twenty, in words.
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// The value of a number word, if `word` is one.
fn word_value(word: &str) -> Option<f64> {
    let word = word.to_ascii_lowercase();
    // "One" is too often a pronoun ("every one of", "one that") to
    // count; a statement that means the number writes 1.
    if let Some(i) = UNITS.split(' ').position(|u| u == word).filter(|&i| i != 1) {
        return Some(i as f64);
    }
    if let Some(i) = TENS.iter().position(|t| *t == word) {
        return Some(10.0 * (i + 2) as f64);
    }
    match word.as_str() {
        "once" => Some(1.0),
        "twice" => Some(2.0),
        "half" => Some(0.5),
        _ => None,
    }
}

/// The value of a scale word ("hundred", "thousand", "million").
fn scale(word: &str) -> Option<f64> {
    match word.to_ascii_lowercase().as_str() {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        numbers_in(text).into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn numbers_in_a_statement() {
        assert_eq!(
            values("at most 1.05 in every one of three trials"),
            [1.05, 3.0]
        );
        assert_eq!(
            values("10,000 tasks and a million steps, ten thousand, one million"),
            [10000.0, 1e6, 1e4]
        );
        assert_eq!(
            values("GOMAXPROCS=1 on x86-64, E0277, -O2, ends away from -1"),
            [1.0, 1.0]
        );
        assert_eq!(
            values("go 1.25 or later; CPython 3.10; 2 MiB; 0.2 s"),
            [1.25, 3.1, 2.0, 0.2]
        );
        assert_eq!(values("one fifth is serial; twice; i++ and i--"), [2.0]);
        assert!(values("someone, often, alone, tone").is_empty());
    }
}
