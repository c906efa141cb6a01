use clausemap::compare::{Index, Measure, Params, Unit};
fn main() {
    let text = std::fs::read_to_string("/tmp/bench/tota_k1.jsonl").unwrap();
    let mut docs = Vec::new(); let mut texts = Vec::new(); let mut keys = Vec::new();
    for l in text.lines() { let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let d = v["doc"].as_str().unwrap().to_string();
        if docs.last() != Some(&d) { docs.push(d.clone()); }
        keys.push((d, v["ord"].as_u64().unwrap()));
        texts.push((docs.len() as u32 - 1, v["text"].as_str().unwrap().to_string())); }
    let units: Vec<Unit> = texts.iter().map(|(d, t)| Unit { doc: *d, text: t }).collect();
    let p = Params { measure: Measure::Tfidf, stem: false, nfkc: false, boilerplate: None, ..Params::default() };
    let idx = Index::build(&units, &p);
    let i = keys.iter().position(|k| k.0 == "pta_329.xml" && k.1 == 14).unwrap();
    let j = keys.iter().position(|k| k.0 == "pta_389.xml" && k.1 == 11).unwrap();
    println!("{} {} {} sizes {} {}", i, j, idx.score(i, j), idx.size(i), idx.size(j));
}
