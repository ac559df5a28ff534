"""The fetch helper: retries, Retry-After, conditional GET, size cap, secret redaction (no network)."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from registry_pipeline.http import (
    USER_AGENT,
    FetchError,
    fetch,
    make_client,
    redact,
    retry_after_seconds,
)

URL = "https://api.example.test/v2/data/llms/models"
KEY = "sk-test-SECRET-1234567890"


def client_for(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), headers={"User-Agent": USER_AGENT})


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_make_client_defaults():
    with make_client(timeout=12.0) as client:
        assert client.follow_redirects is False  # fetch follows redirects itself (credentials stay on the origin)
        assert client.headers["user-agent"] == "registry-pipeline/0.1"
        assert client.timeout.read == 12.0 and client.timeout.connect is not None


def test_success_keeps_only_useful_headers():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["x-api-key"] == KEY
        return httpx.Response(
            200, content=b'{"data": []}',
            headers={"ETag": '"abc"', "Last-Modified": "Sat, 21 Feb 2026 00:00:00 GMT",
                     "Content-Type": "application/json", "Set-Cookie": "session=1", "X-Secret-Echo": KEY},
        )

    result = fetch(client_for(handler), URL, headers={"x-api-key": KEY}, sleep=Sleeps())
    assert result.status == 200 and result.content == b'{"data": []}' and not result.not_modified
    assert result.headers == {"etag": '"abc"', "last-modified": "Sat, 21 Feb 2026 00:00:00 GMT",
                              "content-type": "application/json"}
    assert KEY not in repr(result)


def test_429_with_retry_after_then_200():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "7"})
        return httpx.Response(200, content=b"ok")

    sleeps = Sleeps()
    result = fetch(client_for(handler), URL, sleep=sleeps)
    assert result.content == b"ok" and len(calls) == 2
    assert sleeps == [7.0]


def test_retry_after_is_capped_and_parses_http_dates():
    assert retry_after_seconds("3600") == 60.0
    assert retry_after_seconds("2") == 2.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 25 <= retry_after_seconds(date, now=now) <= 31
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0


def test_503_exhausts_attempts():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(503)

    sleeps = Sleeps()
    with pytest.raises(FetchError) as info:
        fetch(client_for(handler), URL, attempts=3, sleep=sleeps)
    assert len(calls) == 3 and len(sleeps) == 2
    assert sleeps == sorted(sleeps) and all(s <= 60 for s in sleeps)  # exponential backoff
    assert info.value.status == 503 and "503" in str(info.value) and URL in str(info.value)


def test_transport_error_is_retried():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, content=b"ok")

    assert fetch(client_for(handler), URL, sleep=Sleeps()).content == b"ok"
    assert len(calls) == 3


def test_transport_error_exhausted_raises_fetch_error():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="transport error"):
        fetch(client_for(handler), URL, attempts=2, sleep=Sleeps())


def test_conditional_get_304():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["if-none-match"] == '"v1"'
        assert request.headers["if-modified-since"] == "Sat, 21 Feb 2026 00:00:00 GMT"
        return httpx.Response(304, headers={"ETag": '"v1"'})

    result = fetch(client_for(handler), URL, etag='"v1"', last_modified="Sat, 21 Feb 2026 00:00:00 GMT", sleep=Sleeps())
    assert result.not_modified and result.status == 304 and result.content is None
    assert result.headers["etag"] == '"v1"'


def test_no_conditional_headers_without_validators():
    def handler(request: httpx.Request) -> httpx.Response:
        assert "if-none-match" not in request.headers and "if-modified-since" not in request.headers
        return httpx.Response(200, content=b"x")

    assert fetch(client_for(handler), URL, sleep=Sleeps()).content == b"x"


def test_size_cap_streamed():
    def handler(request: httpx.Request) -> httpx.Response:
        # a streamed body with no Content-Length: the cap must be enforced while reading
        return httpx.Response(200, content=iter([b"a" * 600, b"b" * 600]))

    with pytest.raises(FetchError, match="exceeds the cap of 1000 bytes"):
        fetch(client_for(handler), URL, max_bytes=1000, sleep=Sleeps())


def test_size_cap_declared_length():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"z" * 2000)

    with pytest.raises(FetchError, match="exceeds the cap"):
        fetch(client_for(handler), URL, max_bytes=1000, sleep=Sleeps())
    assert fetch(client_for(handler), URL, max_bytes=2000, sleep=Sleeps()).content == b"z" * 2000


@pytest.mark.parametrize("status", [401, 403, 404])
def test_other_4xx_raise_without_retry(status):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(status, text=f"bad key {request.headers.get('x-api-key')}")

    with pytest.raises(FetchError) as info:
        fetch(client_for(handler), URL, headers={"x-api-key": KEY}, sleep=Sleeps())
    assert len(calls) == 1 and info.value.status == status
    assert str(status) in str(info.value) and URL in str(info.value)
    assert KEY not in str(info.value) and KEY not in repr(info.value.args)


def test_secret_in_url_is_redacted():
    url = f"https://api.example.test/models?key={KEY}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401)

    with pytest.raises(FetchError) as info:
        fetch(client_for(handler), url, headers={"x-api-key": KEY}, sleep=Sleeps())
    assert KEY not in str(info.value) and KEY not in info.value.url and "***" in str(info.value)


def test_secret_never_in_transport_error_message():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"proxy rejected header x-api-key: {KEY}", request=request)

    with pytest.raises(FetchError) as info:
        fetch(client_for(handler), URL, headers={"x-api-key": KEY}, attempts=2, sleep=Sleeps())
    assert KEY not in str(info.value)


def test_redact():
    assert redact(f"key={KEY}&k2={KEY}", [KEY, None, ""]) == "key=***&k2=***"
    assert redact("nothing here", []) == "nothing here"


# --- redirects keep credentials on their origin; a deadline bounds retries and slow bodies ---


def test_credentials_are_dropped_when_a_redirect_leaves_the_origin():
    seen: dict[str, dict] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen[request.url.host + ":" + str(request.url.port)] = dict(request.headers)
        if request.url.host == "api.example.com" and request.url.path == "/data":
            return httpx.Response(302, headers={"location": "/moved"})
        if request.url.path == "/moved":
            return httpx.Response(302, headers={"location": "https://cdn.elsewhere.net/blob"})
        return httpx.Response(200, content=b"{}")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    result = fetch(client, "https://api.example.com/data", headers={"x-api-key": "SECRET-KEY"}, sleep=lambda _: None)
    assert result.content == b"{}"
    assert seen["api.example.com:None"]["x-api-key"] == "SECRET-KEY"  # same origin, relative redirect: kept
    assert "x-api-key" not in seen["cdn.elsewhere.net:None"]  # another host: dropped


@pytest.mark.parametrize("target", ["http://api.example.com/x", "https://api.example.com:8443/x"])
def test_a_redirect_to_another_scheme_or_port_drops_credentials(target):
    got: list[dict] = []

    def handler(request: httpx.Request) -> httpx.Response:
        got.append(dict(request.headers))
        return httpx.Response(301, headers={"location": target}) if len(got) == 1 else httpx.Response(200, content=b"ok")

    client = httpx.Client(transport=httpx.MockTransport(handler))
    fetch(client, "https://api.example.com/data", headers={"Authorization": "Bearer TOKEN"}, sleep=lambda _: None)
    assert got[0]["authorization"] == "Bearer TOKEN" and "authorization" not in got[1]


def test_a_redirect_loop_gives_up():
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(302, headers={"location": "/again"})))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(client, "https://example.com/start", sleep=lambda _: None)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_long_retry_after_gives_up_at_once_within_the_deadline():
    clock = FakeClock()
    calls = []

    def handler(request):
        calls.append(1)
        return httpx.Response(429, headers={"retry-after": "3600"})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="would pass the deadline of 120 s"):
        fetch(client, "https://example.com/x", sleep=clock.sleep, deadline_seconds=120, clock=clock)
    assert len(calls) == 1 and clock.now == 0.0  # no waiting at all


def test_a_trickled_body_is_cut_off_at_the_deadline():
    clock = FakeClock()

    class Trickle(httpx.SyncByteStream):
        def __iter__(self):
            for _ in range(10_000):
                clock.now += 0.5  # half a second per byte
                yield b"x"

    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, stream=Trickle())))
    with pytest.raises(FetchError, match="body still arriving after the deadline of 30 s"):
        fetch(client, "https://example.com/slow", sleep=clock.sleep, deadline_seconds=30, clock=clock)
    assert clock.now <= 31


def test_retries_still_work_inside_the_deadline():
    clock = FakeClock()
    answers = iter([httpx.Response(503), httpx.Response(429, headers={"retry-after": "2"}), httpx.Response(200, content=b"ok")])
    client = httpx.Client(transport=httpx.MockTransport(lambda r: next(answers)))
    result = fetch(client, "https://example.com/x", sleep=clock.sleep, deadline_seconds=120, clock=clock)
    assert result.content == b"ok" and clock.now == pytest.approx(2.5)


def test_a_timeout_is_retried_then_given_up():
    calls = []

    def handler(request):
        calls.append(1)
        raise httpx.ReadTimeout("read timed out", request=request)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    with pytest.raises(FetchError, match="ReadTimeout"):
        fetch(client, "https://example.com/x", sleep=lambda _: None, attempts=3)
    assert len(calls) == 3


def test_a_truncated_body_is_retried_and_a_complete_one_accepted():
    answers = []

    class Truncated(httpx.SyncByteStream):
        def __iter__(self):
            yield b'{"data": [1, 2'
            raise httpx.RemoteProtocolError("peer closed connection without sending complete message body")

    def handler(request):
        answers.append(1)
        if len(answers) == 1:
            return httpx.Response(200, headers={"content-length": "40"}, stream=Truncated())
        return httpx.Response(200, content=b'{"data": [1, 2, 3]}')

    client = httpx.Client(transport=httpx.MockTransport(handler))
    result = fetch(client, "https://example.com/x", sleep=lambda _: None)
    assert result.content == b'{"data": [1, 2, 3]}' and len(answers) == 2  # never the half body
