#!/usr/bin/env bash
# Compares libarchive's WARC reader with Quarry's own on the WARC samples
# (robustness, offsets) and on a WARC of 990 pages (speed). Needs
# libarchive-dev (installed here if missing) and a Release build in build/.
#   bench/warc/run.sh [DATA]   DATA defaults to ../shared/data
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-../shared/data}"
dpkg-query -W -f='${Status}' libarchive-dev 2>/dev/null | grep -q "install ok installed" ||
  { apt-get install -y -qq libarchive-dev >/dev/null; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
g++ -std=c++17 -O2 -Iindexer -Icommon bench/warc/compare_readers.cc indexer/web/warc.cc indexer/web/text.cc \
  -o "$out/compare_readers" $(pkg-config --cflags --libs libarchive) -lz
"$out/compare_readers" "$data"/warc_samples/*.warc*
python3 bench/warc/make_warc.py "$data/html_trafilatura_eval" "$out/eval990.warc.gz"
gzip -dc "$out/eval990.warc.gz" >"$out/eval990.warc"
"$out/compare_readers" --time "$out/eval990.warc.gz" "$out/eval990.warc"
