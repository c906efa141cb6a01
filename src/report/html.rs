//! `report.html`: one self-contained page (inline CSS and JavaScript, no network, no fonts)
//! laid out from the [`Report`] model: the corpus, the treaty × provision matrix as a heat map,
//! the values, recurring provisions and the closest pairs side by side with their differences
//! highlighted, and the text of every treaty, to which every citation links.
//!
//! All text from the treaties is HTML-escaped: treaty files are untrusted input. Tables sort
//! by a click on their heading and filter with the box above them; without JavaScript the page
//! still reads top to bottom, and it prints.

use super::model::{Cite, Document, PairOut, RecurringOut, Report, ValueCell};
use super::sentence;
use super::Options;
use crate::compare::align::Op;
use crate::compare::recurring::GroupKind;
use crate::compare::score_text;
use std::fmt::Write;

/// Rows at most in the long tables (pairs, clusters); the CSV and JSON hold the rest.
pub const TABLE_ROWS: usize = 1000;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/script.js");

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn anchor(doc: usize, seg: usize) -> String {
    format!("s-{doc}-{seg}")
}

fn treaty(d: &Document<'_>) -> String {
    format!(
        "<cite>{}</cite> ({})",
        esc(&d.short_title),
        esc(d.date.unwrap_or("undated"))
    )
}

/// A citation linking to the article's text.
fn cite(r: &Report<'_>, c: &Cite<'_>) -> String {
    format!(
        "<a href=\"#{}\">{}, {}</a>",
        anchor(c.doc, c.seg),
        treaty(r.doc(c)),
        esc(&r.segment(c).citation)
    )
}

fn filter_box(out: &mut String, table: &str) {
    let _ = write!(
        out,
        "<input type=\"search\" class=\"filter\" data-table=\"{table}\" \
         placeholder=\"Filter rows…\" aria-label=\"Filter rows\">"
    );
}

fn head(out: &mut String, cols: &[&str]) {
    out.push_str("<thead><tr>");
    for c in cols {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(c));
    }
    out.push_str("</tr></thead>");
}

/// The two clauses of a pair side by side: words only in the first struck through, words
/// only in the second underlined, shared passages plain.
fn side_by_side(out: &mut String, r: &Report<'_>, p: &PairOut<'_>) {
    let Some(al) = p.alignment else { return };
    let ta = r.segment(&p.a).text;
    let tb = r.segment(&p.b).text;
    let side = |text: &str, which: Op| {
        let mut s = String::new();
        for piece in &al.pieces {
            let range = match (piece.op, which) {
                (Op::Equal, Op::Delete) | (Op::Delete, Op::Delete) => piece.a,
                (Op::Equal, Op::Insert) | (Op::Insert, Op::Insert) => piece.b,
                _ => None,
            };
            let Some(range) = range else { continue };
            let raw = &text[range.start..range.end];
            let body = raw.trim_end();
            let (t, gap) = (esc(body), &raw[body.len()..]);
            match piece.op {
                Op::Equal => s.push_str(&t),
                Op::Delete => {
                    let _ = write!(s, "<del>{t}</del>");
                }
                Op::Insert => {
                    let _ = write!(s, "<ins>{t}</ins>");
                }
            }
            // White space after a changed run stays outside its mark.
            s.push_str(gap);
        }
        s
    };
    let _ = write!(
        out,
        "<div class=\"side\"><div class=\"col\"><h4>{}</h4><p class=\"text\">{}</p></div>\
         <div class=\"col\"><h4>{}</h4><p class=\"text\">{}</p></div></div>",
        cite(r, &p.a),
        side(ta, Op::Delete),
        cite(r, &p.b),
        side(tb, Op::Insert)
    );
}

