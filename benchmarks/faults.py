"""Fault injection: SIGKILL a run at a random moment, then check what it left.

Why: issue 14 found workers that outlived a killed run (and went on writing),
and temporary files that no later run removed. The promises checked here:

- every file is either as it was or fully cleaned (never half-written);
- 1 s after the kill, no process of the run is left;
- after the next run on the same files, no temporary file is left.

How: two scenarios, each ``--trials`` times (default 30): ``--in-place --jobs 2``
on a folder of 250 Markdown posts, and ``--jsonl --jobs 2 IN -o OUT`` on a
JSON Lines file. An uninterrupted run is timed first; each trial starts the
run in its own session, kills its main process with SIGKILL after a random
delay within that time, waits 1 s, lists the session's processes from
``/proc`` (Linux only), checks the files, then runs the command again to the
end and counts the ``*.cleannews`` temporary files. Two more scenarios kill one
worker process instead (as the OOM killer does): the run must end by itself
(within 60 s; a hang is counted) with exit 2, each file old or new, no process
left and no ``-o`` output written.

Run from the repository root::

    python benchmarks/faults.py               # 30 trials each (a few minutes)
    python benchmarks/faults.py --trials 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from processes import session_processes, worker_processes

COMMAND = [sys.executable, "-m", "cleannews"]


@dataclass
class Tally:
    trials: int = 0
    old: int = 0  # files (or outputs) as they were
    new: int = 0  # files fully cleaned
    broken: list[str] = field(default_factory=list)  # neither: a promise broken
    processes_left: int = 0  # the most seen 1 s after a kill
    temporaries_after_kill: int = 0  # the most seen (the next run removes them)
    temporaries_after_next_run: int = 0  # the most seen: must be 0
    left: list[str] = field(default_factory=list)  # names of those, with the next run's exit code
    hangs: int = 0  # worker killed: runs still going 60 s later
    exits: dict[int, int] = field(default_factory=dict)  # worker killed: the run's exit codes

    def line(self, name: str) -> str:
        outcome = (
            f"  exit codes {dict(sorted(self.exits.items()))} runs hung {self.hangs}"
            if self.exits or self.hangs
            else ""
        )
        return (
            f"{name:<23} trials {self.trials:>3}  files old {self.old:>6} new {self.new:>6} "
            f"broken {len(self.broken):>3}  processes left after 1 s {self.processes_left}  "
            f"temp files after the kill (max) {self.temporaries_after_kill}  "
            f"after the next run {self.temporaries_after_next_run}{outcome}"
        )


def temporaries(folder: Path) -> int:
    return len(temporary_names(folder))


def temporary_names(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".cleannews")]


def next_run(args: list[str], folder: Path, tally: Tally) -> None:
    """Run the command again to its end; count what temporary files remain."""
    done = subprocess.run([*COMMAND, *args], capture_output=True, text=True, check=False)
    names = temporary_names(folder)
    tally.temporaries_after_next_run = max(tally.temporaries_after_next_run, len(names))
    tally.left += [f"{name} (exit {done.returncode}: {done.stderr.strip()[-200:]})" for name in names]


def kill_at_random(args: list[str], duration: float, rng: random.Random, tally: Tally, worker: bool) -> int:
    """Start the run, SIGKILL it (or, with ``worker``, one of its worker processes, as
    the OOM killer does) after a random delay; wait for its end and 1 s more; its
    processes still alive."""
    proc = subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    time.sleep(rng.uniform(0, duration * 1.2))  # now and then after the end: all new
    if not worker:
        proc.kill()
        proc.wait()
    else:
        workers = worker_processes(proc.pid)
        if workers:
            os.kill(rng.choice(workers), signal.SIGKILL)
        try:
            code = proc.wait(timeout=60)
            tally.exits[code] = tally.exits.get(code, 0) + 1
        except subprocess.TimeoutExpired:
            tally.hangs += 1
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    time.sleep(1.0)
    return len(session_processes(proc.pid))


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([*COMMAND, *args], capture_output=True, check=False)
    return time.perf_counter() - started


def in_place(work: Path, trials: int, rng: random.Random, worker: bool = False) -> Tally:
    pristine = work / "pristine"
    pristine.mkdir()
    for number in range(250):
        body = "\n\n".join(
            f"Post {number}, paragraph {p}: the council &amp; the river  board met on day {p * 7 + number}."
            for p in range(60)
        )
        (pristine / f"post{number:03}.md").write_text(body + "\n")
    clean = work / "clean"
    shutil.copytree(pristine, clean)
    subprocess.run([*COMMAND, "--in-place", "-q", str(clean)], check=False)
    old = {path.name: path.read_bytes() for path in pristine.iterdir()}
    new = {path.name: path.read_bytes() for path in clean.iterdir()}
    posts = work / "posts"
    args = ["--in-place", "--jobs", "2", "-q", str(posts)]
    shutil.copytree(pristine, posts)
    duration = timed(args)
    tally = Tally()
    for _ in range(trials):
        shutil.rmtree(posts)
        shutil.copytree(pristine, posts)
        tally.trials += 1
        tally.processes_left = max(tally.processes_left, kill_at_random(args, duration, rng, tally, worker))
        tally.temporaries_after_kill = max(tally.temporaries_after_kill, temporaries(posts))
        for path in posts.iterdir():
            if path.name.endswith(".cleannews"):
                continue
            data = path.read_bytes()
            if data == old[path.name]:
                tally.old += 1
            elif data == new[path.name]:
                tally.new += 1
            else:
                tally.broken.append(path.name)
        next_run(args, posts, tally)
    return tally


def jsonl(work: Path, trials: int, rng: random.Random, worker: bool = False) -> Tally:
    folder = work / "data"
    folder.mkdir()
    source = folder / "in.jsonl"
    with source.open("w") as handle:
        for number in range(60_000):
            handle.write(
                json.dumps({"id": number, "text": f"Record {number} &amp; more  text here. " * 8}) + "\n"
            )
    target = folder / "out.jsonl"
    args = ["--jsonl", "--jobs", "2", str(source), "-o", str(target)]
    duration = timed(args)
    new = target.read_bytes()
    tally = Tally()
    for _ in range(trials):
        target.unlink(missing_ok=True)
        tally.trials += 1
        tally.processes_left = max(tally.processes_left, kill_at_random(args, duration, rng, tally, worker))
        tally.temporaries_after_kill = max(tally.temporaries_after_kill, temporaries(folder))
        if not target.exists():
            tally.old += 1
        elif target.read_bytes() == new:
            tally.new += 1
        else:
            tally.broken.append(target.name)
        next_run(args, folder, tally)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        sys.exit("faults.py reads /proc: Linux only")
    rng = random.Random(args.seed)
    scenarios = (
        ("--in-place --jobs 2", in_place, False),
        ("--jsonl --jobs 2 -o", jsonl, False),
        ("in-place: worker killed", in_place, True),
        ("jsonl: worker killed", jsonl, True),
    )
    for name, scenario, worker in scenarios:
        with tempfile.TemporaryDirectory() as folder:
            tally = scenario(Path(folder), args.trials, rng, worker)
            print(tally.line(name), flush=True)
            if tally.broken:
                print("  broken:", ", ".join(sorted(set(tally.broken))[:10]))
            for name in tally.left:
                print("  left after the next run:", name)


if __name__ == "__main__":
    main()
