"""Worker processes that live and die with the run that started them.

A process pool's workers are separate processes: when the parent is killed
(SIGKILL, the OOM killer, a CI timeout), nothing tells them, and with
``--in-place`` they went on cleaning and writing files for minutes. Here each
worker asks Linux to kill it when its parent dies (``PR_SET_PDEATHSIG``), and
checks before any write that its parent is still the one that started it, the
portable fallback for systems without that signal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# What a worker's death means to a user.
WORKER_DIED = (
    "a worker process was killed (by a signal: the out-of-memory killer, or kill -9); "
    "with less memory in use, try --jobs 1"
)


def worker_count(size: int | None, floor: int, most: int | None = None) -> int:
    """Processes for a run with ``size`` bytes of input: all cores (at most ``most``)
    from ``floor`` bytes up, else one, since below it starting workers costs more than
    they save. Each command passes its own floor (its work per byte differs); an input
    of unknown size (stdin, None) gets one.

    >>> worker_count(None, 1), worker_count(100, 1 << 20), worker_count(1 << 20, 1 << 20, most=1)
    (1, 1, 1)
    """
    if size is None or size < floor:
        return 1
    cores = os.cpu_count() or 1
    return cores if most is None else min(cores, most)


# The pid of the process that started this worker; None in the parent itself.
_parent: int | None = None


def init_worker(parent: int | None = None) -> None:
    """The pool initializer: Ctrl-C and SIGTERM are left to the parent, which shuts
    the pool down and cleans up (a worker dying on its own would break the pool),
    and the worker dies when the parent does."""
    global _parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _parent = parent if parent is not None else os.getppid()
    _die_with_parent()
    if parent_gone():  # it died before the signal was asked for
        os._exit(1)


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl (another libc): the ppid check remains
        return


def parent_gone() -> bool:
    """In a worker: has the run that started it ended? (Always False in the parent.)"""
    return _parent is not None and os.getppid() != _parent


def stop_if_orphaned() -> None:
    """Called by a worker before it writes: a run that is gone must not change files."""
    if parent_gone():
        os._exit(1)


class WorkerDied(Exception):
    """A worker process ended while the run still needed it (killed by a signal)."""


class Task:
    """One call sent to a worker: its result, once a worker has sent it back."""

    __slots__ = ("_call", "_error", "_finished", "_pool", "_value")

    def __init__(self, pool: WorkerPool, call: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
        self._pool = pool
        self._call: tuple[Callable[..., Any], tuple[Any, ...]] | None = call
        self._finished = False
        self._value: Any = None
        self._error: BaseException | None = None

    def done(self) -> bool:
        if not self._finished:
            self._pool._collect(timeout=0)
        return self._finished

    def result(self) -> Any:
        while not self._finished:
            self._pool._collect(timeout=None)
        if self._error is not None:
            raise self._error
        return self._value


class _Worker:
    __slots__ = ("process", "results", "task", "tasks")

    def __init__(self, process: Any, tasks: Connection, results: Connection) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results
        self.task: Task | None = None  # the call it is working on


class WorkerPool:
    """Worker processes, each with pipes of its own.

    Why not ``concurrent.futures.ProcessPoolExecutor``: its workers share one
    result pipe, and a worker killed while writing a large result into it
    leaves half a message there; the executor then waits for the rest forever
    (seen in about one kill in ten on Python 3.11). Here a worker that dies
    closes only its own pipe, which the parent reads as end of file, so any
    death ends the run at once with ``WorkerDied``.
    """

    def __init__(self, processes: int) -> None:
        import multiprocessing

        context = multiprocessing.get_context()
        self._workers: list[_Worker] = []
        self._waiting: deque[Task] = deque()
        parent = os.getpid()
        try:
            for _ in range(processes):
                task_reader, task_writer = context.Pipe(duplex=False)
                result_reader, result_writer = context.Pipe(duplex=False)
                process = context.Process(
                    target=_serve, args=(task_reader, result_writer, parent), daemon=True
                )
                process.start()
                # Closed here, so that a worker's death is end of file on its pipe.
                task_reader.close()
                result_writer.close()
                self._workers.append(_Worker(process, task_writer, result_reader))
        except BaseException:
            self._stop(kill=True)
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        # Stopped by an error or Ctrl-C: what the workers are doing is not wanted.
        self._stop(kill=kind is not None and not issubclass(kind, GeneratorExit))

    def submit(self, function: Callable[..., Any], *arguments: Any) -> Task:
        task = Task(self, (function, arguments))
        self._waiting.append(task)
        self._dispatch()
        return task

    def map(self, function: Callable[..., Any], *iterables: Iterable[Any], chunk: int = 1) -> Iterator[Any]:
        """``function`` over the items, in their order, a few calls ahead (not all at once)."""
        ahead = 2 * len(self._workers)
        pending: deque[Task] = deque()
        batches = batched(zip(*iterables, strict=False), chunk)  # repeat() beside a list
        for batch in batches:
            pending.append(self.submit(_call_each, function, batch))
            while pending and (len(pending) > ahead or pending[0].done()):
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def _dispatch(self) -> None:
        for worker in self._workers:
            if not self._waiting:
                return
            if worker.task is None:
                task = self._waiting.popleft()
                assert task._call is not None
                try:
                    worker.tasks.send(task._call)
                except OSError:  # its end of the pipe is closed: it died
                    self._died()
                task._call = None
                worker.task = task

    def _collect(self, timeout: float | None) -> None:
        """Take in the results that are ready (waiting up to ``timeout`` for one)."""
        from multiprocessing.connection import wait

        busy = {worker.results: worker for worker in self._workers if worker.task is not None}
        sentinels = [worker.process.sentinel for worker in self._workers]
        ready = wait([*busy, *sentinels], timeout)
        for item in ready:
            worker = busy.get(item)  # type: ignore[call-overload]
            if worker is None:
                self._died()
            try:
                succeeded, value = worker.results.recv()
            except (EOFError, OSError):  # died while sending
                self._died()
            task, worker.task = worker.task, None
            assert task is not None
            task._finished = True
            if succeeded:
                task._value = value
            else:
                task._error = value
        self._dispatch()

    def _died(self) -> NoReturn:
        self._stop(kill=True)
        raise WorkerDied(WORKER_DIED)

    def _stop(self, kill: bool) -> None:
        if not kill:
            # Let the calls under way finish (a file being written is written),
            # reading their results so that no worker blocks on a full pipe.
            self._waiting.clear()
            while any(worker.task is not None for worker in self._workers):
                self._collect(timeout=None)
        for worker in self._workers:
            if kill:
                worker.process.kill()
            else:
                # (Not end of file alone: the workers started later hold copies of this pipe's end.)
                with contextlib.suppress(OSError):
                    worker.tasks.send(None)
            worker.tasks.close()
        for worker in self._workers:
            worker.process.join(timeout=None if kill else 10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.results.close()
        self._workers = []


def _serve(tasks: Connection, results: Connection, parent: int) -> None:
    """A worker's life: calls in, results out, until the parent closes its pipe."""
    init_worker(parent)
    while True:
        try:
            call = tasks.recv()
        except EOFError:
            return
        if call is None:
            return
        function, arguments = call
        try:
            reply: tuple[bool, Any] = (True, function(*arguments))
        except Exception as error:  # raised in the parent, as a local call would
            reply = (False, error)
        try:
            results.send(reply)
        except Exception as error:  # a result or an error that cannot be pickled
            results.send((False, RuntimeError(f"a worker's result could not be sent back: {error!r}")))


def _call_each(function: Callable[..., Any], batch: list[tuple[Any, ...]]) -> list[Any]:
    return [function(*arguments) for arguments in batch]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items in order, the last one shorter (itertools.batched
    arrived in Python 3.12). ``islice`` fills each list in C: signing batches a million texts."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
