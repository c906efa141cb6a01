//! Recurring provisions: what recurs across treaties, grouped two ways.
//!
//! - **By label**: the segments in different treaties that carry one provision label, with
//!   their pairwise similarities, the closest pair and a representative (the member most
//!   similar on average to the members of the other treaties).
//! - **By wording**: clusters of near-identical clauses (connected components of the pairs
//!   that reach the threshold), with a representative (the member with the highest summed
//!   similarity inside the cluster) and the label most members share.

use super::corpus::{ScoredPair, SegRef};
use super::{Index, Pair};
use crate::model::Corpus;
use rayon::prelude::*;
use serde::Serialize;

/// Listed pairs per group; `pairs_total` says how many there are.
pub const LISTED_PAIRS: usize = 10;
/// Groups with more members than this are scored through the join's pairs only, not all
/// pairs of members.
pub const ALL_PAIRS_UP_TO: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    Label,
    Wording,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurring {
    pub id: String,
    pub kind: GroupKind,
    /// The provision label (for a wording cluster, the label most members carry).
    pub label: Option<String>,
    pub members: Vec<SegRef>,
    pub treaties: usize,
    /// The most similar pairs of members from different treaties, best first.
    pub pairs: Vec<ScoredPair>,
    /// Pairs of members from different treaties (scored, for label groups up to
    /// [`ALL_PAIRS_UP_TO`] members; reaching the threshold, for wording clusters).
    pub pairs_total: usize,
    /// Mean similarity over those pairs.
    pub mean_score: Option<f64>,
    pub representative: SegRef,
    /// The closest pair, directed and aligned (filled by `corpus::compare`).
    pub closest: Option<super::corpus::ClausePair>,
}

/// Label groups (taxonomy order) then wording clusters (most treaties first).
pub fn find(corpus: &Corpus, refs: &[SegRef], index: &Index, pairs: &[Pair]) -> Vec<Recurring> {
    // Labels in taxonomy order; each group scored on its own thread (a label can have
    // hundreds of members, so tens of thousands of pairs to score).
    let mut out: Vec<Recurring> = corpus
        .labels
        .par_iter()
        .filter_map(|label| label_group(corpus, refs, index, pairs, &label.id))
        .collect();
    out.extend(wording(corpus, refs, pairs));
    out
}

fn label_group(
    corpus: &Corpus,
    refs: &[SegRef],
    index: &Index,
    pairs: &[Pair],
    label: &str,
) -> Option<Recurring> {
    let members: Vec<usize> = refs
        .iter()
        .enumerate()
        .filter(|(_, r)| crate::classify::has(&corpus.documents[r.doc].segments[r.seg], label))
        .map(|(i, _)| i)
        .collect();
    let treaties = distinct_docs(refs, &members);
    if treaties < 2 {
        return None;
    }
    let scored: Vec<Pair> = if members.len() <= ALL_PAIRS_UP_TO {
        members
            .par_iter()
            .enumerate()
            .flat_map_iter(|(i, &x)| {
                members[i + 1..]
                    .iter()
                    .filter(move |&&y| refs[x].doc != refs[y].doc)
                    .map(move |&y| Pair::new(x, y, index.score(x, y)))
            })
            .collect()
    } else {
        let set: std::collections::HashSet<usize> = members.iter().copied().collect();
        pairs
            .iter()
            .filter(|p| set.contains(&(p.a as usize)) && set.contains(&(p.b as usize)))
            .copied()
            .collect()
    };
    Some(group(
        format!("label:{label}"),
        GroupKind::Label,
        Some(label.to_string()),
        &members,
        treaties,
        scored,
        refs,
    ))
}

fn distinct_docs(refs: &[SegRef], members: &[usize]) -> usize {
    let mut d: Vec<usize> = members.iter().map(|&m| refs[m].doc).collect();
    d.sort_unstable();
    d.dedup();
    d.len()
}