fn pair_summary(r: &Report<'_>, p: &PairOut<'_>) -> String {
    format!(
        "{} {} {}: {} <b>{}</b>{}, {} shared words",
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
    out.push_str("<section id=\"corpus\"><h2>Corpus</h2>");
    filter_box(out, "t-corpus");
    out.push_str("<div class=\"wide\"><table id=\"t-corpus\" class=\"sortable\">");
    head(
        out,
        &[
            "Treaty", "Parties", "Signed", "Place", "Articles", "Warnings", "File",
        ],
    );
    out.push_str("<tbody>");
    for &i in &r.chronological {
        let d = &r.documents[i];
        let warnings: Vec<String> = d.warnings.iter().map(|w| esc(&w.message)).collect();
        let _ = write!(
            out,
            "<tr><td><a href=\"#d-{i}\">{}</a></td><td>{}</td><td class=\"date\">{}</td>\
             <td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"file\"><code>{}</code></td></tr>",
            esc(&d.short_title),
            esc(&d.parties.join("; ")),
            esc(d.date.unwrap_or("")),
            esc(d.place.unwrap_or("")),
            d.articles,
            warnings.join("<br>"),
            esc(d.file)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn matrix_section(out: &mut String, r: &Report<'_>) {
    let m = &r.matrix;
    out.push_str("<section id=\"matrix\"><h2>Provisions by treaty</h2>");
    if m.labels.is_empty() {
        out.push_str("<p>No provision of the taxonomy was found.</p></section>");
        return;
    }
    out.push_str(
        "<p>Which article of each treaty carries each provision; the darker the cell, the more \
         clauses carry it. Click a citation to read the article.</p>",
    );
    filter_box(out, "t-matrix");
    out.push_str("<div class=\"scroll\"><table id=\"t-matrix\" class=\"sortable heat\"><thead><tr><th scope=\"col\">Treaty</th><th scope=\"col\">Signed</th>");
    for l in &m.labels {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"label\" title=\"{}: {} treaties\"><span>{}</span></th>",
            esc(l.name),
            l.treaties,
            esc(l.id)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in &m.rows {
        let d = &r.documents[row.doc];
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#d-{}\">{}</a></th><td class=\"date\">{}</td>",
            row.doc,
            esc(&d.short_title),
            esc(d.date.unwrap_or(""))
        );
        for (cells, segs) in row.cells.iter().zip(&row.segs) {
            let links: Vec<String> = cells
                .iter()
                .zip(segs)
                .map(|(c, &s)| {
                    format!(
                        "<a href=\"#{}\">{}</a>",
                        anchor(row.doc, s),
                        esc(c).replace(' ', "&nbsp;")
                    )
                })
                .collect();
            let _ = write!(
                out,
                "<td class=\"h{}\" data-sort=\"{}\">{}</td>",
                cells.len().min(3),
                cells.len(),
                links.join(" ")
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody><tfoot><tr><th scope=\"row\">Treaties</th><td></td>");
    for l in &m.labels {
        let _ = write!(out, "<td class=\"num\">{}</td>", l.treaties);
    }
    out.push_str("</tr></tfoot></table></div>");
    if !m.absent.is_empty() {
        let absent: Vec<String> = m
            .absent
            .iter()
            .map(|a| format!("<code>{}</code>", esc(a)))
            .collect();
        let _ = write!(out, "<p>No treaty carries: {}.</p>", absent.join(", "));
    }
    out.push_str("</section>");
}

fn value_cells(doc: usize, cells: &[ValueCell<'_>]) -> String {
    cells
        .iter()
        .map(|c| {
            format!(
                "<span title=\"{}\">{}</span> (<a href=\"#{}\">{}</a>)",
                esc(c.evidence),
                esc(&c.text),
                anchor(doc, c.seg),
                esc(&c.article)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn values_section(out: &mut String, r: &Report<'_>) {
    out.push_str("<section id=\"values\"><h2>Term, renewal and notice</h2>");
    if r.values.is_empty() {
        out.push_str("<p>No treaty states a term, renewal or notice period.</p></section>");
        return;
    }
    let _ = write!(out, "<p>{}</p>", esc(super::VALUES_LEGEND));
    filter_box(out, "t-values");
    out.push_str("<div class=\"wide\"><table id=\"t-values\" class=\"sortable\">");
    head(out, &["Treaty", "Signed", "Term", "Renewal", "Notice"]);
    out.push_str("<tbody>");
    for row in &r.values {
        let d = &r.documents[row.doc];
        let _ = write!(
            out,
            "<tr><td><a href=\"#d-{}\">{}</a></td><td class=\"date\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            row.doc,
            esc(&d.short_title),
            esc(d.date.unwrap_or("")),
            value_cells(row.doc, &row.term),
            value_cells(row.doc, &row.renewal),
            value_cells(row.doc, &row.notice)
        );
    }
    out.push_str("</tbody></table></div></section>");
}

fn group(out: &mut String, r: &Report<'_>, g: &RecurringOut<'_>, opts: &Options) {
    let title = match g.kind {
        GroupKind::Label => format!(
            "{} (<code>{}</code>)",
            esc(g.name.unwrap_or("")),
            esc(g.label.unwrap_or(""))
        ),
        GroupKind::Wording => format!(
            "Wording cluster <code>{}</code>{}",
            esc(g.id),
            g.label
                .map(|l| format!(", mostly <code>{}</code>", esc(l)))
                .unwrap_or_default()
        ),
    };
    let _ = write!(
        out,
        "<article class=\"group\" id=\"{}\"><h3>{title}</h3><p>{} treaties, {} clauses{}.</p>",
        esc(&g.id.replace(':', "-")),
        g.treaties,
        g.members.len(),
        g.mean_score
            .map(|s| {
                format!(
                    ", mean similarity {} over {} pairs",
                    score_text(s, 2),
                    g.pairs_total
                )
            })
            .unwrap_or_default()
    );
    let _ = write!(
        out,
        "<details{}><summary>Clauses</summary><ul class=\"members\">",
        if g.members.len() <= opts.top {
            " open"
        } else {
            ""
        }
    );
    for m in &g.members {
        let _ = write!(
            out,
            "<li>{}: <q>{}</q></li>",
            cite(r, &m.cite),
            esc(&m.quote)
        );
    }
    out.push_str("</ul></details>");
    match (&g.closest, g.closest_as_in) {
        (Some(p), Some(earlier)) => {
            let _ = write!(
                out,
                "<p>Closest pair: the same as for <code>{}</code> above ({} {}).</p>",
                esc(earlier),
                p.measure.name(),
                score_text(p.score, 2)
            );
        }
        (Some(p), None) => {
            let _ = write!(out, "<p>Closest pair: {}.</p>", pair_summary(r, p));
            side_by_side(out, r, p);
        }
        _ => {}
    }
    out.push_str("</article>");
}

fn recurring_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    if r.recurring.is_none() {
        return;
    }
    out.push_str("<section id=\"recurring\"><h2>Recurring provisions</h2>");
    let labels = r.groups(GroupKind::Label);
    let wording = r.groups(GroupKind::Wording);
    if labels.is_empty() && wording.is_empty() {
        out.push_str("<p>No provision recurs in two or more treaties.</p></section>");
        return;
    }
    out.push_str(
        "<p>Provisions carried by two or more treaties. The closest pair is shown from the \
         earlier treaty (left) to the later one (right): <del>struck</del> words only in the \
         earlier, <ins>underlined</ins> words only in the later.</p>",
    );
    for g in &labels {
        group(out, r, g, opts);
    }
    if !wording.is_empty() {
        let _ = write!(
            out,
            "<h3 id=\"clusters\">Clusters of near-identical wording</h3><p>{} clusters of \
             clauses whose wording reaches the threshold{}.</p>",
            wording.len(),
            if wording.len() > TABLE_ROWS {
                format!("; the {TABLE_ROWS} spanning most treaties are listed")
            } else {
                String::new()
            }
        );
        filter_box(out, "t-clusters");
        out.push_str("<div class=\"wide\"><table id=\"t-clusters\" class=\"sortable\">");
        head(
            out,
            &["Cluster", "Treaties", "Clauses", "Label", "Representative"],
        );
        out.push_str("<tbody>");
        for g in wording.iter().take(TABLE_ROWS) {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td>{}</td><td>{}</td></tr>",
                esc(g.id),
                g.treaties,
                g.members.len(),
                esc(g.label.unwrap_or("")),
                cite(r, &g.representative.cite)
            );
        }
        out.push_str("</tbody></table></div>");
        for g in wording.iter().take(opts.top) {
            group(out, r, g, opts);
        }
    }
    out.push_str("</section>");
}

fn pairs_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    let (Some(c), Some(pairs)) = (&r.comparison, &r.pairs) else {
        return;
    };
    out.push_str("<section id=\"pairs\"><h2>Closest clause pairs</h2>");
    if pairs.is_empty() {
        match &c.best_below {
            Some(p) => {
                let _ = write!(
                    out,
                    "<p>No pair of clauses from different treaties reaches {} {}. The closest \
                     pair there is: {}.</p>",
                    esc(c.params.measure.name()),
                    c.params.threshold,
                    pair_summary(r, p)
                );
                side_by_side(out, r, p);
            }
            None => {
                let _ = write!(
                    out,
                    "<p>{}.</p>",
                    esc(&sentence(c.note.unwrap_or("No pair reaches the threshold")))
                );
            }
        }
        out.push_str("</section>");
        return;
    }
    let _ = write!(
        out,
        "<p>{} pairs of clauses from different treaties reach {} {}{}. → points from the \
         earlier treaty to the later by date of signature; ~ marks a pair whose order is \
         unknown (a date missing or the same).</p>",
        pairs.len(),
        esc(c.params.measure.name()),
        c.params.threshold,
        if pairs.len() > TABLE_ROWS {
            format!("; the {TABLE_ROWS} closest are listed (all in pairs.csv)")
        } else {
            String::new()
        }
    );
    filter_box(out, "t-pairs");
    out.push_str("<div class=\"wide\"><table id=\"t-pairs\" class=\"sortable\">");
    head(
        out,
        &[
            "#",
            "Clause A (earlier)",
            "Clause B (later)",
            "Score",
            "Shared words",
        ],
    );
    out.push_str("<tbody>");
    for (i, p) in pairs.iter().take(TABLE_ROWS).enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            i + 1,
            cite(r, &p.a),
            cite(r, &p.b),
            score_text(p.score, 4),
            p.shared_words
        );
    }
    out.push_str("</tbody></table></div>");
    for (i, p) in pairs
        .iter()
        .take(opts.top)
        .enumerate()
        .filter(|(_, p)| p.alignment.is_some())
    {
        let _ = write!(
            out,
            "<article class=\"pair\" id=\"{}\"><h3>{}. {}</h3>",
            esc(p.id),
            i + 1,
            pair_summary(r, p)
        );
        side_by_side(out, r, p);
        out.push_str("</article>");
    }
    out.push_str("</section>");
}

fn texts_section(out: &mut String, r: &Report<'_>) {
    out.push_str(
        "<section id=\"texts\"><h2>Texts</h2><p>The segments as clausemap read them; \
         source lines in brackets.</p>",
    );
    for (i, d) in r.documents.iter().enumerate() {
        let _ = write!(
            out,
            "<details id=\"d-{i}\"><summary>{} <code>{}</code></summary>",
            treaty(d),
            esc(d.file)
        );
        if let Some(t) = d.title {
            let _ = write!(out, "<p class=\"title\">{}</p>", esc(t));
        }
        for (j, s) in d.segments.iter().enumerate() {
            let labels: Vec<String> = s
                .labels
                .iter()
                .map(|l| format!("<code title=\"{}\">{}</code>", esc(&l.evidence), esc(&l.id)))
                .collect();
            let _ = write!(
                out,
                "<section class=\"seg\" id=\"{}\"><h4>{}{} <small>[lines {}–{}]</small> {}</h4>",
                anchor(i, j),
                esc(&s.citation),
                s.heading
                    .map(|h| format!(": {}", esc(h)))
                    .unwrap_or_default(),
                s.span.line_start,
                s.span.line_end,
                labels.join(" ")
            );
            let _ = write!(out, "<p class=\"text\">{}</p></section>", esc(s.text));
        }
        out.push_str("</details>");
    }
    out.push_str("</section>");
}

/// The page.
pub fn render(r: &Report<'_>, opts: &Options) -> String {
    let mut out = String::with_capacity(1 << 16);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"clausemap {}\">\
         <title>Treaty comparison: {} treaties</title><style>{STYLE}</style></head><body>",
        env!("CARGO_PKG_VERSION"),
        r.summary.documents
    );
    let _ = write!(
        out,
        "<header><h1>Treaty comparison</h1><p>{}",
        esc(&r.headline())
    );
    if let Some(m) = r.method_line() {
        let _ = write!(out, " {}", esc(&m));
    }
    out.push_str(
        " Dates are dates of signature.</p><nav><a href=\"#corpus\">Corpus</a> \
         <a href=\"#matrix\">Provisions</a> <a href=\"#values\">Term and notice</a> \
         <a href=\"#recurring\">Recurring</a> <a href=\"#pairs\">Closest pairs</a> \
         <a href=\"#texts\">Texts</a></nav></header><main>",
    );
    corpus_section(&mut out, r);
    matrix_section(&mut out, r);
    values_section(&mut out, r);
    recurring_section(&mut out, r, opts);
    pairs_section(&mut out, r, opts);
    texts_section(&mut out, r);
    if !r.errors.is_empty() {
        out.push_str("<section id=\"errors\"><h2>Files not analysed</h2><ul>");
        for e in r.errors {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(&e.file),
                esc(&e.message)
            );
        }
        out.push_str("</ul></section>");
    }
    let _ = writeln!(out, "</main><script>{SCRIPT}</script></body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
