"""Creating, opening, re-keying and checking vaults, with the passphrase policy applied.

The storage layer takes any passphrase; the policy (length and zxcvbn score) is a decision about
new passphrases only, so it lives here, where the GUI and the command line both meet it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from practice_planner.domain.passphrase import assess
from practice_planner.errors import ValidationError, WeakPassphrase
from practice_planner.storage.cipher import KDF_ITERATIONS
from practice_planner.storage.integrity import CheckReport, check_vault
from practice_planner.storage.vault import Vault


def require_acceptable(passphrase: str, user_inputs: Sequence[str] = ()) -> None:
    verdict = assess(passphrase, user_inputs)
    if not verdict.acceptable:
        raise WeakPassphrase(verdict.reason)


def create_vault(
    path: Path | str, passphrase: str, *, kdf_iterations: int = KDF_ITERATIONS
) -> Vault:
    """A new vault, if the passphrase meets the policy (``WeakPassphrase`` says why not)."""
    require_acceptable(passphrase)
    return Vault.create(path, passphrase, kdf_iterations=kdf_iterations)


def open_vault(
    path: Path | str,
    passphrase: str,
    *,
    kdf_iterations: int = KDF_ITERATIONS,
    inspect_only: bool = False,
) -> Vault:
    return Vault.open(path, passphrase, kdf_iterations=kdf_iterations, inspect_only=inspect_only)


def change_passphrase(vault: Vault, current: str, new: str) -> None:
    """Re-key the vault; the new passphrase must differ and meet the policy."""
    if new == current:
        raise ValidationError(
            {"new_passphrase": "The new passphrase is the same as the current one."}
        )
    require_acceptable(new)
    vault.change_passphrase(current, new)


def check(vault: Vault) -> CheckReport:
    return check_vault(vault)
