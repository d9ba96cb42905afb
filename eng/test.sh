#!/usr/bin/env bash
# Every test, from a fresh machine: prerequisites, a Release build of the solution, then all test
# projects (unit, format against the real fixtures, generator snapshots and caching, the CLI, and
# end-to-end builds of consumer projects through the packed packages). CI runs this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/install-prereqs.sh

dotnet build CheckpointGen.sln -c Release -nologo -v minimal
dotnet test CheckpointGen.sln -c Release --no-build -nologo -v minimal --logger "console;verbosity=normal" "$@"
