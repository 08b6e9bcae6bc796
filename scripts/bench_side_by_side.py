#!/usr/bin/env python3
"""Run the peer validators (../shared/bench) and fhirval on the same workload, in one run.

Usage:
    scripts/bench_side_by_side.py [--peers-home DIR] [--fhirval PATH] [--quick] [--reps N] [--repeat K] [--skip-peers]
                                  [--paired PEER] [--pairs N]

Sets the peer kit up in --peers-home when it is not there (../shared/bench/peers/setup.sh), runs
its run_all.py (every peer, pinned to one core), then measures fhirval on the same files
(patients, observations, SNOMED-only observations, invalid, and the UK Core variants):
  - throughput on one core (`taskset -c 1`, `--jobs 1`) and on all cores (`--jobs` = cores):
    steady resources/s = (N - 1) / (t(N records) - t(1 record)), fresh processes, median of reps,
    so process start and cache load are not counted, as the peers' rps_steady does not count init;
    N is the workload's records repeated --repeat times (default 5; small workloads as often as
    10,000 records take) in one file, so that the timed interval (a fraction of a second for 2,000
    records) is long beside this machine's noise; on all cores, that times the number of cores,
    so that the interval is as long as on one;
  - cold start: one resource (single-patient.json), fresh process, median of 5;
  - the defect-detection matrix on invalid.ndjson (a resource is "detected" when it has an error).
Prints, per workload, fhirval's rates and the ratio to each peer that ran it, the cold-start
ratios, and the detection matrix with every peer's column. Writes results/side-by-side.json
under --peers-home. The machine is noisy: only ratios from one run mean anything.

With --paired PEER (a key of the kit's run_all.py, e.g. fhirkit), the one-core ratio to that
peer is also measured in pairs: per workload the peer has a throughput run of, --pairs times
(default 5) a run of the peer (as run_all.py runs it) directly followed by a one-core run of
fhirval; each pair gives a ratio, and the median and range of the ratios are printed. On a
machine whose speed drifts over minutes (a shared VM), pairs taken seconds apart compare the
two where a run of every peer followed by fhirval's may not.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(REPO, "..", "shared")
WORKLOADS = ["patients.ndjson", "observations.ndjson", "observations-snomed-only.ndjson", "invalid.ndjson",
             "ukcore/patients.ndjson", "ukcore/observations.ndjson"]
# The timed interval covers at least this many records (the small workloads are repeated more).
MIN_TIMED_RECORDS = 10_000


def run(cmd, **kw):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    return time.perf_counter() - t, p


def timed(cmd, reps):
    times = []
    for _ in range(reps):
        t, p = run(cmd)
        if p.returncode not in (0, 1):
            sys.exit(f"fhirval failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        times.append(t)
    return statistics.median(times)


def fhirval_rates(fhirval, cache, path, jobs, pin, reps, repeat):
    """Steady rate over the workload's records, repeated `repeat` times in one file so that the
    timed interval is long beside the machine's noise (the records are the workload's, in order)."""
    with open(path) as fh:
        lines = fh.readlines()
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    first = tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False)
    first.write(lines[0])
    first.close()
    many = tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False)
    many.writelines(lines * repeat)
    many.close()
    base = (["taskset", "-c", "1"] if pin else []) + [fhirval, "validate", "--cache", cache, "--jobs", str(jobs),
                                                       "--format", "ndjson", "--output", os.devnull, "--fail-on", "never"]
    t_all = timed(base + [many.name], reps)
    t_one = timed(base + [first.name], reps)
    os.unlink(first.name)
    os.unlink(many.name)
    n = len(lines) * repeat
    return {"n": n, "rps_all": n / t_all, "rps_steady": (n - 1) / max(t_all - t_one, 1e-9), "t_one_s": t_one}


# The peer kit's runs per workload (run_all.py): input file and the arguments it passes.
PEER_RUNS = {"patients.ndjson": [], "observations.ndjson": [], "observations-snomed-only.ndjson": ["--limit", "400"],
             "invalid.ndjson": ["--warmup", "0"]}


def timed_repeat(path, minimum):
    """How often a workload's records are repeated in the timed file: at least `minimum` times,
    and as often as MIN_TIMED_RECORDS records take."""
    with open(path) as fh:
        records = sum(1 for line in fh if line.strip())
    return max(minimum, -(-MIN_TIMED_RECORDS // max(records, 1)))


def peer_rate(home, peer, path, extra):
    """One run of a peer of the kit, as run_all.py makes it (pinned to core 1): its steady rate."""
    bench = os.path.join(home, "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    import run_all  # the kit's table of peers and their interpreters
    python = dict(run_all.PEERS)[peer]
    out = tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False).name
    p = subprocess.run(["taskset", "-c", "1", python, os.path.join(bench, "bench_peer.py"), "--peer", peer, "--input", path,
                        "--out", out, "--tag", "pair", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit(f"{peer} failed ({p.returncode}) on {path}\n{p.stderr[-2000:]}")
    rate = json.loads(open(out).read().strip().splitlines()[-1])["rps_steady"]
    os.unlink(out)
    return rate


def paired_ratios(a, home, peer, cache, workload):
    """Per workload, `a.pairs` ratios of fhirval's one-core rate to the peer's, each pair run back to back."""
    result = {}
    for w, extra in PEER_RUNS.items():
        path = os.path.join(workload, w)
        repeat = timed_repeat(path, a.repeat)
        pairs = []
        for _ in range(a.pairs):
            theirs = peer_rate(home, peer, path, extra)
            ours = fhirval_rates(a.fhirval, cache, path, 1, True, 1, repeat)["rps_steady"]
            pairs.append({"fhirval": ours, "peer": theirs, "ratio": ours / theirs})
        result[w] = pairs
    return result


def detection(fhirval, cache, workload):
    out = tempfile.NamedTemporaryFile(suffix=".ndjson", delete=False).name
    run([fhirval, "validate", "--cache", cache, "--jobs", "1", "--format", "ndjson", "--output", out, "--fail-on", "never",
         os.path.join(workload, "invalid.ndjson")])
    flagged = {json.loads(l)["line"] for l in open(out) if json.loads(l)["severity"] in ("error", "fatal")}
    os.unlink(out)
    det = collections.defaultdict(lambda: [0, 0])
    for label in json.load(open(os.path.join(workload, "invalid.labels.json"))):
        det[label["defect"]][1] += 1
        det[label["defect"]][0] += label["line"] in flagged
    return {k: f"{v[0]}/{v[1]}" for k, v in sorted(det.items())}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--peers-home", default="/tmp/fhirval-peers")
    ap.add_argument("--fhirval", default=os.path.join(REPO, ".build", "release", "fhirval"))
    ap.add_argument("--quick", action="store_true", help="peers: 1 repetition over 500 resources")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=5,
                    help="fhirval: time the workload's records repeated this many times in one file (default 5)")
    ap.add_argument("--skip-peers", action="store_true", help="reuse the peers' results/summary.json")
    ap.add_argument("--paired", metavar="PEER", help="also measure the one-core ratio to this peer in back-to-back pairs")
    ap.add_argument("--pairs", type=int, default=5, help="pairs per workload for --paired (default 5)")
    a = ap.parse_args()
    home = os.path.abspath(a.peers_home)
    if not os.path.exists(os.path.join(home, "bench", "run_all.py")):
        subprocess.run(["bash", os.path.join(SHARED, "bench", "peers", "setup.sh")], env={**os.environ, "PEERS_HOME": home}, check=True)
    if not a.skip_peers:
        results = os.path.join(home, "results")
        if os.path.exists(os.path.join(results, "runs.jsonl")):
            os.rename(os.path.join(results, "runs.jsonl"), os.path.join(results, f"runs-{int(time.time())}.jsonl"))
        subprocess.run([sys.executable, "run_all.py"] + (["--quick"] if a.quick else []), cwd=os.path.join(home, "bench"), check=True)
    peers = json.load(open(os.path.join(home, "results", "summary.json")))
    workload = os.path.join(home, "workload")

    caches = {}
    for name, extra in (("core", []), ("ukcore", ["--definitions", os.path.join(SHARED, "ukcore")])):
        caches[name] = os.path.join(home, f"fhirval-{name}.sqlite")
        run([a.fhirval, "compile", *extra, "--output", caches[name]])
    cores = os.cpu_count() or 1
    ours = {}
    for w in WORKLOADS:
        cache = caches["ukcore" if w.startswith("ukcore/") else "core"]
        path = os.path.join(workload, w)
        if not os.path.exists(path):
            continue
        repeat = timed_repeat(path, a.repeat)
        ours[w] = {"one_core": fhirval_rates(a.fhirval, cache, path, 1, True, a.reps, repeat),
                   # All cores get the records repeated `cores` times more: the interval they take is
                   # then as long as one core's, rather than a fraction of a second beside the noise.
                   "all_cores": fhirval_rates(a.fhirval, cache, path, cores, False, a.reps, repeat * cores)}
    single = os.path.join(workload, "single-patient.json")
    cold = timed(["taskset", "-c", "1", a.fhirval, "validate", "--cache", caches["core"], single], 5)
    ours_detection = detection(a.fhirval, caches["core"], workload)

    print(f"\n## Throughput (resources/s, steady state; peers pinned to one core; {cores} cores for 'all')\n")
    print("| workload | fhirval 1 core | fhirval all cores | peer | peer rps | ratio 1 core | ratio all cores |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for w in (w for w in WORKLOADS if w in ours):
        o = ours[w]
        # Every peer run over this workload's file (throughput, invalid and SNOMED-only runs alike).
        rows = [p for p in peers if p["kind"] != "cold" and p["input"] == "workload/" + w and p.get("rps_steady")]
        if not rows:
            print(f"| {w} | {o['one_core']['rps_steady']:,.0f} | {o['all_cores']['rps_steady']:,.0f} | (no peer runs it) | | | |")
        for p in sorted(rows, key=lambda p: p["peer"]):
            print(f"| {w} | {o['one_core']['rps_steady']:,.0f} | {o['all_cores']['rps_steady']:,.0f} | {p['peer']} | "
                  f"{p['rps_steady']:,.0f} | {o['one_core']['rps_steady'] / p['rps_steady']:.1f}× | "
                  f"{o['all_cores']['rps_steady'] / p['rps_steady']:.1f}× |")

    print("\n## Cold start (one resource, fresh process, median of 5)\n")
    print(f"fhirval (--cache): {cold * 1000:.0f} ms")
    for p in sorted((p for p in peers if p["kind"] == "cold"), key=lambda p: p["peer"]):
        wall = p.get("proc_wall_s")
        if wall:
            print(f"- {p['peer']}: {wall * 1000:.0f} ms (fhirval {wall / cold:.1f}× faster)")

    print("\n## Defect detection on invalid.ndjson (resources with an error / labelled)\n")
    peer_det = {p["peer"]: p.get("detection") or {} for p in peers if p["kind"] == "invalid"}
    names = sorted(peer_det)
    print("| defect | fhirval | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    missed = []
    for defect, value in ours_detection.items():
        cells = [peer_det[n].get(defect, "–") for n in names]
        print(f"| {defect} | {value} | " + " | ".join(cells) + " |")
        found = int(value.split("/")[0])
        if any(c != "–" and int(c.split("/")[0]) > found for c in cells):
            missed.append(defect)
    print("\nfhirval detects every defect any peer detects" if not missed else f"\npeers detect more of: {', '.join(missed)}")
    paired = paired_ratios(a, home, a.paired, caches["core"], workload) if a.paired else {}
    if paired:
        print(f"\n## Paired with {a.paired} (one core; each pair: the peer's run, then fhirval's)\n")
        print(f"| workload | pairs | fhirval rates | {a.paired} rates | ratios | median ratio |")
        print("|---|---:|---|---|---|---:|")
        for w, pairs in paired.items():
            ratios = sorted(p["ratio"] for p in pairs)
            ours_rates = ", ".join(f"{p['fhirval']:,.0f}" for p in pairs)
            their_rates = ", ".join(f"{p['peer']:,.0f}" for p in pairs)
            each = ", ".join(f"{p['ratio']:.2f}" for p in pairs)
            print(f"| {w} | {len(pairs)} | {ours_rates} | {their_rates} | {each} | {statistics.median(ratios):.2f}× |")
    with open(os.path.join(home, "results", "side-by-side.json"), "w") as fh:
        json.dump({"fhirval": ours, "cold_start_s": cold, "detection": ours_detection, "paired": paired}, fh, indent=1)


if __name__ == "__main__":
    main()
