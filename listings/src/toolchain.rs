//! The other languages of the book: finding gcc, python3 and go, building
//! the book's C, Python and Go listings, and running them under a time limit.
//!
//! A listing in another language lives in a file of its own under
//! `listings/c`, `listings/python` or `listings/go`. The chapter shows that
//! file with `{{#include}}`, and the check that runs it embeds the same file
//! with `include_str!` in a [`Source`], so the reader sees exactly the code
//! that ran. (The book's build refuses a C, Python or Go block that is not
//! such a file.)
//!
//! A check first finds its toolchain. Where it is missing, the check says
//! so with [`Missing::verdict`]: not applicable, with a reason that starts
//! with [`TOOLCHAIN_MISSING`], which the claims runner turns into a failure
//! when `BOOK_REQUIRE_TOOLCHAINS` is set (as it is in CI). Where it is
//! present, the check notes its version on the verdict
//! ([`Verdict::with_note`]), so every reported figure says what produced it.
//!
//! `BOOK_CC`, `BOOK_PYTHON` and `BOOK_GO` name another compiler or
//! interpreter than `gcc`, `python3` and `go`.
//!
//! ```
//! use std::time::Duration;
//! use listings::toolchain::{Language, Source, Toolchain};
//!
//! const HELLO: Source = Source {
//!     name: "hello.c",
//!     text: "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n",
//! };
//!
//! # fn main() -> std::io::Result<()> {
//! let gcc = match Toolchain::find(Language::C) {
//!     Ok(gcc) => gcc,
//!     Err(missing) => return Ok(println!("{}", missing.reason())),
//! };
//! let hello = gcc.build(&HELLO, &["-O2"])?;
//! let run = hello.run(&[], Duration::from_secs(10))?;
//! assert_eq!(run.stdout, "hello\n");
//! assert!(run.status.success());
//! # Ok(())
//! # }
//! ```

use std::env;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::claims::Verdict;
use crate::evidence::OutputRecord;

/// How the reason of a verdict starts when a check could not run for want
/// of a compiler or interpreter.
pub const TOOLCHAIN_MISSING: &str = "toolchain missing";

/// A language other than Rust that the book runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// C, compiled by gcc, with POSIX threads.
    C,
    /// Python 3, run by CPython.
    Python,
    /// Go, built by the go tool.
    Go,
    /// Rust, compiled by rustc on its own: for a program that must run as a
    /// process of its own, such as one started inside a cgroup.
    Rust,
}

impl Language {
    /// The program used when no environment variable names another.
    fn default_program(self) -> &'static str {
        match self {
            Language::C => "gcc",
            Language::Python => "python3",
            Language::Go => "go",
            Language::Rust => "rustc",
        }
    }

    /// The environment variable that names another program.
    fn override_variable(self) -> &'static str {
        match self {
            Language::C => "BOOK_CC",
            Language::Python => "BOOK_PYTHON",
            Language::Go => "BOOK_GO",
            Language::Rust => "BOOK_RUSTC",
        }
    }

    /// Where a reader on Debian or Ubuntu gets the toolchain.
    fn package(self) -> &'static str {
        match self {
            Language::C => "gcc",
            Language::Python => "python3",
            Language::Go => "golang-go",
            Language::Rust => "rustc",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Language::C => "C",
            Language::Python => "Python",
            Language::Go => "Go",
            Language::Rust => "Rust",
        })
    }
}

/// A listing in another language: its file name and its text, embedded
/// with `include_str!` from the file the chapter shows.
#[derive(Debug, Clone, Copy)]
pub struct Source {
    /// The file name, with the extension the toolchain expects.
    pub name: &'static str,
    /// The file's contents.
    pub text: &'static str,
}

/// Why a toolchain could not be used.
#[derive(Debug, Clone)]
pub struct Missing {
    language: Language,
    why: String,
}

impl Missing {
    /// The reason, starting with [`TOOLCHAIN_MISSING`].
    pub fn reason(&self) -> String {
        format!(
            "{TOOLCHAIN_MISSING}: {} ({}; Debian and Ubuntu package: {})",
            self.language,
            self.why,
            self.language.package()
        )
    }

    /// The verdict of a check that needs this toolchain: not applicable.
    pub fn verdict(&self) -> Verdict {
        Verdict::not_applicable(self.reason(), Vec::new())
    }
}

