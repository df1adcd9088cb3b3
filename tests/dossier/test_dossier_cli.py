"""The CLI contracts, run as subprocesses: ``dossier new|add|status|build|check``, ``sign``,
``verify``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from dossier_pki import OFFICER_NAME

SCANSTATION = [sys.executable, "-m", "scanstation"]
PIN_VAR = "SCANSTATION_TEST_PIN"


def run(args: list[str], env: dict[str, str], stdin: str | None = None,
        timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCANSTATION, *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=timeout)


@pytest.fixture
def env(home: Path, token) -> dict[str, str]:
    e = dict(os.environ)
    e.update(token.env())
    e["SCANSTATION_HOME"] = str(home)
    e["SCANSTATION_AGENCY_CODE"] = "000.00.53.H48"
    e[PIN_VAR] = token.pin
    return e


def test_new_add_status(env, page_images, tmp_path) -> None:
    applicant = tmp_path / "applicant.json"
    applicant.write_text(json.dumps({"applicant": {"id_number": "001089012345",
                                                   "full_name": "Phạm Thị Dung"}},
                                    ensure_ascii=False), encoding="utf-8")
    new = run(["dossier", "new", "--procedure", "1.001193", "--applicant-json", str(applicant)],
              env)
    assert new.returncode == 0, new.stderr
    dossier_id = new.stdout.strip()
    assert re.fullmatch(r"000\.00\.53\.H48-\d{6}-0001", dossier_id)

    status = run(["dossier", "status", dossier_id, "--json"], env)
    data = json.loads(status.stdout)
    assert data["complete"] is False and "to-khai" in data["missing"]

    add = run(["dossier", "add", dossier_id, "--document", "to-khai", "--no-clean", "--json",
               str(page_images[0][0]), str(page_images[1][0])], env)
    assert add.returncode == 0, add.stderr
    assert json.loads(add.stdout)["pages"] == 2
    add2 = run(["dossier", "add", dossier_id, "-d", "giay-chung-sinh", "--no-clean",
                str(page_images[2][0])], env)
    assert add2.returncode == 0, add2.stderr

    data = json.loads(run(["dossier", "status", dossier_id, "--json"], env).stdout)
    assert data["complete"] is True and data["total_pages"] == 3
    pages = {i["code"]: i["pages"] for i in data["items"]}
    assert pages["to-khai"] == 2 and pages["giay-chung-sinh"] == 1
    human = run(["dossier", "status", dossier_id], env)
    assert "to-khai" in human.stdout and human.returncode == 0

    second = run(["dossier", "new", "-p", "2.000815", "--json"], env)
    assert json.loads(second.stdout)["dossier_id"].endswith("-0002")
    listed = run(["dossier", "list", "--json"], env).stdout.strip().splitlines()
    assert len(listed) == 2


def test_bad_inputs_give_bilingual_errors(env, page_images, tmp_path) -> None:
    unknown = run(["dossier", "new", "--procedure", "9.999999"], env)
    assert unknown.returncode == 2
    assert "Không có thủ tục" in unknown.stderr and "No procedure" in unknown.stderr

    dossier_id = run(["dossier", "new", "-p", "1.001193"], env).stdout.strip()
    wrong_code = run(["dossier", "add", dossier_id, "-d", "khong-co", "--no-clean",
                      str(page_images[0][0])], env)
    assert wrong_code.returncode == 2
    assert "khong-co" in wrong_code.stderr and "to-khai" in wrong_code.stderr

    junk = tmp_path / "junk.png"
    junk.write_bytes(b"this is not an image at all")
    bad = run(["dossier", "add", dossier_id, "-d", "to-khai", "--no-clean",
               str(page_images[0][0]), str(junk)], env)
    assert bad.returncode == 3 and "junk.png" in bad.stderr
    # nothing was half-added
    status = json.loads(run(["dossier", "status", dossier_id, "--json"], env).stdout)
    assert status["total_pages"] == 0

    missing = run(["dossier", "status", "KHONG-CO-0001", "--json"], env)
    assert missing.returncode != 0 and "KHONG-CO-0001" in missing.stderr

    incomplete = run(["dossier", "build", dossier_id, "-o", str(tmp_path / "out")], env)
    assert incomplete.returncode != 0
    assert "Tờ khai đăng ký khai sinh" in incomplete.stderr  # plain name, not "to-khai"
    assert not (tmp_path / "out").exists()


def test_sign_and_verify_with_token(env, token, pki, plain_pdf, tmp_path) -> None:
    out = tmp_path / "signed.pdf"
    signed = run(["sign", str(plain_pdf), "-o", str(out), "--pkcs11-module", str(token.module),
                  "--token-label", token.label, "--key-label", token.key_label,
                  "--pin-env", PIN_VAR, "--json"], env)
    assert signed.returncode == 0, signed.stderr
    info = json.loads(signed.stdout)
    assert info["signer"] == OFFICER_NAME and info["level"] == "PAdES-B-B"
    assert token.pin not in signed.stdout + signed.stderr

    verified = run(["verify", str(out), "--json", "--trust", str(pki.ca_pem)], env)
    assert verified.returncode == 0, verified.stderr
    report = json.loads(verified.stdout)
    assert report["integrity"] == "intact"
    (sig,) = report["signatures"]
    assert sig["signer"] == OFFICER_NAME and sig["trusted"] is True
    assert sig["signing_time"]
    assert "pdfa" in report

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(out.read_bytes())
    pos = data.index(b"stream", 200) + 20
    data[pos] ^= 0x01
    tampered.write_bytes(bytes(data))
    bad = run(["verify", str(tampered), "--json", "--trust", str(pki.ca_pem)], env)
    assert bad.returncode == 7
    assert json.loads(bad.stdout)["integrity"] == "modified"


def test_sign_with_pkcs12_and_timestamp(env, pki, plain_pdf, tmp_path, tsa) -> None:
    env = dict(env, P12PW=pki.p12_password)
    out = tmp_path / "p12.pdf"
    signed = run(["sign", str(plain_pdf), "-o", str(out), "--pkcs12", str(pki.p12),
                  "--pin-env", "P12PW", "--tsa-url", tsa.url, "--invisible", "--json"], env)
    assert signed.returncode == 0, signed.stderr
    assert json.loads(signed.stdout)["level"] == "PAdES-B-T"
    report = json.loads(run(["verify", str(out), "--json", "--trust", str(pki.ca_pem)],
                            env).stdout)
    assert report["signatures"][0]["level"] == "PAdES-B-T"
    assert report["signatures"][0]["timestamp_time"]


def test_wrong_pin_via_cli(env, token, plain_pdf, tmp_path) -> None:
    env = dict(env, BADPIN="000000" if token.pin != "000000" else "111111")
    out = tmp_path / "x.pdf"
    res = run(["sign", str(plain_pdf), "-o", str(out), "--pkcs11-module", str(token.module),
               "--token-label", token.label, "--pin-env", "BADPIN"], env)
    assert res.returncode == 7
    assert "Mã PIN không đúng" in res.stderr and "Wrong PIN" in res.stderr
    assert env["BADPIN"] not in res.stderr + res.stdout
    assert not out.exists()


def test_sign_usage_errors(env, plain_pdf, tmp_path) -> None:
    neither = run(["sign", str(plain_pdf), "-o", str(tmp_path / "x.pdf")], env)
    assert neither.returncode == 2 and "--pkcs12" in neither.stderr
    unset = run(["sign", str(plain_pdf), "-o", str(tmp_path / "x.pdf"), "--pkcs12",
                 str(plain_pdf), "--pin-env", "NO_SUCH_VARIABLE_HERE"], env)
    assert unset.returncode == 7 and "NO_SUCH_VARIABLE_HERE" in unset.stderr
    missing = run(["verify", str(tmp_path / "khong-co.pdf"), "--json"], env)
    assert missing.returncode == 3 and "khong-co.pdf" in missing.stderr
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    image = tmp_path / "anh.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    for bad in (broken, image):
        res = run(["sign", str(bad), "-o", str(tmp_path / "x.pdf"), "--pkcs12", str(bad),
                   "--pin-env", PIN_VAR], env)
        assert res.returncode == 3, res.stderr
        assert bad.name in res.stderr and "Traceback" not in res.stderr
        res = run(["verify", str(bad), "--json"], env)
        assert res.returncode == 3 and bad.name in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_verify_unsigned_file(env, plain_pdf) -> None:
    res = run(["verify", str(plain_pdf), "--json"], env)
    assert res.returncode == 7
    report = json.loads(res.stdout)
    assert report["signed"] is False and report["integrity"] == "unsigned"


def test_full_dossier_build_signed_with_token_via_cli(env, token, pki, page_images,
                                                      tmp_path) -> None:
    dossier_id = run(["dossier", "new", "-p", "2.000815"], env).stdout.strip()
    assert run(["dossier", "add", dossier_id, "-d", "ban-chinh", "--no-clean",
                str(page_images[0][0])], env).returncode == 0
    out = tmp_path / "built"
    res = run(["dossier", "build", dossier_id, "-o", str(out), "--zip", "--json", "--jobs", "1",
               "--pkcs11-module", str(token.module), "--token-label", token.label,
               "--pin-env", PIN_VAR], env, timeout=600)
    assert res.returncode == 0, res.stderr
    info = json.loads(res.stdout)
    assert info["signed"] is True
    assert info["files"] == ["01-ban-chinh-giay-to-van-ban-can-chung-thuc.pdf"]
    assert Path(info["zip"]).is_file()
    check = run(["dossier", "check", str(out), "--json"], env)
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True
    report = json.loads(run(["verify", str(out / info["files"][0]), "--json", "--trust",
                             str(pki.ca_pem)], env).stdout)
    assert report["integrity"] == "intact" and report["signatures"][0]["trusted"]
    assert report["pdfa"]["ok"] is True, report["pdfa"]


def test_workspace_pages_remove_and_applicant(env, page_images, tmp_path) -> None:
    imported = run(["import", str(page_images[0][0]), "--no-clean", "--json"], env)
    assert imported.returncode == 0, imported.stderr
    page_id = json.loads(imported.stdout.splitlines()[0])["pages"][0]["id"]
    dossier_id = run(["dossier", "new", "-p", "2.000815"], env).stdout.strip()

    unknown = run(["dossier", "add", dossier_id, "-d", "ban-chinh", "--page", "khongco"], env)
    assert unknown.returncode != 0 and "khongco" in unknown.stderr
    added = run(["dossier", "add", dossier_id, "-d", "ban-chinh", "--page", page_id, "--json"],
                env)
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["page_ids"] == [page_id]
    # moving the page to another component keeps it once
    assert run(["dossier", "add", dossier_id, "-d", "ban-sao", "--page", page_id], env
               ).returncode == 0
    status = json.loads(run(["dossier", "status", dossier_id, "--json"], env).stdout)
    pages = {i["code"]: i["pages"] for i in status["items"]}
    assert pages["ban-chinh"] == 0 and pages["ban-sao"] == 1 and not status["complete"]

    assert run(["dossier", "remove", dossier_id, page_id], env).returncode == 0
    status = json.loads(run(["dossier", "status", dossier_id, "--json"], env).stdout)
    assert status["total_pages"] == 0

    record = {"applicant": {"id_number": "001089012345", "full_name": "Vũ Thị Lan"},
              "reason": None, "warnings": []}
    res = run(["dossier", "applicant", dossier_id, "--applicant-json", "-"], env,
              stdin=json.dumps(record, ensure_ascii=False) + "\n")
    assert res.returncode == 0, res.stderr
    from scanstation.dossier.store import DossierStore

    with DossierStore(Path(env["SCANSTATION_HOME"])) as store:
        applicant = store.get(dossier_id).applicant
    assert applicant.full_name == "Vũ Thị Lan" and applicant.source == "qr"


def test_station_trust_folder_and_no_personal_data_in_logs(env, pki, plain_pdf, tmp_path,
                                                          page_images) -> None:
    env = dict(env, SCANSTATION_LOG="DEBUG", P12PW=pki.p12_password)
    out = tmp_path / "s.pdf"
    assert run(["sign", str(plain_pdf), "-o", str(out), "--pkcs12", str(pki.p12),
                "--pin-env", "P12PW"], env).returncode == 0
    untrusted = json.loads(run(["verify", str(out), "--json"], env).stdout)
    assert untrusted["signatures"][0]["trusted"] is False
    trust = Path(env["SCANSTATION_HOME"]) / "trust"
    trust.mkdir()
    (trust / "ca.crt").write_bytes(pki.ca_pem.read_bytes())
    trusted = json.loads(run(["verify", str(out), "--json"], env).stdout)
    assert trusted["signatures"][0]["trusted"] is True

    person = {"id_number": "079190123456", "full_name": "Trịnh Thị Mỹ Duyên",
              "address": "Số 9, phường Bến Thành, TP Hồ Chí Minh"}
    new = run(["dossier", "new", "-p", "1.001193", "--applicant-json", "-"], env,
              stdin=json.dumps(person, ensure_ascii=False))
    dossier_id = new.stdout.strip()
    add = run(["dossier", "add", dossier_id, "-d", "to-khai", "--no-clean",
               str(page_images[1][0])], env)
    status = run(["dossier", "status", dossier_id, "--json"], env)
    logs = new.stderr + add.stderr + status.stderr
    assert "scanstation" in logs.lower()  # DEBUG logging was really on
    for value in person.values():
        assert value not in logs
    assert pki.p12_password not in logs
