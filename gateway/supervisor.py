"""`zaakgraph serve --workers N`: N uvicorn workers, each listening on a socket of its own (SO_REUSEPORT).

uvicorn's own supervisor binds one socket and hands it to every worker. Each worker's event loop then accepts
all the connections waiting when it wakes, so a burst of new keep-alive connections lands on one worker: 10 of
10, in 7 bursts of 8, with two workers (docs/performance.md). A proxy that keeps a few upstream connections
open then has one busy worker and one idle. With SO_REUSEPORT each worker listens on a socket of its own on
the same port, and the kernel spreads new connections over them by a hash of their addresses.

The supervisor starts the workers, starts a worker again when one dies (at most once a second per worker, so
a worker that dies at once does not spin), and stops them all on SIGINT or SIGTERM: each finishes the
requests it has (uvicorn's graceful shutdown), then is killed after `STOP_TIMEOUT_S`. A worker that fails
before it serves (the app does not load, the port is taken) stops the whole command: a second try would fail
the same way.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

import uvicorn

STARTUP_FAILURE = 3  # uvicorn's exit code for a worker that failed before it served (uvicorn.config)
STOP_TIMEOUT_S = 30.0
RESTART_EVERY_S = 1.0

logger = logging.getLogger("zaakgraph.supervisor")

_spawn = multiprocessing.get_context("spawn")  # a fresh interpreter: no state of the supervisor's own


def reuse_port_available() -> bool:
    """Linux only: there the kernel spreads connections over a SO_REUSEPORT group. On macOS and the BSDs the
    option exists but hands every connection to one socket of the group (FreeBSD's balancing option has
    another name), which would be worse than uvicorn's shared socket."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, backlog: int, *, reuse_port: bool) -> socket.socket:
    """A socket bound to (host, port), listening; with `reuse_port`, one of a group on the same port."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
        sock.listen(backlog)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def port_taken(host: str, port: int) -> bool:
    """Whether anything holds (host, port), a group of SO_REUSEPORT sockets included: a bind without the
    option fails on those too. Without this check a second `zaakgraph serve` on the port would join the first
    one's group and take half its connections."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as sock:
            sock.bind(address)
    except OSError:
        return True
    return False


def _worker(options: dict[str, Any]) -> None:
    """One worker (in a spawned process): its own listening socket in the group, then uvicorn on it."""
    config = uvicorn.Config(**options)
    try:
        sock = listening_socket(config.host, config.port, config.backlog, reuse_port=True)
    except OSError as exc:
        logging.getLogger("uvicorn.error").error("cannot listen on %s:%s: %s", config.host, config.port, exc)
        raise SystemExit(STARTUP_FAILURE) from exc
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    def __init__(self, options: dict[str, Any], workers: int) -> None:
        self.options = {**options, "workers": 1}  # each worker is one process; the count is ours
        self.count = workers
        self.processes: list[BaseProcess] = []
        self.started: list[float] = []
        self.stopping = threading.Event()
        self.failed = False

    def _start(self) -> tuple[BaseProcess, float]:
        process = _spawn.Process(target=_worker, args=(self.options,), name="zaakgraph-worker")
        process.start()
        return process, time.monotonic()

    def _stop_on(self, signum: int, _: Any) -> None:
        self.stopping.set()

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM; the exit code: 0, or `STARTUP_FAILURE` when a worker could not
        start serving."""
        previous = {sig: signal.signal(sig, self._stop_on) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            for _ in range(self.count):
                process, at = self._start()
                self.processes.append(process)
                self.started.append(at)
            while not self.stopping.wait(0.2):
                self._keep_alive()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return STARTUP_FAILURE if self.failed else 0

    def _keep_alive(self) -> None:
        now = time.monotonic()
        for index, process in enumerate(self.processes):
            if process.is_alive() or self.stopping.is_set():
                continue
            process.join()
            if process.exitcode == STARTUP_FAILURE:
                logger.error("worker %s failed before it served; stopping", process.pid)
                self.failed = True
                self.stopping.set()
                return
            if now - self.started[index] < RESTART_EVERY_S:
                continue  # started again once it has had a second
            logger.warning("worker %s ended (exit code %s); starting another", process.pid, process.exitcode)
            self.processes[index], self.started[index] = self._start()

    def _stop_all(self) -> None:
        for process in self.processes:
            if process.is_alive() and process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in self.processes:
            process.join(max(deadline - time.monotonic(), 0.0))
            if process.is_alive():
                process.kill()
                process.join()
