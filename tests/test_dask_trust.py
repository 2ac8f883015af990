"""``dedup --scheduler``: an unusable cluster is a clear error, exit 2 (issue 14, item 6).

Unreachable, without workers, or with workers that answer the version check
with something else: each is one line on stderr and exit 2, never a traceback
or a hang; and ``--help`` says that the cluster must be trusted.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from clitools import _env, assert_no_traceback, run, write

distributed = pytest.importorskip("distributed")

from cleannews.corpus import dask_engine  # noqa: E402
from cleannews.corpus.dedup import ClusterError  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_help_says_the_cluster_must_be_trusted() -> None:
    assert "use only a cluster you trust" in " ".join(run("dedup", "--help").stdout.split())


def test_an_unreachable_scheduler_is_exit_2_with_its_address(tmp_path: Path) -> None:
    data = write(tmp_path, "a.jsonl", '{"text": "One story."}\n')
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    proc = subprocess.run(
        [sys.executable, "-m", "cleannews", "dedup", str(data), "--scheduler", address],
        capture_output=True,
        text=True,
        env={**_env(), "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s"},
        timeout=120,
        check=False,
    )
    assert_no_traceback(subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout, proc.stderr))
    assert proc.returncode == 2, proc.stderr
    assert f"cannot reach the Dask scheduler at {address}" in proc.stderr


class _Client:
    """Just what the worker check asks of a client."""

    scheduler_address = "tcp://10.0.0.5:8786"

    def __init__(self, *, workers: bool = True, reply: object = None) -> None:
        self.workers = workers
        self.reply = reply

    def wait_for_workers(self, count: int, timeout: float) -> None:
        if not self.workers:
            raise TimeoutError(f"only 0 workers after {timeout} s")

    def run(self, function: Any) -> object:
        return self.reply if self.reply is not None else {"w1": function()}


def test_a_scheduler_without_workers_is_a_message_not_a_hang() -> None:
    with pytest.raises(
        ClusterError, match=r"has no workers \(waited 1 s\); start some with `dask worker tcp://"
    ):
        dask_engine._check_workers(_Client(workers=False), timeout=1)


def test_a_version_reply_that_is_not_text_is_refused() -> None:
    with pytest.raises(ClusterError, match="not a cleannews worker; use only a cluster you trust"):
        dask_engine._check_workers(_Client(reply={"w1": object()}))
    with pytest.raises(ClusterError, match="not a cleannews worker"):
        dask_engine._check_workers(_Client(reply=["not", "a", "dict"]))


def test_matching_workers_pass() -> None:
    dask_engine._check_workers(_Client())


def test_a_real_scheduler_without_workers_times_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In process: a LocalCluster with no worker, and the command's exit code and message."""
    from click.testing import CliRunner

    from cleannews.cli_dedup import dedup

    monkeypatch.setattr(dask_engine, "WORKERS_TIMEOUT_S", 2.0)
    data = write(tmp_path, "a.jsonl", '{"text": "One story here."}\n{"text": "Another one."}\n')
    with distributed.LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=":0") as cluster:
        result = CliRunner().invoke(dedup, [str(data), "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 2, result.output
    assert "the Dask scheduler has no workers (waited 2 s)" in result.output
