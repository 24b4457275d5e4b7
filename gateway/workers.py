"""Sibling workers of one `zaakgraph serve --workers N`: one keeps the subscriptions, all hear every notification.

A notification reaches whichever worker the kernel hands the connection to, but each worker has a cache of
its own. So the worker that receives one passes it on to its siblings over Unix datagram sockets in a run
directory the CLI makes (`ZAAKGRAPH_RUN_DIR`). One worker, the one holding the directory's lock, keeps the
subscriptions (one abonnement per registry, not one per worker) and tells the others when a registry's
notifications go live or lapse; it also writes that state to a file, for a worker that starts later. When
the lead worker dies, its lock goes with it and another worker takes over at its next check.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

RUN_DIR_ENV = "ZAAKGRAPH_RUN_DIR"
_STATE = "live.json"

Listener = Callable[[dict[str, Any]], None]


class Siblings:
    def __init__(self, run_dir: Path, listener: Listener) -> None:
        self.run_dir = run_dir
        self.listener = listener
        self.own = run_dir / f"worker-{os.getpid()}.sock"
        self._lock: int | None = None
        self._inbox: socket.socket | None = None
        self._out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._out.setblocking(False)

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.own.unlink()
        inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        inbox.bind(str(self.own))
        inbox.setblocking(False)
        self._inbox = inbox
        # add_reader, not create_datagram_endpoint: uvloop's takes no Unix address.
        asyncio.get_running_loop().add_reader(inbox.fileno(), self._read)

    def _read(self) -> None:
        assert self._inbox is not None
        while True:
            try:
                data = self._inbox.recv(65536)
            except (BlockingIOError, InterruptedError):
                return
            try:
                message = orjson.loads(data)
            except orjson.JSONDecodeError:
                continue
            if isinstance(message, dict):
                self.listener(message)

    def close(self) -> None:
        if self._inbox is not None:
            with contextlib.suppress(RuntimeError):
                asyncio.get_running_loop().remove_reader(self._inbox.fileno())
            self._inbox.close()
            self._inbox = None
        with contextlib.suppress(FileNotFoundError):
            self.own.unlink()
        self._out.close()
        if self._lock is not None:
            os.close(self._lock)  # releases the lead
            self._lock = None

    @property
    def leading(self) -> bool:
        return self._lock is not None

    def try_lead(self) -> bool:
        """Take the lead if no live worker holds it (the lock dies with its process)."""
        if self._lock is not None:
            return True
        fd = os.open(self.run_dir / "lead.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock = fd
        return True

    def send(self, message: dict[str, Any]) -> None:
        """To every other worker; a socket whose worker is gone is removed."""
        data = orjson.dumps(message)
        for path in self.run_dir.glob("worker-*.sock"):
            if path == self.own:
                continue
            try:
                self._out.sendto(data, str(path))
            except (ConnectionRefusedError, FileNotFoundError):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            except BlockingIOError:
                pass  # a sibling that does not read: its TTL is its safety net

    def write_state(self, live: dict[str, bool]) -> None:
        target = self.run_dir / _STATE
        temporary = target.with_suffix(f".{os.getpid()}")
        temporary.write_bytes(orjson.dumps(live))
        temporary.replace(target)

    def read_state(self) -> dict[str, bool]:
        try:
            state = orjson.loads((self.run_dir / _STATE).read_bytes())
        except (FileNotFoundError, orjson.JSONDecodeError):
            return {}
        return {str(k): v is True for k, v in state.items()} if isinstance(state, dict) else {}
