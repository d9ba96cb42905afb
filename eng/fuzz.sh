#!/usr/bin/env bash
# Long mutation fuzzing (the bounded runs are part of the test suites) of the checkpoint reader
# (--target reader, the default) or of the planner and its graph compiler on mutated frozen
# graphs, meta graphs and SavedModels (--target graph).
#   bash eng/fuzz.sh [--target reader|graph] [--seconds N] [--seed S] [--out DIR] [--timeout SECONDS]
#   bash eng/fuzz.sh --target T --mutant M   # reproduce one mutant printed by a run or a test failure
# Failing inputs are saved under artifacts/fuzz/<target>/ (or --out), one folder per distinct failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/eng/CheckpointGen.Fuzz/CheckpointGen.Fuzz.csproj"
dotnet build "$project" -c Release -nologo -v quiet
exec dotnet run --project "$project" -c Release --no-build -- "$@"
