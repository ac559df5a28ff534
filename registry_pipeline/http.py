"""The one HTTP client and fetch helper of the pipeline.

`fetch` does a (conditional) GET with retries on 429/5xx and transport errors, honours `Retry-After`,
streams the body with a size cap, and never lets a secret header value (an API key) reach an
exception message, a log line or the returned object.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import httpx
import tenacity

USER_AGENT = "registry-pipeline/0.1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_CAP_S = 60.0
KEPT_HEADERS = ("etag", "last-modified", "content-type", "date")
# Header names whose values are always treated as secrets.
SECRET_HEADER_NAMES = frozenset({"authorization", "proxy-authorization", "x-api-key", "api-key", "cookie"})


class FetchError(RuntimeError):
    """A URL could not be fetched. The message names the (redacted) URL and the status or error."""

    def __init__(self, url: str, message: str, status: int | None = None):
        self.url, self.status = url, status
        super().__init__(message)


@dataclass(frozen=True)
class FetchResult:
    url: str
    status: int
    content: bytes | None  # None when not_modified
    headers: dict[str, str] = field(default_factory=dict)  # only etag, last-modified, content-type, date
    not_modified: bool = False


MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def make_client(timeout: float = 30.0) -> httpx.Client:
    # `fetch` follows redirects itself, so that credentials never leave the origin they were meant for
    return httpx.Client(
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
    )


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every non-empty secret replaced by `***`."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def secret_values(headers: Mapping[str, str] | None) -> list[str]:
    """The values of headers that carry credentials (auth headers and anything named like a key/token)."""
    out: list[str] = []
    for name, value in (headers or {}).items():
        low = name.lower()
        if value and (low in SECRET_HEADER_NAMES or "key" in low or "token" in low or "secret" in low):
            out.append(value)
            if low in {"authorization", "proxy-authorization"} and " " in value:
                out.append(value.split(" ", 1)[1])  # the bare token of "Bearer <token>"
    return out


def _is_secret(name: str, value: str, secrets: list[str]) -> bool:
    return bool(value) and value in secrets


def retry_after_seconds(value: str | None, *, now: float | None = None, cap: float | None = RETRY_AFTER_CAP_S) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date), capped at `cap` (60 s)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds if cap is None else min(seconds, cap))


class _Retryable(Exception):
    def __init__(self, message: str, status: int | None, retry_after: float | None):
        super().__init__(message)
        self.status, self.retry_after = status, retry_after


def fetch(
    client: httpx.Client,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 50_000_000,
    attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
    deadline_seconds: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FetchResult:
    """GET `url`; retry on 429/500/502/503/504 and transport errors; 304 -> `not_modified`.

    Redirects are followed here (at most MAX_REDIRECTS); secret headers are sent only while the URL
    keeps the original scheme, host and port. With `deadline_seconds`, neither a `Retry-After` nor a
    body trickled a few bytes at a time can stretch the fetch past that total."""
    secrets = secret_values(headers)
    safe_url = redact(url, secrets)
    request_headers = dict(headers or {})
    if etag:
        request_headers["If-None-Match"] = etag
    if last_modified:
        request_headers["If-Modified-Since"] = last_modified
    origin = httpx.URL(url)
    public_headers = {k: v for k, v in request_headers.items() if not _is_secret(k, v, secrets)}
    ends_at = None if deadline_seconds is None else clock() + deadline_seconds

    def past_deadline(what: str) -> None:
        if ends_at is not None and clock() > ends_at:
            raise FetchError(safe_url, f"{safe_url}: {what} after the deadline of {deadline_seconds:g} s", None)

    def open_following_redirects():
        target = origin
        for _ in range(MAX_REDIRECTS + 1):
            same_origin = (target.scheme, target.host, target.port) == (origin.scheme, origin.host, origin.port)
            response = client.send(
                client.build_request("GET", target, headers=request_headers if same_origin else public_headers), stream=True
            )
            if response.status_code not in REDIRECT_STATUSES or "location" not in response.headers:
                return response
            response.close()
            target = target.join(response.headers["location"])
        raise FetchError(safe_url, f"{safe_url}: more than {MAX_REDIRECTS} redirects", None)

    def once() -> FetchResult:
        past_deadline("still retrying")
        try:
            response = open_following_redirects()
            try:
                status = response.status_code
                if status in RETRY_STATUSES:
                    raise _Retryable(
                        f"HTTP {status} from {safe_url}", status, retry_after_seconds(response.headers.get("retry-after"), cap=None)
                    )
                kept = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
                if status == 304:
                    return FetchResult(safe_url, status, None, kept, not_modified=True)
                if status >= 400:
                    raise FetchError(safe_url, f"HTTP {status} from {safe_url}", status)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(safe_url, f"{safe_url}: body of {declared} bytes exceeds the cap of {max_bytes} bytes", status)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    past_deadline("body still arriving")
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(safe_url, f"{safe_url}: body exceeds the cap of {max_bytes} bytes", status)
                    chunks.append(chunk)
                return FetchResult(safe_url, status, b"".join(chunks), kept)
            finally:
                response.close()
        except httpx.TransportError as exc:
            detail = redact(f"{type(exc).__name__}: {exc}", secrets)
            raise _Retryable(f"transport error fetching {safe_url}: {detail}", None, None) from None

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = exc.retry_after if isinstance(exc, _Retryable) else None  # the server's Retry-After, uncapped
        wanted = asked if asked is not None else 0.5 * 2 ** (state.attempt_number - 1)
        # a server asking us back after the deadline is given up on now, not after waiting the capped time
        if ends_at is not None and clock() + wanted > ends_at:
            raise FetchError(
                safe_url, f"{exc} (gave up: waiting {wanted:g} s would pass the deadline of {deadline_seconds:g} s)",
                getattr(exc, "status", None),
            )
        return min(RETRY_AFTER_CAP_S, wanted)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(max(1, attempts)),
        wait=wait,
        retry=tenacity.retry_if_exception_type(_Retryable),
        sleep=sleep,
        reraise=True,
    )
    try:
        return retrying(once)
    except _Retryable as exc:
        raise FetchError(safe_url, f"{exc} (gave up after {attempts} attempts)", exc.status) from None
    except FetchError:
        raise
    except httpx.HTTPError as exc:  # e.g. an invalid URL
        raise FetchError(safe_url, redact(f"error fetching {safe_url}: {type(exc).__name__}: {exc}", secrets)) from None
