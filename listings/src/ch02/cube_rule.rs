//! Listing 2-1: The cube rule, and why two slower cores beat one fast core.

// ANCHOR: listing
/// Dynamic power relative to a reference core, when its clock and its
/// supply voltage are multiplied by the given factors: P ∝ V² · f.
fn relative_power(clock: f64, voltage: f64) -> f64 {
    voltage * voltage * clock
}

pub fn main() {
    // The voltage has to rise roughly in step with the clock.
    for clock in [1.0, 1.2, 1.5, 2.0] {
        let power = relative_power(clock, clock);
        println!("clock x{clock:.1}: power x{power:.2}");
    }
    // Two cores at 80% of the clock and voltage, against one at 100%.
    let one_fast = relative_power(1.0, 1.0);
    let two_slow = 2.0 * relative_power(0.8, 0.8);
    println!("two cores at x0.8: power x{two_slow:.2}, work per second x1.6");
    assert!(two_slow < 1.05 * one_fast);
}
// ANCHOR_END: listing
