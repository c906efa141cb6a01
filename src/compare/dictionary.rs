//! The corpus dictionary of shingle (or feature) keys: how many records and how many treaties
//! hold each key, and a dense id per key in a chosen global order.
//!
//! Keys are split into range shards (boundaries from a sample of the keys), and each shard is
//! counted by one thread; since every record's keys are sorted, a shard's keys are one slice
//! of each record, found by binary search. While counting, each shard writes the slot of
//! every key occurrence into [`Slots`], so that ids are later read from an array instead of
//! looking every key up again.

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
}

/// The id of a key left out of the features (boilerplate).
pub const DROPPED: u32 = u32::MAX;

/// Per record, the dictionary slot of each of its keys (same positions as the keys).
pub type Slots = Vec<Vec<u32>>;

pub struct Dictionary {
    /// Shard `s` holds keys in `bounds[s]..bounds[s + 1]`.
    bounds: Vec<u64>,
    /// Per shard: key -> slot, relative to the shard's base.
    maps: Vec<FxHashMap<u64, u32>>,
    /// Per shard: the first global slot.
    base: Vec<u32>,
    /// By global slot.
    stats: Vec<Stat>,
    /// By global slot, after [`Dictionary::assign_ids`].
    id_of_slot: Vec<u32>,
    /// After [`Dictionary::assign_ids`]: the record count (df) of each id.
    pub df_of_id: Vec<u32>,
    /// After [`Dictionary::assign_ids`]: the treaty count of each id.
    pub treaties_of_id: Vec<u32>,
}

/// Pointers to each record's slot array, shared by the shard threads.
struct Shared(Vec<*mut u32>);
// SAFETY: shard threads write disjoint positions of each record's slot array (a key position
// belongs to exactly one shard's key range), through raw pointers only, and the arrays are
// neither read nor resized until all threads are done.
unsafe impl Sync for Shared {}
unsafe impl Send for Shared {}

impl Dictionary {
    /// Counts the keys of `records` (each sorted and distinct); `docs[r]` is the treaty of
    /// record `r`, and records of one treaty must be contiguous. Returns the slots of every
    /// key occurrence beside it.
    pub fn build(records: &[Vec<u64>], docs: &[u32]) -> (Dictionary, Slots) {
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
        let mut slots: Slots = records.iter().map(|r| vec![0u32; r.len()]).collect();
        let shared = Shared(slots.iter_mut().map(|v| v.as_mut_ptr()).collect());
        let shards: Vec<(FxHashMap<u64, u32>, Vec<Stat>)> = (0..bounds.len() - 1)
            .into_par_iter()
            .map(|s| {
                let shared = &shared;
                let (lo, hi) = (bounds[s], bounds[s + 1]);
                let last_shard = s == bounds.len() - 2;
                let mut map = FxHashMap::<u64, u32>::default();
                let mut stats = Vec::<Stat>::new();
                for (r, keys) in records.iter().enumerate() {
                    let a = keys.partition_point(|&k| k < lo);
                    let b = if last_shard {
                        keys.len()
                    } else {
                        keys.partition_point(|&k| k < hi)
                    };
                    let doc = docs[r];
                    let out = shared.0[r];
                    for (i, &k) in keys[a..b].iter().enumerate() {
                        let slot = *map.entry(k).or_insert_with(|| {
                            stats.push(Stat {
                                df: 0,
                                treaties: 0,
                                last_doc: u32::MAX,
                            });
                            stats.len() as u32 - 1
                        });
                        let e = &mut stats[slot as usize];
                        e.df += 1;
                        if e.last_doc != doc {
                            e.treaties += 1;
                            e.last_doc = doc;
                        }
                        // SAFETY: see `Shared`; position a + i < len of record r is this
                        // shard's alone.
                        unsafe { out.add(a + i).write(slot) };
                    }
                }
                (map, stats)
            })
            .collect();
        let mut base = Vec::with_capacity(shards.len());
        let mut next = 0u32;
        for (_, st) in &shards {
            base.push(next);
            next += st.len() as u32;
        }
        // Slots relative to their shard become global.
        slots
            .par_iter_mut()
            .zip(records.par_iter())
            .for_each(|(sl, keys)| {
                let mut s = 0;
                for (slot, &k) in sl.iter_mut().zip(keys) {
                    while s + 1 < base.len() && k >= bounds[s + 1] {
                        s += 1;
                    }
                    *slot += base[s];
                }
            });
        let mut maps = Vec::with_capacity(shards.len());
        let mut stats = Vec::with_capacity(next as usize);
        for (m, st) in shards {
            maps.push(m);
            stats.extend(st);
        }
        let dict = Dictionary {
            bounds,
            maps,
            base,
            stats,
            id_of_slot: Vec::new(),
            df_of_id: Vec::new(),
            treaties_of_id: Vec::new(),
        };
        (dict, slots)
    }

