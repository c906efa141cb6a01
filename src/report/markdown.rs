//! `report.md`: a research note in CommonMark with GFM tables and strikethrough, laid out
//! from the [`Report`] model. Every claim names the treaty, its date of signature and the
//! article; treaty text is escaped so that nothing in it becomes Markdown or HTML.
//!
//! Diffs mark words only in the earlier clause as `~~struck~~` and words only in the later one
//! as `**bold**`, which GitHub, Pandoc and Obsidian all render, and which still reads in plain
//! text.

use super::model::{Cite, Document, PairOut, RecurringOut, Report};
use super::percent;
use super::{sentence, Options};
use crate::compare::align::{self, Op};
use crate::compare::recurring::GroupKind;
use crate::compare::score_text;
use std::fmt::Write;

/// Escapes text for inline Markdown: ASCII punctuation that could start markup is
/// backslash-escaped, white space is folded to single spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | '~'
                | '&'
                | '#'
                | '!'
                | '$'
                | '^'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes the start of an already escaped line (a block quote's content): a leading `-`,
/// `+`, `=` or `1.` would otherwise start a list or a heading underline.
fn guard_line_start(e: String) -> String {
    let digits = e.chars().take_while(char::is_ascii_digit).count();
    if e.starts_with(['-', '+', '=']) {
        format!("\\{e}")
    } else if digits > 0 && e[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &e[..digits], &e[digits..])
    } else {
        e
    }
}

/// `[*Treaty of Friendship, Alliance and Mutual Assistance*](#treaty-…) (1950-02-14)`: the
/// title links to the treaty's entry under "Treaties". With the user's citation where the
/// metadata file gives one: `[*…*](#…) (1993-01-15; Trb. 1993, 18)`.
fn treaty(d: &Document<'_>) -> String {
    let date = d.date.unwrap_or("undated");
    let name = link(&format!("*{}*", escape(&d.short_title)), &d.anchor);
    match d.citation {
        Some(c) => format!("{name} ({date}; {})", escape(c)),
        None => format!("{name} ({date})"),
    }
}

/// `[text](#anchor)`: `text` is already escaped; anchors are plain ASCII (`anchor_of`).
fn link(text: &str, anchor: &str) -> String {
    format!("[{text}](#{anchor})")
}

/// `*Treaty …* (1950-02-14), Art. 6`.
fn cite(r: &Report<'_>, c: &Cite<'_>) -> String {
    format!("{}, {}", treaty(r.doc(c)), escape(&r.segment(c).citation))
}

/// A code span that survives any content: a fence longer than any run of backticks in `s`,
/// and `|` escaped (GFM splits table cells at `|` even inside code spans).
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", s.replace('|', "\\|"))
}

/// Citations in a matrix cell shown at most; the rest are counted.
const CELL_CITES: usize = 5;

fn table_row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

fn table_head(out: &mut String, head: &[&str]) {
    out.push_str(&table_row(
        &head.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ));
    out.push_str(&table_row(
        &head.iter().map(|_| "---".to_string()).collect::<Vec<_>>(),
    ));
}

/// The word diff of a pair, as a block quote: `~~only in a~~`, `**only in b**`.
fn diff(r: &Report<'_>, p: &PairOut<'_>) -> Option<String> {
    let al = p.alignment?;
    let a = r.segment(&p.a).text;
    let b = r.segment(&p.b).text;
    let body = align::render(al, a, b, |op, s| match op {
        Op::Equal => escape(s),
        Op::Delete => format!("~~{}~~", escape(s)),
        Op::Insert => format!("**{}**", escape(s)),
    });
    let body = guard_line_start(body);
    Some(format!("> {body}\n"))
}

fn pair_line(r: &Report<'_>, p: &PairOut<'_>) -> String {
    format!(
        "{} {} {}: {} {}{}, {} shared words",
        cite(r, &p.a),
        p.arrow(),
        cite(r, &p.b),
        p.measure.name(),
        score_text(p.score, 2),
        p.threshold_note(),
        p.shared_words
    )
}

