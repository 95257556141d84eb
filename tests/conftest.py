"""Shared test setup: Qt renders offscreen, vaults are real SQLCipher files in ``tmp_path``."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from practice_planner.storage.vault import Vault

FAST_KDF = 2
"""Tests that open many vaults derive keys with 2 PBKDF2 rounds; the default (256,000) is proven
separately in tests/storage/test_vault_format.py."""

PASSPHRASE = "violet kettle orbit mountain"


@pytest.fixture(autouse=True)
def _no_vault_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRACTICE_PLANNER_VAULT", raising=False)
    monkeypatch.delenv("PRACTICE_PLANNER_PASSPHRASE", raising=False)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "practice.db"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[Vault]:
    opened = Vault.create(vault_path, PASSPHRASE, kdf_iterations=FAST_KDF)
    yield opened
    opened.close()
