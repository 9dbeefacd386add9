#!/usr/bin/env bash
# The check against ../shared/bench-reference in the same run: same subjects count, same worker
# count, wrk -t1 -c16 on the single check, and 10,000-id batches; both servers run side by side and
# the measurements alternate. Prints req/s, p50, p99, max, each server's CPU microseconds per
# request, and the ratios ours / reference.
#
#   SUBJECTS=1000000 bench/check_vs_reference.sh         # the full figure (takes a while)
#   SUBJECTS=2000 DURATION=5s WARMUP=2s REPEATS=1 bench/check_vs_reference.sh   # a smoke run
#   BENCH_METRICS=both SUBJECTS=2000 DURATION=5s WARMUP=2s REPEATS=1 bench/check_vs_reference.sh
#
# BENCH_METRICS=on (default: the service as deployed, /metrics and request metrics on), off
# (CREDIT_METRICS=false), or both: ours runs twice, metrics off (ours-off) then on (ours-on),
# each measured in turn with the reference, and the on/off ratios are printed too.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (trust, user root), wrk, /tmp/benchvenv (see the
# reference's README), and this project's .venv. Uses its own databases (ce_bench_i4 for ours,
# benchref_i4 for the reference) so it never touches another run's data.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
REF=${REF:-$ROOT/../shared/bench-reference}
[[ -d $REF ]] || REF=/work/shared/bench-reference
VENV=${VENV:-$ROOT/.venv}
REFVENV=${REFVENV:-/tmp/benchvenv}
SUBJECTS=${SUBJECTS:-1000000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
REPEATS=${REPEATS:-2}
WORKERS=${WORKERS:-"1 2"}
CONNS=${CONNS:-16}
PORT_OURS=${PORT_OURS:-8801}
PORT_REF=${PORT_REF:-8802}
PORT_OURS_ON=${PORT_OURS_ON:-8803}
BENCH_METRICS=${BENCH_METRICS:-on}
case $BENCH_METRICS in
  on|off) VARIANTS=ours ;;
  both) VARIANTS="ours-off ours-on" ;;
  *) echo "BENCH_METRICS must be on, off or both" >&2; exit 2 ;;
esac
OUR_DB=${OUR_DB:-ce_bench_i4}
REF_DB=${REF_DB:-benchref_i4}
SKIP_LOAD=${SKIP_LOAD:-0}
OUT=${OUT:-/tmp/ce_bench_results/$(date +%Y%m%d-%H%M%S)}
CODES=$OUT/codes.txt
REF_CODES=$OUT/ref_codes.txt
KEYFILE=$OUT/key.txt
PG="-h 127.0.0.1 -U root"
WRK=(wrk -t1 -c"$CONNS" --latency)
mkdir -p "$OUT"
SUMMARY=$OUT/summary.txt
ref_pid=""
ours_pids=()
trap 'for p in $ref_pid ${ours_pids[@]+"${ours_pids[@]}"}; do kill "$p" 2>/dev/null; done; true' EXIT

export CREDIT_DATABASE_URL="postgresql+psycopg2://root@127.0.0.1:5432/$OUR_DB"
export CIPHER_KEY=$(printf 'b%.0s' {1..32} | base64)
export CREDIT_SIGNING_KEY=$(printf 's%.0s' {1..32} | base64)
export CREDIT_LOG_LEVEL=WARNING

if [[ $SKIP_LOAD != 1 ]]; then
  echo "# loading $SUBJECTS subjects into $OUR_DB (ours) and $REF_DB (reference)" | tee "$SUMMARY"
  dropdb $PG --if-exists --force "$OUR_DB"; createdb $PG "$OUR_DB"
  (cd "$ROOT" && "$VENV/bin/python" bench/load_checks.py --database-url "$CREDIT_DATABASE_URL" \
    --subjects "$SUBJECTS" --codes-file "$CODES" --key-file "$KEYFILE") | tee -a "$SUMMARY"
  dropdb $PG --if-exists --force "$REF_DB"; createdb $PG "$REF_DB"
  "$REFVENV/bin/python" "$REF/load_reference.py" --rows "$SUBJECTS" \
    --dsn "host=127.0.0.1 port=5432 user=root dbname=$REF_DB" --codes-file "$REF_CODES" \
    | tee -a "$SUMMARY"
