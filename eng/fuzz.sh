#!/usr/bin/env bash
# Long mutation fuzzing of the checkpoint reader (the bounded run is part of the test suite).
#   bash eng/fuzz.sh [--seconds N] [--seed S] [--out DIR] [--timeout SECONDS]
#   bash eng/fuzz.sh --mutant M        # reproduce one mutant printed by a run or a test failure
# Failing inputs are saved under artifacts/fuzz/ (or --out), one folder per distinct failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/eng/CheckpointGen.Fuzz/CheckpointGen.Fuzz.csproj"
dotnet build "$project" -c Release -nologo -v quiet
exec dotnet run --project "$project" -c Release --no-build -- "$@"
