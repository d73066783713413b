"""HTTP(S) requests for URL and feed inputs: polite, bounded and coded.

- Polite: every request names annales in its User-Agent, and two requests to the same host are at least
  `delay` seconds apart (one Fetcher per run holds the clock of each host). Feeds are asked for with
  the ETag and Last-Modified they last gave, so an unchanged feed costs its server a 304 and no body.
- Bounded: a body is read a chunk at a time and abandoned as soon as it is over its byte limit (the
  limits in streams.py, from --max-chars), and the whole answer must arrive within `timeout` seconds,
  so a server that sends forever or a byte a minute costs no more than that.
- Coded: an unknown host or a refused connection (E051), an HTTP error status (E052), a timeout (E054)
  and an oversize body (E040) are AnnalesErrors, which the readers turn into one error row each.

Only the standard library: urllib follows redirects (http and https only) and honours the proxy settings
of the environment (http_proxy, https_proxy, no_proxy).
"""

from __future__ import annotations

import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

from . import __version__
from .errors import AnnalesError
from .streams import CHUNK

USER_AGENT = f"annales/{__version__} (political event coder; Python urllib)"
DEFAULT_TIMEOUT = 30.0
DEFAULT_DELAY = 1.0
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
FEED_ACCEPT = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"


def is_url(value: str) -> bool:
    """Whether an input names an http(s) URL rather than a path."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass
class Response:
    """A server's answer: the URL it came from after redirects, its status, headers and body (empty for 304)."""

    url: str
    status: int
    headers: Message = field(default_factory=Message)
    body: bytes = b""

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("Content-Type")
        return self.headers.get_content_type() if value else None

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset() if self.headers.get("Content-Type") else None


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects within http and https only: a page must not send the reader to ftp:// or file://."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("Location") or headers.get("URI")
        if target and not is_url(urljoin(req.full_url, target)):
            fp.close()
            raise AnnalesError("E051", url=req.full_url, detail=f"it redirects to '{target}', which is not http(s)")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Fetcher:
    """GET requests for one run: one user agent, one timeout, and at least `delay` seconds between two
    requests to the same host. `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        delay: float = DEFAULT_DELAY,
        user_agent: str = USER_AGENT,
        clock=time.monotonic,
        sleep=time.sleep,
    ):
        self.timeout = timeout
        self.delay = delay
        self.user_agent = user_agent
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host -> when its last request started
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())

    def wait_for(self, host: str) -> None:
        """Sleep until `delay` seconds have passed since the last request to `host`."""
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def get(
        self,
        url: str,
        *,
        limit: int,
        max_chars: int,
        what: str = "the page",
        accept: str = PAGE_ACCEPT,
        etag: str | None = None,
        modified: str | None = None,
    ) -> Response:
        """The answer to GET `url`; a 304 comes back as a Response (with no body), every other failure as
        an AnnalesError. The body (`what`, in E040) is at most `limit` bytes, which --max-chars sets."""
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        self.wait_for(urlsplit(url).netloc.lower())
        deadline = time.monotonic() + self.timeout
        try:
            resp = self._opener.open(urllib.request.Request(url, headers=headers), timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code == 304:
                    return Response(url=exc.url or url, status=304, headers=exc.headers)
                raise AnnalesError("E052", url=url, status=exc.code, reason=exc.reason or "no reason given") from None
        except AnnalesError:
            raise
        except (urllib.error.URLError, OSError, HTTPException, ValueError) as exc:
            raise self._failure(url, exc) from None
        with resp:
            try:
                body = _read_body(resp, limit, deadline)
            except _Oversize:
                raise AnnalesError("E040", path=url, what=what, limit=limit, max_chars=max_chars) from None
            except (OSError, HTTPException, ValueError) as exc:
                raise self._failure(url, exc) from None
            return Response(url=resp.geturl() or url, status=resp.status, headers=resp.headers, body=body)

    def _failure(self, url: str, exc: BaseException) -> AnnalesError:
        """The coded error for a request that got no usable answer."""
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError | socket.timeout) or isinstance(exc, TimeoutError):
            return AnnalesError("E054", url=url, timeout=self.timeout)
        return AnnalesError("E051", url=url, detail=_describe(reason))


class _Oversize(Exception):
    pass


def _read_body(resp, limit: int, deadline: float) -> bytes:
    """The body, a chunk at a time, or _Oversize as soon as it is over `limit`; TimeoutError past `deadline`."""
    declared = resp.headers.get("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > limit:
        raise _Oversize
    sock = getattr(getattr(resp.fp, "raw", None), "_sock", None)  # to bound each wait by the time left
    parts: list[bytes] = []
    size = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        if sock is not None:
            sock.settimeout(left)
        chunk = resp.read1(CHUNK)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            raise _Oversize
        parts.append(chunk)


def _describe(reason) -> str:
    """Why a connection failed, in words."""
    if isinstance(reason, socket.gaierror):
        return "the host name could not be resolved"
    if isinstance(reason, ConnectionRefusedError):
        return "the connection was refused (is the server up?)"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"its TLS certificate was refused ({reason.verify_message})"
    if isinstance(reason, ConnectionError | HTTPException):
        return f"the connection broke ({reason.__class__.__name__})"
    if isinstance(reason, ValueError):
        return f"not a valid URL ({reason})"
    text = str(reason).strip() or reason.__class__.__name__
    return text[:160]
