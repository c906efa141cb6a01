//! The corpus dictionary of shingle (or feature) keys: how many records and how many treaties
//! hold each key, and a dense id per key in a chosen global order.
//!
//! Keys are split into range shards (boundaries from a sample of the keys), and each shard is
//! counted by one thread; since every record's keys are sorted, a shard's keys are one slice
//! of each record, found by binary search.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// What the corpus says about one key.
#[derive(Debug, Clone, Copy)]
pub struct Stat {
    /// Records (articles) holding the key.
    pub df: u32,
    /// Treaties holding the key.
    pub treaties: u32,
    last_doc: u32,
    /// Dense id, or [`DROPPED`].
    pub id: u32,
}

/// The id of a key left out of the features (boilerplate).
pub const DROPPED: u32 = u32::MAX;

pub struct Dictionary {
    /// Shard `s` holds keys in `bounds[s]..bounds[s + 1]`.
    bounds: Vec<u64>,
    shards: Vec<FxHashMap<u64, Stat>>,
}

impl Dictionary {
    /// Counts the keys of `records` (each sorted and distinct); `docs[r]` is the treaty of
    /// record `r`, and records of one treaty must be contiguous.
    pub fn build(records: &[Vec<u64>], docs: &[u32]) -> Dictionary {
        let total: usize = records.iter().map(Vec::len).sum();
        let threads = rayon::current_num_threads().max(1);
        let n_shards = if total < 50_000 {
            1
        } else {
            (threads * 8).min(256)
        };
        let mut sample: Vec<u64> = records
            .iter()
            .flat_map(|r| r.iter().step_by(97).copied())
            .collect();
        sample.sort_unstable();
        let mut bounds = vec![0u64];
        for s in 1..n_shards {
            if let Some(&b) = sample.get(s * sample.len() / n_shards) {
                if b > *bounds.last().unwrap() {
                    bounds.push(b);
                }
            }
        }
        bounds.push(u64::MAX);
        let shards = (0..bounds.len() - 1)
            .into_par_iter()
            .map(|s| {
                let (lo, hi) = (bounds[s], bounds[s + 1]);
                let last_shard = s == bounds.len() - 2;
                let mut map = FxHashMap::<u64, Stat>::default();
                for (r, keys) in records.iter().enumerate() {
                    let a = keys.partition_point(|&k| k < lo);
                    let b = if last_shard {
                        keys.len()
                    } else {
                        keys.partition_point(|&k| k < hi)
                    };
                    let doc = docs[r];
                    for &k in &keys[a..b] {
                        let e = map.entry(k).or_insert(Stat {
                            df: 0,
                            treaties: 0,
                            last_doc: u32::MAX,
                            id: DROPPED,
                        });
                        e.df += 1;
                        if e.last_doc != doc {
                            e.treaties += 1;
                            e.last_doc = doc;
                        }
                    }
                }
                map
            })
            .collect();
        Dictionary { bounds, shards }
    }

    fn shard_of(&self, key: u64) -> usize {
        (self.bounds.partition_point(|&b| b <= key) - 1).min(self.shards.len() - 1)
    }

    pub fn get(&self, key: u64) -> Option<&Stat> {
        self.shards[self.shard_of(key)].get(&key)
    }

    /// Gives ids 0.. to the kept keys in the order of `sort_key(stat, key)`; the others get
    /// [`DROPPED`]. Returns how many keys were kept and how many dropped.
    pub fn assign_ids<K: Ord + Send>(
        &mut self,
        keep: impl Fn(&Stat) -> bool + Sync,
        sort_key: impl Fn(&Stat, u64) -> K + Sync,
    ) -> (usize, usize) {
        let mut all: Vec<(K, u64)> = self
            .shards
            .par_iter()
            .flat_map_iter(|m| {
                m.iter()
                    .filter(|(_, s)| keep(s))
                    .map(|(&k, s)| (sort_key(s, k), k))
            })
            .collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let total: usize = self.shards.iter().map(|m| m.len()).sum();
        for (id, (_, k)) in all.iter().enumerate() {
            let s = self.shard_of(*k);
            if let Some(st) = self.shards[s].get_mut(k) {
                st.id = id as u32;
            }
        }
        (all.len(), total - all.len())
    }

    /// The ids of sorted `keys`, dropped keys left out.
    pub fn ids(&self, keys: &[u64]) -> Vec<u32> {
        let mut out = Vec::with_capacity(keys.len());
        let mut s = 0;
        for &k in keys {
            while s + 1 < self.shards.len() && k >= self.bounds[s + 1] {
                s += 1;
            }
            if let Some(st) = self.shards[s].get(&k) {
                if st.id != DROPPED {
                    out.push(st.id);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_records_and_treaties_across_shards() {
        // Enough keys for several shards.
        let records: Vec<Vec<u64>> = (0..200u64)
            .map(|r| (0..400u64).map(|k| k * 1_000_003 + (r % 3)).collect())
            .collect();
        let docs: Vec<u32> = (0..200u32).map(|r| r / 10).collect();
        let mut d = Dictionary::build(&records, &docs);
        let s = d.get(5 * 1_000_003).unwrap();
        assert_eq!(s.df, 67); // records r with r % 3 == 0
        assert_eq!(s.treaties, 20);
        let (kept, dropped) = d.assign_ids(|s| s.df < 67, |s, _| s.df);
        // Keys of records r % 3 == 2 are in 66 records, the others in 67.
        assert_eq!(kept, 400);
        assert_eq!(dropped, 800);
        let ids = d.ids(&records[2]);
        assert_eq!(ids.len(), 400);
        assert_eq!(ids, (0..400).collect::<Vec<u32>>());
        assert!(d.ids(&records[0]).is_empty());
    }
}
