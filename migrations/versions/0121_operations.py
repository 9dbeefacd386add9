"""Operations: sweep run counts, retention runs, the check log partitioned by month (PostgreSQL).

- `sweep_runs`: how often each sweep ran and failed (read by /metrics from any process).
- `retention_runs`: every pruning, with the retention policy version and cutoff it applied.
- Indexes on `deliveries.attempted_at` and `pii_access_log.at` (pruned by age).
- PostgreSQL: `check_log` becomes a table partitioned by range of `checked_at`, one partition per
  Beijing month (`check_log_pYYYYMM`, bounds at 00:00+08:00 on the 1st) and a default partition,
  so an insert never fails. Its rows, indexes (the GIN index on subject_ids included), the
  append-only trigger and the single check's statement stay as they were; the primary key becomes
  (check_id, checked_at), as a partitioned table requires. The service's role
  (`credit_energy_app`) may SELECT and INSERT only; it can neither UPDATE, DELETE nor TRUNCATE
  it (before this revision TRUNCATE was granted, and bypassed the trigger), nor drop a partition.
  Two SECURITY DEFINER functions are its only way to change the partitions:
  `check_log_prepare(first_month, months)` creates the partitions of those months and of any month
  whose rows wait in the default partition (re-homed without a DELETE), and
  `check_log_drop_before(cutoff)` drops the partitions wholly older than `cutoff`, refusing a
  cutoff later than six months ago (the Cybersecurity Law's floor for logs, art. 21).
- SQLite: the check log's DELETE trigger admits only rows older than a cutoff that the pruning
  transaction itself sets in `retention_gate` (the only path that deletes; UPDATE stays refused).

Revision ID: 0121
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0121"
down_revision = "0002"
branch_labels = ("operations",)
# check_log (0104), deliveries (0106), pii_access_log and the service role (0107)
depends_on = ("0104", "0106", "0107")

TZ = sa.DateTime(timezone=True)
APP_ROLE = "credit_energy_app"
AHEAD_MONTHS = 4  # the current Beijing month and three after it

SEAL_PG = f"""
CREATE OR REPLACE FUNCTION check_log_seal(part text) RETURNS void
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
    EXECUTE format('REVOKE ALL ON %I FROM {APP_ROLE}', part);
    EXECUTE format('GRANT SELECT, INSERT ON %I TO {APP_ROLE}', part);
  END IF;
