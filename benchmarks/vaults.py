"""Demo vaults for the benchmarks, made once per size and seed and reused from a cache folder.

Each vault lives in its own folder (``<cache>/clients-<N>-seed-<S>-rev-<R>/vault.db``, ``R`` the
schema revision the program creates) so that backups, which go to a ``backups`` folder beside the
vault, never mix between sizes, and a schema change builds new vaults instead of measuring an
upgrade (or an old schema). A vault is built
under a temporary name and renamed into place only when complete, so an interrupted build is
never mistaken for a finished one. Run as a script to build vaults ahead of a benchmark run::

    python -m benchmarks.vaults --cache benchmarks/.cache 200 2000 20000
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

PASSPHRASE = "benchmark vault — correct horse battery staple"
"""Fixed and public on purpose: these vaults hold invented data only."""

SEED = 1
VAULT_NAME = "vault.db"


def vault_folder(cache: Path, clients: int, seed: int = SEED) -> Path:
    from practice_planner.storage.schema import head_revision

    return cache / f"clients-{clients}-seed-{seed}-rev-{head_revision()}"


def vault_path(cache: Path, clients: int, seed: int = SEED) -> Path:
    return vault_folder(cache, clients, seed) / VAULT_NAME


def ensure_vault(cache: Path, clients: int, seed: int = SEED, *, log: bool = True) -> Path:
    """The path of a finished demo vault of ``clients`` clients, building it if missing."""
    from practice_planner.services.demo import make_demo
    from practice_planner.storage.vault import Vault

    final = vault_path(cache, clients, seed)
    if final.exists():
        return final
    building = final.parent.with_name(final.parent.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    started = time.perf_counter()
    if log:
        print(f"building demo vault: {clients} clients (seed {seed})…", file=sys.stderr)
    vault = Vault.create(building / VAULT_NAME, PASSPHRASE)
    try:
        make_demo(vault, clients=clients, seed=seed)
    finally:
        vault.close()
    # A closed vault leaves no WAL behind; drop anything else (backups made by a migration).
    for extra in building.iterdir():
        if extra.name != VAULT_NAME:
            if extra.is_dir():
                shutil.rmtree(extra)
            else:
                extra.unlink()
    building.rename(final.parent)
    if log:
        seconds = time.perf_counter() - started
        print(f"built {final} in {seconds:.1f} s", file=sys.stderr)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build cached demo vaults for the benchmarks.")
    parser.add_argument("sizes", nargs="+", type=int, help="numbers of clients")
    parser.add_argument("--cache", type=Path, default=Path(__file__).parent / ".cache")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for size in args.sizes:
        ensure_vault(args.cache, size, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