fn corpus_section(out: &mut String, r: &Report<'_>) {
    out.push_str("## Corpus\n\n");
    table_head(
        out,
        &[
            "Treaty", "Parties", "Signed", "Place", "Articles", "Warnings", "Format", "File",
        ],
    );
    for &i in &r.chronological {
        let d = &r.documents[i];
        let warnings: Vec<String> = d.warnings.iter().map(|w| escape(&w.message)).collect();
        out.push_str(&table_row(&[
            link(&escape(&d.short_title), &d.anchor),
            escape(&d.parties.join("; ")),
            escape(d.date.unwrap_or("")),
            escape(d.place.unwrap_or("")),
            d.articles.to_string(),
            warnings.join("; "),
            super::name_of(&d.format),
            code(d.file),
        ]));
    }
    out.push('\n');
}

fn matrix_section(out: &mut String, r: &Report<'_>) {
    let m = &r.matrix;
    out.push_str("## Provisions by treaty\n\n");
    if m.labels.is_empty() {
        out.push_str("No provision of the taxonomy was found.\n\n");
        return;
    }
    out.push_str(
        "Which article of each treaty carries each provision (labels of the taxonomy).\n\n",
    );
    let mut head = vec!["Treaty".to_string(), "Signed".to_string()];
    head.extend(m.labels.iter().map(|l| format!("`{}`", l.id)));
    out.push_str(&table_row(&head));
    out.push_str(&table_row(&vec!["---".to_string(); head.len()]));
    for row in &m.rows {
        let d = &r.documents[row.doc];
        let mut cells = vec![
            link(&escape(&d.short_title), &d.anchor),
            escape(d.date.unwrap_or("")),
        ];
        cells.extend(row.cells.iter().map(|c| {
            let mut shown = escape(&c[..c.len().min(CELL_CITES)].join(", "));
            if c.len() > CELL_CITES {
                let _ = write!(shown, " (+{})", c.len() - CELL_CITES);
            }
            shown
        }));
        out.push_str(&table_row(&cells));
    }
    let mut counts = vec!["**Treaties**".to_string(), String::new()];
    counts.extend(m.labels.iter().map(|l| l.treaties.to_string()));
    out.push_str(&table_row(&counts));
    out.push('\n');
    let names: Vec<String> = m
        .labels
        .iter()
        .map(|l| format!("`{}` {}", l.id, escape(l.name)))
        .collect();
    let _ = writeln!(out, "Columns: {}.\n", names.join("; "));
    if !m.absent.is_empty() {
        let absent: Vec<String> = m.absent.iter().map(|a| format!("`{a}`")).collect();
        let _ = writeln!(out, "No treaty carries: {}.\n", absent.join(", "));
    }
}

