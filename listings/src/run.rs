//! Running a program under a time limit and reading what it printed: the
//! checks' C, Python and Go listings, the claims runner's children, and the
//! programs whose output the pages show.

use std::io::{self, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use crate::evidence::OutputRecord;

/// How long a check lets one run of a listing take before it stops it.
pub const PROGRAM_LIMIT: Duration = Duration::from_secs(20);

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
}

impl Run {
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
/// (a stopped program is an error of kind `TimedOut`).
pub fn run_command(mut command: Command, limit: Duration) -> io::Result<Run> {
    let label = label(&command);
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() >= limit {
            child.kill()?;
            child.wait()?;
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
    let run = Run {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        wall: start.elapsed(),
    };
    record(&label, &run);
    Ok(run)
}

/// The most runs a process records, and the most bytes of each one's
/// output: enough to show what a listing printed, not to keep every trial.
const RECORDED_RUNS: usize = 12;
const RECORDED_BYTES: usize = 2000;

static RECORDED: Mutex<Vec<OutputRecord>> = Mutex::new(Vec::new());

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

/// Cuts `text` to at most `max` bytes, at a character boundary, and marks
/// the cut with `mark`.
pub fn cut_at(text: &mut String, max: usize, mark: &str) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str(mark);
    }
}

fn record(label: &str, run: &Run) {
    let Ok(mut recorded) = RECORDED.lock() else {
        return;
    };
    if recorded.len() < RECORDED_RUNS {
        let mut stdout = run.stdout.clone();
        cut_at(&mut stdout, RECORDED_BYTES, "\n[...]\n");
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_program_that_runs_too_long_is_stopped() {
        let mut sleeper = Command::new("sleep");
        sleeper.arg("10");
        let start = Instant::now();
        let error = run_command(sleeper, Duration::from_millis(200)).expect_err("stopped");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(5));
    }
}
