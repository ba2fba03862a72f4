//! Rules for the code blocks of the book that are not programs.
//!
//! A program's output is never written by hand: it comes from a run,
//! through `{{#output ...}}`. So a `text` block must say that it is not an
//! output (`text,formula`, `text,input`), and a `console` block that shows
//! commands as `$ command` may show nothing else.

/// The attributes that mark a `text` block as not a program's output.
pub const NOT_OUTPUT: &[&str] = &["formula", "input"];

/// Why a block of this language and these attributes is refused, if it is.
pub fn refused_block(language: &str, attributes: &[&str], body: &str) -> Option<String> {
    match language {
        "text" if !attributes.iter().any(|a| NOT_OUTPUT.contains(a)) => Some(
            "a hand-written `text` block: show a program's output with `{{#output N-M}}`, \
             which the claims run fills in; a block that is not output says what it is: \
             ```text,formula or ```text,input"
                .to_owned(),
        ),
        "console" => {
            let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
            let prompts = lines.iter().any(|l| l.starts_with("$ "));
            let other = lines
                .iter()
                .find(|l| !l.starts_with("$ ") && !l.starts_with('#'));
            match (prompts, other) {
                (true, Some(line)) => Some(format!(
                    "a `console` block shows `{line}` after a `$ ` command: its output is \
                     hand-written; show the output with `{{{{#output ...}}}}`"
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The longest run of `c` in `text`: a fence (of backticks) or a raw
/// string's delimiter (of `#`) must be one longer to hold `text`.
pub fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::{longest_run, refused_block};

    #[test]
    fn runs_of_a_character() {
        assert_eq!(longest_run("a ``` b `` c", '`'), 3);
        assert_eq!(longest_run("r#\"x\"##", '#'), 2);
        assert_eq!(longest_run("none", '#'), 0);
    }

    #[test]
    fn text_blocks_say_what_they_are() {
        assert!(refused_block("text", &[], "i = 629542\n").is_some());
        assert!(refused_block("text", &["formula"], "S(N) = 1 / s\n").is_none());
        assert!(refused_block("text", &["input"], "2009.99  3000\n").is_none());
        assert!(refused_block("rust", &[], "fn main() {}\n").is_none());
    }

    #[test]
    fn console_blocks_show_commands_only() {
        assert!(refused_block("console", &[], "$ ./race\ni = 199177\n").is_some());
        assert!(refused_block("console", &[], "$ ./race\n# a comment\n$ ls\n").is_none());
        assert!(refused_block("console", &[], "cargo test --test claims\n").is_none());
    }
}
