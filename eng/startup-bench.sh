#!/usr/bin/env bash
# Process start to first prediction: the MLP's generated class in a NativeAOT app against the same
# model in ONNX Runtime (its native library beside a NativeAOT app; session creation included).
# Writes the model files with the benchmarks' --emit-startup, publishes both apps under
# artifacts/startup/, checks they print the same prediction, then times them with hyperfine in
# ROUNDS rounds, the two commands one after the other in each round (default 3 rounds of 30 runs).
# Usage: eng/startup-bench.sh [ROUNDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
runs="${2:-30}"
out="$PWD/artifacts/startup"
apps=tests/CheckpointGen.Benchmarks/Startup

dotnet run --project tests/CheckpointGen.Benchmarks -c Release -- --emit-startup "$out/model"
dotnet publish "$apps/GeneratedApp" -c Release -r linux-x64 -p:ModelDir="$out/model/" -o "$out/generated" -nologo -v quiet
dotnet publish "$apps/OrtApp" -c Release -r linux-x64 -o "$out/ort" -nologo -v quiet
cp "$out/model/model.onnx" "$out/ort/"

ours="$("$out/generated/GeneratedApp")"
theirs="$("$out/ort/OrtApp")"
echo "generated: $ours"
echo "ORT:       $theirs"
[ "${ours%% y0*}" = "${theirs%% y0*}" ] || { echo "The two apps disagree." >&2; exit 1; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
for round in $(seq "$rounds"); do
  echo "round $round"
  hyperfine -N -w 3 -r "$runs" --export-json "$out/round$round.json" \
    -n generated-aot "$out/generated/GeneratedApp" -n ort "$out/ort/OrtApp"
done
du -sh "$out/generated" "$out/ort"
