"""A minimal HTTP/1.1 client for the load test: a POST on a kept-alive connection, then the
response read as it streams.

A general client such as httpx spends milliseconds of CPU on each streamed turn, about as much
as the server under test: in one client process on a small machine, the client saturated
before the server did. This one speaks only what the servers under test answer with: a
status line and headers, then a body of a given Content-Length or in chunks. There is no TLS,
no redirect, no compression and no proxy support: it is meant for 127.0.0.1.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass


class ProtocolError(Exception):
    """The answer is not HTTP/1.1 as this client reads it."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    chunks: AsyncIterator[bytes]


class Connection:
    """One connection to ``host:port``, opened on first use and again after a broken exchange."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        # False from a request until its whole response is read: only then can it be reused.
        self._reusable = False

    async def post(self, path: str, headers: dict[str, str], body: bytes) -> Response:
        if self._streams is None or not self._reusable:
            self.close()
            self._streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._streams
        self._reusable = False
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *fields = head.decode("latin-1").split("\r\n")[:-2]
        if not status_line.startswith("HTTP/1.1 "):
            raise ProtocolError(f"not an HTTP/1.1 status line: {status_line!r}")
        response_headers = {}
        for field in fields:
            name, _, value = field.partition(":")
            response_headers[name.strip().lower()] = value.strip()
        status = int(status_line[9:12])
        return Response(status, response_headers, self._body(reader, response_headers))

    async def _body(
        self, reader: asyncio.StreamReader, headers: dict[str, str]
    ) -> AsyncIterator[bytes]:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readline()).split(b";", 1)[0], 16)
                if size == 0:
                    await reader.readline()  # the CRLF after the last chunk (no trailers here)
                    break
                chunk = await reader.readexactly(size + 2)
                yield chunk[:-2]
        else:
            length = int(headers.get("content-length", "0"))
            if length:
                yield await reader.readexactly(length)
        self._reusable = headers.get("connection", "").lower() != "close"

    def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None