/// A compiler or interpreter that answered with its version.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// Its language.
    pub language: Language,
    /// The program to run.
    pub program: OsString,
    /// Its version, as it reports it ("gcc 12.2.0", "Python 3.11.7",
    /// "go1.19.8").
    pub version: String,
}

impl Toolchain {
    /// Finds the toolchain for `language` and asks its version.
    pub fn find(language: Language) -> Result<Toolchain, Missing> {
        let variable = language.override_variable();
        let program = env::var_os(variable)
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| language.default_program().into());
        let missing = |why: String| Missing { language, why };
        let args: &[&str] = match language {
            Language::C => &["-dumpfullversion"],
            Language::Python => &["--version"],
            Language::Go => &["version"],
            Language::Rust => &["--version"],
        };
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
        let printed = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let version = match language {
            Language::C => format!("gcc {printed}"),
            Language::Python => printed,
            // "go version go1.19.8 linux/amd64"
            Language::Go => printed
                .split_whitespace()
                .nth(2)
                .map_or(printed.clone(), str::to_owned),
            // "rustc 1.95.0 (59807616e 2026-04-14)"
            Language::Rust => printed.split(" (").next().unwrap_or(&printed).to_owned(),
        };
        Ok(Toolchain {
            language,
            program,
            version,
        })
    }

    /// The version as numbers: `[12, 2, 0]` for gcc 12.2.0, `[3, 11, 7]` for
    /// Python 3.11.7, `[1, 19, 8]` for go1.19.8.
    pub fn version_numbers(&self) -> Vec<u32> {
        let digits = self
            .version
            .trim_start_matches(|c: char| !c.is_ascii_digit());
        digits
            .split(|c: char| !c.is_ascii_digit())
            .take_while(|part| !part.is_empty())
            .map_while(|part| part.parse().ok())
            .collect()
    }

    /// The version is at least `wanted` (`&[3, 10]` for Python 3.10).
    pub fn at_least(&self, wanted: &[u32]) -> bool {
        self.version_numbers().as_slice() >= wanted
    }

    /// Writes `source` into a fresh directory and makes a program of it:
    /// gcc compiles and links C with POSIX threads, go builds Go, and a
    /// Python script is run by the interpreter. `flags` go to the compiler
    /// (`-O2`, `-race`) or, for Python, to the interpreter.
    pub fn build(&self, source: &Source, flags: &[&str]) -> io::Result<Program> {
        self.build_in_module(source, flags, None)
    }

    fn build_in_module(
        &self,
        source: &Source,
        flags: &[&str],
        go_line: Option<&str>,
    ) -> io::Result<Program> {
        let dir = Workdir::new()?;
        let file = dir.path().join(source.name);
        fs::write(&file, source.text)?;
        // Named after the listing, so that a record of its run says which.
        let stem = Path::new(source.name)
            .file_stem()
            .map_or_else(|| "program".into(), |s| s.to_os_string());
        let binary = dir.path().join(stem);
        let command = match self.language {
            Language::Python => {
                let mut command = vec![self.program.clone()];
                command.extend(flags.iter().map(OsString::from));
                command.push(file.into_os_string());
                return Ok(Program::new(command, dir));
            }
            Language::C => {
                let mut command = Command::new(&self.program);
                command
                    .args(["-std=gnu11", "-Wall", "-Werror"])
                    .args(flags)
                    .arg("-o")
                    .arg(&binary)
                    .arg(&file)
                    .arg("-pthread");
                command
            }
            Language::Go => {
                let mut command = Command::new(&self.program);
                command
                    .arg("build")
                    .args(flags)
                    .arg("-o")
                    .arg(&binary)
                    .current_dir(dir.path());
                match go_line {
                    Some(line) => {
                        let go_mod = format!("module listing\n\ngo {line}\n");
                        fs::write(dir.path().join("go.mod"), go_mod)?;
                        command.arg(".")
                    }
                    None => command.arg(&file),
                };
                go_environment(&mut command);
                command
            }
            Language::Rust => {
                let mut command = Command::new(&self.program);
                command
                    .args(["--edition", "2024", "-O"])
                    .args(flags)
                    .arg("-o")
                    .arg(&binary)
                    .arg(&file);
                command
            }
        };
        self.compile(command, source)?;
        Ok(Program::new(vec![binary.into_os_string()], dir))
    }

    /// Builds a Go listing as the one package of a module whose `go.mod`
    /// says `go {go_line}`. The `go` line of the main module sets the
    /// defaults of the `GODEBUG` settings the program is built with, such as
    /// whether the runtime heeds a cgroup CPU limit (`containermaxprocs`,
    /// from `go 1.25`).
    pub fn build_go_module(&self, source: &Source, go_line: &str) -> io::Result<Program> {
        if self.language != Language::Go {
            return Err(io::Error::other("only Go listings are built as modules"));
        }
        self.build_in_module(source, &[], Some(go_line))
    }

    /// The machine code of a built Go program's functions whose names match
    /// the regular expression `symbols`, as `go tool objdump` prints it: one
    /// instruction a line, in Go's assembler syntax (`DECQ main.i(SB)`).
    pub fn disassembly(&self, program: &Program, symbols: &str) -> io::Result<String> {
        if self.language != Language::Go {
            return Err(io::Error::other("only Go programs are disassembled"));
        }
        let mut command = Command::new(&self.program);
        command
            .args(["tool", "objdump", "-s", symbols])
            .arg(&program.command[0]);
        go_environment(&mut command);
        let output = command.stdin(Stdio::null()).output()?;
        if !output.status.success() {
            return Err(io::Error::other(format!(
                "go tool objdump failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The assembly gcc writes for `source` with `flags`, in AT&T syntax.
    pub fn assembly(&self, source: &Source, flags: &[&str]) -> io::Result<String> {
        if self.language != Language::C {
            return Err(io::Error::other("only C listings are shown as assembly"));
        }
        let dir = Workdir::new()?;
        let file = dir.path().join(source.name);
        let output = dir.path().join("program.s");
        fs::write(&file, source.text)?;
        let mut command = Command::new(&self.program);
        command
            .args(["-std=gnu11", "-Wall", "-Werror", "-S"])
            .args(flags)
            .arg("-o")
            .arg(&output)
            .arg(&file);
        self.compile(command, source)?;
        fs::read_to_string(output)
    }

    fn compile(&self, mut command: Command, source: &Source) -> io::Result<()> {
        let output = command.stdin(Stdio::null()).output()?;
        if output.status.success() {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "{} could not build {}:\n{}{}",
                self.version,
                source.name,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )))
        }
    }
}

/// Runs `check` with the toolchain for `language` and notes the toolchain's
/// version on its verdict. Where the toolchain is missing, the verdict is
/// [`Missing::verdict`]: not applicable, saying what is missing.
///
/// Every check that runs a C, Python or Go listing starts here:
///
/// ```
/// use listings::claims::{Bound, Figure, Verdict};
/// use listings::toolchain::{self, Language};
///
/// let verdict = toolchain::with(Language::Python, |python| {
///     let major = python.version_numbers().first().copied().unwrap_or(0);
///     Ok(Verdict::from_figures(vec![
///         Figure::new("major version", f64::from(major), "").bounded(Bound::Exactly(3.0)),
///     ]))
/// })?;
/// println!("{:?}", verdict.outcome);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn with(
    language: Language,
    check: impl FnOnce(&Toolchain) -> io::Result<Verdict>,
) -> io::Result<Verdict> {
    match Toolchain::find(language) {
        Ok(toolchain) => Ok(check(&toolchain)?.with_note(toolchain.version.clone())),
        Err(missing) => Ok(missing.verdict()),
    }
}

