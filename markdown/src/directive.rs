//! The book's own directives: `{{#name arguments}}` in a page, where `name`
//! is one of [`NAMES`]. mdBook's own (`include`, `rustdoc_include`, ...)
//! are left to mdBook; a directive written `\{{#name ...}}` is shown as
//! written.
//!
//! - `{{#claim ID}}`: a claim's box; `{{#verdict ID}}`: its verdict;
//! - `{{#claim-results ID ...}}`: a table of claims, each row a claim made
//!   by the table: its statement, verdict, figures and control;
//! - `{{#machine}}`, `{{#claims-table}}`: the run and every claim;
//! - `{{#output SPEC}}`: what a listing printed in the run ([`OutputSpec`]);
//! - `{{#figure NAME}}`: a figure drawn from the run.

use std::ops::Range;

/// The directives this book defines.
pub const NAMES: &[&str] = &[
    "claim",
    "claim-results",
    "verdict",
    "machine",
    "claims-table",
    "output",
    "figure",
];

/// One directive in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive<'a> {
    pub name: &'a str,
    /// What follows the name, trimmed.
    pub args: &'a str,
    /// Where `{{#...}}` is in the text, braces included.
    pub range: Range<usize>,
}

/// Every directive of the book in `text`, in order.
pub fn find(text: &str) -> Vec<Directive<'_>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find("{{#") {
        let start = at + offset;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        at = start + 3;
        if text[..start].ends_with('\\') {
            continue;
        }
        let inner = text[start + 3..end - 2].trim();
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if NAMES.contains(&name) {
            found.push(Directive {
                name,
                args: args.trim(),
                range: start..end,
            });
            at = end;
        }
    }
    found
}

/// `text` with each directive that `expand` returns `Some` for replaced by
/// what it returns.
pub fn replace(text: &str, mut expand: impl FnMut(&Directive) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for directive in find(text) {
        if let Some(expansion) = expand(&directive) {
            out.push_str(&text[copied..directive.range.start]);
            out.push_str(&expansion);
            copied = directive.range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Which stream of a program an output shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// What `{{#output ...}}` asks for:
///
/// - `{{#output 3-1}}`: what Listing 3-1 prints, run as `cargo run -- 3-1`;
/// - `{{#output 10-2 GOMAXPROCS=1}}`: with that environment variable;
/// - `{{#output 9-4 -- threads-only}}`: with these arguments;
/// - `{{#output 11-6 CFLAGS="-O1 -g -fsanitize=thread" stderr lines=12}}`:
///   its standard error, first 12 lines;
/// - `{{#output file=listings/python/ch11/read_before_call.py}}`: a program
///   that has no listing number of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    /// "3-1", or the file, relative to the book's root.
    pub program: Program,
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
    pub stream: Stream,
    /// At most this many lines are shown.
    pub lines: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    Listing(String),
    File(String),
}

impl OutputSpec {
    pub fn parse(args: &str) -> Result<OutputSpec, String> {
        let words = split_words(args)?;
        let mut words = words.into_iter();
        let program = match words.next() {
            Some(w) if w.strip_prefix("file=").is_some() => Program::File(w[5..].to_owned()),
            Some(w) if is_listing_number(&w) => Program::Listing(w),
            Some(w) => return Err(format!("`{w}` is neither a listing number nor file=PATH")),
            None => return Err("an output names no listing".to_owned()),
        };
        let mut spec = OutputSpec {
            program,
            env: Vec::new(),
            args: Vec::new(),
            stream: Stream::Stdout,
            lines: None,
        };
        while let Some(word) = words.next() {
            if word == "--" {
                spec.args.extend(words.by_ref());
            } else if word == "stderr" {
                spec.stream = Stream::Stderr;
            } else if let Some(n) = word.strip_prefix("lines=") {
                spec.lines = Some(n.parse().map_err(|_| format!("bad line count `{n}`"))?);
            } else if let Some((key, value)) = word.split_once('=')
                && !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                spec.env.push((key.to_owned(), value.to_owned()));
            } else {
                return Err(format!(
                    "`{word}`: expected NAME=value, stderr, lines=N or -- ARGUMENTS"
                ));
            }
        }
        Ok(spec)
    }

    /// The command a reader types to see the same output.
    pub fn command(&self) -> String {
        let mut words: Vec<String> = self
            .env
            .iter()
            .map(|(k, v)| format!("{k}={}", quote(v)))
            .collect();
        match &self.program {
            Program::Listing(n) => words.push(format!("cargo run -- {n}")),
            Program::File(f) => words.push(format!("cargo run -- {f}")),
        }
        words.extend(self.args.iter().map(|a| quote(a)));
        words.join(" ")
    }
}

/// The words of `text`, split at white space except inside double quotes.
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quoted {
        return Err(format!("unclosed quote in `{text}`"));
    }
    words.extend(word);
    Ok(words)
}

fn quote(word: &str) -> String {
    if word.is_empty() || word.contains(char::is_whitespace) {
        format!("\"{word}\"")
    } else {
        word.to_owned()
    }
}

/// "3-1", "11-12".
pub fn is_listing_number(word: &str) -> bool {
    word.split_once('-').is_some_and(|(a, b)| {
        [a, b]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_books_directives_only() {
        let text = "a {{#claim x-y}} b {{#include f.rs}} \\{{#claim z}} {{#machine}}";
        let found = find(text);
        let names: Vec<(&str, &str)> = found.iter().map(|d| (d.name, d.args)).collect();
        assert_eq!(names, [("claim", "x-y"), ("machine", "")]);
        assert_eq!(&text[found[0].range.clone()], "{{#claim x-y}}");
    }

    #[test]
    fn replace_keeps_what_it_is_not_given() {
        let text = "{{#verdict a}}, {{#verdict b}} and {{#figure f}}";
        let out = replace(text, |d| (d.args == "a").then(|| "held".to_owned()));
        assert_eq!(out, "held, {{#verdict b}} and {{#figure f}}");
    }

    #[test]
    fn unclosed_directive_is_text() {
        assert!(find("{{#claim x").is_empty());
    }

    #[test]
    fn output_specs() {
        let plain = OutputSpec::parse("3-1").expect("parses");
        assert_eq!(plain.program, Program::Listing("3-1".into()));
        assert_eq!(plain.command(), "cargo run -- 3-1");
        let full = OutputSpec::parse(r#"11-6 CFLAGS="-O1 -g" stderr lines=12 -- a "b c""#)
            .expect("parses");
        assert_eq!(full.env, [("CFLAGS".to_owned(), "-O1 -g".to_owned())]);
        assert_eq!(full.stream, Stream::Stderr);
        assert_eq!(full.lines, Some(12));
        assert_eq!(full.args, ["a", "b c"]);
        assert_eq!(
            full.command(),
            r#"CFLAGS="-O1 -g" cargo run -- 11-6 a "b c""#
        );
        let file = OutputSpec::parse("file=listings/python/x.py").expect("parses");
        assert_eq!(file.program, Program::File("listings/python/x.py".into()));
        for bad in ["", "x", "3-1 lower=1", "3-1 lines=many", "3-1 \"open"] {
            assert!(OutputSpec::parse(bad).is_err(), "{bad:?}");
        }
    }
}
