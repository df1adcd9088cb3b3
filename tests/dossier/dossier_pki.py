"""A throw-away PKI for the signing tests and benchmark: a test CA, officer certificates, a
PKCS#12 file, a SoftHSM2 token holding the officer's key, and an RFC 3161 timestamp server on
127.0.0.1 (pyHanko's ``DummyTimeStamper`` behind ``http.server``)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from scanstation import tools

SOFTHSM_MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
OFFICER_NAME = "Nguyễn Thị Hồng Nhung"


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ScanStation Test"),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def make_ca(cn: str = "ScanStation Test CA") -> Issued:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=True, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(key, cert)


def issue(ca: Issued, cn: str, *, tsa: bool = False) -> Issued:
    key = _key()
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=90))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=not tsa,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(key, builder.sign(ca.key, hashes.SHA256()))


def write_pkcs12(path: Path, officer: Issued, ca: Issued, password: str) -> Path:
    data = pkcs12.serialize_key_and_certificates(
        name=b"officer", key=officer.key, cert=officer.cert, cas=[ca.cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    path.write_bytes(data)
    return path


@dataclass
class SoftHsmToken:
    conf: Path
    module: Path
    label: str
    pin: str
    key_label: str

    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf)}


def make_softhsm_token(
    root: Path, officer: Issued, *, label: str = "ScanStationTest", pin: str = "123456",
    so_pin: str = "87654321", key_label: str = "officer",
) -> SoftHsmToken:
    """A SoftHSM2 token in ``root`` holding the officer's key pair and certificate."""
    tokens = root / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = root / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
        "slots.removable = false\n"
    )
    env = {"SOFTHSM2_CONF": str(conf)}
    tools.run(tools.SOFTHSM2_UTIL, ["--init-token", "--free", "--label", label,
                                    "--pin", pin, "--so-pin", so_pin], env=env)
    key_pem = root / "officer-key.pem"
    key_pem.write_bytes(officer.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))
    try:
        tools.run(tools.SOFTHSM2_UTIL, ["--import", str(key_pem), "--token", label,
                                        "--label", key_label, "--id", "01", "--pin", pin], env=env)
    finally:
        key_pem.unlink()  # the key now lives only in the token
    cert_der = root / "officer.der"
    cert_der.write_bytes(officer.cert_der())
    tools.run(tools.PKCS11_TOOL, ["--module", str(SOFTHSM_MODULE), "--token-label", label,
                                  "--login", "--pin", pin, "--write-object", str(cert_der),
                                  "--type", "cert", "--id", "01", "--label", key_label], env=env)
    return SoftHsmToken(conf, SOFTHSM_MODULE, label, pin, key_label)


class TimestampServer:
    """RFC 3161 over HTTP on 127.0.0.1, signed by a TSA certificate from the test CA."""

    def __init__(self, ca: Issued) -> None:
        from asn1crypto import keys as akeys
        from asn1crypto import x509 as ax509
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        self.tsa = issue(ca, "ScanStation Test TSA", tsa=True)
        stamper = DummyTimeStamper(
            tsa_cert=ax509.Certificate.load(self.tsa.cert_der()),
            tsa_key=akeys.PrivateKeyInfo.load(self.tsa.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())),
            certs_to_embed=[ax509.Certificate.load(ca.cert_der())],
        )
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                from asn1crypto import tsp

                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.requests += 1
                req = tsp.TimeStampReq.load(body)
                resp = stamper.request_tsa_response(req).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(resp)))
                self.end_headers()
                self.wfile.write(resp)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Pki:
    ca: Issued
    officer: Issued
    ca_pem: Path
    p12: Path
    p12_password: str
    other_ca_pem: Path  # a CA that did not issue the officer's certificate
