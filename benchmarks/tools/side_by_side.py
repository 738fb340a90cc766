#!/usr/bin/env python3
"""Joins `s4j bench` output with the official PyTorch S4's into Markdown tables.

    python3 benchmarks/tools/side_by_side.py s4j.jsonl official.jsonl > table.md

The official lines come from benchmarks/tools/official_bench.py. Only its "tuned" profile is used
(jemalloc, its real compute cost). Lines of its earlier version name the kernels by the official
modes and two phases at length; they are mapped: dplr -> s4, diag -> s4d,
conv_recompute_full_forward -> conv_recompute, conv_recompute_cached_kernel -> conv_cached_kernel.
For the official recurrent step, the default step mode ("dense" for S4) and the fastest one are
both shown; ours has one mode per kernel.
"""
import json
import sys

NAMES = {"dplr": "s4", "diag": "s4d"}
PHASES = {"conv_recompute_full_forward": "conv_recompute", "conv_recompute_cached_kernel": "conv_cached_kernel"}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip().startswith("{")]


def fmt_s(x):
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def fmt(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}"


def ratio(theirs, ours, invert=False):
    if theirs is None or ours is None or ours == 0 or theirs == 0:
        return "—"
    r = ours / theirs if invert else theirs / ours
    return f"{r:.1f}×"


def main(ours_path, theirs_path):
    ours = load(ours_path)
    theirs = [r for r in load(theirs_path) if r.get("profile", "tuned") == "tuned" and "status" not in r]
    failed = [r for r in load(theirs_path) if r.get("status") in ("failed", "skipped") and r.get("profile", "tuned") == "tuned"]
    for r in theirs + failed:
        r["kernel"] = NAMES.get(r.get("kernel"), r.get("kernel"))
        r["phase"] = PHASES.get(r.get("phase"), r.get("phase"))

    def find(rows, **kw):
        for r in rows:
            if all(r.get(k) == v for k, v in kw.items()):
                return r
        return None

    env = find(ours, bench="env")
    if env:
        print(f"s4j: {env['java']}, {env['threads']} threads, Vector API {env['vector_api']}, {env['cpu']}, {env['date']}\n")
    print("| kernel | L | phase | official median | s4j median | speed-up | official peak MiB | s4j peak MiB |")
    print("|---|---|---|---|---|---|---|---|")
    for r in (x for x in ours if x["bench"] == "kernel"):
        t = find(theirs, bench="kernel", kernel=r["kernel"], L=r["L"], phase=r["phase"])
        note = ""
        if t is None:
            f = find(failed, bench="kernel", kernel=r["kernel"], L=r["L"])
            note = " (official: not measured)" if f is None and r["kernel"] != "lssl" else ""
        tm = t["median_s"] if t else None
        tp = t.get("peak_over_build_mib") if t else None
        print(f"| {r['kernel']}{note} | {r['L']} | {r['phase']} | {fmt_s(tm)} | {fmt_s(r['median_s'])} | {ratio(tm, r['median_s'])} "
              f"| {fmt(tp)} | {fmt(r['peak_mib'])} |")
    print()
    print("| layers | B | H | N | L | phase | official median | s4j median | speed-up | official peak MiB | s4j peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in (x for x in ours if x["bench"] == "block"):
        t = find(theirs, bench="block", layers=r["layers"], L=r["L"], phase=r["phase"])
        tm = t["median_s"] if t else None
        tp = t.get("peak_over_build_mib") if t else None
        print(f"| {r['layers']} | {r['B']} | {r['H']} | {r['N']} | {r['L']} | {r['phase']} | {fmt_s(tm)} | {fmt_s(r['median_s'])} "
              f"| {ratio(tm, r['median_s'])} | {fmt(tp)} | {fmt(r['peak_mib'])} |")
    print()
    print("| kernel | batch | phase | official tokens/s (default mode) | official best mode | s4j tokens/s | vs default | vs best |")
    print("|---|---|---|---|---|---|---|---|")
    for r in (x for x in ours if x["bench"] == "gen"):
        rows = [t for t in theirs if t["bench"] == "gen" and t["kernel"] == r["kernel"] and t["batch"] == r["batch"]
                and t["phase"] == r["phase"] and t.get("threads", 2) == env["threads"]]
        default = rows[0] if rows else None
        best = max(rows, key=lambda t: t["tokens_per_s"]) if rows else None
        best_label = f"{fmt(best['tokens_per_s'])} ({best.get('step_mode', '')})" if best and best.get("step_mode") else (
            fmt(best["tokens_per_s"]) if best else "—")
        print(f"| {r['kernel']} | {r['batch']} | {r['phase']} | {fmt(default['tokens_per_s'] if default else None)} | {best_label} "
              f"| {fmt(r['tokens_per_s'])} | {ratio(default['tokens_per_s'] if default else None, r['tokens_per_s'], True)} "
              f"| {ratio(best['tokens_per_s'] if best else None, r['tokens_per_s'], True)} |")
    lssl = [x for x in ours if x["bench"] == "lssl"]
    if lssl:
        print()
        print("| H | LSSL (N = H) time | S4 (N = H/4) time | speed-up | LSSL peak MiB | S4 peak MiB | memory ratio |")
        print("|---|---|---|---|---|---|---|")
        for r in (x for x in lssl if x["phase"] == "ratio"):
            d = find(lssl, kernel="lssl", H=r["H"])
            s = find(lssl, kernel="s4", H=r["H"])
            if d.get("status") == "out_of_memory":
                print(f"| {r['H']} | out of memory after {fmt_s(d['seconds_before_failure'])} | {fmt_s(s['median_s'])} "
                      f"| > {r['speedup_at_least']:.0f}× | > {fmt(d['live_mib_at_failure'])} (heap {fmt(d['max_heap_mib'])}) "
                      f"| {fmt(s['peak_mib'])} | > {r['memory_ratio_at_least']:.0f}× |")
            else:
                print(f"| {r['H']} | {fmt_s(d['median_s'])} | {fmt_s(s['median_s'])} | {r['speedup']:.1f}× | {fmt(d['peak_mib'])} "
                      f"| {fmt(s['peak_mib'])} | {r['memory_ratio']:.1f}× |")

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: side_by_side.py S4J_JSONL OFFICIAL_JSONL")
    main(sys.argv[1], sys.argv[2])
