#!/usr/bin/env python3
"""Programme families and result crowding, simulated on full ranked lists (session 15, issue 12.1).

A *family* is a set of two or more offers of one provider whose titles share a stem: the title before
the first " – ", " — ", " - ", ": " or " (", when something follows it (a module or variant title) and the
stem has at least `--min-words` words ("Bundesförderung für Energie- und Ressourceneffizienz in der
Wirtschaft (Zuschuss) – … (Modul 1)"). No programme names are listed anywhere.

    supportmatch export --database fdb.sqlite --format native-json --output fdb-export.json
    python3 Benchmarks/ranking/simulate_families.py families fdb-export.json [--min-words 3] [--sample]
    # ranked lists of every consultation (error_analysis.py writes them: every returned offer with its score)
    python3 Benchmarks/ranking/simulate_families.py crowd fdb-export.json dev=ROWS.json=SETDIR b=… c=… [--detail]

`crowd` re-ranks each list with every variant below and scores it as `supportmatch evaluate` does
(nDCG@10 with linear gains over the judged grades, P@5, from `judged_metrics.py`): members of a family beyond
its first k in the list (by score) are demoted. The unchanged lists reproduce `evaluate` exactly, and a
re-rank of the whole returned list is what an engine would return after the same re-rank of its
candidates (session 15 built four of the variants and got the same figures to four decimals).
It also counts, per set, the later family members in the top 10 and their grades given the first's.
"""
import argparse, collections, json, os, re, sys

from judged_metrics import list_metrics

SEPARATORS = [" – ", " — ", " - ", ": ", " ("]


