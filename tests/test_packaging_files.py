"""The desktop entry, AppStream metainfo and icons that installers and software centres read.

The validators are the freedesktop tools themselves (Debian: desktop-file-utils, appstream); where
they are not installed those tests skip and say so; CI installs both (see packaging/README.md).
"""

from __future__ import annotations

import configparser
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from practice_planner import __version__

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "io.github.practiceplanner.PracticePlanner"
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    result = _run(_tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr
    # Hints are suggestions; errors and warnings are not accepted.
    assert "error:" not in result.stdout and "warning:" not in result.stdout, result.stdout


def test_metainfo_validates() -> None:
    result = _run(_tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_installed_layout_validates(tmp_path: Path) -> None:
    """As a distribution installs them: the validator checks that the three refer to each other."""
    appstreamcli = _tool("appstreamcli", "appstream")
    share = tmp_path / "usr" / "share"
    (share / "metainfo").mkdir(parents=True)
    (share / "applications").mkdir()
    shutil.copy(METAINFO, share / "metainfo")
    shutil.copy(DESKTOP, share / "applications")
    shutil.copytree(ICONS / "hicolor", share / "icons" / "hicolor")

    result = _run(appstreamcli, "validate-tree", "--no-net", str(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_metainfo_and_project_agree() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "practice-planner"
    meta = ET.parse(METAINFO).getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    assert meta.findtext("provides/binary") == "practice-planner"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta.findtext("project_license") == project["license"]
    assert meta.findtext("metadata_license") == "CC0-1.0"
    newest = meta.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__, "add this version to the metainfo's <releases>"


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG signature and IHDR chunk (the first bytes of every PNG)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("size", SIZES)
def test_icon_png_at_each_size(size: int) -> None:
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png.is_file(), f"missing {png.relative_to(ROOT)}: run packaging/render_icons.py"
    assert _png_size(png) == (size, size)


def test_scalable_icon_is_the_source_svg() -> None:
    scalable = ICONS / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    source = ICONS / "practice-planner.svg"
    assert scalable.read_bytes() == source.read_bytes(), "run packaging/render_icons.py"
