//! `clausemap segment FILE [--json]`
//!
//! Shows how one file was segmented and classified: format, metadata, each segment's number,
//! heading and first words with its labels (and the words that justify them) and values, and
//! the warnings, for checking a new source by eye. `--json` prints the document as
//! it appears in `report.json`.

use crate::cli::Outcome;
use clausemap::report::name_of as name;
use clausemap::{pipeline, report, Error};
use std::io::Write;
use std::path::PathBuf;

/// Show how one file is segmented.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  clausemap segment corpus/001_cfacc6748c233638.txt\n  clausemap segment treaty.xml --json | jq '.segments[].number'"
)]
pub struct Args {
    /// The treaty file.
    pub file: PathBuf,
    /// Print the document as JSON (the report.json schema).
    #[arg(long)]
    pub json: bool,
    /// Print the text clausemap reads from the file (a PDF, HTML page, DOCX or RTF after its
    /// conversion), with line numbers as segments cite them, instead of the segments.
    #[arg(long, conflicts_with = "json")]
    pub text: bool,
    /// Provision taxonomy (TOML) to use instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
    /// Run COMMAND FILE when the file is in a format clausemap does not read (PDF, HTML,
    /// DOCX ...) and read its standard output as the text (as `analyze --pre`).
    #[arg(long, value_name = "COMMAND")]
    pub pre: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome, Error> {
    if args.text {
        let src = match &args.pre {
            Some(pre) => clausemap::ingest::load_with_pre(&args.file, pre)?,
            None => clausemap::ingest::load(&args.file)?,
        };
        let mut out = String::with_capacity(src.text.len() + src.text.len() / 8);
        for (i, line) in src.text.lines().enumerate() {
            out.push_str(&format!("{:>6}  {line}\n", i + 1));
        }
        let _ = std::io::stdout().write_all(out.as_bytes());
        return Ok(Outcome::Ok);
    }
    let mut opts = super::options(args.taxonomy.as_deref())?;
    opts.pre = args.pre.clone();
    // A file that cannot be read is an error (exit 2), as for `compare`.
    // A web page of several treaties gives each (`page.html#1`, `page.html#2`, ...).
    let (treaties, mut errors) = pipeline::analyze_file_all(&args.file, &opts);
    if treaties.is_empty() {
        return Err(errors.remove(0));
    }
    for e in &errors {
        eprintln!("clausemap: {e}");
    }
    let mut out = String::new();
    if args.json {
        let each: Vec<String> = treaties.iter().map(report::treaty_json).collect();
        out = if each.len() == 1 {
            each.concat()
        } else {
            format!(
                "[\n{}\n]\n",
                each.iter()
                    .map(|j| j.trim_end())
                    .collect::<Vec<_>>()
                    .join(",\n")
            )
        };
    } else {
        for (i, treaty) in treaties.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            describe(&mut out, treaty);
        }
    }
    // A closed pipe (`| head`) is not an error.
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(if errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::SomeFailed
    })
}

/// One treaty as `segment` shows it: metadata, then a line per segment with its labels,
/// values and signatories, then its warnings.
fn describe(out: &mut String, treaty: &clausemap::model::Treaty) {
    {
        let m = &treaty.meta;
        let dash = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
        out.push_str(&format!(
            "file     {}\nformat   {}\n",
            treaty.file,
            name(&treaty.format)
        ));
        out.push_str(&format!(
            "title    {}\ndate     {}\nplace    {}\n",
            dash(&m.title),
            dash(&m.date),
            dash(&m.place)
        ));
        // The language the text is in (detected, as in report.json) and the authentic
        // languages the treaty names.
        out.push_str(&format!(
            "parties  {}\nlanguage {}\nauthentic {}\n\n",
            m.parties.join("; "),
            dash(&m.language),
            if m.languages.is_empty() {
                "-".to_string()
            } else {
                m.languages.join(", ")
            }
        ));
        for s in &treaty.segments {
            // Cited as the reports cite it: `Art. IX` for an article numbered in Roman.
            let label = s.citation();
            let first: String = clausemap::text::fold_ws(&s.text).chars().take(70).collect();
            let heading = s
                .heading
                .as_deref()
                .map(|h| format!("[{h}] "))
                .unwrap_or_default();
            out.push_str(&format!(
                "{label:<12} l.{:<5} {heading}{first}{}\n",
                s.span.line_start,
                if s.text.chars().count() > 70 {
                    "…"
                } else {
                    ""
                }
            ));
            for l in &s.labels {
                out.push_str(&format!(
                    "{:<20}{:<22} {:?} ({})\n",
                    "",
                    l.id,
                    l.evidence,
                    name(&l.source)
                ));
            }
            for v in &s.values {
                let amount = match (v.amount, v.unit) {
                    (Some(a), Some(u)) => {
                        let unit = name(&u);
                        let unit = if a == 1 {
                            unit.trim_end_matches('s')
                        } else {
                            &unit
                        };
                        format!("{a} {unit}")
                    }
                    _ => "open-ended".into(),
                };
                out.push_str(&format!(
                    "{:<20}{:<22} {amount}: {:?}\n",
                    "",
                    name(&v.kind),
                    v.evidence
                ));
            }
            for sig in &s.signatories {
                out.push_str(&format!(
                    "{:<20}signed: {} ({})\n",
                    "",
                    sig.name,
                    sig.party.as_deref().unwrap_or("?")
                ));
            }
        }
        if !treaty.warnings.is_empty() {
            out.push('\n');
        }
        for w in &treaty.warnings {
            out.push_str(&format!("warning  {}: {}\n", name(&w.kind), w.message));
        }
    }
}
