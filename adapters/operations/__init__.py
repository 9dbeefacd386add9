"""Operations (issue 21): retention, sweep counts, metrics, doctor, backup and drill."""
