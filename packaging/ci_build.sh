#!/usr/bin/env bash
# CI: build the desktop bundle on a fresh Debian machine and run its checks (frozen self-test,
# window offscreen, every library resolving), validate the desktop entry and AppStream metainfo,
# and leave dist/practice-planner-VERSION-linux-ARCH.tar.gz as the artifact.
# Takes about 2 minutes on 2 cores after the test job (which made .venv); exits non-zero on the
# first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the bundle must carry so users need nothing but a desktop (PyInstaller copies these shared
# libraries from the build machine; a library missing here is missing for every user), plus
# binutils (strip) and the two validators.
packages=(
  binutils desktop-file-utils appstream
  libegl1 libgl1 libopengl0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-sync1 libxcb-xfixes0
  libxcb-xkb1
)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q .
fi

echo "== Desktop entry and AppStream metainfo"
desktop-file-validate packaging/io.github.practiceplanner.PracticePlanner.desktop
appstreamcli validate --no-net packaging/io.github.practiceplanner.PracticePlanner.metainfo.xml

PYTHON=.venv/bin/python bash packaging/build.sh --strict

version=$(dist/practice-planner/practice-planner --version | awk '{print $2}')
archive=dist/practice-planner-$version-linux-$(uname -m).tar.gz
tar -czf "$archive" -C dist practice-planner
echo "CI: bundle built and checked; artifact $archive ($(du -h "$archive" | cut -f1))"
