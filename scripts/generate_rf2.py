#!/usr/bin/env python3
"""Write a synthetic SNOMED CT RF2 Snapshot release of realistic size, for import benchmarks.

Usage: generate_rf2.py OUTPUT_FOLDER [--concepts N] [--seed S]

Default N = 400,000 concepts, with 3 descriptions each (FSN, preferred and acceptable synonym:
1.2M), 3 inferred relationships each on average (about 1.6 is-a, the rest attributes: 1.2M),
a GB language refset row per description and a 20,000-member simple refset. Identifiers are
real-format SCTIDs (short format, partition 00/01/02, Verhoeff check digit); the hierarchy has
one root (138875005), multiple parents and a depth of about 12, as the real release does.
Files use CRLF and the exact RF2 headers, laid out as RF2Release/Snapshot/{Terminology,Refset}.
The output is for benchmarks; it is never committed.
"""
import argparse
import os
import random
import uuid

MULT = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
PERM = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def sctid(item, partition):
    body = f"{item}{partition}"
    c = 0
    for i, d in enumerate(reversed(body)):
        c = MULT[c][PERM[(i + 1) % 8][int(d)]]
    return int(body + str(INV[c]))


ROOT, ISA = 138875005, 116680003
CORE, MODEL = 900000000000207008, 900000000000012004
FSN, SYN, GB = 900000000000003001, 900000000000013009, 900000000000508004
PREF, ACC = 900000000000548007, 900000000000549004
INFERRED, SOME = 900000000000011006, 900000000000451002
WORDS = "acute chronic left right upper lower lesion fracture injury disorder structure procedure finding of the with".split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--concepts", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    terminology = os.path.join(args.output, "RF2Release", "Snapshot", "Terminology")
    language = os.path.join(args.output, "RF2Release", "Snapshot", "Refset", "Language")
    content = os.path.join(args.output, "RF2Release", "Snapshot", "Refset", "Content")
    for folder in (terminology, language, content):
        os.makedirs(folder, exist_ok=True)

    n = args.concepts
    ids = [ROOT] + [sctid(1_000_000 + i, "00") for i in range(1, n)]
    attributes = ids[1:60]
    date = "20260401"

    def open_rf2(path, header):
        f = open(path, "w", newline="")
        f.write("\t".join(header) + "\r\n")
        return f

    with open_rf2(os.path.join(terminology, "sct2_Concept_Snapshot_INT_20260401.txt"),
                  ["id", "effectiveTime", "active", "moduleId", "definitionStatusId"]) as f:
        for i, cid in enumerate(ids):
            active = 0 if i > 0 and i % 97 == 0 else 1
            f.write(f"{cid}\t{date}\t{active}\t{CORE}\t900000000000074008\r\n")

    description_id = 0
    lang_rows = []
    with open_rf2(os.path.join(terminology, "sct2_Description_Snapshot-en_INT_20260401.txt"),
                  ["id", "effectiveTime", "active", "moduleId", "conceptId", "languageCode", "typeId", "term",
                   "caseSignificanceId"]) as f:
        for cid in ids:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
            for kind, term, acceptability in ((FSN, f"{words} {cid} (finding)", PREF), (SYN, f"{words} {cid}", PREF),
                                              (SYN, f"{words} {cid} synonym", ACC)):
                description_id += 1
                did = sctid(2_000_000 + description_id, "01")
                f.write(f"{did}\t{date}\t1\t{CORE}\t{cid}\ten\t{kind}\t{term}\t900000000000448009\r\n")
                lang_rows.append((did, acceptability))

    with open_rf2(os.path.join(language, "der2_cRefset_LanguageSnapshot-en_INT_20260401.txt"),
                  ["id", "effectiveTime", "active", "moduleId", "refsetId", "referencedComponentId",
                   "acceptabilityId"]) as f:
        for did, acceptability in lang_rows:
            f.write(f"{uuid.UUID(int=rng.getrandbits(128))}\t{date}\t1\t{CORE}\t{GB}\t{did}\t{acceptability}\r\n")

    relationship_id = 0
    with open_rf2(os.path.join(terminology, "sct2_Relationship_Snapshot_INT_20260401.txt"),
                  ["id", "effectiveTime", "active", "moduleId", "sourceId", "destinationId", "relationshipGroup",
                   "typeId", "characteristicTypeId", "modifierId"]) as f:
        def write(source, destination, group, type_id):
            nonlocal relationship_id
            relationship_id += 1
            rid = sctid(3_000_000 + relationship_id, "02")
            f.write(f"{rid}\t{date}\t1\t{CORE}\t{source}\t{destination}\t{group}\t{type_id}\t{INFERRED}\t{SOME}\r\n")

        for i in range(1, n):
            if i % 97 == 0:
                continue  # inactive concepts have no active relationships
            # Parents come from the previous "generation" (i // 3), so depth is about log3(n).
            low = max(0, i // 3 - 2)
            parents = {rng.randint(low, max(low, i // 3))}
            extra = rng.random()
            if extra < 0.45:
                parents.add(rng.randint(low, max(low, i // 3)))
            if extra < 0.12:
                parents.add(rng.randint(low, max(low, i // 3)))
            parents = {p if p % 97 != 0 or p == 0 else p - 1 for p in parents}
            for p in parents:
                write(ids[i], ids[p], 0, ISA)
            for g in range(rng.choice((1, 2, 2))):
                write(ids[i], rng.choice(ids), g + 1, rng.choice(attributes))

    with open_rf2(os.path.join(content, "der2_Refset_SimpleSnapshot_INT_20260401.txt"),
                  ["id", "effectiveTime", "active", "moduleId", "refsetId", "referencedComponentId"]) as f:
        refset = sctid(999_999, "00")
        for cid in rng.sample(ids, min(20_000, n)):
            f.write(f"{uuid.UUID(int=rng.getrandbits(128))}\t{date}\t1\t{CORE}\t{refset}\t{cid}\r\n")
    print(f"{n} concepts, {description_id} descriptions, {relationship_id} relationships, "
          f"{len(lang_rows)} language and 20000 simple refset members in {args.output}")


if __name__ == "__main__":
    main()