fn values_section(out: &mut String, r: &Report<'_>) {
    out.push_str("## Term, renewal and notice\n\n");
    if r.values.is_empty() {
        out.push_str("No treaty states a term, renewal or notice period.\n\n");
        return;
    }
    let _ = writeln!(out, "{}\n", super::VALUES_LEGEND);
    table_head(out, &["Treaty", "Signed", "Term", "Renewal", "Notice"]);
    let cell = |v: &[super::model::ValueCell<'_>]| {
        v.iter()
            .map(|c| format!("{} ({})", escape(&c.text), escape(&c.article)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    for row in &r.values {
        let d = &r.documents[row.doc];
        out.push_str(&table_row(&[
            link(&escape(&d.short_title), &d.anchor),
            escape(d.date.unwrap_or("")),
            cell(&row.term),
            cell(&row.renewal),
            cell(&row.notice),
        ]));
    }
    out.push_str("\nAs the texts state them:\n\n");
    for row in &r.values {
        let d = &r.documents[row.doc];
        for (kind, cells) in row.by_kind() {
            for c in cells {
                let _ = writeln!(
                    out,
                    "- {}, {}: {} {}, “{}”",
                    treaty(d),
                    escape(&c.article),
                    kind,
                    escape(&c.text),
                    escape(c.evidence)
                );
            }
        }
    }
    out.push('\n');
}

fn group_section(out: &mut String, r: &Report<'_>, g: &RecurringOut<'_>, opts: &Options) {
    match g.kind {
        GroupKind::Label => {
            let _ = writeln!(
                out,
                "### {} (`{}`): {} treaties, {} clauses\n",
                escape(g.name.unwrap_or("")),
                g.label.unwrap_or(""),
                g.treaties,
                g.members.len()
            );
        }
        GroupKind::Wording => {
            let _ = writeln!(
                out,
                "### Wording cluster `{}`: {} treaties, {} clauses{}\n",
                g.id,
                g.treaties,
                g.members.len(),
                g.label
                    .map(|l| format!(", mostly `{l}`"))
                    .unwrap_or_default()
            );
        }
    }
    for m in g.members.iter().take(opts.top) {
        let _ = writeln!(out, "- {}: “{}”", cite(r, &m.cite), escape(&m.quote));
    }
    if g.members.len() > opts.top {
        let _ = writeln!(
            out,
            "- … and {} more (all in `report.json` and `provisions.csv`)",
            g.members.len() - opts.top
        );
    }
    out.push('\n');
    match (&g.closest, g.closest_as_in) {
        (Some(p), Some(earlier)) => {
            let _ = writeln!(
                out,
                "Closest pair: the same as for `{}` above ({} {}).\n",
                earlier,
                p.measure.name(),
                score_text(p.score, 2)
            );
        }
        (Some(p), None) => {
            let _ = writeln!(out, "Closest pair: {}.\n", pair_line(r, p));
            if let Some(d) = diff(r, p) {
                out.push_str(&d);
                out.push('\n');
            }
        }
        _ => {}
    }
}

fn recurring_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    if r.recurring.is_none() {
        return;
    }
    out.push_str("## Recurring provisions\n\n");
    let labels = r.groups(GroupKind::Label);
    let wording = r.groups(GroupKind::Wording);
    if labels.is_empty() && wording.is_empty() {
        out.push_str("No provision recurs in two or more treaties.\n\n");
        return;
    }
    out.push_str(
        "Provisions carried by two or more treaties, with the sentence that carries each; the \
         closest pair is shown from the earlier treaty to the later one, ~~struck~~ words only \
         in the earlier, **bold** words only in the later.\n\n",
    );
    for g in &labels {
        group_section(out, r, g, opts);
    }
    if !wording.is_empty() {
        let _ = writeln!(
            out,
            "### Clusters of near-identical wording\n\n{} clusters of clauses whose wording \
             reaches the threshold{}.\n",
            wording.len(),
            if wording.len() > opts.top {
                format!("; the {} spanning most treaties follow", opts.top)
            } else {
                String::new()
            }
        );
        for g in wording.iter().take(opts.top) {
            group_section(out, r, g, opts);
        }
    }
}

fn pairs_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    let (Some(c), Some(pairs)) = (&r.comparison, &r.pairs) else {
        return;
    };
    out.push_str("## Closest clause pairs\n\n");
    if pairs.is_empty() {
        match &c.best_below {
            Some(p) => {
                let _ = writeln!(
                    out,
                    "No pair of clauses from different treaties reaches {} {}. The closest \
                     pair there is: {}.\n",
                    c.params.measure.name(),
                    c.params.threshold,
                    pair_line(r, p)
                );
                if let Some(d) = diff(r, p) {
                    out.push_str(&d);
                    out.push('\n');
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}.\n",
                    escape(&sentence(c.note.unwrap_or("No pair reaches the threshold")))
                );
            }
        }
        return;
    }
    let shown = pairs.len().min(opts.top);
    let _ = writeln!(
        out,
        "{} pairs of clauses from different treaties reach {} {}; the {} closest follow \
         (all in `pairs.csv` and `report.json`). → points from the earlier treaty to the later \
         by date of signature; ~ marks a pair whose order is unknown (a date missing or the \
         same).\n",
        pairs.len(),
        c.params.measure.name(),
        c.params.threshold,
        shown
    );
    table_head(
        out,
        &[
            "#",
            "Clause A",
            "Order",
            "Clause B",
            "Score",
            "Shared words",
        ],
    );
    for (i, p) in pairs.iter().take(shown).enumerate() {
        out.push_str(&table_row(&[
            (i + 1).to_string(),
            cite(r, &p.a),
            p.arrow().to_string(),
            cite(r, &p.b),
            score_text(p.score, 4),
            p.shared_words.to_string(),
        ]));
    }
    out.push('\n');
    for (i, p) in pairs.iter().take(shown).enumerate() {
        let _ = writeln!(
            out,
            "### {}. {} {}\n\n{}\n",
            i + 1,
            c.params.measure.name(),
            score_text(p.score, 2),
            pair_line(r, p)
        );
        if let Some(d) = diff(r, p) {
            out.push_str(&d);
            out.push('\n');
        }
    }
}

