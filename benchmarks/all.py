"""Run the four speed benchmarks of the README, one after another.

Each prints its own table and the ratio its target is stated in. They measure
on the real machine, so run them on an otherwise idle one; the JSON Lines one
writes a 1 GB file to the temporary folder and takes several minutes
(``--quick`` runs it on 20 MB and 200 MB instead).

Run from the repository root::

    python benchmarks/all.py
    python benchmarks/all.py --quick
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "perf" / "reuters21578_docs.jsonl.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer repeats")
    args = parser.parse_args()
    if not DATA.is_file():
        sys.exit(f"benchmarks/all.py: no Reuters sample at {DATA} (the benchmarks read ../shared/perf/)")
    quick = {
        "throughput.py": ["--repeats", "3"],
        "startup.py": ["--repeat", "7"],
        "jsonl.py": ["--small-mb", "20", "--large-mb", "200"],
        "duplicates_scaling.py": ["--sizes", "10,100,1000,10000"],
    }
    for script, quick_args in quick.items():
        print(f"\n=== {script} ===", flush=True)
        command = [sys.executable, str(HERE / script), *(quick_args if args.quick else [])]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