    fn shard_of(&self, key: u64) -> usize {
        (self.bounds.partition_point(|&b| b <= key) - 1).min(self.maps.len() - 1)
    }

    /// What the corpus says about `key`.
    pub fn get(&self, key: u64) -> Option<&Stat> {
        let s = self.shard_of(key);
        let slot = *self.maps[s].get(&key)?;
        Some(&self.stats[(self.base[s] + slot) as usize])
    }

    /// Gives ids 0.. to the kept keys in the order of `sort_key(stat, key)`; the others get
    /// [`DROPPED`]. Returns how many keys were kept and how many dropped.
    pub fn assign_ids<K: Ord + Send>(
        &mut self,
        keep: impl Fn(&Stat) -> bool + Sync,
        sort_key: impl Fn(&Stat, u64) -> K + Sync,
    ) -> (usize, usize) {
        let stats = &self.stats;
        let base = &self.base;
        let (keep, sort_key) = (&keep, &sort_key);
        let mut all: Vec<(K, u64, u32)> = self
            .maps
            .par_iter()
            .enumerate()
            .flat_map_iter(|(s, m)| {
                m.iter().filter_map(move |(&k, &slot)| {
                    let g = base[s] + slot;
                    let st = &stats[g as usize];
                    keep(st).then(|| (sort_key(st, k), k, g))
                })
            })
            .collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        self.id_of_slot = vec![DROPPED; self.stats.len()];
        self.df_of_id = Vec::with_capacity(all.len());
        self.treaties_of_id = Vec::with_capacity(all.len());
        for (id, &(_, _, g)) in all.iter().enumerate() {
            self.id_of_slot[g as usize] = id as u32;
            self.df_of_id.push(self.stats[g as usize].df);
            self.treaties_of_id.push(self.stats[g as usize].treaties);
        }
        (all.len(), self.stats.len() - all.len())
    }

    /// The id of the key in slot `g` ([`DROPPED`] for a left-out key).
    pub fn id_of(&self, g: u32) -> u32 {
        self.id_of_slot[g as usize]
    }

    /// The id of the key in each slot ([`DROPPED`] for left-out keys).
    pub fn ids_of(&self, slots: &[u32]) -> Vec<u32> {
        slots.iter().map(|&g| self.id_of_slot[g as usize]).collect()
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
        let (mut d, slots) = Dictionary::build(&records, &docs);
        let s = d.get(5 * 1_000_003).unwrap();
        assert_eq!(s.df, 67); // records r with r % 3 == 0
        assert_eq!(s.treaties, 20);
        let (kept, dropped) = d.assign_ids(|s| s.df < 67, |s, _| s.df);
        // Keys of records r % 3 == 2 are in 66 records, the others in 67.
        assert_eq!(kept, 400);
        assert_eq!(dropped, 800);
        let ids = d.ids_of(&slots[2]);
        assert_eq!(ids, (0..400).collect::<Vec<u32>>());
        assert!(d.ids_of(&slots[0]).iter().all(|&i| i == DROPPED));
        assert_eq!(d.df_of_id[0], 66);
        // The same key has the same slot in every record.
        assert_eq!(slots[0], slots[3]);
    }
}