fi
KEY=$(tail -1 "$KEYFILE")

wait_up() {  # url log
  for _ in $(seq 150); do
    curl -s -o /dev/null "$1" && { sleep 1; return; }
    sleep 0.2
  done
  echo "server did not start, see $2" >&2; exit 1
}

stop_servers() {
  local pid
  for pid in $ref_pid ${ours_pids[@]+"${ours_pids[@]}"}; do
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  done
  ref_pid=""; ours_pids=()
}

variant_port() {  # ours | ours-off | ours-on -> its port
  if [[ $1 == ours-on ]]; then echo "$PORT_OURS_ON"; else echo "$PORT_OURS"; fi
}

ref_label() {  # the reference's measurements beside a variant: reference | ref-off | ref-on
  if [[ $1 == ours ]]; then echo reference; else echo "ref-${1#ours-}"; fi
}

variant_metrics() {  # the CREDIT_METRICS value a variant runs with
  case $1 in ours-off) echo false ;; ours-on) echo true ;;
    *) [[ $BENCH_METRICS == off ]] && echo false || echo true ;; esac
}

app_ticks() {  # CPU ticks used so far by a server process and its children (the workers)
  local pid=$1
  cat /proc/"$pid"/stat $(pgrep -P "$pid" | sed 's|.*|/proc/&/stat|') 2>/dev/null |
    awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

measure() {  # label workers rep server-pid wrk-args...
  local label=$1 w=$2 rep=$3 pid=$4; shift 4
  local f=$OUT/$label-w$w-r$rep.txt before after
  before=$(app_ticks "$pid")
  "${WRK[@]}" -d"$DURATION" "$@" >"$f" 2>&1
  after=$(app_ticks "$pid")
  awk -v label="$label" -v w="$w" -v rep="$rep" -v ticks=$((after - before)) -v tick="$TICK" '
    /requests in/ { n = $1 }
    /^Requests\/sec/ { rps = $2 }
    $1 == "Latency" && $2 != "Distribution" { max = $4 }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /Non-2xx|Socket errors/ { errors = errors $0 }
    END { printf "%-10s %2s %2s %10s %9s %9s %9s %7.0f  %s\n", label, w, rep, rps, p50, p99, max,
          (n ? ticks / tick / n * 1e6 : 0), (errors == "" ? "-" : errors) }' "$f" | tee -a "$SUMMARY"
}

# Both servers run side by side and the measurements alternate (reference, ours, reference, ...),
# so that a change in the machine's load during the run hits both alike (with BENCH_METRICS=both,
# ours-off and then ours-on, each beside the reference and compared with its own measurements). cpu_us = the server's CPU
# microseconds per request (all its workers), a figure that depends less on the load than req/s.
TICK=$(getconf CLK_TCK)
BATCH_IDS=$(( SUBJECTS < 10000 ? SUBJECTS * 9 / 10 : 10000 ))
printf "%-10s %2s %2s %10s %9s %9s %9s %7s  %s\n" endpoint w r req/s p50 p99 max cpu_us errors \
  | tee -a "$SUMMARY"
for w in $WORKERS; do
  BENCH_DSN="postgresql+psycopg2://root@127.0.0.1:5432/$REF_DB" "$REFVENV/bin/uvicorn" \
    reference_app:app --app-dir "$REF" --host 127.0.0.1 --port "$PORT_REF" --workers "$w" \
    --loop uvloop --http httptools --no-access-log --log-level warning >"$OUT/ref-w$w.log" 2>&1 &
  ref_pid=$!
  wait_up "http://127.0.0.1:$PORT_REF/plain" "$OUT/ref-w$w.log"
  "${WRK[@]}" -d"$WARMUP" -s "$REF/checks.lua" "http://127.0.0.1:$PORT_REF/v1/checks/" -- "$REF_CODES" >/dev/null
  # one of ours at a time (each holds its connection pools), measured in turn with the reference
  for v in $VARIANTS; do
    (cd "$ROOT" && CREDIT_METRICS=$(variant_metrics "$v") exec "$VENV/bin/credit-energy" serve \
      --no-worker --workers "$w" --port "$(variant_port "$v")") >"$OUT/$v-w$w.log" 2>&1 &
    ours_pid=$!
    ours_pids=("$ours_pid")
    wait_up "http://127.0.0.1:$(variant_port "$v")/v1/measures" "$OUT/$v-w$w.log"
    "${WRK[@]}" -d"$WARMUP" -s "$HERE/checks_auth.lua" "http://127.0.0.1:$(variant_port "$v")/" -- "$CODES" "$KEY" >/dev/null
    ref=$(ref_label "$v")
    for rep in $(seq "$REPEATS"); do
      measure "$ref" "$w" "$rep" "$ref_pid" \
        -s "$REF/checks.lua" "http://127.0.0.1:$PORT_REF/v1/checks/" -- "$REF_CODES"
      measure "$v" "$w" "$rep" "$ours_pid" \
        -s "$HERE/checks_auth.lua" "http://127.0.0.1:$(variant_port "$v")/" -- "$CODES" "$KEY"
    done
    ref_batch=$("$REFVENV/bin/python" "$REF/batch_client.py" --url "http://127.0.0.1:$PORT_REF/v1/checks:batch" \
      --codes-file "$REF_CODES" --ids "$BATCH_IDS")
    echo "batch-$ref $w    $ref_batch" | tee -a "$SUMMARY"
    our_batch=$("$VENV/bin/python" "$HERE/batch_checks.py" --url "http://127.0.0.1:$(variant_port "$v")/v1/checks:batch" \
      --key "$KEY" --codes-file "$CODES" --ids "$BATCH_IDS")
    echo "batch-$v $w    $our_batch" | tee -a "$SUMMARY"
    kill "$ours_pid" 2>/dev/null; wait "$ours_pid" 2>/dev/null || true
    ours_pids=()
  done
  stop_servers
done

echo "# ratios (ours / reference, mean over repeats; BENCH_METRICS=$BENCH_METRICS)" | tee -a "$SUMMARY"
awk '
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v + 0 }
  function variant(label) { return label == "reference" ? "ours" : "ours-" substr(label, 5) }
  $1 == "reference" || $1 ~ /^ref-/ { k = variant($1) SUBSEP $2; r[k] += $4; rn[k]++; rp[k] += ms($6); rc[k] += $8 }
  $1 ~ /^ours/ { k = $1 SUBSEP $2; o[k] += $4; on[k]++; op[k] += ms($6); oc[k] += $8; seen[$1] = 1; ws[$2] = 1 }
  $1 ~ /^batch-ref/ { sub(/^batch-/, "", $1); for (i = 1; i <= NF; i++) if ($i ~ /^median_ms=/) { split($i, a, "="); br[variant($1) SUBSEP $2] = a[2] } }
  $1 ~ /^batch-ours/ { sub(/^batch-/, "", $1); for (i = 1; i <= NF; i++) if ($i ~ /^median_ms=/) { split($i, a, "="); bo[$1 SUBSEP $2] = a[2] } }
  END {
    for (w in ws) for (v in seen) { k = v SUBSEP w; if (on[k] && rn[k]) {
      rs[k] = (o[k] / on[k]) / (r[k] / rn[k]); rc2[k] = (oc[k] / on[k]) / (rc[k] / rn[k])
      printf "%s workers=%s single req/s ratio=%.2f (goal >= 0.70)  p99 ratio=%.2f (goal <= 1.50, 1 worker)  cpu_us per request ratio=%.2f  batch median ratio=%.2f (goal <= 1.30)\n",
        v, w, rs[k], (op[k] / on[k]) / (rp[k] / rn[k]), rc2[k], bo[k] / br[k] } }
    for (w in ws) { f = "ours-off" SUBSEP w; n = "ours-on" SUBSEP w; if (on[f] && on[n])
      printf "metrics on/off workers=%s single req/s ratio=%.3f (%.3f of the reference ratio)  cpu_us per request ratio=%.3f (%.3f of the reference ratio)  batch median ratio=%.3f\n",
        w, (o[n] / on[n]) / (o[f] / on[f]), rs[n] / rs[f], (oc[n] / on[n]) / (oc[f] / on[f]), rc2[n] / rc2[f], bo[n] / bo[f] }
  }' "$SUMMARY" | tee -a "$SUMMARY"
echo "raw output: $OUT"
