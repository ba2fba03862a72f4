//! The claims table the runner prints: a claim's verdict, then its reason,
//! notes, figures, parameters and control, one per line.

use listings::evidence::{ClaimResult, ControlRecord};

/// The lines of the claims table under a claim's id: its reason, notes,
/// figures, parameters and control.
pub fn details(result: &ClaimResult) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(reason) = &result.reason {
        lines.push(format!("reason: {reason}"));
    }
    lines.extend(result.notes.iter().cloned());
    lines.extend(result.figures.iter().map(|f| f.text.clone()));
    lines.extend(
        result
            .parameters
            .iter()
            .map(|(name, value)| format!("parameter: {name} = {value}")),
    );
    match &result.control {
        Some(ControlRecord {
            impossible: Some(why),
            ..
        }) => lines.push(format!("{NO_CONTROL}{why}")),
        Some(control) => {
            let reason = control
                .reason
                .as_ref()
                .map_or(String::new(), |why| format!(": {why}"));
            lines.push(format!(
                "control ({}): {}{reason}",
                control.name.as_deref().unwrap_or(""),
                shout(control.verdict.as_deref().unwrap_or(""))
            ));
            lines.extend(control.figures.iter().map(|f| format!("  {}", f.text)));
        }
        None => {}
    }
    lines
}

/// A verdict word as the table prints it: the bad ones in capitals.
pub fn shout(verdict: &str) -> String {
    match verdict {
        "refuted" | "failed" => verdict.to_uppercase(),
        other => other.to_owned(),
    }
}

/// How a claim without a control experiment says why.
pub const NO_CONTROL: &str = "no control: ";
