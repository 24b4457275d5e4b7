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


class _Inbox(asyncio.DatagramProtocol):
    def __init__(self, listener: Listener) -> None:
        self.listener = listener

    def datagram_received(self, data: bytes, addr: Any) -> None:
        try:
            message = orjson.loads(data)
        except orjson.JSONDecodeError:
            return
        if isinstance(message, dict):
            self.listener(message)


class Siblings:
    def __init__(self, run_dir: Path, listener: Listener) -> None:
        self.run_dir = run_dir
        self.listener = listener
        self.own = run_dir / f"worker-{os.getpid()}.sock"
        self._lock: int | None = None
        self._transport: asyncio.BaseTransport | None = None
        self._out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._out.setblocking(False)

    async def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.own.unlink()
        loop = asyncio.get_running_loop()
        self._transport, _ = await loop.create_datagram_endpoint(
            lambda: _Inbox(self.listener), local_addr=str(self.own), family=socket.AF_UNIX
        )

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
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