/// The go tool writes a build cache; where the usual one cannot be used
/// (no home directory), it goes to the system's temporary directory. It
/// must never try to download a newer toolchain.
fn go_environment(command: &mut Command) {
    if env::var_os("GOCACHE").is_none() && env::var_os("HOME").is_none() {
        command.env(
            "GOCACHE",
            env::temp_dir().join("checked-concurrency-gocache"),
        );
    }
    command.env("GOTOOLCHAIN", "local").env("GOFLAGS", "");
}

/// A built listing, ready to run; its directory is removed when it is
/// dropped.
#[derive(Debug)]
pub struct Program {
    command: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    dir: Workdir,
}

impl Program {
    fn new(command: Vec<OsString>, dir: Workdir) -> Program {
        Program {
            command,
            env: Vec::new(),
            dir,
        }
    }

    /// The same program, always run with the environment variable `key`
    /// set to `value` (`GOMAXPROCS=1`).
    pub fn with_env(mut self, key: &str, value: &str) -> Program {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The command that runs the program, for a caller that wants to add
    /// arguments or environment variables before [`run_command`].
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.command[0]);
        command
            .args(&self.command[1..])
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.dir.path());
        command
    }

    /// Runs the program with `args`, stopping it after `limit`.
    pub fn run(&self, args: &[&str], limit: Duration) -> io::Result<Run> {
        let mut command = self.command();
        command.args(args);
        run_command(command, limit)
    }
}

