//! Finding a toolchain: the program a check runs, and its version as the
//! program reports it.

use std::env;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};

use super::build::go_environment;
use super::{Language, Missing, Toolchain};

/// What a Python interpreter is asked for: "Python 3.11.7", as `--version`
/// prints it, and on the next line the file it runs from.
const PYTHON_VERSION_AND_EXECUTABLE: &str =
    "import sys; print('Python', sys.version.split()[0]); print(sys.executable)";

impl Toolchain {
    /// Finds the toolchain for `language` and asks its version.
    pub fn find(language: Language) -> Result<Toolchain, Missing> {
        let variable = language.override_variable();
        let program = env::var_os(variable)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| language.default_program().into());
        let missing = |why: String| Missing { language, why };
        let args = version_args(language);
        let mut command = Command::new(&program);
        command.args(args);
        if language == Language::Go {
            go_environment(&mut command);
        }
        let output = command.stdin(Stdio::null()).output().map_err(|e| {
            missing(format!(
                "cannot run `{}`: {e}",
                Path::new(&program).display()
            ))
        })?;
        if !output.status.success() {
            return Err(missing(format!(
                "`{} {}` failed: {}",
                Path::new(&program).display(),
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let printed = String::from_utf8_lossy(&output.stdout);
        let (version, program) = read_version(language, printed.trim(), program);
        Ok(Toolchain {
            language,
            program,
            version,
        })
    }
}

/// The arguments that make `language`'s program print its version.
fn version_args(language: Language) -> &'static [&'static str] {
    match language {
        Language::C => &["-dumpfullversion"],
        // The version as `--version` prints it, and the interpreter's own
        // file: a launcher such as pyenv's shim is a script that costs tens
        // of milliseconds on every run, so the runs go straight to the
        // interpreter it chose.
        Language::Python => &["-c", PYTHON_VERSION_AND_EXECUTABLE],
        Language::Go => &["version"],
        Language::Rust => &["--version"],
    }
}

/// The version in what `program` printed, and the program to run: for
/// Python, the interpreter's own file where it named one that exists.
fn read_version(language: Language, printed: &str, program: OsString) -> (String, OsString) {
    match language {
        Language::C => (format!("gcc {printed}"), program),
        Language::Python => {
            let (version, executable) = printed.split_once('\n').unwrap_or((printed, ""));
            let program = if Path::new(executable).is_file() {
                executable.into()
            } else {
                program
            };
            (version.to_owned(), program)
        }
        // "go version go1.19.8 linux/amd64"
        Language::Go => {
            let version = printed.split_whitespace().nth(2).unwrap_or(printed);
            (version.to_owned(), program)
        }
        // "rustc 1.95.0 (59807616e 2026-04-14)"
        Language::Rust => {
            let version = printed.split(" (").next().unwrap_or(printed);
            (version.to_owned(), program)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_as_each_program_prints_them() {
        let read = |language, printed| read_version(language, printed, "x".into());
        assert_eq!(read(Language::C, "12.2.0").0, "gcc 12.2.0");
        assert_eq!(
            read(Language::Go, "go version go1.26.8 linux/amd64").0,
            "go1.26.8"
        );
        assert_eq!(
            read(Language::Rust, "rustc 1.95.0 (59807616e 2026-04-14)").0,
            "rustc 1.95.0"
        );
        // An interpreter that names a file that is not there runs as named.
        let gone = read(Language::Python, "Python 3.11.7\n/no/such/python3");
        assert_eq!(gone, ("Python 3.11.7".to_owned(), "x".into()));
    }

    #[test]
    fn python_runs_on_the_interpreter_it_names() {
        let here = env::current_exe().expect("this test's own file");
        let printed = format!("Python 3.11.7\n{}", here.display());
        let (version, program) = read_version(Language::Python, &printed, "python3".into());
        assert_eq!(
            (version.as_str(), program),
            ("Python 3.11.7", here.into_os_string())
        );
    }
}
