//! `report.html`: one self-contained page (inline CSS and JavaScript, no network, no fonts)
//! laid out from the [`Report`] model: the corpus, the treaty × provision matrix as a heat map,
//! the values, recurring provisions and the closest pairs side by side with their differences
//! highlighted, and the text of every treaty, to which every citation links.
//!
//! All text from the treaties is HTML-escaped: treaty files are untrusted input. Tables sort
//! by a click on their heading and filter with the box above them; without JavaScript the page
//! still reads top to bottom, and it prints.

use super::model::{
    Cite, Document, PairOut, PassageOut, RecurringOut, Report, ReuseOut, TreatyPairOut, TreatyRef,
    ValueCell,
};
use super::percent;
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
            "Treaty", "Parties", "Signed", "Place", "Articles", "Warnings", "Format", "File",
        ],
    );
    out.push_str("<tbody>");
    for &i in &r.chronological {
        let d = &r.documents[i];
        let warnings: Vec<String> = d.warnings.iter().map(|w| esc(&w.message)).collect();
        let _ = write!(
            out,
            "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td class=\"date\">{}</td>\
             <td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"file\"><code>{}</code></td></tr>",
            d.anchor,
            esc(&d.short_title),
            esc(&d.parties.join("; ")),
            esc(d.date.unwrap_or("")),
            esc(d.place.unwrap_or("")),
            d.articles,
            warnings.join("<br>"),
            super::name_of(&d.format),
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
            "<th scope=\"col\" class=\"label\" data-label=\"{}\" title=\"{}: {} treaties\"><span>{}</span></th>",
            esc(l.id),
            esc(l.id),
            l.treaties,
            esc(l.name)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in &m.rows {
        let d = &r.documents[row.doc];
        let _ = write!(
            out,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td class=\"date\">{}</td>",
            d.anchor,
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
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"date\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td></tr>",
            d.anchor,
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
            "Clause A",
            "Order",
            "Clause B",
            "Score",
            "Shared words",
        ],
    );
    out.push_str("<tbody>");
    for (i, p) in pairs.iter().take(TABLE_ROWS).enumerate() {
        let _ = write!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr>",
            i + 1,
            cite(r, &p.a),
            p.arrow(),
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
            "<details id=\"{}\"><summary>{} <code>{}</code></summary>",
            d.anchor,
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

fn treaty_ref(r: &Report<'_>, t: &TreatyRef<'_>) -> String {
    format!(
        "<a href=\"#{}\"><cite>{}</cite></a> ({})",
        r.documents[t.doc].anchor,
        esc(&t.title),
        esc(t.date.unwrap_or("undated"))
    )
}

/// Heat-map cells are drawn for shares at least this large.
const HEAT_MIN: f64 = 0.02;
/// Treaty pairs shown side by side.
const SIDE_PAIRS: usize = 3;

/// Text reuse: a heat map of treaty-to-treaty shares in date order, the main sources, the
/// genealogy drawn by date, and the closest treaty pairs side by side.
fn reuse_section(out: &mut String, r: &Report<'_>, opts: &Options) {
    let Some(u) = &r.reuse else {
        return;
    };
    out.push_str("<section id=\"reuse\"><h2>Text reuse</h2>");
    if u.treaty_pairs.is_empty() {
        let _ = write!(
            out,
            "<p>No two treaties share a passage of {} words or more.</p></section>",
            u.params.min_words
        );
        return;
    }
    let _ = write!(
        out,
        "<p>Passages of at least {} aligned words two treaties share, wherever they stand; a \
         share is the part of a treaty's words inside the passages it shares with the other \
         (floored). {} share passages.</p>",
        u.params.min_words,
        esc(&super::count(
            u.treaty_pairs.len(),
            "pair of treaties",
            "pairs of treaties"
        ))
    );
    heat_map(out, r, u);
    if !u.sources.is_empty() {
        out.push_str(
            "<h3>Main sources</h3><p>Each treaty's main source: the earlier treaty that covers \
             most of it.</p>",
        );
        filter_box(out, "t-sources");
        out.push_str("<div class=\"wide\"><table id=\"t-sources\" class=\"sortable\">");
        head(
            out,
            &["Treaty", "Signed", "Main source", "Source signed", "Share"],
        );
        out.push_str("<tbody>");
        for s in &u.sources {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"num\" data-sort=\"{}\">{}</td></tr>",
                treaty_ref(r, &s.treaty),
                esc(s.treaty.date.unwrap_or("")),
                treaty_ref(r, &s.source),
                esc(s.source.date.unwrap_or("")),
                s.share,
                percent(s.share)
            );
        }
        out.push_str("</tbody></table></div>");
    }
    genealogy(out, u);
    side_by_side_treaties(out, r, u, opts);
    out.push_str("</section>");
}

/// Treaties in date order on both axes; the cell of row `t`, column `s` is the share of `t`
/// found in `s` (dark: most). Earlier sources lie left of the diagonal.
fn heat_map(out: &mut String, r: &Report<'_>, u: &ReuseOut<'_>) {
    let order = &r.chronological;
    let n = order.len();
    let mut rank = vec![0; n];
    for (i, &d) in order.iter().enumerate() {
        rank[d] = i;
    }
    let size = 640.0;
    let cell = size / n.max(1) as f64;
    let _ = write!(
        out,
        "<h3>Who shares with whom</h3><p>Rows and columns are the treaties by date of \
         signature; the cell of a row and a column is the share of the row's treaty found in \
         the column's (darker: more; shares under {} % not drawn). Sources signed earlier lie \
         left of the diagonal.</p><figure class=\"heat-map\"><svg xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" role=\"img\" \
         aria-label=\"Heat map of treaty-to-treaty text reuse\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fafafa\" stroke=\"#ccc\"/>",
        (HEAT_MIN * 100.0).round()
    );
    let mut cells = String::new();
    for p in &u.treaty_pairs {
        for (row, col, share) in [(p.b.doc, p.a.doc, p.share_b), (p.a.doc, p.b.doc, p.share_a)] {
            if share < HEAT_MIN {
                continue;
            }
            let _ = write!(
                cells,
                "<rect x=\"{:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" \
                 fill-opacity=\"{:.2}\"/>",
                rank[col] as f64 * cell,
                rank[row] as f64 * cell,
                cell.max(0.5),
                cell.max(0.5),
                share.clamp(0.05, 1.0)
            );
        }
    }
    let _ = write!(
        out,
        "<g fill=\"#8b0000\">{cells}</g><line x1=\"0\" y1=\"0\" x2=\"{size}\" y2=\"{size}\" \
         stroke=\"#999\" stroke-width=\"0.5\"/></svg></figure>"
    );
}

/// The genealogy by date: one lane per family (treaties linked to each other), each treaty a
/// dot at its date of signature, each link an arc from the source to the later treaty (solid:
/// main source).
fn genealogy(out: &mut String, u: &ReuseOut<'_>) {
    let g = &u.genealogy;
    if g.links.is_empty() {
        return;
    }
    // Families: connected components of the links.
    let n = g.nodes.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for l in &g.links {
        let (a, b) = (root(&mut parent, l.from), root(&mut parent, l.to));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    // Lanes in order of each family's earliest treaty (nodes are by date).
    let mut lane_of_root: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut lanes: Vec<Vec<usize>> = Vec::new();
    for i in 0..n {
        let r0 = root(&mut parent, i);
        let lane = *lane_of_root.entry(r0).or_insert_with(|| {
            lanes.push(Vec::new());
            lanes.len() - 1
        });
        lanes[lane].push(i);
    }
    let year = |i: usize| -> Option<f64> {
        let d = g.nodes[i].date?;
        let y: f64 = d.get(0..4)?.parse().ok()?;
        let m: f64 = d.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1.0);
        Some(y + (m - 1.0) / 12.0)
    };
    let years: Vec<f64> = (0..n).filter_map(year).collect();
    let (lo, hi) = (
        years.iter().copied().fold(f64::INFINITY, f64::min).floor(),
        years
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
            .ceil()
            + 1.0,
    );
    let (left, width, lane_h) = (260.0, 640.0, 18.0);
    let x = |i: usize| year(i).map_or(left, |y| left + (y - lo) / (hi - lo).max(1.0) * width);
    let height = lanes.len() as f64 * lane_h + 30.0;
    let mut lane = vec![0; n];
    for (k, l) in lanes.iter().enumerate() {
        for &i in l {
            lane[i] = k;
        }
    }
    let y = |i: usize| 20.0 + lane[i] as f64 * lane_h + lane_h / 2.0;
    let _ = write!(
        out,
        "<h3>Genealogy</h3><p>Families of treaties linked to their sources, one lane per \
         family, each treaty at its date of signature; an arc runs from a source to the later \
         treaty (solid: its main source, covering at least {} %; dashed: another source \
         covering at least {} %). {} treaties, {} links; genealogy.graphml and genealogy.dot \
         hold the graph.</p><figure class=\"genealogy\"><svg xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" role=\"img\" \
         aria-label=\"Genealogy of treaties by date\">",
        (u.links.main_share * 100.0).round(),
        (u.links.other_share * 100.0).round(),
        n,
        g.links.len(),
        w = left + width + 20.0
    );
    // The time axis.
    let step = ((hi - lo) / 8.0).ceil().max(1.0);
    let mut t = lo;
    while t <= hi {
        let tx = left + (t - lo) / (hi - lo).max(1.0) * width;
        let _ = write!(
            out,
            "<line x1=\"{tx:.1}\" y1=\"14\" x2=\"{tx:.1}\" y2=\"{height}\" stroke=\"#eee\"/>\
             <text x=\"{tx:.1}\" y=\"11\" font-size=\"10\" text-anchor=\"middle\">{t}</text>"
        );
        t += step;
    }
    for (k, l) in lanes.iter().enumerate() {
        let first = &g.nodes[l[0]];
        let mut label: String = first.title.chars().take(40).collect();
        if first.title.chars().count() > 40 {
            label.push('…');
        }
        let _ = write!(
            out,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"10\">{} ({})</text>",
            20.0 + k as f64 * lane_h + lane_h / 2.0 + 3.0,
            esc(&label),
            l.len()
        );
    }
    for l in &g.links {
        let (x1, y1, x2, y2) = (x(l.from), y(l.from), x(l.to), y(l.to));
        let _ = write!(
            out,
            "<path d=\"M{x1:.1},{y1:.1} Q{:.1},{:.1} {x2:.1},{y2:.1}\" fill=\"none\" \
             stroke=\"#555\" stroke-width=\"{:.2}\"{}><title>{} → {}: {}</title></path>",
            (x1 + x2) / 2.0,
            y1.min(y2) - 8.0,
            0.5 + l.share * 1.5,
            if l.main {
                ""
            } else {
                " stroke-dasharray=\"3 2\""
            },
            esc(&g.nodes[l.from].title),
            esc(&g.nodes[l.to].title),
            percent(l.share)
        );
    }
    for (i, node) in g.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#8b0000\"><title>{} ({})</title></circle>",
            x(i),
            y(i),
            esc(&node.title),
            esc(node.date.unwrap_or("undated"))
        );
    }
    out.push_str("</svg></figure>");
}

