#!/usr/bin/env python3
"""Validate the staged NHS England API examples with `fhirval validate --api NAME` and count them.

Usage: scripts/api_examples.py [--fhirval PATH] [--list] [API ...]

For each API (default: all with a manifest in IGPackages/apis), validates every JSON/XML file
under ../shared/nhs-apis/<api>/examples (EPS: the validation service's examples, the ones its
tests assert are free of errors) and prints how many have no error, then the error kinds by
message id. --list also prints each error.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(REPO, "..", "shared", "nhs-apis")
FOLDERS = {"eps": "eps/examples/validation-service-repo/examples"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fhirval", default=os.path.join(REPO, ".build", "release", "fhirval"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("apis", nargs="*")
    a = ap.parse_args()
    apis = a.apis or sorted(f[:-5] for f in os.listdir(os.path.join(REPO, "IGPackages", "apis")) if f.endswith(".json"))
    for api in apis:
        folder = os.path.join(SHARED, FOLDERS.get(api, api + "/examples"))
        files = [os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith((".json", ".xml"))]
        p = subprocess.run([a.fhirval, "validate", "--api", api, "--format", "ndjson", "--fail-on", "never", "--jobs", "2"] + sorted(files),
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"{api}: fhirval exited {p.returncode}: {p.stderr[-1000:]}")
        errors = [r for r in map(json.loads, p.stdout.splitlines()) if r.get("severity") in ("error", "fatal")]
        failing = {r["file"] for r in errors}
        kinds = collections.Counter(r["messageId"] for r in errors)
        print(f"{api}: {len(files) - len(failing)}/{len(files)} without errors; errors by kind: {dict(kinds.most_common())}")
        if a.list:
            for r in errors:
                print(f"  {os.path.relpath(r['file'], folder)}: {r['messageId']} at {r.get('expression')}: {r['message'][:160]}")


if __name__ == "__main__":
    main()
