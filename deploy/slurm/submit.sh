#!/bin/bash
# Submits an initlab sweep as a Slurm job array of N shards and its merge as a job that starts when every
# shard succeeded (and is cancelled if one failed). Prints the two job ids: ARRAY_JOB_ID MERGE_JOB_ID.
#
#   deploy/slurm/submit.sh grid.yaml runs/grid 8
#   deploy/slurm/submit.sh grid.yaml runs/grid 8 --cpus-per-task=4 --time=1:00:00   # options for the array's tasks
#
# Slurm's SBATCH_* variables set the rest for both jobs (SBATCH_PARTITION=cpu, SBATCH_ACCOUNT=…).
# Logs go to OUT/logs/.
set -euo pipefail

usage='usage: submit.sh GRID OUT N [SBATCH_OPTION...]'
grid=${1:?$usage}
out=${2:?$usage}
shards=${3:?$usage}
shift 3
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "submit.sh: N must be a positive whole number of shards, got '$shards'" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out/logs"

array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$out/logs/shard-%a.out" "$@" \
  "$here/sweep-array.sbatch" "$grid" "$out" "$shards")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$out/logs/merge.out" \
  "$here/merge.sbatch" "$out")
merge=${merge%%;*}
echo "$array $merge"
