#!/usr/bin/env bash
# The issue-2 figures on PostgreSQL (127.0.0.1:5432 unless CREDIT_BENCH_PG_URL says otherwise).
# Full sizes by default; pass SMALL=1 for a quick proof that the scripts work.
set -euo pipefail
cd "$(dirname "$0")"
PY=../.venv/bin/python
if [[ "${SMALL:-0}" == "1" ]]; then
    $PY import_pg.py --records 5000 --subjects 500
    $PY catchup_pg.py --events 20000
    $PY fetch_subject.py --events 1000 --calls 50
else
    $PY import_pg.py
    $PY catchup_pg.py
    $PY fetch_subject.py
fi
