"""Finding and loading pact files: files, folders, URLs, and the one rule for an empty list (pactfile._reading)."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pactspec.errors import InputError, PactFileError
from pactspec.pactfile._files import (
    write_pact,
)
from pactspec.pactfile._json import dumps_pact
from pactspec.pactfile._reading import find_pact_files, load_pact, load_pacts
from tests.pactfile.test_files import message, pact
from tests.services import unavailable

REPO = Path(__file__).resolve().parents[2]


class TestLoad:
    def test_loads_a_written_pact(self, tmp_path: Path) -> None:
        """load_pact reads what write_pact wrote."""
        path = write_pact(pact(message("a")), tmp_path)
        assert load_pact(path).interactions == (message("a"),)

    def test_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        """A UTF-8 byte-order mark (some editors add one) does not break loading."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + dumps_pact(pact(message("a"))).encode())
        assert load_pact(path).consumer == "web"

    @pytest.mark.parametrize(
        ("content", "message_part"),
        [(None, "cannot be read"), (b"\xff\xfe{}", "is not UTF-8"), (b"{", "is not valid JSON")],
    )
    def test_unreadable_files(self, tmp_path: Path, content: bytes | None, message_part: str) -> None:
        """A missing, non-UTF-8 or non-JSON file raises PactFileError naming it."""
        path = tmp_path / "p.json"
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(PactFileError, match=message_part) as info:
            load_pact(path)
        assert str(path) in str(info.value)

    def test_directory_is_not_a_file(self, tmp_path: Path) -> None:
        """Giving a folder to load_pact says to use load_pacts."""
        with pytest.raises(PactFileError, match="load_pacts"):
            load_pact(tmp_path)


@pytest.fixture
def pact_server(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving tmp_path."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA, and its key: with cryptography, else openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        openssl = shutil.which("openssl")
        if openssl is None:
            unavailable("an https test needs a certificate: pip install cryptography or apt-get install -y openssl")
        subprocess.run(
            [str(openssl), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    public = private.public_key()
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    return cert, key


@pytest.fixture
def https_pact_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTPS server on 127.0.0.1 serving tmp_path, and its self-signed certificate."""
    folder = tmp_path / "tls"
    folder.mkdir()
    cert, key = _self_signed_certificate(folder)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class TestLoadPacts:
    def test_files_directories_and_urls(self, tmp_path: Path, pact_server: str) -> None:
        """load_pacts reads files, every *.json in a folder (sorted) and http URLs, in order."""
        folder = tmp_path / "pacts"
        write_pact(pact(message("b"), provider="zeta"), folder)
        write_pact(pact(message("a"), provider="alpha"), folder)
        (folder / "notes.txt").write_text("not a pact")
        single = write_pact(pact(message("c"), consumer="solo"), tmp_path)
        loaded = load_pacts([folder, single, f"{pact_server}/{single.name}"])
        assert [(Path(s).name, p.provider) for s, p in loaded] == [
            ("web-alpha.json", "alpha"), ("web-zeta.json", "zeta"), ("solo-users.json", "users"),
            ("solo-users.json", "users"),
        ]
        assert loaded[-1][0] == f"{pact_server}/{single.name}"

    def test_missing_url_file_and_empty_folder(self, tmp_path: Path, pact_server: str) -> None:
        """A 404, an unreachable host or a missing path raise PactFileError; no pact at all an InputError."""
        with pytest.raises(PactFileError, match="HTTP 404"):
            load_pacts([f"{pact_server}/nope.json"])
        with pytest.raises(PactFileError, match="cannot be fetched"):
            load_pacts(["http://127.0.0.1:1/p.json"])
        with pytest.raises(PactFileError, match="nothing.json: no such pact file or folder"):
            load_pacts([tmp_path / "nothing.json"])
        (tmp_path / "empty").mkdir()
        with pytest.raises(InputError, match="^No pact files found in .*empty; .*or pass --allow-empty$"):
            load_pacts([tmp_path / "empty"])
        assert load_pacts([tmp_path / "empty"], allow_empty=True) == []


class TestFindPactFiles:
    def test_folders_files_and_urls_in_the_order_given(self, tmp_path: Path) -> None:
        """A folder is its *.json files, sorted; files and URLs are taken as given, in order."""
        folder = tmp_path / "pacts"
        folder.mkdir()
        for name in ("b.json", "a.json", "notes.txt"):
            (folder / name).write_text("{}")
        single = tmp_path / "one.json"
        single.write_text("{}")
        url = "https://example.test/p.json"
        assert find_pact_files([single, folder, url]) == [str(single), str(folder / "a.json"),
                                                          str(folder / "b.json"), url]

    def test_an_empty_folder_beside_pacts_is_fine(self, tmp_path: Path) -> None:
        """Only finding no pact at all is an error: an empty folder next to a pact file is not."""
        (tmp_path / "empty").mkdir()
        single = tmp_path / "one.json"
        single.write_text("{}")
        assert find_pact_files([tmp_path / "empty", single]) == [str(single)]

    def test_no_pact_at_all_is_one_sentence_unless_allowed(self, tmp_path: Path) -> None:
        """Empty folders only: an InputError naming them, or nothing when allow_empty."""
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        with pytest.raises(InputError) as raised:
            find_pact_files([tmp_path / "a", tmp_path / "b"])
        assert str(raised.value) == (f"No pact files found in {tmp_path / 'a'}, {tmp_path / 'b'}; give pact .json "
                                     "files or folders holding them, or pass --allow-empty")
        assert find_pact_files([tmp_path / "a"], allow_empty=True) == []

    def test_https_url_with_a_trusted_certificate(
        self, tmp_path: Path, https_pact_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An https URL loads when SSL_CERT_FILE trusts the server's certificate, and fails clearly when not."""
        url, cert = https_pact_server
        single = write_pact(pact(message("c"), consumer="solo"), tmp_path)
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-bundle.pem"))
        with pytest.raises(PactFileError, match=r"cannot be fetched \(.*certificate verify failed"):
            load_pacts([f"{url}/{single.name}"])
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        [(source, loaded)] = load_pacts([f"{url}/{single.name}"])
        assert (source, loaded.consumer, loaded.provider) == (f"{url}/{single.name}", "solo", "users")
        assert loaded == load_pact(single)

    def test_url_with_bad_json_names_the_url(self, tmp_path: Path, pact_server: str) -> None:
        """Errors in fetched pacts name the URL."""
        (tmp_path / "bad.json").write_text('{"consumer": 1}')
        with pytest.raises(PactFileError, match=rf"^{pact_server}/bad.json, at \$.consumer: "):
            load_pacts([f"{pact_server}/bad.json"])
