//! The language of a treaty's text (`whatlang`, trigram statistics over the articles), so
//! that a reader knows when the labels cannot be trusted: the taxonomy's patterns are English.
//!
//! In: the segments. Out: an ISO 639-3 code ("eng", "fra", "nld") when the detection is
//! reliable, and a `not_english` warning when the text is reliably another language.

use crate::model::{Segment, SegmentKind, Warning, WarningKind};

/// How much of the text is read, from its start: enough for a reliable guess, and before the
/// translations some sources append (the Dutch database repeats letters in Dutch).
const SAMPLE: usize = 4_000;

/// The language of the articles (or of the whole text when there are none), and a warning
/// when it is reliably not English.
pub fn detect(segments: &[Segment]) -> (Option<String>, Option<Warning>) {
    let mut sample = String::new();
    let articles = segments.iter().any(|s| s.kind == SegmentKind::Article);
    for s in segments
        .iter()
        .filter(|s| !articles || s.kind == SegmentKind::Article)
    {
        if sample.len() >= SAMPLE {
            break;
        }
        sample.push_str(&s.text);
        sample.push('\n');
    }
    let mut end = sample.len().min(SAMPLE);
    while !sample.is_char_boundary(end) {
        end -= 1;
    }
    let Some(info) = whatlang::detect(&sample[..end]) else {
        return (None, None);
    };
    if !info.is_reliable() {
        return (None, None);
    }
    let code = info.lang().code().to_string();
    let warning = (info.lang() != whatlang::Lang::Eng).then(|| Warning {
        kind: WarningKind::NotEnglish,
        message: format!(
            "the text reads as {} ({code}); the provision labels are read with English patterns and cannot be trusted here",
            info.lang().eng_name()
        ),
        span: None,
    });
    (Some(code), warning)
}
