#!/usr/bin/env python3
"""Write a synthetic NDJSON export of varied, mostly valid Patients and Observations.

Usage: generate_ndjson.py OUTPUT SIZE_MB [--invalid-every N]

Each line is one resource (about 0.5-1 KB). Every Nth record (default 50) carries a defect
(a bad date, an unknown element, a wrong NHS number check digit, or broken JSON) so a run
exercises error paths too. The file is for benchmarks; it is never committed.
"""
import json
import random
import sys


def nhs_number(rng):
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def patient(rng, i):
    return {
        "resourceType": "Patient", "id": f"p{i}",
        "text": {"status": "generated", "div": f"<div xmlns=\"http://www.w3.org/1999/xhtml\">Patient {i}</div>"},
        "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs_number(rng)}],
        "active": True,
        "name": [{"use": "official", "family": rng.choice(["Smith", "Jones", "Patel", "Taylor"]), "given": [rng.choice(["Ann", "Bob", "Cat"])]}],
        "gender": rng.choice(["male", "female", "other", "unknown"]),
        "birthDate": f"{rng.randint(1930, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "address": [{"line": [f"{rng.randint(1, 200)} High Street"], "city": "Leeds", "postalCode": "LS1 6AE"}],
    }


def observation(rng, i):
    return {
        "resourceType": "Observation", "id": f"o{i}",
        "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Heart rate</div>"},
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
        "subject": {"reference": f"Patient/p{i}"},
        "effectiveDateTime": "2026-01-15T09:30:00Z",
        "valueQuantity": {"value": rng.randint(40, 180), "unit": "beats/minute", "system": "http://unitsofmeasure.org", "code": "/min"},
    }


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out, size_mb = sys.argv[1], float(sys.argv[2])
    every = int(sys.argv[sys.argv.index("--invalid-every") + 1]) if "--invalid-every" in sys.argv else 50
    rng = random.Random(42)
    limit = int(size_mb * 1024 * 1024)
    written = 0
    i = 0
    with open(out, "w") as f:
        while written < limit:
            resource = patient(rng, i) if i % 2 == 0 else observation(rng, i)
            line = json.dumps(resource, separators=(",", ":"))
            if every and i % every == every - 1:
                defect = i // every % 4
                if defect == 0:
                    line = line.replace('"birthDate":"', '"birthDate":"19-').replace('"effectiveDateTime":"', '"effectiveDateTime":"x')
                elif defect == 1:
                    line = line[:-1] + ',"colour":"blue"}'
                elif defect == 2:
                    line = line[: len(line) // 2]
                else:
                    line = line.replace('"status":"final"', '"status":"done"').replace('"gender":"', '"gender":"x')
            f.write(line + "\n")
            written += len(line) + 1
            i += 1
    print(f"wrote {i} records, {written / 1048576:.1f} MB to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
