"""Encryption is the cryptography package's Fernet recipe only: no module builds ciphers itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_of_the_project_imports_cryptography_hazmat():
    sources = [
        path
        for folder in ("portal", "referrals", "contacts", "guidance", "bench", "scripts", "tests")
        for path in (ROOT / folder).rglob("*.py")
    ]
    assert sources
    pattern = re.compile(r"^\s*(from|import)\s+cryptography\.hazmat", re.MULTILINE)
    offenders = [str(path.relative_to(ROOT)) for path in sources if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert not (ROOT / "referrals" / "fast_decrypt.py").exists()
