"""The one family of errors every layer raises and the UI and command line turn into messages.

Messages never contain client data: they name fields, files chosen by the user and what to do next.
"""

from __future__ import annotations


class PracticePlannerError(Exception):
    """Base of every error the program expects and explains to the user."""


class ValidationError(PracticePlannerError):
    """Input refused by a rule; ``fields`` maps each offending field to what to fix."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{name}: {why}" for name, why in self.fields.items()))


class WeakPassphrase(ValidationError):
    """A new passphrase that the policy refuses; the message says why and how to strengthen it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__({"passphrase": reason})

    def __str__(self) -> str:
        return f"passphrase refused. {self.reason}"


class VaultError(PracticePlannerError):
    """Something about the encrypted vault file itself."""


class VaultNotFound(VaultError):
    """There is no vault at the given path."""


class VaultExists(VaultError):
    """Creating a vault where one already exists (never overwritten)."""


class WrongPassphrase(VaultError):
    """The passphrase does not open this vault. The file was not modified."""


class VaultDamaged(VaultError):
    """Not a vault, truncated, or a page fails its HMAC: restore from a backup."""


class VaultTooNew(VaultError):
    """Written by a newer version of the program; never downgraded."""


class VaultInUse(VaultError):
    """Another running copy of the program holds the vault."""


class VaultLocked(VaultError):
    """The vault is locked; unlock it before reading or writing."""


class PlanItemInvalid(ValidationError):
    """A refused field inside one item of an edited plan; ``item_key`` says which item.

    The plan editor saves a whole working copy at once, so the message must also say where:
    ``item_key`` is the editor's key of the problem, goal, objective or intervention (None for the
    plan header).
    """

    def __init__(self, fields: dict[str, str], item_key: int | None) -> None:
        super().__init__(fields)
        self.item_key = item_key
