"""Run one function on hostile input in a forked child that is killed when over its budget.

A time limit inside the worker cannot hold: pypdf's text extraction is pure Python that no
signal-free timeout can interrupt, and a sync gunicorn worker busy with it serves nobody. So the
work runs in a child forked from the worker (copy-on-write: the file's bytes and the loaded
modules come along for free), with an address-space limit and a CPU limit of its own, while the
parent waits on a pipe for at most `seconds` and then kills it.

The child touches no database: it inherited the parent's open connection (a PostgreSQL socket,
an SQLite file) and must leave it alone, so it never closes anything and leaves with os._exit,
which runs no atexit handler, no finaliser and no Flask teardown. Its answer is JSON on the pipe.
"""

import contextlib
import json
import logging
import os
import resource
import select
import signal
import time
import warnings
from collections.abc import Callable

#: the most a child may answer (the text cap, in UTF-8, with room for the JSON around it)
MAX_ANSWER_BYTES = 12 * 1024 * 1024


class OverBudget(Exception):
    """The child did not answer in time (it was killed)."""


class ChildFailed(Exception):
    """The child died without an answer: out of memory, or a crash of the library."""


def run(function: Callable[..., object], *args, seconds: float, memory_mb: int) -> dict:
    """{"result": function(*args)} (JSON-able), computed in a child given `seconds` of
    wall-clock time and `memory_mb` MB of address space beyond the parent's; an exception the
    function raised comes back as {"error": its class name, "reason": its `reason`, if any}.
    OverBudget when the time ran out, ChildFailed when the child died without an answer."""
    return start(function, *args, seconds=seconds, memory_mb=memory_mb).answer()


class Child:
    """A running child: the parent may do other work (a malware scan) before asking for its
    answer; the time limit counts from the fork either way."""

    def __init__(self, pid: int, read_end: int, deadline: float):
        self.pid, self.read_end, self.deadline = pid, read_end, deadline
        self.done = False

    def answer(self) -> dict:
        if self.done:
            raise RuntimeError("the child's answer was already taken")
        self.done = True
        try:
            answer = _collect(self.read_end, self.pid, self.deadline)
        finally:
            os.close(self.read_end)
        if answer is None:
            raise ChildFailed()
        return answer

    def cancel(self) -> None:
        """Kill the child: its answer is not needed any more."""
        if not self.done:
            self.done = True
            _kill(self.pid)
            os.close(self.read_end)


def start(function: Callable[..., object], *args, seconds: float, memory_mb: int) -> Child:
    """Fork the child that computes `function(*args)` (see `run`)."""
    read_end, write_end = os.pipe()
    deadline = time.monotonic() + seconds
    with warnings.catch_warnings():
        # Python 3.12 warns of fork() in a process with threads (a job's, a test server's): a
        # lock another thread held stays held in the child. The child takes none of theirs
        # (CPython resets its own import and allocator locks after a fork), and one that hung
        # regardless would be killed at the deadline like any other.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit on processes, no memory): no time
            os.close(read_end)
            os.close(write_end)
            raise OverBudget() from None
    if pid == 0:  # the child
        os.close(read_end)
        _child(write_end, function, args, seconds, memory_mb)
    os.close(write_end)
    return Child(pid, read_end, deadline)


def _child(write_end: int, function, args, seconds: float, memory_mb: int) -> None:
    code = 1
    try:
        # Signals meant for the worker (gunicorn's graceful stop) end the child at once.
        for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(number, signal.SIG_DFL)
        # pypdf logs every oddity of a hostile file; the parent says what matters
        logging.disable(logging.CRITICAL)
        _limit_memory(memory_mb)
        # If the parent dies, nobody kills the child: its own CPU limit still ends it.
        cpu = int(seconds) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        try:
            answer = {"result": function(*args)}
        except MemoryError:
            raise
        except Exception as error:  # named to the parent, who decides what it means
            detail = error.args[0] if error.args and isinstance(error.args[0], str) else ""
            answer = {"error": type(error).__name__, "detail": detail}
            reason = getattr(error, "reason", "")
            if reason:
                answer["reason"] = reason
        body = json.dumps(answer).encode()
        view = memoryview(body)
        while view:
            view = view[os.write(write_end, view) :]
        code = 0
    except BaseException:  # noqa: S110 - no answer is the answer: the parent reports it
        pass
    finally:
        os._exit(code)


def _limit_memory(memory_mb: int) -> None:
    """RLIMIT_AS counts the address space the child inherited too: the limit is that plus the
    allowance (Linux; elsewhere the child runs with the time limit only)."""
    try:
        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return
    limit = current + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _collect(read_end: int, pid: int, deadline: float) -> dict | None:
    """The child's answer, or OverBudget after killing it; always reaps it."""
    chunks, size = [], 0
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OverBudget()
            ready, _, _ = select.select([read_end], [], [], left)
            if not ready:
                raise OverBudget()
            chunk = os.read(read_end, 1024 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                _kill(pid)
                return None
            chunks.append(chunk)
    except BaseException:
        _kill(pid)
        raise
    status = _reap(pid, deadline)
    if status != 0 or not chunks:
        return None
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _reap(pid: int, deadline: float) -> int:
    """The child's exit status, once it has closed its end of the pipe (it is leaving)."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            _kill(pid)
            return -1
        time.sleep(0.001)
