//! A drawn figure as the page shows it: one block of HTML with the SVG, its
//! text alternative and its caption.

use std::fmt::Write as _;

use super::svg::WIDTH;
use super::{Drawn, Run, Spec};

/// The figure as one block of HTML, with no blank line that would end it.
pub(super) fn figure(spec: &Spec, run: Option<&Run>, drawn: Drawn) -> String {
    let id = format!("figure-{}", spec.name);
    let alt = html(&drawn.alt);
    let svg = drawn.svg.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-labelledby=\"{id}-alt\" width=\"100%\" \
             style=\"max-width: {WIDTH}px; height: auto; display: block; margin: 0 auto\" "
        ),
        1,
    );
    let svg = strip_size(&svg);
    let svg = svg.replacen('>', &format!("><title id=\"{id}-alt\">{alt}</title>"), 1);
    let mut caption = format!("{} {}", html(spec.caption), alt);
    if let Some(credit) = &drawn.credit {
        caption.push(' ');
        caption.push_str(&html(credit));
    }
    if let Some(run) = run {
        let _ = write!(
            caption,
            " Drawn from {} ({}, {} UTC).",
            html(&run.which),
            html(&run.machine),
            html(&run.started)
        );
    }
    format!(
        "\n\n<figure id=\"{id}\" class=\"checked-figure\" style=\"margin: 1.5em 0\">{svg}\
         <figcaption style=\"font-size: 0.9em\">{caption}</figcaption></figure>\n\n"
    )
}

/// `svg` without the fixed width and height that plotters gives the root
/// element: the viewBox and `width="100%"` size it to the page.
fn strip_size(svg: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (head, rest) = svg.split_at(end);
    let mut kept = Vec::new();
    for part in head.split(' ') {
        let fixed = |name: &str| {
            part.starts_with(&format!("{name}=\""))
                && part[1..].ends_with('"')
                && !part.contains('%')
        };
        if fixed("width") || fixed("height") {
            continue;
        }
        kept.push(part);
    }
    // Plotters puts every element on a line of its own; HTML does not need
    // them, and one line keeps the block one block of markdown.
    let text = kept.join(" ") + rest;
    text.lines().map(str::trim).collect::<Vec<_>>().join("")
}

/// Text made safe for HTML.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