/// What a run of a program did.
#[derive(Debug)]
pub struct Run {
    /// How it ended.
    pub status: ExitStatus,
    /// What it printed.
    pub stdout: String,
    /// What it printed on standard error.
    pub stderr: String,
    /// From its start to its end.
    pub wall: Duration,
    /// The CPU time it used, user and system, all its threads together.
    pub cpu: Duration,
}

impl Run {
    /// Its CPU time over its wall time: above 1 only if its threads ran on
    /// several CPUs at once.
    pub fn ratio(&self) -> f64 {
        self.cpu.as_secs_f64() / self.wall.as_secs_f64()
    }

    /// The rest of the first line it printed that starts with `label`
    /// (leading spaces aside), trimmed.
    pub fn text_after(&self, label: &str) -> io::Result<&str> {
        self.stdout
            .lines()
            .find_map(|line| line.trim_start().strip_prefix(label))
            .map(str::trim)
            .ok_or_else(|| {
                io::Error::other(format!(
                    "expected a line starting with {label:?}, the program printed:\n{}{}",
                    self.stdout, self.stderr
                ))
            })
    }

    /// The numbers on the line that starts with `label`, after its last
    /// colon: how the listings report what they measured.
    /// "OS threads while 4 pthreads wait: 5" gives 5, "counter in each
    /// child: [1000, 1000]" gives 1000 and 1000, "process: 2343 µs per
    /// start" gives 2343.
    pub fn numbers_after(&self, label: &str) -> io::Result<Vec<f64>> {
        let text = self.text_after(label)?;
        let value = text.rsplit(':').next().unwrap_or(text);
        Ok(value
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter_map(|word| word.parse().ok())
            .collect())
    }

    /// The first of [`Run::numbers_after`].
    pub fn number_after(&self, label: &str) -> io::Result<f64> {
        self.numbers_after(label)?.first().copied().ok_or_else(|| {
            io::Error::other(format!(
                "expected a number after {label:?}, the program printed:\n{}{}",
                self.stdout, self.stderr
            ))
        })
    }

    /// The last line it printed, parsed: how the listings report a result.
    pub fn last_line<T: std::str::FromStr>(&self) -> io::Result<T> {
        self.stdout
            .lines()
            .last()
            .and_then(|line| line.split_whitespace().last())
            .and_then(|word| word.parse().ok())
            .ok_or_else(|| {
                io::Error::other(format!(
                    "expected a result on the last line, the program printed:\n{}{}",
                    self.stdout, self.stderr
                ))
            })
    }

    /// Fails with the program's output unless it exited successfully.
    pub fn success(self) -> io::Result<Run> {
        if self.status.success() {
            Ok(self)
        } else {
            Err(io::Error::other(format!(
                "the program failed ({}):\n{}{}",
                self.status, self.stdout, self.stderr
            )))
        }
    }
}

/// Runs `command` with its output captured, stopping it after `limit`
/// (a stopped program is an error). Its CPU time is the kernel's account
/// of that one child, so nothing else in this process can inflate it.
pub fn run_command(mut command: Command, limit: Duration) -> io::Result<Run> {
    let label = label(&command);
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let pid = libc::pid_t::try_from(child.id()).map_err(io::Error::other)?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = start + limit;
    let (status, usage, wall) = loop {
        let mut status = 0;
        // SAFETY: an all-zero rusage is a valid value of the plain C struct.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: pid is our own child, not yet reaped; the pointers are valid.
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break (status, usage, start.elapsed());
        }
        if reaped < 0 {
            return Err(io::Error::last_os_error());
        }
        if Instant::now() >= deadline {
            // SAFETY: sending a signal to our own unreaped child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            // SAFETY: as above; this reaps it.
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!(
                    "the program ran longer than {} s and was stopped",
                    limit.as_secs_f64()
                ),
            ));
        }
        thread::sleep(Duration::from_millis(2));
    };
    let cpu = timeval(usage.ru_utime) + timeval(usage.ru_stime);
    let run = Run {
        status: std::os::unix::process::ExitStatusExt::from_raw(status),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        wall,
        cpu,
    };
    record(&label, &run);
    Ok(run)
}

