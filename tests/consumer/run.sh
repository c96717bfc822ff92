#!/usr/bin/env bash
# Installs Quarry from a build tree into a scratch prefix, then builds and runs
# tests/consumer/ against it twice: through find_package(quarry) and through
# `pkg-config --cflags --libs quarry`. Run by ctest (test install_consumer).
#   tests/consumer/run.sh BUILD_DIR [LIBDIR [CXX]]
set -euo pipefail

build_dir="$(cd "$1" && pwd)"
libdir="${2:-lib}"
cxx="${3:-c++}"
here="$(cd "$(dirname "$0")" && pwd)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/quarry-consumer-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
prefix="$scratch/prefix"

step() { printf '== %s (%ds)\n' "$1" "$SECONDS"; }

step "cmake --install into $prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null

# Only the public API is installed, and it does not drag in dependency headers.
headers="$(cd "$prefix/include" && find . -type f | sort | tr '\n' ' ')"
expected="./quarry/error.h ./quarry/index.h ./quarry/json.h ./quarry/render.h ./quarry/search.h "
if [ "$headers" != "$expected" ]; then
  echo "installed headers: $headers; expected: $expected" >&2
  exit 1
fi
if grep -nE '#include *[<"](xapian|unicode/|nlohmann|zlib)' "$prefix"/include/quarry/*.h; then
  echo "a public header includes a dependency's header" >&2
  exit 1
fi
for cli in quarry-index quarry-search; do
  [ -x "$prefix/bin/$cli" ] || { echo "$cli not installed" >&2; exit 1; }
done
"$prefix/bin/quarry-search" --help >/dev/null

step "find_package(quarry): configure and build tests/consumer"
mkdir "$scratch/run-cmake"
cmake -S "$here" -B "$scratch/build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" >"$scratch/configure.log" ||
  { cat "$scratch/configure.log" >&2; exit 1; }
cmake --build "$scratch/build" >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; exit 1; }
"$scratch/build/consumer" "$scratch/run-cmake"

step "pkg-config quarry: compile and run tests/consumer/consumer.cc"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
echo "pkg-config --cflags --libs quarry: $(pkg-config --cflags --libs quarry)"
mkdir "$scratch/run-pkg-config"
# shellcheck disable=SC2046  # the flags are meant to be split
"$cxx" -std=c++17 -O2 "$here/consumer.cc" -o "$scratch/consumer-pc" $(pkg-config --cflags --libs quarry)
# A shared build is found at run time through the prefix (the CMake build has an RPATH).
LD_LIBRARY_PATH="$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
  "$scratch/consumer-pc" "$scratch/run-pkg-config"

step "done"
