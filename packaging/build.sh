#!/usr/bin/env bash
# Build the one-folder bundle dist/practice-planner/ and prove it works: the frozen self-test,
# --version, the window starting offscreen, and every shared library resolving.
#
#   packaging/build.sh [--strict]
#
# PYTHON picks the environment to freeze (default: .venv/bin/python if present, else python3); the
# program and its dependencies must be installed in it (pip install . or pip install -e .).
# PyInstaller is installed into it if missing.
# --strict fails the build when a library the bundle loads is neither inside it nor on this
# machine (it would then be missing on users' machines too); CI uses it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

strict=0
for argument in "$@"; do
  case "$argument" in
    --strict) strict=1 ;;
    *) echo "usage: packaging/build.sh [--strict]" >&2; exit 2 ;;
  esac
done

if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
bundle=$root/dist/practice-planner
program=$bundle/practice-planner

if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
  echo "Installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
  "$PYTHON" -m pip install -q "pyinstaller>=6.10,<7"
fi

echo "== Building with PyInstaller $("$PYTHON" -m PyInstaller --version)"
started=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" \
  packaging/practice-planner.spec
build_seconds=$(( $(date +%s) - started ))

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# A clean home: nothing the runs below do may depend on, or land in, the builder's own folders.
headless=(env -u DISPLAY -u WAYLAND_DISPLAY HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config"
  XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" TMPDIR="$scratch")
mkdir -p "$scratch/home"

echo "== Shared libraries"
if [ "$(uname -s)" = Linux ]; then
  internal=$bundle/_internal
  unresolved=$(
    find "$internal" -type f \( -name '*.so' -o -name '*.so.*' \) -print0 |
      xargs -0 -n 50 env LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" ldd 2>/dev/null |
      awk '/not found/ {print $1}' | sort -u
  )
  if [ -n "$unresolved" ]; then
    echo "Not in the bundle and not on this machine (install them here and rebuild):"
    sed 's/^/  /' <<<"$unresolved"
    [ "$strict" = 1 ] && exit 1
  else
    echo "every library the bundle loads resolves"
  fi
fi

echo "== $program --version"
"${headless[@]}" "$program" --version

echo "== $program --self-test"
self_test=passed
if ! "${headless[@]}" "$program" --self-test; then
  self_test=FAILED
fi

echo "== The window starts offscreen (5 s, throwaway vault path)"
set +e
"${headless[@]}" QT_QPA_PLATFORM=offscreen timeout 5 "$program" --vault "$scratch/vault/practice.db" \
  2>"$scratch/gui.err"
gui_status=$?
set -e
if [ "$gui_status" = 124 ] && [ ! -s "$scratch/gui.err" ]; then
  gui=passed
  echo "still running after 5 s, nothing on stderr"
else
  gui=FAILED
  echo "exited with status $gui_status:"
  cat "$scratch/gui.err"
fi

echo "== Start-up time of --version (5 runs)"
times=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$program" --version >/dev/null
  times+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
median_ms=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "runs (ms): ${times[*]}"

echo
echo "Build time:        ${build_seconds} s"
echo "Bundle:            $(du -sh "$bundle" | cut -f1) in $bundle"
echo "--version start-up: ${median_ms} ms (median of 5)"
echo "Frozen self-test:  $self_test"
echo "Window offscreen:  $gui"
[ "$self_test" = passed ] && [ "$gui" = passed ]
