#!/usr/bin/env bash
# Two checkouts of this repository measured in turn on the same box and virtualenv (a restructuring's
# before and after): batch import, catch-up, batched fan-out and the service's import time.
#
#   git worktree add /tmp/before <commit>
#   bench/compare_trees.sh /tmp/before "$PWD"          # RECORDS=50000 EVENTS=50000 ROUNDS=2 FANOUT=1
#
# Each tree runs its own bench/ scripts with PYTHONPATH set to it, so the code measured is the
# tree's; VENV (this checkout's .venv) must hold what both need.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${VENV:-$HERE/../.venv}
PY=$(cd "$(dirname "$VENV/bin/python")" && pwd)/python
for r in $(seq "${ROUNDS:-2}"); do
  for t in "$@"; do
    t=$(cd "$t" && pwd); name=$(basename "$t")
    (
      cd "$t"
      export PYTHONPATH=$t:$t/bench
      "$PY" bench/import_pg.py --records "${RECORDS:-50000}" --subjects 5000 2>&1 | tail -1 | sed "s|^|$r $name |"
      "$PY" bench/catchup_pg.py --events "${EVENTS:-50000}" 2>&1 | tail -1 | sed "s|^|$r $name |"
      if [[ ${FANOUT:-1} == 1 ]]; then
        timeout 600 "$PY" bench/fanout.py --postgres --mode batched 2>&1 | grep -i "p95" | tail -1 | sed "s|^|$r $name |"
      fi
      "$PY" -X importtime -c "import api.main" 2>&1 | tail -1 | sed "s|^|$r $name importtime |"
    )
  done
done
