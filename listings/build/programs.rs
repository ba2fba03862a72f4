//! The chapter tests: one test per distinct Rust program of the book,
//! written to `$OUT_DIR/chapter_blocks.rs`, which `tests/chapters.rs`
//! includes and runs through skeptic; and the blocks as the built pages
//! must show them, for `tests/rendered.rs`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use book_markdown::blocks::longest_run;
use book_markdown::include::{Expanded, Origin, unhide};

use crate::{Book, Program};

impl Book {
    pub(crate) fn failing_test(&mut self, origin: &Origin, message: &str) {
        let name = self.test_name(origin);
        writeln!(
            self.tests,
            "#[test]\nfn {name}() {{\n    panic!(\"{{}}\", {msg:?});\n}}\n",
            msg = format!("{}: {message}", origin.label()),
        )
        .expect("write to a String");
    }

    /// A test name that says where the block is: `ch01_intro_md_line_42`.
    pub(crate) fn test_name(&mut self, origin: &Origin) -> String {
        let file = origin.file.strip_prefix("src/").unwrap_or(&origin.file);
        let mut name: String = file
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        write!(name, "_line_{}", origin.line).expect("write to a String");
        let mut unique = name.clone();
        let mut n = 2;
        while !self.test_names.insert(unique.clone()) {
            unique = format!("{name}_{n}");
            n += 1;
        }
        unique
    }

    pub(crate) fn rust_block(
        &mut self,
        expanded: &Expanded,
        info: &str,
        line: usize,
        body: &str,
        page: &str,
    ) {
        let origin = &expanded.origins[line];
        let expect = match block_expect(info) {
            Ok(expect) => expect,
            Err(message) => return self.failing_test(origin, &message),
        };
        // The lines of the block's body, after the opening fence.
        let body_lines = body.lines().count();
        let included: BTreeSet<&str> = (line + 1..line + 1 + body_lines)
            .filter_map(|i| expanded.origins.get(i))
            .map(|o| o.file.as_str())
            .filter(|file| *file != origin.file)
            .collect();
        let code: String = body.lines().map(|l| format!("{}\n", unhide(l))).collect();
        writeln!(self.rendered, "({page:?}, {code:?}),").expect("write to a String");
        let expect = expect.to_rust();
        if let Some(program) = self
            .programs
            .iter_mut()
            .find(|p| p.code == code && p.expect == expect)
        {
            program.origins.push(origin.label());
            program
                .included
                .extend(included.iter().map(|f| f.to_string()));
            return;
        }
        let name = self.test_name(origin);
        self.programs.push(Program {
            name,
            origins: vec![origin.label()],
            included: included.iter().map(|f| f.to_string()).collect(),
            expect,
            code,
        });
    }

    /// Writes one test per distinct program, after every chapter is read.
    pub(crate) fn write_program_tests(&mut self) {
        for program in &self.programs {
            let hashes = "#".repeat(longest_run(&program.code, '#') + 1);
            let included: Vec<String> = program.included.iter().map(|f| format!("{f:?}")).collect();
            writeln!(
                self.tests,
                "#[test]\nfn {name}() {{\n    check_block(\n        {origin:?},\n        &[{included}],\n        {expect},\n        r{hashes}\"{code}\"{hashes},\n    );\n}}\n",
                name = program.name,
                origin = program.origins.join(", "),
                included = included.join(", "),
                expect = program.expect,
                code = program.code,
            )
            .expect("write to a String");
        }
    }
}

/// What a Rust block's info string (`rust,compile_fail,E0277`) asks of it.
fn block_expect(info: &str) -> Result<Expect, String> {
    let mut expect = Expect::Runs;
    let mut codes = Vec::new();
    let mut compile_fail = false;
    for word in info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .skip(1)
    {
        match word {
            "compile_fail" => compile_fail = true,
            "should_panic" => expect = Expect::ShouldPanic,
            "editable" | "noplayground" | "mdbook-runnable" => {}
            code if is_error_code(code) => codes.push(code.to_owned()),
            "ignore" | "no_run" => {
                return Err(format!(
                    "`{word}` is not allowed: every Rust block is compiled and run \
                     (bound a listing that could hang, see the README)"
                ));
            }
            other => {
                return Err(format!(
                    "unknown code block attribute `{other}` in `{info}`"
                ));
            }
        }
    }
    match (compile_fail, codes.is_empty()) {
        (true, true) => Err(
            "a `compile_fail` block must name the error codes it expects, \
                             for example `rust,compile_fail,E0277`"
                .to_owned(),
        ),
        (true, false) => Ok(Expect::CompileFail(codes)),
        (false, false) => Err("error codes only make sense with `compile_fail`".to_owned()),
        (false, true) => Ok(expect),
    }
}

enum Expect {
    Runs,
    ShouldPanic,
    CompileFail(Vec<String>),
}

impl Expect {
    fn to_rust(&self) -> String {
        match self {
            Expect::Runs => "Expect::Runs".to_owned(),
            Expect::ShouldPanic => "Expect::ShouldPanic".to_owned(),
            Expect::CompileFail(codes) => format!("Expect::CompileFail(&{codes:?})"),
        }
    }
}

fn is_error_code(word: &str) -> bool {
    word.len() == 5 && word.starts_with('E') && word[1..].chars().all(|c| c.is_ascii_digit())
}
