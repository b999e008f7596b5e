"""The workbench's guard at the door: an ASGI middleware in front of every request.

- **Size**: a body whose ``Content-Length`` is over the limit is answered 413 before a byte of
  it is read; a body without a length (chunked) is counted as it arrives and cut at the limit.
- **Token**: when the server has one (always when it listens on another address than the
  loopback), every request must carry it: header ``Authorization: Bearer TOKEN`` or
  ``X-Detente-Token``, the cookie the page sets, or ``?token=`` on the first page load and on
  event streams (which cannot send headers). Compared in constant time.
- **Host**: on the loopback, the ``Host`` header must name the loopback (a web page that
  points its own domain name at 127.0.0.1 — DNS rebinding — is refused).
- **Origin**: a request sent by a page of another origin is refused (403): with no CORS
  headers the browser already hides answers from other sites; this also stops them from
  making the server do anything.
- **Headers**: a Content-Security-Policy that lets the page load and contact only its own
  server (no request leaves 127.0.0.1), no framing, no MIME sniffing, no referrer.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

__all__ = ["Guard", "COOKIE", "CSP"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The cookie that carries the token after the first page load.
COOKIE = "detente_token"
#: Everything from the page's own server; styles inline (the editor sets them); no other host.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


async def _answer(send: Send, status: int, message: str,
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The middleware (see the module's description)."""

    def __init__(self, app: ASGIApp, *, max_body: int, token: str | None,
                 loopback: bool, port: int | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.token = token
        self.loopback = loopback
        self.port = port

    def _token_ok(self, scope: Scope) -> bool:
        if self.token is None:
            return True
        given: list[str] = []
        auth = _header(scope, b"authorization")
        if auth and auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        if (h := _header(scope, b"x-detente-token")) is not None:
            given.append(h)
        if (c := _header(scope, b"cookie")) is not None:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(c)
            except Exception:  # a malformed cookie header carries no token
                jar = SimpleCookie()
            if COOKIE in jar:
                given.append(jar[COOKIE].value)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given += query.get("token", [])
        expected = self.token.encode()
        return any(hmac.compare_digest(g.encode("utf-8", "replace"), expected) for g in given)

    def _host_ok(self, scope: Scope) -> bool:
        if not self.loopback:
            return True
        host = (_header(scope, b"host") or "").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name in _LOOPBACK

    def _origin_ok(self, scope: Scope) -> bool:
        origin = _header(scope, b"origin")
        if origin is None or origin == "null" and scope.get("method") in ("GET", "HEAD"):
            return True
        host = _header(scope, b"host") or ""
        return origin in (f"http://{host}", f"https://{host}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._host_ok(scope):
            await _answer(send, 400, "this server answers only requests for 127.0.0.1")
            return
        if not self._origin_ok(scope):
            await _answer(send, 403, "requests from other web sites are refused")
            return
        if not self._token_ok(scope):
            await _answer(send, 401, "this workbench needs its token: open the address "
                          "'detente serve' printed (it ends in ?token=…)",
                          [(b"www-authenticate", b"Bearer")])
            return
        length = _header(scope, b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                await _answer(send, 400, "Content-Length is not a number")
                return
            if size > self.max_body:
                await _answer(send, 413, f"the request body ({size:,} bytes) is over the "
                              f"limit of {self.max_body:,} bytes")
                return
        if length is None and _header(scope, b"transfer-encoding") is not None:
            # no length given: read the body here, counting, and hand it on whole
            chunks: list[bytes] = []
            received = 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                received += len(chunks[-1])
                if received > self.max_body:
                    await _answer(send, 413, "the request body is over the limit of "
                                  f"{self.max_body:,} bytes")
                    return
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            replayed = False
            original = receive

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await original()
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

            receive = replay

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                if self.token is not None and _header(scope, b"cookie") is None:
                    headers.append((b"set-cookie", f"{COOKIE}={self.token}; Path=/; HttpOnly; "
                                    "SameSite=Strict".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, secured)
