#!/usr/bin/env bash
# `make test-slurm`: the tiny sweep as a real `sbatch --array` job (3 shards) with an `afterok` merge job, compared
# byte for byte with `faultline sweep local` of the same sweep. Needs the daemons of setup.sh.
set -euo pipefail
BIN=$(realpath "${1:?faultline binary}")
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d /tmp/faultline-slurm-test-XXXXXX)
"$BIN" sweep plan Scenarios/sweeps/tiny-grid.yaml --out "$WORK/units.jsonl"
export FAULTLINE="$BIN"
array=$(sbatch --parsable --chdir="$WORK" --array=0-2 docs/scale-out/sweep-array.sbatch "$WORK/units.jsonl" "$WORK/work")
merge=$(sbatch --parsable --chdir="$WORK" --dependency=afterok:"$array" docs/scale-out/sweep-merge.sbatch "$WORK/units.jsonl" "$WORK/work" "$WORK/slurm/merged")
echo "submitted array $array and merge $merge (afterok)"
for _ in $(seq 600); do
  squeue -h -j "$array,$merge" 2>/dev/null | grep -q . || break
  sleep 0.5
done
state=$(sacct -n -X -j "$merge" -o State 2>/dev/null | head -1 | tr -d ' ' || true)
[ -f "$WORK/slurm/merged/results.json" ] || { echo "merge job did not write results ($state)"; cat "$WORK"/faultline-*.out; exit 1; }
"$BIN" sweep local Scenarios/sweeps/tiny-grid.yaml --out "$WORK/local/merged" --work "$WORK/local-units" --jobs 2 --quiet
for f in results.json summary.md junit.xml metrics.txt report.html; do
  cmp "$WORK/slurm/merged/$f" "$WORK/local/merged/$f"
done
echo "test-slurm: the sbatch --array sweep merged byte-identical to sweep local ($WORK)"
