"""Running the ``cleannews`` command as a real subprocess, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONSOLE_SCRIPT = Path(sys.executable).parent / ("cleannews.exe" if os.name == "nt" else "cleannews")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(
        PYTHONIOENCODING="utf-8",
        FORCE_COLOR="1",  # even when asked for colour, a pipe must not get escapes
        TERM="xterm-256color",
        COLUMNS="100",
    )
    return env


def run(
    *args: str | Path, stdin: bytes | str = b"", command: list[str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    prefix = command if command is not None else [sys.executable, "-m", "cleannews"]
    proc = subprocess.run(
        [*prefix, *map(str, args)],
        input=data,
        capture_output=True,
        env=_env(),
        timeout=60,
        check=False,
        cwd=cwd,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def start(*args: str | Path, new_session: bool = False) -> subprocess.Popen[bytes]:
    """cleannews started in the background, its output piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "cleannews", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        start_new_session=new_session,
    )


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode())
    else:
        path.write_bytes(content)
    return path


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout


@contextmanager
def named_pipe(path: Path) -> Iterator[list[bytes]]:
    """A FIFO at ``path`` that a thread reads to its end; yields the list that gets
    what was read (one item once the writer has closed it)."""
    os.mkfifo(path)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(path.read_bytes()), daemon=True)
    reader.start()
    try:
        yield received
    finally:
        reader.join(timeout=20)
        if reader.is_alive():  # nothing opened the pipe for writing: let the reader go
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(timeout=5)
