//! The C versions of the exercise (Listings 11-6 to 11-9) and their claims:
//! gcc builds each listing, and the checks run it and read what it printed.

use std::io;

use listings::ch11::runs::{self, Ends};
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::toolchain::{self, Language, Source, Toolchain};

/// Listing 11-6: a plain `int`, changed by both threads. A data race.
pub const RACE: Source = Source {
    name: "race.c",
    text: include_str!("../../c/ch11/race.c"),
};

/// Listing 11-7: the same with `volatile int`.
pub const VOLATILE: Source = Source {
    name: "volatile.c",
    text: include_str!("../../c/ch11/volatile.c"),
};

/// Listing 11-8: the same with `_Atomic int`.
pub const ATOMIC: Source = Source {
    name: "atomic.c",
    text: include_str!("../../c/ch11/atomic.c"),
};

/// Listing 11-9: a plain `int` guarded by a pthread mutex.
pub const MUTEX: Source = Source {
    name: "mutex.c",
    text: include_str!("../../c/ch11/mutex.c"),
};

/// Exercise 11.3: `_Atomic int`, but each step written `i = i + 1`.
pub const ATOMIC_SPLIT: Source = Source {
    name: "atomic_split.c",
    text: include_str!("../../c/ch11/atomic_split.c"),
};

/// The instructions of the function `name` in gcc's assembly `asm`: its
/// lines up to `.cfi_endproc`, without directives and labels, with their
/// spaces normalised ("addl $1000000, i(%rip)").
pub fn instructions(asm: &str, name: &str) -> Vec<String> {
    asm.lines()
        .skip_while(|line| line.trim() != format!("{name}:"))
        .skip(1)
        .take_while(|line| line.trim() != ".cfi_endproc")
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && !line.starts_with('.') && !line.ends_with(':'))
        .collect()
}

/// Runs of a racy build: in its claim, and as the control of a fixed one's.
/// The race at -O0 needs both threads running at once, and one run in
/// twenty or so misses it; twenty runs make the control reliable.
pub const RACY_RUNS: usize = 20;

/// Runs of a fixed build in its claim.
pub const FIXED_RUNS: usize = 5;

/// Runs of a fixed build as the control of a racy one's claim: it must end
/// right in every one, so a few are enough.
pub const CONTROL_RUNS: usize = 3;

/// The runs of `source` built with the optimisation `opt`.
fn ends(gcc: &Toolchain, source: &Source, opt: &str, runs: usize) -> io::Result<Ends> {
    Ends::of(&gcc.build(source, &[opt])?, runs)
}

/// The check of a claim that `racy` built with `opt` loses updates, against
/// its control, `fixed` built the same way (`change` says how it differs).
fn loses(
    gcc: &Toolchain,
    racy: &Source,
    fixed: &Source,
    opt: &str,
    change: &str,
) -> io::Result<Verdict> {
    let right = runs::same_right(&[racy, fixed])?;
    let claim = runs::judge_loses(&ends(gcc, racy, opt, RACY_RUNS)?, right, true);
    let control = runs::judge_loses(&ends(gcc, fixed, opt, CONTROL_RUNS)?, right, true);
    Ok(claim.against(change, control))
}

pub const NAIVE_O0: Claim = Claim {
    id: "c-naive-loses-updates-at-o0",
    statement: "Compiled by gcc with -O0, the C exercise with a plain int loses updates: at \
                least one of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            loses(
                gcc,
                &RACE,
                &MUTEX,
                "-O0",
                "with the mutex (mutex.c, at -O0)",
            )
        })
    },
};

/// The check of the folding claim for `source` built with `opt`: what the
/// thread functions' assembly does to `i`, and `FIXED_RUNS` runs.
fn folded(gcc: &Toolchain, source: &Source, opt: &str) -> io::Result<Verdict> {
    let (ups, downs) = runs::loop_counts(source)?;
    let asm = gcc.assembly(source, &[opt])?;
    let mut figures = Vec::new();
    let mut jumps = 0;
    for (name, whole) in [
        (
            "increment",
            [
                format!("addl ${ups}, i(%rip)"),
                format!("subl $-{ups}, i(%rip)"),
            ],
        ),
        (
            "decrement",
            [
                format!("subl ${downs}, i(%rip)"),
                format!("addl $-{downs}, i(%rip)"),
            ],
        ),
    ] {
        let body = instructions(&asm, name);
        let on_i: Vec<&String> = body.iter().filter(|op| op.contains("i(%rip)")).collect();
        let at_once = on_i.len() == 1 && whole.contains(on_i[0]);
        jumps += body.iter().filter(|op| op.starts_with('j')).count();
        figures.extend(runs::one_instruction(
            &format!("{name}, {opt}"),
            on_i.len(),
            "changes i by the whole count",
            at_once,
        ));
    }
    figures.push(
        Figure::new(
            format!("jumps in the two functions, {opt}"),
            jumps as f64,
            "",
        )
        .bounded(Bound::Exactly(0.0)),
    );
    let right = runs::right_answer(source)?;
    let ends = ends(gcc, source, opt, FIXED_RUNS)?;
    Ok(runs::along(
        figures,
        runs::judge_exact(&[(opt, &ends)], right, true),
    ))
}