fn treaty_ref(r: &Report<'_>, t: &super::model::TreatyRef<'_>) -> String {
    format!(
        "{} ({})",
        link(
            &format!("*{}*", escape(&t.title)),
            &r.documents[t.doc].anchor
        ),
        t.date.unwrap_or("undated")
    )
}

/// Text reuse: main sources, the treaty pairs that share most, the longest passages.
fn reuse_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    let Some(u) = &r.reuse else {
        return;
    };
    out.push_str(
        "## Text reuse

",
    );
    if u.treaty_pairs.is_empty() {
        let _ = writeln!(
            out,
            "No two treaties share a passage of {} words or more.\n",
            u.params.min_words
        );
        return;
    }
    let _ =
        writeln!(
        out,
        "Passages of at least {} aligned words that two treaties share, wherever they stand. {} \
         share passages; {} {} a share of its text from an earlier one (its main source). \
         Shares are of the later treaty's words, floored.\n",
        u.params.min_words,
        super::count(u.treaty_pairs.len(), "pair of treaties", "pairs of treaties"),
        super::count(u.sources.len(), "treaty", "treaties"),
        if u.sources.len() == 1 { "takes" } else { "take" },
    );
    if !u.sources.is_empty() {
        out.push_str("### Main sources\n\n");
        let mut by_share: Vec<&super::model::SourceOut> = u.sources.iter().collect();
        by_share.sort_by(|a, b| b.share.total_cmp(&a.share));
        table_head(out, &["Treaty", "Main source", "Share of the treaty"]);
        for s in by_share.iter().take(opts.top) {
            out.push_str(&table_row(&[
                treaty_ref(r, &s.treaty),
                treaty_ref(r, &s.source),
                percent(s.share),
            ]));
        }
        let _ = writeln!(
            out,
            "\n{} of {} shown; reuse.csv and report.json hold all.\n",
            by_share.len().min(opts.top),
            by_share.len()
        );
    }
    out.push_str("### Treaties sharing the most text\n\n");
    table_head(
        out,
        &[
            "Earlier",
            "Later",
            "Share of the later",
            "Share of the earlier",
            "Passages",
        ],
    );
    for p in u.treaty_pairs.iter().take(opts.top) {
        out.push_str(&table_row(&[
            treaty_ref(r, &p.a),
            treaty_ref(r, &p.b),
            percent(p.share_b),
            percent(p.share_a),
            p.passages.to_string(),
        ]));
    }
    out.push('\n');
    if u.passages.is_empty() {
        return;
    }
    out.push_str("### Longest shared passages\n\n");
    let mut longest: Vec<&super::model::PassageOut> = u.passages.iter().collect();
    longest.sort_by_key(|p| std::cmp::Reverse(p.aligned));
    for p in longest.iter().take(opts.top) {
        let _ = writeln!(
            out,
            "- {} {} {}: {} words aligned, {} edits\n\n  > {}\n",
            cite(r, &p.a),
            if p.directed { "→" } else { "~" },
            cite(r, &p.b),
            p.aligned,
            percent(p.edit_share),
            guard_line_start(escape(&quote_words(p.text_b, 60)))
        );
    }
}

/// The first `n` words of `s`, with an ellipsis when cut.
fn quote_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}

