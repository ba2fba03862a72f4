//! Building a listing: each language's compiler or interpreter, with the
//! flags a check asks for, in a fresh directory that goes when the program
//! does. A program built before from the same text with the same flags and
//! compiler is copied from the cache (`cache.rs`) instead.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::{Language, Source, Toolchain, cache};
use crate::run::{Run, run_command};

/// The options gcc always gets: C11 with GNU extensions, every warning
/// an error.
const C_OPTIONS: [&str; 3] = ["-std=gnu11", "-Wall", "-Werror"];

/// The options rustc always gets for a stand-alone Rust listing.
const RUST_OPTIONS: [&str; 3] = ["--edition", "2024", "-O"];

impl Toolchain {
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
        let options: &[&str] = match self.language {
            Language::Python => return Ok(Program::new(self.interpreter(flags, file), dir)),
            Language::C => &C_OPTIONS,
            Language::Go => &["build"],
            Language::Rust => &RUST_OPTIONS,
        };
        let kept = cache::Entry::of(self, source, &[options, flags].concat(), go_line);
        if !kept.restore(&binary) {
            let command = match self.language {
                Language::C => {
                    let mut command = self.compiler(options, flags, &binary, &file);
                    command.arg("-pthread");
                    command
                }
                Language::Go => self.go_build(flags, &binary, &file, dir.path(), go_line)?,
                _ => self.compiler(options, flags, &binary, &file),
            };
            self.compile(command, source)?;
            kept.keep(&binary);
        }
        Ok(Program::new(vec![binary.into_os_string()], dir))
    }

    /// The interpreter's command that runs `file`, with the check's `flags`.
    fn interpreter(&self, flags: &[&str], file: PathBuf) -> Vec<OsString> {
        let mut command = vec![self.program.clone()];
        command.extend(flags.iter().map(OsString::from));
        command.push(file.into_os_string());
        command
    }

    /// The compiler's command that makes `output` of `file`: its own
    /// `options`, then the check's `flags`.
    fn compiler(&self, options: &[&str], flags: &[&str], output: &Path, file: &Path) -> Command {
        let mut command = Command::new(&self.program);
        command
            .args(options)
            .args(flags)
            .arg("-o")
            .arg(output)
            .arg(file);
        command
    }

    /// `go build` of `file` in `dir`, or, with a `go_line`, of the module
    /// whose `go.mod` it writes there.
    fn go_build(
        &self,
        flags: &[&str],
        binary: &Path,
        file: &Path,
        dir: &Path,
        go_line: Option<&str>,
    ) -> io::Result<Command> {
        let mut command = Command::new(&self.program);
        command
            .arg("build")
            .args(flags)
            .arg("-o")
            .arg(binary)
            .current_dir(dir);
        match go_line {
            Some(line) => {
                let go_mod = format!("module listing\n\ngo {line}\n");
                fs::write(dir.join("go.mod"), go_mod)?;
                command.arg(".")
            }
            None => command.arg(file),
        };
        go_environment(&mut command);
        Ok(command)
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
        let command = self.compiler(&[&C_OPTIONS[..], &["-S"]].concat(), flags, &output, &file);
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

/// The go tool writes a build cache; where the usual one cannot be used
/// (no home directory), it goes to the system's temporary directory. It
/// must never try to download a newer toolchain.
pub(super) fn go_environment(command: &mut Command) {
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
