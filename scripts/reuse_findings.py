#!/usr/bin/env python3
"""Findings of docs/reuse-tota.md from clausemap's reports (standard library only).

    scripts/reuse_findings.py sources  OUT/reuse.csv           # main sources, >= 80 % count
    scripts/reuse_findings.py families OUT/reuse.csv           # template families
    scripts/reuse_findings.py chapter  OUT/report.json A_FILE A_PREFIX B_FILE B_PREFIX
        # share of B's articles numbered B_PREFIX* (e.g. TPP "9.") covered by passages from
        # A's articles numbered A_PREFIX* (e.g. US-Colombia "10."), in words
"""
import collections
import csv
import json
import re
import sys

csv.field_size_limit(1 << 30)


def main_sources(path):
    rows = [r for r in csv.DictReader(open(path, newline="", encoding="utf-8"))]
    return [r for r in rows if r["a_is_main_source_of_b"] == "true"]


def cmd_sources(path):
    mains = main_sources(path)
    shares = sorted(float(r["share_b"]) for r in mains)
    print(f"treaties with an earlier main source: {len(mains)}")
    for t in (0.5, 0.8, 0.9):
        print(f"  main source covers >= {t:.0%}: {sum(s >= t for s in shares)}")
    print("highest:")
    for r in sorted(mains, key=lambda r: -float(r["share_b"]))[:15]:
        print(f"  {float(r['share_b']):.3f}  {r['title_b']} ({r['date_b']})  <-  "
              f"{r['title_a']} ({r['date_a']})")


def cmd_families(path, min_share=0.5):
    """Connected components of main-source links covering at least min_share."""
    parent = {}

    def root(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    names, dates = {}, {}
    for r in main_sources(path):
        if float(r["share_b"]) < min_share:
            continue
        for s in "ab":
            names[r[f"file_{s}"]] = r[f"title_{s}"]
            dates[r[f"file_{s}"]] = r[f"date_{s}"]
        a, b = root(r["file_a"]), root(r["file_b"])
        if a != b:
            parent[max(a, b)] = min(a, b)
    fams = collections.defaultdict(list)
    for f in names:
        fams[root(f)].append(f)
    print(f"families of treaties linked to a main source covering >= {min_share:.0%}: "
          f"{sum(len(m) > 1 for m in fams.values())}")
    for members in sorted(fams.values(), key=lambda m: (-len(m), min(dates[f] for f in m))):
        if len(members) < 4:
            break
        members.sort(key=lambda f: dates[f])
        first = members[0]
        print(f"  {len(members):3d} treaties, first {names[first]} ({dates[first]}): "
              + "; ".join(names[f] for f in members[1:8]) + (" ..." if len(members) > 8 else ""))


def words(t):
    return len(re.findall(r"\w+", t))


def cmd_chapter(path, a_file, a_prefix, b_file, b_prefix):
    r = json.load(open(path, encoding="utf-8"))
    docs = {d["file"]: d for d in r["documents"]}
    key = lambda f: next(k for k in docs if k.endswith(f))
    a_file, b_file = key(a_file), key(b_file)
    chapter = [s for s in docs[b_file]["segments"]
               if s["kind"] == "article" and (s["number"] or "").startswith(b_prefix)]
    total = sum(words(s["text"]) for s in chapter)
    for restrict in (True, False):
        spans = collections.defaultdict(list)
        for p in r["reuse"]["passages"]:
            sides = {p["a"]["file"]: ("a", "b"), p["b"]["file"]: ("b", "a")}
            if set(sides) != {a_file, b_file}:
                continue
            mine, other = sides[b_file]
            if restrict and not (p[other]["number"] or "").startswith(a_prefix):
                continue
            c = p[mine]
            spans[(c["number"], c["lines"][0])].append(p[f"bytes_{mine}"])
        covered = 0
        for s in chapter:
            merged = []
            for a, b in sorted(spans[(s["number"], s["span"]["line_start"])]):
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            raw = s["text"].encode()
            covered += sum(words(raw[a:b].decode("utf-8", "ignore")) for a, b in merged)
        what = f"articles {a_prefix}*" if restrict else "any article"
        print(f"{b_file} articles {b_prefix}*: {covered} of {total} words "
              f"({covered / total:.3f}) in passages shared with {what} of {a_file}")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"sources": cmd_sources, "families": cmd_families, "chapter": cmd_chapter}[cmd](*args)
