#!/usr/bin/env python3
"""Cold start of a command: median wall time of 21 fresh processes.

Usage:
    scripts/cold_start.py COMMAND [ARGS...]
e.g. scripts/cold_start.py .build/release/fhirval validate --cache /tmp/uk.db \
         ../shared/ukcore/examples/UKCore-Patient-RichardSmith-Example.xml
Output is discarded; prints the median and the minimum in milliseconds.
"""
import statistics
import subprocess
import sys
import time

cmd = sys.argv[1:]
if not cmd:
    sys.exit(__doc__)
times = []
for _ in range(21):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - t) * 1000)
print(f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms over {len(times)} runs")
