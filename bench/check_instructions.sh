#!/usr/bin/env bash
# Instructions per single check, counted by valgrind's callgrind over N sequential checks against
# one server: a figure that the machine's load does not move (the same total twice with the other
# core busy), for comparing commits or virtualenvs, and ours with the reference.
#
#   bench/check_instructions.sh ours       # needs a database loaded by bench/check_vs_reference.sh
#   bench/check_instructions.sh reference  # (SKIP_LOAD=1 OUT=... keeps one; codes and key in OUT)
#
# OUT (the check_vs_reference.sh output folder with codes.txt, ref_codes.txt, key.txt), N (200),
# VENV (.venv), REFVENV (/tmp/benchvenv), OUR_DB (ce_bench_i4), REF_DB (benchref_i4).
# Start-up under valgrind takes minutes; only the N checks are counted (callgrind_control -z/-d).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
REF=${REF:-$ROOT/../shared/bench-reference}
[[ -d $REF ]] || REF=/work/shared/bench-reference
VENV=${VENV:-$ROOT/.venv}
REFVENV=${REFVENV:-/tmp/benchvenv}
OUT=${OUT:?the check_vs_reference.sh output folder (codes and key)}
N=${N:-200}
PORT=${PORT:-8811}
which=${1:?ours or reference}
CG=$(mktemp -d)
trap 'kill "$vp" 2>/dev/null; rm -rf "$CG"' EXIT
if [[ $which == ours ]]; then
  export CREDIT_DATABASE_URL="postgresql+psycopg2://root@127.0.0.1:5432/${OUR_DB:-ce_bench_i4}"
  export CIPHER_KEY=$(printf 'b%.0s' {1..32} | base64) CREDIT_SIGNING_KEY=$(printf 's%.0s' {1..32} | base64)
  export CREDIT_LOG_LEVEL=WARNING
  (cd "$ROOT" && exec valgrind --tool=callgrind --callgrind-out-file="$CG/cg.%p" --dump-instr=no \
    "$VENV/bin/python" "$VENV/bin/credit-energy" serve --no-worker --port "$PORT") >"$CG/log" 2>&1 &
  vp=$!; probe=/v1/measures; codes=$OUT/codes.txt; key=$(tail -1 "$OUT/key.txt"); py=$VENV/bin/python
else
  (cd "$REF" && BENCH_DSN="postgresql+psycopg2://root@127.0.0.1:5432/${REF_DB:-benchref_i4}" exec valgrind \
    --tool=callgrind --callgrind-out-file="$CG/cg.%p" --dump-instr=no "$REFVENV/bin/python" -m uvicorn \
    reference_app:app --host 127.0.0.1 --port "$PORT" --loop uvloop --http httptools --no-access-log \
    --log-level warning) >"$CG/log" 2>&1 &
  vp=$!; probe=/plain; codes=$OUT/ref_codes.txt; key=""; py=$REFVENV/bin/python
fi
for _ in $(seq 3000); do curl -s -o /dev/null "http://127.0.0.1:$PORT$probe" && break; sleep 0.5; done
"$py" "$HERE/check_instructions.py" --port "$PORT" --codes-file "$codes" --key "$key" --requests 50 >/dev/null
callgrind_control -z "$vp" >/dev/null
"$py" "$HERE/check_instructions.py" --port "$PORT" --codes-file "$codes" --key "$key" --requests "$N"
callgrind_control -d "$vp" >/dev/null
sleep 1
f=$(ls -t "$CG"/cg.*.* | head -1)
total=$(grep -E "^(summary|totals):" "$f" | head -1 | awk '{print $2}')
echo "$which checks=$N instructions=$total per_check=$((total / N))"
