"""commonmeta-py, the library Rogue Scholar reads blog pages with, on our real post pages.

commonmeta fetches the page itself and rewrites http:// to https://, so the built fixture
site is served over HTTPS on 127.0.0.1 with a throwaway certificate that the commonmeta
process is told to trust. The page is sent as ``text/html; charset=utf-8``, as GitHub Pages
sends it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
from pathlib import Path
import ssl
import subprocess
import threading

from external_tools import commonmeta_python
import pytest
from scholarly_site import SITEURL, build_fixture

READER = Path(__file__).parent / "tools" / "read_with_commonmeta.py"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        kind = super().guess_type(path)
        return f"{kind}; charset=utf-8" if kind == "text/html" else kind

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    python = commonmeta_python()
    tmp = tmp_path_factory.mktemp("scholarly-commonmeta")
    build = build_fixture(tmp)
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(build.output))
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield python, f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()


def _read(served, path: str) -> dict:
    python, root, cert = served
    result = subprocess.run(
        [python, str(READER), f"{root}/{path}"],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "REQUESTS_CA_BUNDLE": str(cert)},
    )  # fmt: skip
    return json.loads(result.stdout)


def test_commonmeta_reads_a_cited_post(served):
    data = _read(served, "posts/2024/cited/")
    assert data["type"] == "BlogPost"
    assert data["id"] == f"{SITEURL}/posts/2024/cited/"
    assert data["title"] == "A cited post"
    assert str(data["date"]).startswith("2024-03-01")
    people = [c["person"] for c in data["contributors"]]
    assert [(p.get("family_name"), p.get("given_name")) for p in people] == [
        ("van der Berg", "Zoë"),
        ("Nguyễn", "Thị Minh Khai"),
        ("Lima", "Ana"),
    ]
    assert people[0]["id"] == "https://orcid.org/0000-0002-1825-0097"
    assert [r["id"] for r in data["references"]] == [
        "https://doi.org/10.3109/0142159x.2014.993371",
        "https://doi.org/10.5555/fixture.chapter.1",
        "https://doi.org/10.5555/fixture.proc.2",
    ]


def test_commonmeta_reads_a_group_author_and_a_mononym(served):
    data = _read(served, "posts/2024/group/")
    assert data["title"] == "A post by a group and a mononym"
    kinds = [c["type"] for c in data["contributors"]]
    assert kinds[0] == "Organization"
    assert len(data["contributors"]) == 2