/// A Pandoc citation of the treaty in treaties.csl.json: `[@id]`, or `[@{id}]` for an id
/// with characters a bare key cannot hold.
fn citation_key(id: &str) -> String {
    let bare = id
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && !id.ends_with(|c: char| !c.is_alphanumeric() && c != '_')
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c));
    if bare {
        format!("[@{id}]")
    } else {
        format!("[@{{{id}}}]")
    }
}

/// One entry per treaty, by date, each under an explicit anchor that every citation in the
/// note links to.
///
/// The anchor is an empty `<a id="treaty-…"></a>` on the line before the heading, not a
/// heading attribute (`### Title {#treaty-…}`) or an auto-generated heading id: GitHub and
/// Obsidian print `{#…}` as text; heading ids are made from the title, differ between
/// renderers (GitHub lower-cases and hyphenates, Obsidian keeps the words) and change when a
/// title is corrected or repeats. An inline `<a id>` is the one explicit anchor GitHub keeps
/// (it prefixes `user-content-` and resolves `#treaty-…` itself), Pandoc passes it through
/// to HTML, and Obsidian renders it as nothing, leaving the heading clean for its own
/// `[[#…]]` links. The id is the one report.html gives the treaty, so
/// `report.html#treaty-…` lands on the same treaty.
fn treaties_section(out: &mut String, r: &Report<'_>) {
    out.push_str("## Treaties\n\n");
    out.push_str(
        "Each treaty as read, with the key that cites it from `treaties.csl.json` \
         (`pandoc --citeproc --bibliography treaties.csl.json`).\n\n",
    );
    for &i in &r.chronological {
        let d = &r.documents[i];
        let _ = writeln!(
            out,
            "<a id=\"{}\"></a>\n### {} ({})\n",
            d.anchor,
            escape(&d.short_title),
            escape(d.date.unwrap_or("undated"))
        );
        if let Some(t) = d.title {
            let _ = writeln!(out, "- Title: {}", escape(t));
        }
        if !d.parties.is_empty() {
            let _ = writeln!(out, "- Parties: {}", escape(&d.parties.join("; ")));
        }
        match (d.date, d.place) {
            (Some(date), Some(place)) => {
                let _ = writeln!(out, "- Signed: {}, {}", escape(place), escape(date));
            }
            (Some(date), None) => {
                let _ = writeln!(out, "- Signed: {}", escape(date));
            }
            (None, Some(place)) => {
                let _ = writeln!(out, "- Signed: {}", escape(place));
            }
            (None, None) => {}
        }
        if let Some(c) = d.citation {
            let _ = writeln!(out, "- Citation: {}", escape(c));
        }
        let _ = writeln!(
            out,
            "- {}; file {}; cite as {}\n",
            super::count(d.articles, "article", "articles"),
            code(d.file),
            code(&citation_key(&d.treaty_id))
        );
    }
}

/// The research note.
pub fn render(r: &Report<'_>, opts: &Options) -> String {
    let mut out = String::new();
    out.push_str("# Treaty comparison\n\n");
    let _ = writeln!(out, "{}", escape(&r.headline()));
    if let Some(m) = r.method_line() {
        let _ = writeln!(out, "{}", escape(&m));
    }
    let _ = writeln!(
        out,
        "Made by clausemap {} ({}); dates are dates of signature.\n",
        env!("CARGO_PKG_VERSION"),
        r.format
    );
    corpus_section(&mut out, r);
    matrix_section(&mut out, r);
    values_section(&mut out, r);
    recurring_section(&mut out, r, opts);
    pairs_section(&mut out, r, opts);
    reuse_section(&mut out, r, opts);
    treaties_section(&mut out, r);
    if !r.errors.is_empty() {
        out.push_str("## Files not analysed\n\n");
        for e in r.errors {
            let _ = writeln!(out, "- `{}`: {}", code(&e.file), escape(&e.message));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_html() {
        assert_eq!(escape("a|b *c* <script>"), "a\\|b \\*c\\* \\<script\\>");
        assert_eq!(escape("x\n\n  y"), "x y");
        assert_eq!(guard_line_start(escape("1. First")), "1\\. First");
        assert_eq!(guard_line_start(escape("- item")), "\\- item");
    }
}