/// The treaty pairs that share most (of the later treaty), side by side: the segments that
/// hold shared passages, passages marked and linked to their counterpart.
fn side_by_side_treaties(out: &mut String, r: &Report<'_>, u: &ReuseOut<'_>, opts: &Options) {
    let shown: Vec<&TreatyPairOut> = u
        .treaty_pairs
        .iter()
        .filter(|p| {
            u.passages
                .iter()
                .any(|q| q.a.doc == p.a.doc && q.b.doc == p.b.doc)
        })
        .take(SIDE_PAIRS.min(opts.top.max(1)))
        .collect();
    if shown.is_empty() {
        return;
    }
    out.push_str(
        "<h3>Side by side</h3><p>The treaty pairs that share the largest part of the later \
         treaty, both texts in two columns; a shared passage is marked in both and links to \
         its counterpart.</p>",
    );
    for (k, p) in shown.iter().enumerate() {
        let passages: Vec<(usize, &PassageOut)> = u
            .passages
            .iter()
            .enumerate()
            .filter(|(_, q)| q.a.doc == p.a.doc && q.b.doc == p.b.doc)
            .collect();
        let _ = write!(
            out,
            "<details{}><summary>{} → {}: {} of the later, {} of the earlier, {}</summary>\
             <div class=\"side\">",
            if k == 0 { " open" } else { "" },
            treaty_ref(r, &p.a),
            treaty_ref(r, &p.b),
            percent(p.share_b),
            percent(p.share_a),
            esc(&super::count(p.passages, "passage", "passages"))
        );
        for side in [0, 1] {
            let doc = if side == 0 { p.a.doc } else { p.b.doc };
            // Segments of this side that hold a passage, in text order, with their marks.
            let mut segs: std::collections::BTreeMap<usize, Vec<(u32, u32, usize)>> =
                Default::default();
            for &(i, q) in &passages {
                let (c, span) = if side == 0 {
                    (&q.a, q.bytes_a)
                } else {
                    (&q.b, q.bytes_b)
                };
                segs.entry(c.seg).or_default().push((span[0], span[1], i));
            }
            let d = &r.documents[doc];
            let _ = write!(
                out,
                "<div class=\"col\"><h4>{}</h4>",
                treaty_ref(r, if side == 0 { &p.a } else { &p.b })
            );
            for (seg, s) in d.segments.iter().enumerate() {
                let mut marks = segs.remove(&seg).unwrap_or_default();
                marks.sort_unstable();
                let mut text = String::new();
                let mut at = 0usize;
                for (a, b, i) in marks {
                    let (a, b) = (a as usize, b as usize);
                    if a < at || b > s.text.len() {
                        continue; // overlapping another passage already marked
                    }
                    text.push_str(&esc(&s.text[at..a]));
                    let _ = write!(
                        text,
                        "<a class=\"passage\" id=\"q-{k}-{i}-{side}\" href=\"#q-{k}-{i}-{}\"><mark>{}</mark></a>",
                        1 - side,
                        esc(&s.text[a..b])
                    );
                    at = b;
                }
                text.push_str(&esc(&s.text[at..]));
                let _ = write!(
                    out,
                    "<h5>{}</h5><p class=\"text\">{text}</p>",
                    esc(&s.citation)
                );
            }
            out.push_str("</div>");
        }
        out.push_str("</div></details>");
    }
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
         <a href=\"#reuse\">Text reuse</a> \
         <a href=\"#texts\">Texts</a></nav></header><main>",
    );
    corpus_section(&mut out, r);
    matrix_section(&mut out, r);
    values_section(&mut out, r);
    recurring_section(&mut out, r, opts);
    pairs_section(&mut out, r, opts);
    reuse_section(&mut out, r, opts);
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
