#!/usr/bin/env bash
# Installs what the build, the tests and the NativeAOT sample need beyond the .NET SDK, once:
#   clang, lld, zlib (NativeAOT linking on Linux), g++ and LevelDB (the independent table reader
#   tests use to check the indexes our writer produces). Builds that reader into
#   artifacts/tools/tabledump and exports TABLEDUMP; builds the C++ benchmark baseline
#   artifacts/tools/leveldb_list. Node.js, npm and the pinned TensorFlow.js
#   packages of tests/oracle (the reference the inference tests compare with).
#   Source it: `. eng/install-prereqs.sh`.
set -euo pipefail
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_missing=()
command -v clang >/dev/null 2>&1 || _missing+=(clang)
command -v ld.lld >/dev/null 2>&1 || _missing+=(lld)
command -v g++ >/dev/null 2>&1 || _missing+=(g++)
[ -f /usr/include/zlib.h ] || _missing+=(zlib1g-dev)
[ -f /usr/include/leveldb/table.h ] || _missing+=(libleveldb-dev)
command -v node >/dev/null 2>&1 || _missing+=(nodejs)
command -v npm >/dev/null 2>&1 || _missing+=(npm)
if [ ${#_missing[@]} -gt 0 ]; then
  echo "installing: ${_missing[*]}"
  _sudo=""
  [ "$(id -u)" -eq 0 ] || _sudo="sudo"
  $_sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $_sudo apt-get install -y -qq --no-install-recommends "${_missing[@]}" >/dev/null
fi

# tabledump: what the writer tests check our indexes with; leveldb_list: the C++ baseline of the
# index-listing benchmark (tests/CheckpointGen.Benchmarks/Reading/OpenIndexBenchmarks.cs).
for _tool in tabledump leveldb_list; do
  _binary="$_root/artifacts/tools/$_tool"
  if [ ! -x "$_binary" ] || [ "$_root/eng/tools/$_tool.cc" -nt "$_binary" ]; then
    mkdir -p "$(dirname "$_binary")"
    g++ -O2 -o "$_binary" "$_root/eng/tools/$_tool.cc" -lleveldb
  fi
done
export TABLEDUMP="$_root/artifacts/tools/tabledump"

# The oracle's packages exactly as package-lock.json pins them (node_modules is not in git), again
# only when the lock changed. Their install scripts only print notices: skipped.
_oracle="$_root/tests/oracle"
if [ ! -f "$_oracle/node_modules/.package-lock.json" ] || [ "$_oracle/package-lock.json" -nt "$_oracle/node_modules/.package-lock.json" ]; then
  (cd "$_oracle" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
