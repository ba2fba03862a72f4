//! The C versions of the exercise (Listings 10-6 to 10-9) and their claims:
//! gcc builds each listing, and the checks run it and read what it printed.

use listings::ch10::runs;
use listings::claims::{Bound, Claim, Figure, Verdict};
use listings::toolchain::{self, Language, Source};

/// Listing 10-6: a plain `int`, changed by both threads. A data race.
pub const RACE: Source = Source {
    name: "race.c",
    text: include_str!("../../c/ch10/race.c"),
};

/// Listing 10-7: the same with `volatile int`.
pub const VOLATILE: Source = Source {
    name: "volatile.c",
    text: include_str!("../../c/ch10/volatile.c"),
};

/// Listing 10-8: the same with `_Atomic int`.
pub const ATOMIC: Source = Source {
    name: "atomic.c",
    text: include_str!("../../c/ch10/atomic.c"),
};

/// Listing 10-9: a plain `int` guarded by a pthread mutex.
pub const MUTEX: Source = Source {
    name: "mutex.c",
    text: include_str!("../../c/ch10/mutex.c"),
};

/// Exercise 10.3: `_Atomic int`, but each step written `i = i + 1`.
pub const ATOMIC_SPLIT: Source = Source {
    name: "atomic_split.c",
    text: include_str!("../../c/ch10/atomic_split.c"),
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

pub const NAIVE_O0: Claim = Claim {
    id: "c-naive-loses-updates-at-o0",
    statement: "Compiled by gcc with -O0, the C exercise with a plain int loses updates: at \
                least one of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let program = gcc.build(&RACE, &["-O0"])?;
            runs::loses_updates(&program, 20, true)
        })
    },
};

pub const FOLDED_AT_O2: Claim = Claim {
    id: "c-o2-folds-each-loop-into-one-add",
    statement: "Compiled by gcc with -O2, the same program has no loop left: each thread \
                function changes i with one instruction that adds or subtracts the whole \
                loop count, and every one of five runs prints -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let asm = gcc.assembly(&RACE, &["-O2"])?;
            let mut figures = Vec::new();
            let mut jumps = 0;
            for (name, whole) in [
                (
                    "increment",
                    ["addl $1000000, i(%rip)", "subl $-1000000, i(%rip)"],
                ),
                (
                    "decrement",
                    ["subl $1000001, i(%rip)", "addl $-1000001, i(%rip)"],
                ),
            ] {
                let body = instructions(&asm, name);
                let on_i: Vec<&String> = body.iter().filter(|op| op.contains("i(%rip)")).collect();
                let at_once = on_i.len() == 1 && whole.contains(&on_i[0].as_str());
                jumps += body.iter().filter(|op| op.starts_with('j')).count();
                figures.extend(runs::one_instruction(
                    name,
                    on_i.len(),
                    "changes i by the whole count",
                    at_once,
                ));
            }
            figures.push(
                Figure::new("jumps in the two functions", jumps as f64, "")
                    .bounded(Bound::Exactly(0.0)),
            );
            let program = gcc.build(&RACE, &["-O2"])?;
            figures.extend(runs::exact(&[("-O2", &program)], 5)?);
            Ok(Verdict::from_figures(figures))
        })
    },
};

pub const VOLATILE_LOSES: Claim = Claim {
    id: "c-volatile-loses-updates",
    statement: "Declared volatile and compiled with -O2, i loses updates again: at least one \
                of twenty runs ends away from -1.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let program = gcc.build(&VOLATILE, &["-O2"])?;
            runs::loses_updates(&program, 20, true)
        })
    },
};

pub const ATOMIC_AND_MUTEX: Claim = Claim {
    id: "c-atomic-and-mutex-exact",
    statement: "Declared _Atomic, or guarded by a pthread mutex, i ends at exactly -1 in \
                every one of five runs of each version, compiled with -O2.",
    check: || {
        toolchain::with(Language::C, |gcc| {
            let atomic = gcc.build(&ATOMIC, &["-O2"])?;
            let mutex = gcc.build(&MUTEX, &["-O2"])?;
            let figures = runs::exact(&[("_Atomic", &atomic), ("mutex", &mutex)], 5)?;
            Ok(Verdict::from_figures(figures))
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
