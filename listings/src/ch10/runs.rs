//! What the checks of the C, Python and Go versions of the exercise share:
//! running a built program several times and judging the results it
//! printed. Every program prints the final `i` on its last line.

use std::io;
use std::time::Duration;

use listings::claims::{Bound, Figure, Verdict};
use listings::measure::load_during;
use listings::toolchain::{Program, Source, Toolchain, run_command};

/// The right answer: a million increments and a million and one decrements.
pub const RIGHT: i64 = -1;

/// The longest one run of an exercise program may take, on a busy machine.
const LIMIT: Duration = Duration::from_secs(20);

/// Runs `program` `runs` times and collects the `i` each run printed.
pub fn results(program: &Program, runs: usize) -> io::Result<Vec<i64>> {
    (0..runs)
        .map(|_| program.run(&[], LIMIT)?.success()?.last_line())
        .collect()
}

/// Whether the race condition loses updates: at least one of `runs` runs
/// ends away from -1.
///
/// Where the race shows only while two threads run at the same time
/// (`needs_two_cores`), a run without lost updates on a machine whose cores
/// were busy with other work decides nothing: the verdict is then not
/// applicable, never a pass.
pub fn loses_updates(program: &Program, runs: usize, needs_two_cores: bool) -> io::Result<Verdict> {
    let (ends, load) = load_during(|| results(program, runs))?;
    let ends = ends?;
    let away = ends.iter().filter(|&&i| i != RIGHT).count();
    let figures = vec![
        Figure::new(
            format!("runs of {runs} that ended away from -1"),
            away as f64,
            "",
        )
        .bounded(Bound::AtLeast(1.0)),
        Figure::new("distinct results", distinct(&ends) as f64, ""),
        Figure::new("furthest from -1", furthest(&ends) as f64, ""),
        Figure::new("cores other work kept busy", load.others_cores(), ""),
    ];
    if away == 0 && needs_two_cores && !load.two_cores_free() {
        return Ok(Verdict::not_applicable(
            format!(
                "the race shows only while both threads run at once, and two cores were \
                 never free: other work kept {:.2} cores busy",
                load.others_cores()
            ),
            figures,
        ));
    }
    Ok(Verdict::from_figures(figures))
}

/// Figures saying that each of `versions` ended at exactly -1 in every one
/// of `runs` runs.
pub fn exact(versions: &[(&str, &Program)], runs: usize) -> io::Result<Vec<Figure>> {
    let mut figures = Vec::new();
    for (name, program) in versions {
        let ends = results(program, runs)?;
        let right = ends.iter().filter(|&&i| i == RIGHT).count();
        figures.push(
            Figure::new(
                format!("{name}: runs of {runs} that ended at -1"),
                right as f64,
                "",
            )
            .bounded(Bound::Exactly(runs as f64)),
        );
        figures.push(Figure::new(
            format!("{name}: furthest from -1"),
            furthest(&ends) as f64,
            "",
        ));
    }
    Ok(figures)
}

/// Figures saying that the machine code of `function` names `i` in exactly
/// one instruction (it named it in `uses` instructions), and that this one
/// instruction `does` what the claim says (`done`).
pub fn one_instruction(function: &str, uses: usize, does: &str, done: bool) -> [Figure; 2] {
    [
        Figure::new(
            format!("{function}: instructions that use i"),
            uses as f64,
            "",
        )
        .bounded(Bound::Exactly(1.0)),
        Figure::new(
            format!("{function}: that one {does} (1 = yes)"),
            f64::from(u8::from(done)),
            "",
        )
        .bounded(Bound::Exactly(1.0)),
    ]
}

/// How many different values `ends` holds.
pub fn distinct(ends: &[i64]) -> usize {
    let mut ends = ends.to_vec();
    ends.sort_unstable();
    ends.dedup();
    ends.len()
}

/// The largest distance of a result from the right answer.
pub fn furthest(ends: &[i64]) -> i64 {
    ends.iter().map(|i| (i - RIGHT).abs()).max().unwrap_or(0)
}

/// Whether a race detector (`-fsanitize=thread` for gcc, `-race` for go,
/// given in `flags`) reports the race in `racy` and stays silent on
/// `fixed`: the first must print `warning` at least once and exit with the
/// detector's status 66, the second must print none and exit with 0.
pub fn race_detector(
    toolchain: &Toolchain,
    flags: &[&str],
    warning: &str,
    racy: (&str, &Source),
    fixed: (&str, &Source),
) -> io::Result<Verdict> {
    let mut figures = Vec::new();
    for (program, reports) in [(racy, true), (fixed, false)] {
        match detector_figures(toolchain, flags, &[], warning, program, reports)? {
            Ok(more) => figures.extend(more),
            Err(cannot) => return Ok(cannot),
        }
    }
    Ok(Verdict::from_figures(figures))
}

/// Builds `source` with a race detector's `flags`, runs it with the
/// environment variables `env`, and returns figures for the `warning`s it
/// printed and its exit status: at least one warning and status 66 where it
/// `reports`, none and 0 where it does not. `Err` holds a not-applicable
/// verdict when the detector could not start here.
pub fn detector_figures(
    toolchain: &Toolchain,
    flags: &[&str],
    env: &[(&str, &str)],
    warning: &str,
    (name, source): (&str, &Source),
    reports: bool,
) -> io::Result<Result<Vec<Figure>, Verdict>> {
    let limit = Duration::from_secs(30);
    let (warnings, status) = if reports {
        (Bound::AtLeast(1.0), 66.0)
    } else {
        (Bound::Exactly(0.0), 0.0)
    };
    let program = toolchain.build(source, flags)?;
    let mut command = program.command();
    command.envs(env.iter().copied());
    let run = run_command(command, limit)?;
    if let Some(cannot) = sanitizer_cannot_start(&run.stderr) {
        return Ok(Err(cannot));
    }
    let reported = run.stderr.matches(warning).count();
    let code = run
        .status
        .code()
        .ok_or_else(|| io::Error::other(format!("{name}: killed by a signal\n{}", run.stderr)))?;
    Ok(Ok(vec![
        Figure::new(format!("{name}: race warnings"), reported as f64, "").bounded(warnings),
        Figure::new(format!("{name}: exit status"), f64::from(code), "")
            .bounded(Bound::Exactly(status)),
        Figure::new(
            format!("{name}: printed i"),
            run.last_line::<i64>().map_or(f64::NAN, |i| i as f64),
            "",
        ),
    ]))
}

/// A not-applicable verdict if the ThreadSanitizer runtime (which gcc's
/// `-fsanitize=thread` and Go's `-race` both use) refused to start, as older
/// versions of it do on kernels that randomise addresses more widely than it
/// expects (`vm.mmap_rnd_bits` above 28).
pub fn sanitizer_cannot_start(stderr: &str) -> Option<Verdict> {
    let fatal = stderr
        .lines()
        .find(|line| line.contains("FATAL: ThreadSanitizer"))?;
    Some(Verdict::not_applicable(
        format!("the race detector could not start here: {}", fatal.trim()),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use listings::claims::Outcome;

    #[test]
    fn a_sanitizer_that_cannot_start_decides_nothing() {
        let stderr = "FATAL: ThreadSanitizer: unexpected memory mapping 0x7f0000000000\n";
        let verdict = sanitizer_cannot_start(stderr).expect("recognised");
        assert!(matches!(verdict.outcome, Outcome::NotApplicable(_)));
        assert!(sanitizer_cannot_start("WARNING: DATA RACE\n").is_none());
    }
}