fn group(
    id: String,
    kind: GroupKind,
    label: Option<String>,
    members: &[usize],
    treaties: usize,
    mut scored: Vec<Pair>,
    refs: &[SegRef],
) -> Recurring {
    // Representative: highest mean similarity over its scored pairs (ties: first member).
    let mut sum = std::collections::HashMap::<usize, (f64, usize)>::new();
    for p in &scored {
        for u in [p.a as usize, p.b as usize] {
            let e = sum.entry(u).or_insert((0.0, 0));
            e.0 += p.score;
            e.1 += 1;
        }
    }
    let representative = members
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let m = |u: usize| sum.get(&u).map_or(0.0, |&(s, n)| s / n as f64);
            m(x).total_cmp(&m(y)).then(y.cmp(&x))
        })
        .unwrap_or(members[0]);
    let total = scored.len();
    let mean = (total > 0).then(|| scored.iter().map(|p| p.score).sum::<f64>() / total as f64);
    scored.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    Recurring {
        id,
        kind,
        label,
        members: members.iter().map(|&m| refs[m]).collect(),
        treaties,
        pairs: scored
            .iter()
            .take(LISTED_PAIRS)
            .map(|p| ScoredPair {
                a: refs[p.a as usize],
                b: refs[p.b as usize],
                score: p.score,
            })
            .collect(),
        pairs_total: total,
        mean_score: mean,
        representative: refs[representative],
        closest: None,
    }
}

fn find_root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn wording(corpus: &Corpus, refs: &[SegRef], pairs: &[Pair]) -> Vec<Recurring> {
    let mut parent: Vec<usize> = (0..refs.len()).collect();
    for p in pairs {
        let (ra, rb) = (
            find_root(&mut parent, p.a as usize),
            find_root(&mut parent, p.b as usize),
        );
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut comps = std::collections::BTreeMap::<usize, Vec<usize>>::new();
    let mut touched: Vec<usize> = pairs
        .iter()
        .flat_map(|p| [p.a as usize, p.b as usize])
        .collect();
    touched.sort_unstable();
    touched.dedup();
    for u in touched {
        let r = find_root(&mut parent, u);
        comps.entry(r).or_default().push(u);
    }
    let mut in_comp = std::collections::HashMap::<usize, Vec<Pair>>::new();
    for p in pairs {
        let r = find_root(&mut parent, p.a as usize);
        in_comp.entry(r).or_default().push(*p);
    }
    let mut out = Vec::new();
    for (root, members) in comps {
        let treaties = distinct_docs(refs, &members);
        if treaties < 2 {
            continue;
        }
        // The label most members carry (taxonomy order breaks ties).
        let label = corpus
            .labels
            .iter()
            .map(|l| {
                let n = members
                    .iter()
                    .filter(|&&m| {
                        crate::classify::has(
                            &corpus.documents[refs[m].doc].segments[refs[m].seg],
                            &l.id,
                        )
                    })
                    .count();
                (n, &l.id)
            })
            .filter(|(n, _)| *n > 0)
            .max_by(|x, y| x.0.cmp(&y.0).then(std::cmp::Ordering::Greater))
            .map(|(_, id)| id.clone());
        let key: Vec<String> = members
            .iter()
            .map(|&m| {
                format!(
                    "{}\u{1f}{}",
                    corpus.documents[refs[m].doc].file, refs[m].seg
                )
            })
            .collect();
        let id = format!(
            "w-{:012x}",
            crate::tokenize::words_key(key.iter().map(String::as_str)) >> 16
        );
        let scored = in_comp.remove(&root).unwrap_or_default();
        out.push(group(
            id,
            GroupKind::Wording,
            label,
            &members,
            treaties,
            scored,
            refs,
        ));
    }
    out.sort_by(|x, y| {
        y.treaties
            .cmp(&x.treaties)
            .then(y.members.len().cmp(&x.members.len()))
            .then(x.members.cmp(&y.members))
    });
    out
}