END $$;
"""

PREPARE_PG = """
CREATE OR REPLACE FUNCTION check_log_prepare(first_month date, months integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wanted date[];
  m date;
  part text;
  stranded boolean;
BEGIN
  PERFORM set_config('lock_timeout', '5s', true);
  SELECT array_agg(d ORDER BY d) INTO wanted FROM (
    SELECT (date_trunc('month', first_month::timestamp) + make_interval(months => g))::date AS d
    FROM generate_series(0, months - 1) AS g
    UNION
    SELECT date_trunc('month', checked_at AT TIME ZONE 'Asia/Shanghai')::date
    FROM check_log_default
  ) AS s
  WHERE to_regclass('check_log_p' || to_char(d, 'YYYYMM')) IS NULL;
  IF wanted IS NULL THEN
    RETURN 0;
  END IF;
  -- rows that came before their month's partition wait in the default partition: it is set
  -- aside whole and its rows inserted again (into their partitions), so nothing is deleted
  stranded := EXISTS (SELECT FROM check_log_default);
  IF stranded THEN
    ALTER TABLE check_log DETACH PARTITION check_log_default;
    ALTER TABLE check_log_default RENAME TO check_log_default_stranded;
  END IF;
  FOREACH m IN ARRAY wanted LOOP
    part := 'check_log_p' || to_char(m, 'YYYYMM');
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF check_log FOR VALUES FROM (%L) TO (%L)', part,
      m::timestamp AT TIME ZONE 'Asia/Shanghai',
      (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai');
    PERFORM check_log_seal(part);
  END LOOP;
  IF stranded THEN
    CREATE TABLE check_log_default PARTITION OF check_log DEFAULT;
    PERFORM check_log_seal('check_log_default');
    INSERT INTO check_log SELECT * FROM check_log_default_stranded;
    DROP TABLE check_log_default_stranded;
  END IF;
  RETURN array_length(wanted, 1);
END $$;
"""

DROP_BEFORE_PG = r"""
CREATE OR REPLACE FUNCTION check_log_drop_before(cutoff timestamptz)
RETURNS TABLE (part text, removed bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r record;
BEGIN
  IF cutoff > now() - interval '6 months' THEN
    RAISE EXCEPTION 'check_log keeps every check at least 6 months: cutoff % refused', cutoff;
  END IF;
  PERFORM set_config('lock_timeout', '5s', true);
  FOR r IN
    SELECT name, upper FROM (
      SELECT c.relname::text AS name,
             substring(pg_get_expr(c.relpartbound, c.oid) FROM $b$TO \('([^']+)'\)$b$)
               ::timestamptz AS upper
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'check_log'::regclass
    ) AS parts
    WHERE upper IS NOT NULL AND upper <= cutoff
    ORDER BY upper
  LOOP
    part := r.name;
    EXECUTE format('SELECT count(*) FROM %I', r.name) INTO removed;
    EXECUTE format('DROP TABLE %I', r.name);
    RETURN NEXT;
  END LOOP;
END $$;
"""

APPEND_ONLY_TRIGGER_PG = (
    "CREATE TRIGGER check_log_append_only BEFORE UPDATE OR DELETE ON check_log "
    "FOR EACH ROW EXECUTE FUNCTION check_log_append_only()"
)


def upgrade() -> None:
    op.create_table(
        "sweep_runs",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("runs", sa.BigInteger, nullable=False),
        sa.Column("failures", sa.BigInteger, nullable=False),
        sa.Column("last_started_at", TZ),
        sa.Column("last_seconds", sa.Float),
        sa.Column("last_success_at", TZ),
        sa.Column("last_failure_at", TZ),
        sa.Column("last_error", sa.String(200)),  # the exception's class only: never data
    )
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("log", sa.String(32), nullable=False),
        sa.Column("policy_version", sa.String(32), nullable=False),
        sa.Column("cutoff", TZ, nullable=False),
        sa.Column("removed", sa.BigInteger, nullable=False),
        sa.Column("partitions", sa.JSON, nullable=False),
    )
    # the pruning transaction's cutoff, which the SQLite check log's DELETE trigger admits (on
    # PostgreSQL whole partitions are dropped instead and the table stays empty)
    op.create_table(
        "retention_gate",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("cutoff", TZ, nullable=False),
    )
    op.create_index("ix_deliveries_attempted_at", "deliveries", ["attempted_at"])
    op.create_index("ix_pii_access_log_at", "pii_access_log", ["at"])
    if op.get_bind().dialect.name == "postgresql":
        _partition_check_log()
    else:
        _gate_sqlite_check_log()


def _partition_check_log() -> None:
    op.execute("LOCK TABLE check_log IN ACCESS EXCLUSIVE MODE")
    op.execute("ALTER TABLE check_log RENAME TO check_log_unpartitioned")
    op.execute(
        "CREATE TABLE check_log (LIKE check_log_unpartitioned INCLUDING DEFAULTS) "
        "PARTITION BY RANGE (checked_at)"
    )
    op.execute("CREATE TABLE check_log_default PARTITION OF check_log DEFAULT")
    for sql in (SEAL_PG, PREPARE_PG, DROP_BEFORE_PG):
        op.execute(sql)
    op.execute("SELECT check_log_seal('check_log_default')")
    # every month that holds rows, and the months ahead, before the rows are copied in
    op.execute(
        "SELECT check_log_prepare(d, 1) FROM (SELECT DISTINCT "
        "date_trunc('month', checked_at AT TIME ZONE 'Asia/Shanghai')::date AS d "
        "FROM check_log_unpartitioned) AS months"
    )
    op.execute(
        f"SELECT check_log_prepare((now() AT TIME ZONE 'Asia/Shanghai')::date, {AHEAD_MONTHS})"
    )
    op.execute("INSERT INTO check_log SELECT * FROM check_log_unpartitioned")
    op.execute("DROP TABLE check_log_unpartitioned")  # its trigger and indexes go with it
    op.execute(
        "ALTER TABLE check_log ADD CONSTRAINT check_log_pkey PRIMARY KEY (check_id, checked_at)"
    )
    op.create_index("ix_check_log_checked_at", "check_log", ["checked_at"])
    op.create_index("ix_check_log_org", "check_log", ["org", "checked_at"])
    op.create_index(
        "ix_check_log_subject_ids", "check_log", ["subject_ids"], postgresql_using="gin"
    )
    op.execute(APPEND_ONLY_TRIGGER_PG)
    for fn in ("check_log_seal(text)", "check_log_prepare(date, integer)"):
        op.execute(f"REVOKE EXECUTE ON FUNCTION {fn} FROM PUBLIC")
    op.execute("REVOKE EXECUTE ON FUNCTION check_log_drop_before(timestamptz) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION check_log_prepare(date, integer) TO {APP_ROLE}")
    op.execute(f"GRANT EXECUTE ON FUNCTION check_log_drop_before(timestamptz) TO {APP_ROLE}")
    op.execute(f"REVOKE ALL ON check_log FROM {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON check_log TO {APP_ROLE}")


def _check_log_indexes() -> None:
    """As 0104 made them (on a partitioned table each is an index of every partition)."""
    op.create_index("ix_check_log_checked_at", "check_log", ["checked_at"])
    op.create_index("ix_check_log_org", "check_log", ["org", "checked_at"])
    op.create_index(
        "ix_check_log_subject_ids", "check_log", ["subject_ids"], postgresql_using="gin"
    )


def _gate_sqlite_check_log() -> None:
    op.execute("DROP TRIGGER IF EXISTS check_log_no_delete")
    op.execute(
        "CREATE TRIGGER check_log_no_delete BEFORE DELETE ON check_log "
        "WHEN OLD.checked_at >= coalesce("
        "(SELECT cutoff FROM retention_gate WHERE name = 'check_log'), '') "
        "BEGIN SELECT RAISE(ABORT, 'check_log is append-only'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("LOCK TABLE check_log IN ACCESS EXCLUSIVE MODE")
        op.execute("ALTER TABLE check_log RENAME TO check_log_partitioned")
        op.execute("CREATE TABLE check_log (LIKE check_log_partitioned INCLUDING DEFAULTS)")
        op.execute("INSERT INTO check_log SELECT * FROM check_log_partitioned")
        op.execute("DROP TABLE check_log_partitioned")  # with its partitions
        op.execute("ALTER TABLE check_log ADD CONSTRAINT check_log_pkey PRIMARY KEY (check_id)")
        _check_log_indexes()
        op.execute(APPEND_ONLY_TRIGGER_PG)
        op.execute("DROP FUNCTION IF EXISTS check_log_drop_before(timestamptz)")
        op.execute("DROP FUNCTION IF EXISTS check_log_prepare(date, integer)")
        op.execute("DROP FUNCTION IF EXISTS check_log_seal(text)")
        op.execute(f"GRANT ALL ON check_log TO {APP_ROLE}")
    else:
        op.execute("DROP TRIGGER IF EXISTS check_log_no_delete")
        op.execute(
            "CREATE TRIGGER check_log_no_delete BEFORE DELETE ON check_log "
            "BEGIN SELECT RAISE(ABORT, 'check_log is append-only'); END"
        )
    op.drop_table("retention_gate")
    op.drop_index("ix_pii_access_log_at", "pii_access_log")
    op.drop_index("ix_deliveries_attempted_at", "deliveries")
    op.drop_table("retention_runs")
    op.drop_table("sweep_runs")
