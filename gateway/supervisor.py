"""`zaakgraph serve --workers N`: N uvicorn workers, each listening on a socket of its own (SO_REUSEPORT).

uvicorn's own supervisor binds one socket and hands it to every worker. Each worker's event loop then accepts
all the connections waiting when it wakes, so a burst of new keep-alive connections lands on one worker: 10 of
10, in 7 bursts of 8, with two workers (docs/performance.md). A proxy that keeps a few upstream connections
open then has one busy worker and one idle. With SO_REUSEPORT each worker listens on a socket of its own on
the same port, and the kernel spreads new connections over them by a hash of their addresses.

The supervisor starts the workers, starts a worker again when one dies (at most once a second per worker, so
a worker that dies at once does not spin), and stops them all on SIGINT or SIGTERM: each finishes the
requests it has (uvicorn's graceful shutdown), then is killed after `STOP_TIMEOUT_S`. A port it cannot
bind, or a worker that fails before it serves (the app does not start), stops the whole command: a second try
would fail the same way. The supervisor binds the sockets and keeps each open for its worker's successor.
SIGHUP replaces the workers one at a time (new code, new settings), each old one stopped once
its successor serves, so the port keeps answering. A worker ends with the supervisor, also when that is
killed outright (PR_SET_PDEATHSIG): none is left serving on the port with no one to stop it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn

STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that failed before it served (uvicorn.config)
STOP_TIMEOUT_S = 30.0
RESTART_EVERY_S = 1.0
DRAIN_S = 0.5  # between a replaced worker's last accepted connection and its stop
READY_TIMEOUT_S = 60.0  # for a worker started by SIGHUP to serve
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

logger = logging.getLogger("zaakgraph.supervisor")

_spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no state of the supervisor's own


def reuse_port_available() -> bool:
    """Linux only: there the kernel spreads connections over a SO_REUSEPORT group. On macOS and the BSDs the
    option exists but hands every connection to one socket of the group (FreeBSD's balancing option has
    another name), which would be worse than uvicorn's shared socket."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _address(host: str, port: int) -> tuple[Any, ...]:
    """(family, type, proto, address) to listen on (host, port)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    return family, kind, proto, address


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A socket bound to (host, port) and listening, one of a SO_REUSEPORT group on the port."""
    family, kind, proto, address = _address(host, port)
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    return sock


def port_taken(host: str, port: int) -> bool:
    """Whether anything holds (host, port), a group of SO_REUSEPORT sockets included: a bind without the
    option fails on those too. Without this check a second `zaakgraph serve` on the port would join the first
    one's group and take half its connections."""
    try:
        family, kind, proto, address = _address(host, port)
        with socket.socket(family, kind, proto) as sock:
            sock.bind(address)
    except OSError:
        return True
    return False


def _worker(options: dict[str, Any], sock: socket.socket, parent: int, ready: Any) -> None:
    """One worker (in a spawned process): uvicorn on its socket of the group. `ready` (an Event) is set once
    it serves."""
    _die_with(parent)
    config = uvicorn.Config(**options)
    server = uvicorn.Server(config)

    def tell_when_started() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            ready.set()

    def close_servers() -> None:
        for listening in server.servers:
            listening.close()

    def stop_accepting(signum: int, _: Any) -> None:
        # SIGUSR1, from the supervisor before it stops this worker: accept no more connections (the socket
        # stays open in the supervisor and this worker's successor, so nothing waiting on it is dropped).
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon(close_servers)

    signal.signal(signal.SIGUSR1, stop_accepting)
    threading.Thread(target=tell_when_started, daemon=True).start()
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


def _die_with(parent: int) -> None:
    """Have the kernel send this process SIGTERM when the supervisor dies, even by SIGKILL: a worker left
    behind would keep serving on the port with no one to stop it (Linux's PR_SET_PDEATHSIG)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # it died before the request took hold
        raise SystemExit(0)


@dataclass(slots=True)
class Worker:
    sock: socket.socket  # its listening socket, held by the supervisor too
    process: BaseProcess
    ready: Any  # a multiprocessing Event: set once the worker serves
    started: float  # time.monotonic() at its start


class Supervisor:
    def __init__(self, options: dict[str, Any], workers: int) -> None:
        self.options = {**options, "workers": 1}  # each worker is one process; the count is ours
        self.count = workers
        self.workers: list[Worker] = []
        self.stopping = threading.Event()
        self.reload = False
        self.failed = False

    def _start(self, sock: socket.socket) -> Worker:
        """A worker on `sock`. The supervisor keeps each socket open for the worker that follows: a socket
        of the group that closed would drop the connections waiting in its queue, and the kernel would
        send others to it until then."""
        ready = _spawn.Event()
        process = _spawn.Process(
            target=_worker, args=(self.options, sock, os.getpid(), ready), name="zaakgraph-worker"
        )
        process.start()
        return Worker(sock, process, ready, time.monotonic())

    def _on_signal(self, signum: int, _: Any) -> None:
        if signum == signal.SIGHUP:
            self.reload = True
        else:
            self.stopping.set()

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM (SIGHUP: every worker replaced, one at a time); the exit code: 0, or
        `STARTUP_FAILURE` when a worker could not start serving."""
        handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {sig: signal.signal(sig, self._on_signal) for sig in handled}
        host, port, backlog = self.options["host"], self.options["port"], self.options.get("backlog", 2048)
        try:
            try:
                sockets = [listening_socket(host, port, backlog) for _ in range(self.count)]
            except OSError as exc:
                logger.error("cannot listen on %s:%s: %s", host, port, exc)
                self.failed = True
                return STARTUP_FAILURE
            self.workers = [self._start(sock) for sock in sockets]
            while not self.stopping.wait(0.2):
                if self.reload:
                    self.reload = False
                    self._replace_all()
                self._keep_alive()
        finally:
            self._stop(self.workers)
            for worker in self.workers:
                worker.sock.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return STARTUP_FAILURE if self.failed else 0

    def _keep_alive(self) -> None:
        now = time.monotonic()
        for index, worker in enumerate(self.workers):
            process = worker.process
            if process.is_alive() or self.stopping.is_set():
                continue
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                logger.error("worker %s failed before it served; stopping", process.pid)
                self.failed = True
                self.stopping.set()
                return
            if now - worker.started < RESTART_EVERY_S:
                continue  # started again once it has had a second
            logger.warning("worker %s ended (exit code %s); starting another", process.pid, process.exitcode)
            self.workers[index] = self._start(worker.sock)

    def _replace_all(self) -> None:
        """SIGHUP: each worker in turn replaced by a new one (new code, new settings), the old one stopped
        only once the new one serves, so the port keeps answering. A new worker that does not come up in
        `READY_TIMEOUT_S` is stopped and the old ones are kept."""
        for index, old in enumerate(self.workers):
            new = self._start(old.sock)
            deadline = time.monotonic() + READY_TIMEOUT_S
            while not new.ready.wait(0.1):
                if self.stopping.is_set() or not new.process.is_alive() or time.monotonic() > deadline:
                    logger.error("a new worker did not start serving; keeping the running ones")
                    self._stop([new])
                    return
            self.workers[index] = new
            # First no more connections for the old worker, then time for those it has just accepted to
            # bring their request: uvicorn's shutdown closes a connection that has sent none yet.
            if old.process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(old.process.pid, signal.SIGUSR1)
            time.sleep(DRAIN_S)
            self._stop([old])

    def _stop(self, workers: list[Worker]) -> None:
        for worker in workers:
            pid = worker.process.pid
            if worker.process.is_alive() and pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for worker in workers:
            worker.process.join(max(deadline - time.monotonic(), 0.0))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
