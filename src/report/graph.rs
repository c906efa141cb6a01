//! The genealogy as a graph file for Gephi, networkx, igraph (`genealogy.graphml`) and
//! Graphviz (`genealogy.dot`): treaties as nodes (file, title, date, words), links from a
//! source to the later treaty that takes `share` of its text from it (`main` for its main
//! source). The same graph is in report.json (`reuse.genealogy`).

use super::model::Report;
use std::fmt::Write;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn dot_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `genealogy.graphml`.
pub fn graphml(r: &Report<'_>) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
         <key id=\"file\" for=\"node\" attr.name=\"file\" attr.type=\"string\"/>\n\
         <key id=\"title\" for=\"node\" attr.name=\"title\" attr.type=\"string\"/>\n\
         <key id=\"date\" for=\"node\" attr.name=\"date\" attr.type=\"string\"/>\n\
         <key id=\"words\" for=\"node\" attr.name=\"words\" attr.type=\"long\"/>\n\
         <key id=\"share\" for=\"edge\" attr.name=\"share\" attr.type=\"double\"/>\n\
         <key id=\"main\" for=\"edge\" attr.name=\"main\" attr.type=\"boolean\"/>\n\
         <graph id=\"genealogy\" edgedefault=\"directed\">\n",
    );
    if let Some(u) = &r.reuse {
        let g = &u.genealogy;
        for (i, n) in g.nodes.iter().enumerate() {
            let _ = writeln!(
                out,
                "<node id=\"n{i}\"><data key=\"file\">{}</data><data key=\"title\">{}</data>\
                 <data key=\"date\">{}</data><data key=\"words\">{}</data></node>",
                xml(n.file),
                xml(&n.title),
                n.date.unwrap_or(""),
                n.words
            );
        }
        for (i, l) in g.links.iter().enumerate() {
            let _ = writeln!(
                out,
                "<edge id=\"e{i}\" source=\"n{}\" target=\"n{}\"><data key=\"share\">{}</data>\
                 <data key=\"main\">{}</data></edge>",
                l.from, l.to, l.share, l.main
            );
        }
    }
    out.push_str("</graph>\n</graphml>\n");
    out
}

/// `genealogy.dot`: earlier treaties above later ones; main sources drawn solid, other links
/// dashed, each labelled with its share.
pub fn dot(r: &Report<'_>) -> String {
    let mut out = String::from("digraph genealogy {\n  rankdir=TB;\n  node [shape=box];\n");
    if let Some(u) = &r.reuse {
        let g = &u.genealogy;
        for (i, n) in g.nodes.iter().enumerate() {
            let label = format!("{}\n{}", n.title, n.date.unwrap_or("undated"));
            let _ = writeln!(
                out,
                "  n{i} [label={}, file={}];",
                dot_str(&label),
                dot_str(n.file)
            );
        }
        for l in &g.links {
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{:.0}%\"{}];",
                l.from,
                l.to,
                l.share * 100.0,
                if l.main { "" } else { ", style=dashed" }
            );
        }
    }
    out.push_str("}\n");
    out
}
