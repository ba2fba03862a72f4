//! Listing 2-5: Amdahl's and Gustafson's speedups for a serial fraction of 0.05.

// ANCHOR: listing
/// Amdahl: a fixed problem; `serial` is its serial fraction on one core.
fn amdahl(serial: f64, cores: f64) -> f64 {
    1.0 / (serial + (1.0 - serial) / cores)
}

/// Gustafson: the problem grows with the cores; `serial` is the fraction of
/// the N-core run's time spent in serial code.
fn gustafson(serial: f64, cores: f64) -> f64 {
    serial + (1.0 - serial) * cores
}

pub fn main() {
    let serial = 0.05;
    println!("cores  Amdahl  Gustafson");
    for cores in [1.0, 2.0, 4.0, 16.0, 64.0, 256.0, 1024.0] {
        let (fixed, scaled) = (amdahl(serial, cores), gustafson(serial, cores));
        println!("{cores:>5}  {fixed:>6.1}  {scaled:>9.1}");
    }
    assert!(amdahl(serial, 1e9) < 1.0 / serial);
}
// ANCHOR_END: listing
