//! Built programs kept between runs: a C, Go or stand-alone Rust listing
//! whose text, flags and compiler are unchanged is not built again.
//!
//! Each program is kept in `target/program-cache/` under a hash of
//! everything its build reads: the language, the compiler's path and
//! version, every option and flag, the `go.mod` line, the file's name and
//! its text, and the environment variables that steer the go tool's
//! target. The checks still run every program; only the compiler's work
//! is saved. `BOOK_PROGRAM_CACHE=off` builds every program.

use std::env;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use book_markdown::files::Fnv;

use super::{Source, Toolchain};

/// Go's environment variables that change the program it builds.
const GO_TARGET: [&str; 5] = ["GOARCH", "GOOS", "GOAMD64", "CGO_ENABLED", "CC"];

/// A program not used for this long belongs to a listing that has changed
/// since, and goes when a new one is kept.
const UNUSED: Duration = Duration::from_secs(14 * 24 * 3600);

/// Where one build's program is kept.
pub(super) struct Entry(Option<PathBuf>);

impl Entry {
    /// The entry of building `source` with `toolchain` and `args` (every
    /// option and flag, in order) and `go_line`.
    pub(super) fn of(
        toolchain: &Toolchain,
        source: &Source,
        args: &[&str],
        go_line: Option<&str>,
    ) -> Entry {
        if env::var("BOOK_PROGRAM_CACHE").is_ok_and(|v| v == "off") {
            return Entry(None);
        }
        Entry::in_dir(&dir(), toolchain, source, args, go_line)
    }

    fn in_dir(
        dir: &Path,
        toolchain: &Toolchain,
        source: &Source,
        args: &[&str],
        go_line: Option<&str>,
    ) -> Entry {
        let mut hash = Fnv::default();
        let mut field = |bytes: &[u8]| {
            hash.write(&(bytes.len() as u64).to_le_bytes());
            hash.write(bytes);
        };
        field(toolchain.language.to_string().as_bytes());
        field(toolchain.program.as_encoded_bytes());
        field(toolchain.version.as_bytes());
        for arg in args {
            field(arg.as_bytes());
        }
        field(go_line.unwrap_or("-").as_bytes());
        field(source.name.as_bytes());
        field(source.text.as_bytes());
        for variable in GO_TARGET {
            field(env::var_os(variable).unwrap_or_default().as_encoded_bytes());
        }
        Entry(Some(dir.join(hash.hex())))
    }

    /// Copies the kept program to `binary`, if there is one.
    pub(super) fn restore(&self, binary: &Path) -> bool {
        let Some(kept) = &self.0 else { return false };
        if fs::copy(kept, binary).is_err() {
            return false;
        }
        // Marks it as used, so that it is not pruned.
        let _ = fs::File::options()
            .write(true)
            .open(kept)
            .and_then(|f| f.set_modified(SystemTime::now()));
        true
    }

    /// Keeps the program just built at `binary`. A program that cannot be
    /// kept is built again next time, which is no error.
    pub(super) fn keep(&self, binary: &Path) {
        let Some(kept) = &self.0 else { return };
        let _ = keep(kept, binary);
    }
}

fn keep(kept: &Path, binary: &Path) -> io::Result<()> {
    let dir = kept.parent().unwrap_or(kept);
    fs::create_dir_all(dir)?;
    prune(dir);
    // Copied beside its place, then renamed, so that no reader sees half.
    let part = kept.with_extension(format!("part{}", std::process::id()));
    fs::copy(binary, &part)?;
    fs::rename(&part, kept)
}

fn prune(dir: &Path) {
    let now = SystemTime::now();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let unused = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > UNUSED);
        if unused {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn dir() -> PathBuf {
    crate::evidence::target_dir().join("program-cache")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::toolchain::{Language, Workdir};

    fn gcc() -> Toolchain {
        Toolchain {
            language: Language::C,
            program: "gcc".into(),
            version: "gcc 12.2.0".to_owned(),
        }
    }

    const RACE: Source = Source {
        name: "race.c",
        text: "int main(void) { return 0; }\n",
    };

    #[test]
    fn a_program_is_kept_under_everything_its_build_reads() {
        let dir = Workdir::new().expect("a directory");
        let entry = |source: &Source, args: &[&str], go_line| {
            Entry::in_dir(dir.path(), &gcc(), source, args, go_line).0
        };
        let first = entry(&RACE, &["-O2"], None);
        assert_eq!(first, entry(&RACE, &["-O2"], None));
        let other_text = Source {
            text: "int main(void) { return 1; }\n",
            ..RACE
        };
        let newer = Toolchain {
            version: "gcc 13.1.0".to_owned(),
            ..gcc()
        };
        for other in [
            entry(&RACE, &["-O0"], None),
            entry(&RACE, &["-O2", "-g"], None),
            entry(&RACE, &["-O2"], Some("1.25")),
            entry(&other_text, &["-O2"], None),
            Entry::in_dir(dir.path(), &newer, &RACE, &["-O2"], None).0,
        ] {
            assert_ne!(first, other);
        }
    }

    #[test]
    fn a_kept_program_is_restored_whole() {
        let dir = Workdir::new().expect("a directory");
        let entry = Entry::in_dir(&dir.path().join("cache"), &gcc(), &RACE, &[], None);
        let built = dir.path().join("built");
        let restored = dir.path().join("restored");
        assert!(!entry.restore(&restored), "nothing kept yet");
        fs::write(&built, b"a program").expect("written");
        entry.keep(&built);
        assert!(entry.restore(&restored));
        assert_eq!(fs::read(&restored).expect("restored"), b"a program");
        assert!(!Entry(None).restore(&restored), "no cache, no program");
    }
}