pub const FOLDED_AT_O2: Claim = Claim {
    id: "c-o2-folds-each-loop-into-one-add",
    statement: "Compiled by gcc with -O2, the same program has no loop left: each thread \
                function changes i with one instruction that adds or subtracts the whole \
                loop count, and every one of five runs prints -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let claim = folded(gcc, &RACE, "-O2")?;
            Ok(claim.against("at -O0 instead of -O2", folded(gcc, &RACE, "-O0")?))
        })
    },
};

/// Listing 11-7 without `volatile`: Listing 11-6 again.
pub fn volatile_taken_away() -> io::Result<Source> {
    runs::edited(
        &VOLATILE,
        "volatile_taken_away.c",
        &[("volatile int i", "int i")],
    )
}

pub const VOLATILE_LOSES: Claim = Claim {
    id: "c-volatile-loses-updates",
    statement: "Declared volatile and compiled with -O2, i loses updates again: at least one \
                of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let without = volatile_taken_away()?;
            loses(
                gcc,
                &VOLATILE,
                &without,
                "-O2",
                "volatile.c without volatile",
            )
        })
    },
};

/// Listing 11-8 without `_Atomic`: a plain int.
pub fn atomic_taken_away() -> io::Result<Source> {
    runs::edited(
        &ATOMIC,
        "atomic_taken_away.c",
        &[("_Atomic int i", "int i")],
    )
}

/// Listing 11-9 without its lock.
pub fn lock_taken_away() -> io::Result<Source> {
    runs::edited(
        &MUTEX,
        "lock_taken_away.c",
        &[
            ("        pthread_mutex_lock(&lock);\n", ""),
            ("        pthread_mutex_unlock(&lock);\n", ""),
        ],
    )
}

/// The check that `fixed` built with -O0 ends right in every run, against
/// its control: `fixed` with its fix taken away, `taken_away`.
fn fix_at_o0(
    gcc: &Toolchain,
    (name, fixed): (&str, &Source),
    (change, taken_away): (&str, &Source),
) -> io::Result<Verdict> {
    let right = runs::same_right(&[fixed, taken_away])?;
    let claim = runs::judge_exact(
        &[(name, &ends(gcc, fixed, "-O0", FIXED_RUNS)?)],
        right,
        true,
    );
    let without = ends(gcc, taken_away, "-O0", RACY_RUNS)?;
    let control = runs::judge_exact(&[(change, &without)], right, true);
    Ok(claim.against(change, control))
}

pub const ATOMIC_AND_MUTEX: Claim = Claim {
    id: "c-atomic-and-mutex-exact",
    statement: "Declared _Atomic, or guarded by a pthread mutex, and compiled with -O0, \
                where the plain int loses updates, i ends at exactly -1 in every one of \
                five runs of each version.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            // At -O2 the plain int keeps its updates too (gcc folds each
            // loop into one addition), so a fix is checked where the
            // version without it loses them: at -O0. Each control is the
            // listing with its fix taken away.
            Ok(runs::each(vec![
                fix_at_o0(
                    gcc,
                    ("_Atomic", &ATOMIC),
                    ("atomic.c without _Atomic", &atomic_taken_away()?),
                )?,
                fix_at_o0(
                    gcc,
                    ("mutex", &MUTEX),
                    ("mutex.c without the lock", &lock_taken_away()?),
                )?,
            ]))
        })
    },
};

/// How ThreadSanitizer starts its report of a data race.
pub const TSAN_WARNING: &str = "WARNING: ThreadSanitizer: data race";

pub const TSAN: Claim = Claim {
    id: "tsan-reports-the-c-race",
    statement: "Built with ThreadSanitizer (-fsanitize=thread -g -O1), the program with a \
                plain int reports \"WARNING: ThreadSanitizer: data race\" and exits with \
                status 66, and the mutex version reports nothing and exits with status 0.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            runs::race_detector(
                gcc,
                &["-fsanitize=thread", "-g", "-O1"],
                TSAN_WARNING,
                ("plain int", &RACE),
                ("mutex", &MUTEX),
            )
        })
    },
};