/// The most runs a process records, and the most bytes of each one's
/// output: enough to show what a listing printed, not to keep every trial.
const RECORDED_RUNS: usize = 12;
const RECORDED_BYTES: usize = 2000;

static RECORDED: std::sync::Mutex<Vec<OutputRecord>> = std::sync::Mutex::new(Vec::new());

/// The program's file name and its arguments, with paths cut to their file
/// names: "race -O2", "python3 race.py".
fn label(command: &Command) -> String {
    let short = |s: &std::ffi::OsStr| {
        let path = Path::new(s);
        path.file_name()
            .filter(|_| path.components().count() > 1)
            .unwrap_or(s)
            .to_string_lossy()
            .into_owned()
    };
    std::iter::once(short(command.get_program()))
        .chain(command.get_args().map(short))
        .collect::<Vec<_>>()
        .join(" ")
}

fn record(label: &str, run: &Run) {
    let Ok(mut recorded) = RECORDED.lock() else {
        return;
    };
    if recorded.len() < RECORDED_RUNS {
        let mut stdout = run.stdout.clone();
        if stdout.len() > RECORDED_BYTES {
            let mut end = RECORDED_BYTES;
            while !stdout.is_char_boundary(end) {
                end -= 1;
            }
            stdout.truncate(end);
            stdout.push_str("\n[...]\n");
        }
        recorded.push(OutputRecord {
            program: label.to_owned(),
            status: run.status.code(),
            stdout,
            wall_s: run.wall.as_secs_f64(),
        });
    }
}

/// The runs of programs this process has made so far, with what they
/// printed (the first few, each cut short), and forgets them.
pub fn take_outputs() -> Vec<OutputRecord> {
    RECORDED
        .lock()
        .map(|mut recorded| std::mem::take(&mut *recorded))
        .unwrap_or_default()
}

fn timeval(t: libc::timeval) -> Duration {
    let micros =
        u64::try_from(t.tv_sec).unwrap_or(0) * 1_000_000 + u64::try_from(t.tv_usec).unwrap_or(0);
    Duration::from_micros(micros)
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            // A program killed mid-write leaves what it wrote so far.
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    })
}

/// A fresh directory under the system's temporary directory, removed with
/// everything in it when dropped.
#[derive(Debug)]
pub struct Workdir(PathBuf);

impl Workdir {
    /// Creates the directory.
    pub fn new() -> io::Result<Workdir> {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = env::temp_dir().join(format!(
            "checked-concurrency-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        // A directory left by a killed earlier process with our pid goes.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path)?;
        Ok(Workdir(path))
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_as_numbers() {
        let toolchain = |version: &str| Toolchain {
            language: Language::Go,
            program: "go".into(),
            version: version.to_owned(),
        };
        assert_eq!(toolchain("go1.19.8").version_numbers(), [1, 19, 8]);
        assert_eq!(toolchain("Python 3.14.0rc1").version_numbers(), [3, 14, 0]);
        assert_eq!(toolchain("gcc 12.2.0").version_numbers(), [12, 2, 0]);
        assert!(toolchain("Python 3.10.2").at_least(&[3, 10]));
        assert!(!toolchain("Python 3.9.18").at_least(&[3, 10]));
    }

    #[test]
    fn numbers_after_a_label() -> io::Result<()> {
        let mut printed = Command::new("printf");
        printed.arg(
            "OS threads while 4 pthreads wait: 5\n  counter in each child: [1000, 1000]\n\
             process: 2343 µs per start\nwall time: 0.224 s\n",
        );
        let run = run_command(printed, Duration::from_secs(10))?;
        assert_eq!(run.number_after("OS threads while")?, 5.0);
        assert_eq!(
            run.numbers_after("counter in each child:")?,
            [1000.0, 1000.0]
        );
        assert_eq!(run.number_after("process:")?, 2343.0);
        assert_eq!(run.number_after("wall time:")?, 0.224);
        assert!(run.number_after("no such line").is_err());
        Ok(())
    }

    #[test]
    fn a_missing_toolchain_says_so() {
        let missing = Missing {
            language: Language::Go,
            why: "cannot run `go`".to_owned(),
        };
        assert!(missing.reason().starts_with(TOOLCHAIN_MISSING));
    }

    #[test]
    fn a_program_that_runs_too_long_is_stopped() {
        let mut sleeper = Command::new("sleep");
        sleeper.arg("10");
        let start = Instant::now();
        let error = run_command(sleeper, Duration::from_millis(200)).expect_err("stopped");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
