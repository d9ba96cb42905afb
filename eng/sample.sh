#!/usr/bin/env bash
# The main job, from a fresh machine: pack the packages into artifacts/packages (a fresh version
# each run, so no stale copy in the NuGet cache is ever used), then build and run the sample that
# consumes them with a <Checkpoint> item, exactly as a user would; then samples/Predict, whose
# numbers come from two TensorFlow graphs compiled to C# at build time.
set -euo pipefail
cd "$(dirname "$0")/.."
. eng/install-prereqs.sh

version="1.0.0-local.$(date +%s)"
rm -f artifacts/packages/*.nupkg
dotnet pack CheckpointGen.sln -c Release -o artifacts/packages -p:Version="$version" -nologo -v quiet
dotnet run --project samples/Regression -c Release -p:CheckpointGenVersion="$version" "$@"
dotnet run --project samples/Predict -c Release -p:CheckpointGenVersion="$version"