def fold(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def stem(title):
    cut = len(title)
    for separator in SEPARATORS:
        at = title.find(separator)
        if at > 0:
            cut = min(cut, at)
    return title[:cut] if cut < len(title) else None


def families(offers, min_words):
    groups = collections.defaultdict(list)
    for offer in offers:
        s = stem(offer["title"])
        if s is None or len(fold(s).split()) < min_words:
            continue
        groups[(fold(offer["provider"]["name"]), fold(s))].append(offer)
    return {key: members for key, members in groups.items() if len(members) > 1}


def family_of(offers, min_words):
    result = {}
    for number, members in enumerate(families(offers, min_words).values()):
        for offer in members:
            key = offer["id"] if ":" in offer["id"].split("/")[0] else "fdb:" + offer["id"]
            result[key] = number
    return result


def metrics(rows, grades):
    """(nDCG@10, P@5) of a re-ranked list, as `supportmatch evaluate` reports them (`judged_metrics`)."""
    ndcg, p5, _, _ = list_metrics(grades, set(), [r["id"] for r in rows])
    return ndcg, p5


def by_score(rows, adjust):
    scored = [(adjust(i, r), i, r) for i, r in enumerate(rows)]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [r for _, _, r in scored]


def by_member(fam, change):
    """Re-ranked by score after each family member's score becomes `change(score, n)`, where n counts
    the members of its family above it in the list."""
    def run(rows):
        seen = collections.Counter()
        def adjust(_, r):
            s, f = r["score"]["total"], fam.get(r["id"])
            if f is None:
                return s
            member = seen[f]; seen[f] += 1
            return change(s, member)
        return by_score(rows, adjust)
    return run


def multiply(fam, k, factor, geometric):
    return by_member(fam, lambda s, n: s if n < k or s <= 0 else s * factor ** (n - k + 1 if geometric else 1))


def subtract(fam, k, delta):
    return by_member(fam, lambda s, n: s - delta * max(0, n - k + 1))


def push(fam, k, places):
    """Members beyond the first k go below the next `places` offers that are not of their family."""
    def run(rows):
        seen, out, pending = collections.Counter(), [], []
        for r in rows:
            f = fam.get(r["id"])
            if f is not None:
                seen[f] += 1
                if seen[f] > k:
                    pending.append([places, f, r]); continue
            out.append(r)
            for p in pending:
                if p[1] != f:
                    p[0] -= 1
            while pending and pending[0][0] <= 0:
                out.append(pending.pop(0)[2])
        return out + [p[2] for p in pending]
    return run


def cap(fam, m):
    """At most m members of a family before the rest of the list."""
    def run(rows):
        seen, top, rest = collections.Counter(), [], []
        for r in rows:
            f = fam.get(r["id"])
            if f is not None:
                seen[f] += 1
                if seen[f] > m:
                    rest.append(r); continue
            top.append(r)
        return top + rest
    return run


def redundant(fam, factor):
    """A member whose matched terms are a subset of an earlier member's: score × factor."""
    def run(rows):
        seen = collections.defaultdict(list)
        def adjust(_, r):
            s, f, terms = r["score"]["total"], fam.get(r["id"]), set(r["terms"])
            if f is None:
                return s
            hit = any(terms <= earlier for earlier in seen[f]); seen[f].append(terms)
            return s * factor if hit and s > 0 else s
        return by_score(rows, adjust)
    return run


def pull(fam, share):
    """The opposite: later members move `share` of the way up to their family's best score."""
    def run(rows):
        best = {}
        def adjust(_, r):
            s, f = r["score"]["total"], fam.get(r["id"])
            if f is None:
                return s
            if f not in best:
                best[f] = s; return s
            return s + share * (best[f] - s)
        return by_score(rows, adjust)
    return run


def load_sets(specs):
    sets = {}
    for spec in specs:
        name, rows, directory = spec.split("=")
        grades = collections.defaultdict(dict)
        for line in open(os.path.join(directory, "judgments.qrels")):
            profile, _, offer, grade = line.split()
            grades[profile][offer] = int(grade)
        sets[name] = (json.load(open(rows)), grades)
    return sets


def crowd(args):
    offers = json.load(open(args.export))["offers"]
    fam = family_of(offers, args.min_words)
    sets = load_sets(args.sets)
    variants = [("none", lambda rows: rows)]
    for k in (1, 2):
        for factor in (0.95, 0.9, 0.8, 0.7, 0.5):
            variants.append((f"×{factor}^n beyond k={k}", multiply(fam, k, factor, True)))
        for factor in (0.9, 0.8, 0.7):
            variants.append((f"×{factor} beyond k={k}", multiply(fam, k, factor, False)))
        for delta in (0.02, 0.05, 0.1, 0.2):
            variants.append((f"−{delta}·n beyond k={k}", subtract(fam, k, delta)))
        for places in (1, 2, 3):
            variants.append((f"push {places} beyond k={k}", push(fam, k, places)))
    for m in (2, 3, 4):
        variants.append((f"at most {m} per family", cap(fam, m)))
    for factor in (0.9, 0.8, 0.7):
        variants.append((f"redundant terms ×{factor}", redundant(fam, factor)))
    for share in (0.1, 0.25, 0.5):
        variants.append((f"pull up {share}", pull(fam, share)))
    base = {name: {p: metrics(rows[p], grades[p]) for p in rows} for name, (rows, grades) in sets.items()}
    for label, run in variants:
        line, moves = [], []
        for name, (rows, grades) in sets.items():
            per = {p: metrics(run(rows[p]), grades[p]) for p in rows}
            n = len(per)
            line.append(f"{name} {sum(v[0] for v in per.values()) / n:.4f}/{sum(v[1] for v in per.values()) / n:.2f}")
            moves += [f"{p} {base[name][p][0]:.2f}→{per[p][0]:.2f}" for p in sorted(per) if abs(per[p][0] - base[name][p][0]) > 5e-4]
        print(f"{label:28s} " + "  ".join(line))
        if args.detail and moves:
            print("    " + ", ".join(moves))
    print("\nlater family members in a top 10 (relevant / not), by the grade of the family's first member there:")
    for name, (rows, grades) in sets.items():
        table = collections.Counter()
        for p in rows:
            first = {}
            for r in rows[p][:10]:
                f = fam.get(r["id"])
                if f is None:
                    continue
                if f not in first:
                    first[f] = r["grade"] > 0; continue
                table[(first[f], r["grade"] > 0)] += 1
        print(f"  {name}: first relevant → {table[(True, True)]} / {table[(True, False)]};"
              f" first not relevant → {table[(False, True)]} / {table[(False, False)]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["families", "crowd"])
    parser.add_argument("export")
    parser.add_argument("sets", nargs="*", help="NAME=ROWS.json=SETDIR (crowd)")
    parser.add_argument("--min-words", type=int, default=3)
    parser.add_argument("--sample", action="store_true", help="list every family with its titles")
    parser.add_argument("--detail", action="store_true")
    args = parser.parse_args()
    if args.command == "crowd":
        return crowd(args)
    offers = json.load(open(args.export))["offers"]
    found = families(offers, args.min_words)
    print(f"{len(offers)} offers, {len(found)} families, {sum(len(v) for v in found.values())} members")
    if args.sample:
        for (provider, s), members in sorted(found.items(), key=lambda kv: -len(kv[1])):
            print(f"{len(members):3d}  {s}  [{provider[:40]}]")
            for offer in members:
                print(f"       {offer['title'][:120]}")


if __name__ == "__main__":
    sys.exit(main())
