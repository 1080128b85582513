"""`bipin serve` with BIPIN_MODE=production on a fresh clone's var dir is a working
server: pages answer, static files come under hashed names, compressed when the
browser asks and cached for good, and the security headers are sent."""

import gzip
import re
import subprocess
import sys
import urllib.error
import urllib.request

import brotli
import pytest

from bipin.testing.server import (
    SQLITE_OF_ITS_OWN,
    bipin_serve,
    free_port,
    port_is_free,
    production_env,
)

pytestmark = SQLITE_OF_ITS_OWN

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
          "form-action 'self'; frame-ancestors 'none'")


@pytest.fixture(scope="module", params=["1", "2"], ids=["waitress", "gunicorn"])
def production(request, tmp_path_factory):
    """One process (waitress) and two workers (gunicorn), each on a fresh var dir."""
    var_dir = tmp_path_factory.mktemp("var")
    env = {**production_env(var_dir), "BIPIN_TRUSTED_PROXY": "127.0.0.1"}
    with bipin_serve(env, "--workers", request.param) as (base, _):
        yield base, var_dir


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def stylesheet(base: str) -> str:
    html = fetch(f"{base}/accounts/login/")[2].decode()
    return re.search(r'href="(/static/bipin/bipin\.[0-9a-f]{12}\.css)"', html).group(1)


def test_the_pages_answer(production):
    base, _ = production
    for path in ("/", "/accounts/login/", "/api/judging/openapi.json"):
        status, _, body = fetch(base + path)
        assert status == 200, (path, body[:2000])


def test_static_files_are_served_under_hashed_names_and_cached_for_good(production):
    base, var_dir = production
    status, headers, body = fetch(base + stylesheet(base))
    assert status == 200 and b"Bipin's one stylesheet" in body
    assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert (var_dir / "static" / "staticfiles.json").is_file()
    # A name without its hash still answers, but browsers must ask again soon.
    assert "immutable" not in fetch(f"{base}/static/bipin/bipin.css")[1]["Cache-Control"]


@pytest.mark.parametrize(("accept", "encoding", "decompress"), [
    ("gzip", "gzip", gzip.decompress),
    ("gzip, deflate, br", "br", brotli.decompress),
])
def test_static_files_are_compressed_when_the_browser_asks(production, accept, encoding, decompress):
    base, _ = production
    url = base + stylesheet(base)
    plain = fetch(url, **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain[1]
    status, headers, body = fetch(url, **{"Accept-Encoding": accept})
    assert status == 200 and headers["Content-Encoding"] == encoding
    assert decompress(body) == plain[2] and len(body) < len(plain[2]) / 2


def test_every_answer_carries_the_security_headers(production):
    base, _ = production
    for path in ("/", "/accounts/login/"):
        _, headers, _ = fetch(base + path, **{"X-Forwarded-Proto": "https"})
        assert headers["Content-Security-Policy"] == POLICY
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    _, headers, _ = fetch(f"{base}/accounts/login/")
    assert headers["Set-Cookie"].startswith("csrftoken=") and "; Secure" in headers["Set-Cookie"]


def test_hsts_is_only_sent_over_https(production):
    # Browsers ignore it over plain HTTP (RFC 6797 §8.1), and a server that
    # learnt of HTTPS from an untrusted header must not pin the host.
    base, _ = production
    _, headers, _ = fetch(f"{base}/accounts/login/")
    assert "Strict-Transport-Security" not in headers
    assert headers["Content-Security-Policy"] == POLICY


def test_debug_is_refused_in_production(tmp_path):
    port = free_port()
    env = {**production_env(tmp_path), "DEBUG": "true"}
    result = subprocess.run([sys.executable, "-m", "bipin", "serve", "--port", str(port)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "环境变量 DEBUG:生产模式下不能为 true" in result.stderr
    assert "environment variable DEBUG: must not be true when BIPIN_MODE=production" in result.stderr
    assert "Traceback" not in result.stderr and port_is_free(port)


def test_a_forwarded_proto_is_not_believed_without_a_trusted_proxy(tmp_path):
    # gunicorn on its own believes any local process; Bipin believes only
    # BIPIN_TRUSTED_PROXY, under either server.
    with bipin_serve(production_env(tmp_path), "--workers", "2") as (base, _):
        _, headers, _ = fetch(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in headers
