--
-- PostgreSQL database dump
--

\restrict 2pxciQCcnlN1aGiZP0q5yBXjDo42rLa3dLSDoCp9ELILV8HTFmiKWlRJTP1GPYc

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: check_log_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  RAISE EXCEPTION 'check_log is append-only';
END;
$$;


--
-- Name: subject_name_grams(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.subject_name_grams(name text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT COST 1000 PARALLEL SAFE
    AS $$
  SELECT ARRAY(
    SELECT substr(lower(name), i, n)
    FROM generate_series(1, 2) AS n, generate_series(1, char_length(name) - n + 1) AS i
  )
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: alembic_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);


--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_keys (
    key_id character varying(32) NOT NULL,
    secret_hash character varying(64) NOT NULL,
    role character varying(16) NOT NULL,
    org text NOT NULL,
    org_code character varying(18),
    subject_id character varying(36),
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: apscheduler_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.apscheduler_jobs (
    id character varying(191) NOT NULL,
    next_run_time double precision,
    job_state bytea NOT NULL
);


--
-- Name: chain_links; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.chain_links (
    "position" bigint NOT NULL,
    link character varying(64) NOT NULL,
    event_digest character varying(64) NOT NULL
);


--
-- Name: check_feedback; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.check_feedback (
    feedback_id character varying(36) NOT NULL,
    check_id character varying(36) NOT NULL,
    subject_id character varying(36) NOT NULL,
    agency text NOT NULL,
    measure_id character varying(64) NOT NULL,
    applied boolean NOT NULL,
    outcome text,
    key_id character varying(32),
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: check_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.check_log (
    check_id character varying(36) NOT NULL,
    checked_at timestamp with time zone NOT NULL,
    key_id character varying(32),
    org text NOT NULL,
    org_code character varying(18),
    role character varying(16) NOT NULL,
    matter character varying(16) NOT NULL,
    kind character varying(8) NOT NULL,
    all_measures boolean NOT NULL,
    "position" bigint,
    count integer NOT NULL,
    subject_ids text[] NOT NULL,
    answers json NOT NULL,
    unknown json NOT NULL
);


--
-- Name: check_view; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.check_view (
    subject_id character varying(36) NOT NULL,
    uscc character varying(18),
    kind character varying(24) NOT NULL,
    display_name text NOT NULL,
    status character varying(8) NOT NULL,
    lists character varying(32) NOT NULL,
    grade_class character varying(1),
    score double precision,
    listings json NOT NULL,
    marks json NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: checkpoints; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkpoints (
    seq integer NOT NULL,
    "position" bigint NOT NULL,
    head character varying(64) NOT NULL,
    signed_at character varying(40) NOT NULL,
    signature text NOT NULL,
    key_id character varying(16) NOT NULL
);


--
-- Name: commitment_view; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.commitment_view (
    subject_id character varying(36) NOT NULL,
    commitment_id character varying(64) NOT NULL,
    kind character varying(16) NOT NULL,
    text text NOT NULL,
    made_on date NOT NULL,
    status character varying(12) NOT NULL,
    breached_by character varying(128),
    "position" bigint NOT NULL
);


--
-- Name: credit_reports; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.credit_reports (
    code character varying(32) NOT NULL,
    subject_id character varying(36) NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    format character varying(8) NOT NULL,
    content_hash character varying(64) NOT NULL,
    content json NOT NULL
);


--
-- Name: creditfiles_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.creditfiles_events (
    id bigint NOT NULL,
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text NOT NULL,
    state bytea NOT NULL
);


--
-- Name: creditfiles_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.creditfiles_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: creditfiles_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.creditfiles_events_id_seq OWNED BY public.creditfiles_events.id;


--
-- Name: creditfiles_snapshots; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.creditfiles_snapshots (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text NOT NULL,
    state bytea NOT NULL
);


--
-- Name: deliveries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.deliveries (
    delivery_id bigint NOT NULL,
    subscription_id character varying(36) NOT NULL,
    event_id character varying(80) NOT NULL,
    sequence bigint NOT NULL,
    attempt integer NOT NULL,
    attempted_at timestamp with time zone NOT NULL,
    status_code integer,
    outcome character varying(12) NOT NULL,
    error text,
    duration_ms integer NOT NULL,
    next_attempt_at timestamp with time zone,
    event_count integer
);


--
-- Name: deliveries_delivery_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.deliveries_delivery_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: deliveries_delivery_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.deliveries_delivery_id_seq OWNED BY public.deliveries.delivery_id;


--
-- Name: evidence_files; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.evidence_files (
    evidence_id character varying(32) NOT NULL,
    subject_id character varying(36) NOT NULL,
    name text NOT NULL,
    media_type character varying(128) NOT NULL,
    sha256 character varying(64) NOT NULL,
    size integer NOT NULL,
    content bytea NOT NULL,
    uploaded_at timestamp with time zone NOT NULL
);


--
-- Name: feed_records; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.feed_records (
    record_id character varying(128) NOT NULL,
    subject_id character varying(36) NOT NULL,
    state character varying(12) NOT NULL,
    data json NOT NULL
);


--
-- Name: feed_subjects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.feed_subjects (
    subject_id character varying(36) NOT NULL,
    uscc character varying(18),
    kind character varying(24) NOT NULL,
    name text NOT NULL,
    sectors json NOT NULL,
    region character varying(12) NOT NULL,
    legal_representative text
);


--
-- Name: grade_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grade_history (
    "position" bigint NOT NULL,
    subject_id character varying(36) NOT NULL,
    previous_class character varying(1),
    grade_class character varying(1) NOT NULL,
    score double precision NOT NULL,
    rulebook_version character varying(32) NOT NULL,
    cause text NOT NULL,
    cause_position bigint,
    graded_at timestamp with time zone NOT NULL
);


--
-- Name: grade_history_position_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.grade_history_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: grade_history_position_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.grade_history_position_seq OWNED BY public.grade_history."position";


--
-- Name: grade_view; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grade_view (
    subject_id character varying(36) NOT NULL,
    score double precision NOT NULL,
    grade_class character varying(1) NOT NULL,
    rulebook_version character varying(32) NOT NULL,
    explanation json NOT NULL,
    graded_at timestamp with time zone NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: keyring; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.keyring (
    key_id character varying(32) NOT NULL,
    purpose character varying(16) NOT NULL,
    wrapped_key bytea NOT NULL,
    master_key_id character varying(16) NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: list_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.list_entries (
    listing_id character varying(64) NOT NULL,
    subject_id character varying(36) NOT NULL,
    list character varying(8) NOT NULL,
    status character varying(12) NOT NULL,
    rule_id character varying(64) NOT NULL,
    rulebook_version character varying(32) NOT NULL,
    reasons json NOT NULL,
    basis_record_ids json NOT NULL,
    legal_basis text NOT NULL,
    removal_conditions json NOT NULL,
    proposed_at timestamp with time zone NOT NULL,
    objection_deadline date NOT NULL,
    until date,
    valid_from timestamp with time zone,
    valid_to timestamp with time zone,
    ended_reason character varying(16),
    "position" bigint NOT NULL
);


--
-- Name: list_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.list_versions (
    list character varying(8) NOT NULL,
    version integer NOT NULL,
    listing_id character varying(64) NOT NULL,
    change character varying(16) NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: measure_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.measure_versions (
    version character varying(32) NOT NULL,
    effective_from date NOT NULL,
    feedback_working_days integer NOT NULL,
    measures json NOT NULL,
    published_at timestamp with time zone NOT NULL,
    published_by text NOT NULL
);


--
-- Name: notice_feedback; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notice_feedback (
    feedback_id character varying(36) NOT NULL,
    notice_id character varying(36) NOT NULL,
    agency text NOT NULL,
    measure_id character varying(64) NOT NULL,
    applied boolean NOT NULL,
    outcome text,
    key_id character varying(32),
    recorded_at timestamp with time zone NOT NULL
);


--
-- Name: notice_subjects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notice_subjects (
    subject_id character varying(36) NOT NULL,
    uscc character varying(18),
    kind character varying(24) NOT NULL,
    display_name text NOT NULL,
    region character varying(12) NOT NULL
);


--
-- Name: notices; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notices (
    notice_id character varying(36) NOT NULL,
    "position" bigint NOT NULL,
    agency text NOT NULL,
    type character varying(12) NOT NULL,
    cause character varying(16) NOT NULL,
    subject_id character varying(36) NOT NULL,
    uscc character varying(18),
    subject_name text NOT NULL,
    listing_id character varying(64),
    list character varying(8),
    grade_class character varying(1),
    measures json NOT NULL,
    measures_version character varying(32) NOT NULL,
    legal_basis text,
    issued_at timestamp with time zone NOT NULL,
    feedback_due date NOT NULL
);


--
-- Name: objection_marks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.objection_marks (
    objection_id character varying(32) NOT NULL,
    subject_id character varying(36) NOT NULL,
    record_id character varying(128),
    listing_id character varying(64),
    since timestamp with time zone NOT NULL,
    cleared_at timestamp with time zone,
    outcome character varying(8),
    "position" bigint NOT NULL
);


--
-- Name: pii_access_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.pii_access_log (
    id integer NOT NULL,
    at timestamp with time zone NOT NULL,
    actor_role character varying(16) NOT NULL,
    actor_org text NOT NULL,
    actor_key_id character varying(32),
    subject_id character varying(36) NOT NULL,
    purpose character varying(64) NOT NULL,
    fields json NOT NULL
);


--
-- Name: pii_access_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.pii_access_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: pii_access_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.pii_access_log_id_seq OWNED BY public.pii_access_log.id;


--
-- Name: projection_tracking; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projection_tracking (
    view character varying(64) NOT NULL,
    "position" bigint NOT NULL,
    updated_at timestamp with time zone
);


--
-- Name: public_feed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.public_feed (
    id character varying(80) NOT NULL,
    "position" bigint NOT NULL,
    type character varying(40) NOT NULL,
    subject_id character varying(36),
    uscc character varying(18),
    list character varying(8),
    sectors json NOT NULL,
    owner text,
    "time" timestamp with time zone NOT NULL,
    body text NOT NULL
);


--
-- Name: record_view; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.record_view (
    record_id character varying(128) NOT NULL,
    subject_id character varying(36) NOT NULL,
    catalogue_code character varying(64) NOT NULL,
    catalogue_version character varying(32) NOT NULL,
    category character varying(16) NOT NULL,
    polarity character varying(8) NOT NULL,
    visibility character varying(16) NOT NULL,
    tier character varying(8),
    source_unit text NOT NULL,
    source_unit_code character varying(18),
    decision_no text,
    decided_on date NOT NULL,
    legal_basis text,
    summary text,
    content json NOT NULL,
    publicity_from date NOT NULL,
    min_until date NOT NULL,
    max_until date NOT NULL,
    published boolean NOT NULL,
    period_rules_version character varying(32) NOT NULL,
    status character varying(8) NOT NULL,
    publicity_ended_on date,
    publicity_ended_reason character varying(16),
    recorded_at timestamp with time zone NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: review_cases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.review_cases (
    case_id character varying(32) NOT NULL,
    case_kind character varying(12) NOT NULL,
    subject_id character varying(36) NOT NULL,
    record_id character varying(128),
    listing_id character varying(64),
    unit text,
    grounds character varying(24),
    stage character varying(12) NOT NULL,
    pending boolean NOT NULL,
    filed_at timestamp with time zone NOT NULL,
    due_by date,
    decided_at timestamp with time zone,
    outcome character varying(12),
    reasons text,
    decided_by text,
    late boolean NOT NULL,
    escalations integer NOT NULL,
    escalated_at timestamp with time zone,
    escalated_due date,
    "position" bigint NOT NULL
);


--
-- Name: service_clock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.service_clock (
    name character varying(16) NOT NULL,
    now timestamp with time zone NOT NULL
);


--
-- Name: signing_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.signing_keys (
    key_id character varying(16) NOT NULL,
    public_key text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: subject_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subject_keys (
    subject_id character varying(36) NOT NULL,
    wrapped_key bytea,
    key_version integer NOT NULL,
    master_key_id character varying(16),
    created_at timestamp with time zone NOT NULL,
    shredded_at timestamp with time zone
);


--
-- Name: subject_notifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subject_notifications (
    "position" bigint NOT NULL,
    subject_id character varying(36) NOT NULL,
    kind character varying(24) NOT NULL,
    ref_id character varying(128),
    data json NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: subject_summary; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subject_summary (
    subject_id character varying(36) NOT NULL,
    uscc character varying(18),
    kind character varying(24) NOT NULL,
    display_name text NOT NULL,
    sectors json NOT NULL,
    region character varying(12) NOT NULL,
    registered_at timestamp with time zone NOT NULL,
    records_total integer NOT NULL,
    records_active integer NOT NULL,
    version integer NOT NULL,
    "position" bigint NOT NULL
);


--
-- Name: subscription_subjects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscription_subjects (
    subscription_id character varying(36) NOT NULL,
    subject_id character varying(36) NOT NULL
);


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
    subscription_id character varying(36) NOT NULL,
    owner text NOT NULL,
    url text NOT NULL,
    filter json NOT NULL,
    watch_count integer NOT NULL,
    secret text NOT NULL,
    previous_secret text,
    previous_secret_until timestamp with time zone,
    status character varying(12) NOT NULL,
    disabled_reason text,
    disabled_count integer NOT NULL,
    cursor bigint NOT NULL,
    cursor_id character varying(80),
    generation integer NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone,
    failing_since timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    batch_size integer,
    batch_until_position bigint,
    batch_until_id character varying(80)
);


--
-- Name: sweep_marks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sweep_marks (
    name character varying(64) NOT NULL,
    value character varying(64) NOT NULL
);


--
-- Name: creditfiles_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.creditfiles_events ALTER COLUMN id SET DEFAULT nextval('public.creditfiles_events_id_seq'::regclass);


--
-- Name: deliveries delivery_id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries ALTER COLUMN delivery_id SET DEFAULT nextval('public.deliveries_delivery_id_seq'::regclass);


--
-- Name: grade_history position; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grade_history ALTER COLUMN "position" SET DEFAULT nextval('public.grade_history_position_seq'::regclass);


--
-- Name: pii_access_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pii_access_log ALTER COLUMN id SET DEFAULT nextval('public.pii_access_log_id_seq'::regclass);


--
-- Data for Name: alembic_version; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.alembic_version (version_num) FROM stdin;
0115
0114
0109
0108
0107
0105
0104
\.


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.api_keys (key_id, secret_hash, role, org, org_code, subject_id, created_at, revoked_at) FROM stdin;
259d1cc65b751e80	31313a361df243a597a2b6e0418dd55158fd2e58c67bd4877ed276c0fb6bf3cf	provider	国家能源局市场监管司	\N	\N	2026-12-01 22:27:23.265088+00	\N
1664f1aa0a7b5a2a	5f92e83af0ab72ba3194451fd20f90078b220e501c8e3c19f9be4e8f4ae1959b	admin	国家能源局市场监管司	\N	\N	2026-12-01 22:27:23.268124+00	\N
2cf8e6c5016cf638	9bc612a9cb035e30daa91ff435940c85d882eab42e859040041138c3395acf1e	reviewer	国家能源局市场监管司	\N	\N	2026-12-01 22:27:23.270119+00	\N
f53fce14a15f798d	cfb0b14689986bf6d07e9d1d955fd69e95acb4fe5fe10b12f4062883dda84d7b	subject	x	\N	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	2026-12-01 22:27:23.704286+00	\N
\.


--
-- Data for Name: apscheduler_jobs; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.apscheduler_jobs (id, next_run_time, job_state) FROM stdin;
\.


--
-- Data for Name: chain_links; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.chain_links ("position", link, event_digest) FROM stdin;
1	c3bf216f045b8deea75c15d8c83ca6d56b46281a3432bebff49a207c377fed99	1ce7fb062915763abf19b3b824ecd640e6f366f13a2bf6a9f699b399149bf8bc
2	4c2c01f71c60a7e48ec7d2887644b54f429d06697669126d902aa4710fdefebf	850114c4f35dfcbc108d7ea269cd1c2e10a7d2e3bd8fb67e015c9ec5b766961b
3	34de2ff0b056c1fe53145249f59a55fd3fd2966a71584f0cc0f51113ff4a2c5a	12227c7b3bbd696aea14a3987d2465a65d8be2410f128650cab5c359d83b8e54
4	1b75107dff0429db6a2c9fd4fb76dd0a17c191a0828cd9337e773f7c3e927c5a	a2da565c8c5ddeb19d57627bcfde826d8aa274da7f3df4f8281b031b581d1d8f
5	fd571e5bf62d435dab66b385666803e9c80922e53be406654ba379d359c36572	a3df4997d3039df56f87c9ac7fd8582ba9b1885ccb2ff02ded1413dc38ce3330
6	258b2b88b216393b153ff8b3f9b0fda01fdd7e679a43c65400511cc16c8a920c	8080962edcbd0c7f45803926c9d82810646ed81924404dd0eb92a422f84f5d71
7	29af3a5ca133f15e70e4fb49a66f545ab9f7f66c61f595c71727b34a3fda26df	c28a1ea8e8a359f980787dfe815c07f3ff87d7604cc49bdda47e0305563f3b77
8	2e3c093a9d0f7305e572a6061cf8bccdc8af31b6ce432ae06e6ad3805ca735e7	ebef0f40eec16d52f199f52a8125d8ba70759e609785c1d351032a6a7fff260a
9	b8ae91e6ba5d9dbcc8cca93294e7172f00447e3f5260da618d5541012427f8c9	23f4a50bf6da9576b46d95dd2a9d940ca43447ce437120c8e2f06ac554bb6760
10	b0c115a0cc5d2b4caaa6f2e6d7bebfe7ac43f02da31be8d3fed25704f57f6a2f	dd73b3264a6a4d10976ffe2cbc5e9153271de725320a4a8ad316e289cb479342
11	b918de1a2698cfbc032432614a10b533112098624cbdfb0b461db85338952fef	990bad15ac0193a0844acef07ddf04a3a8b3fb066953c988d223786ae1fc7aa1
12	bf5f1e1ca8f80412700eb631d93f5ae0233338535b2990c2883564d2aacb3227	100592184cce74e404d3a7ec8dd03cadd79cb5f0e45e6a6600635e5aa138f052
13	c1295b0447eaa6c99c58b93fbefc746c135b25f0b41cf0e1c7667d4e18d9d505	ceb920709bd4485554d6db024634b155140154b447a870bac67154613c1cd592
14	c397ffab6a4a3eee179bbd060b081452b9ffd8c297b030a4cae618a00932a892	8e6b796cd3bcbe127439d0f8ba0cb008d4af2d28cf07c147094b67f5367c2f51
15	8dd53936f59eac1f5f312b660bc8355e7244cd3f8816cfe607259c65ed72826d	c32e88d05c7d2e71f5d5c9f3173cc27c70583815de0be6f64df252d2d72a1d89
\.


--
-- Data for Name: check_feedback; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.check_feedback (feedback_id, check_id, subject_id, agency, measure_id, applied, outcome, key_id, recorded_at) FROM stdin;
\.


--
-- Data for Name: check_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.check_log (check_id, checked_at, key_id, org, org_code, role, matter, kind, all_measures, "position", count, subject_ids, answers, unknown) FROM stdin;
\.


--
-- Data for Name: check_view; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.check_view (subject_id, uscc, kind, display_name, status, lists, grade_class, score, listings, marks, "position") FROM stdin;
67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	legal_person	广州清洁能源有限公司	red	red	A	95	[{"listing_id":"08a85107-14bc-56bf-97a5-b97449ca0388","list":"red","since":"2027-06-02T01:00:00+00:00","until":"2028-06-02","basis_record_ids":[],"legal_basis":"能源行业守信激励（红名单）管理规定"}]	[]	12
995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	legal_person	厦门恒源电力有限公司	black	black	D	63	[{"listing_id":"b8ef0682-b83e-542d-a3e9-24e1076458c6","list":"black","since":"2026-06-16T01:00:00+00:00","until":"2029-06-18","basis_record_ids":["NEA-FJ-2026-001"],"legal_basis":"《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条"}]	[{"record_id":"NEA-FJ-2026-001","objection_id":"OBJ-A469D68955564746","since":"2027-06-02T01:00:00+00:00"}]	14
\.


--
-- Data for Name: checkpoints; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.checkpoints (seq, "position", head, signed_at, signature, key_id) FROM stdin;
1	4	1b75107dff0429db6a2c9fd4fb76dd0a17c191a0828cd9337e773f7c3e927c5a	2026-06-01T01:00:00+00:00	1vy6KCVx2P5xPhA0P5EHTa990vnmiq8O6o1QyOHgQPPsiw1qID19XboQc7d1yxX7Xnfg1PHQm8Ne2c5idjhoDQ==	e679d84d5b49e1ea
2	9	b8ae91e6ba5d9dbcc8cca93294e7172f00447e3f5260da618d5541012427f8c9	2026-06-16T01:00:00+00:00	v67aDsZqfcsOobfEt2SFKMDwtaBFSnXwgjrR0mVhXVVaeDqhHNfpY17FE/JZubYuI3RAMveGmQunLevCyOnGCQ==	e679d84d5b49e1ea
3	13	c1295b0447eaa6c99c58b93fbefc746c135b25f0b41cf0e1c7667d4e18d9d505	2027-06-02T01:00:00+00:00	SkzdUeb5eHYHG1ibVRA22VaRfRQhwOn6kkFufSvbQ4xceXWoHw252nxSAYLuokBwaaCCFbyatpJAmjPUgk6NCw==	e679d84d5b49e1ea
\.


--
-- Data for Name: commitment_view; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.commitment_view (subject_id, commitment_id, kind, text, made_on, status, breached_by, "position") FROM stdin;
\.


--
-- Data for Name: credit_reports; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.credit_reports (code, subject_id, issued_at, format, content_hash, content) FROM stdin;
\.


--
-- Data for Name: creditfiles_events; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.creditfiles_events (id, originator_id, originator_version, topic, state) FROM stdin;
1	67ae8836-657e-525d-9f2e-71c372d9a5bf	1	domain.subject:MarketSubject.Registered	\\xce01086576656e74732d31235a6156f4c745b7643b497677409cade955a371120fcbf8761b3543abd83a3bbb7dd61312f84b02691217759992406a6cbd423976be15f50962acdf279fc596a742b499d802e101f2f89fbb3e1d7cc0943ed155b1e25b900b1a009637d300b5ed9890bec5cc7b332e0909c5c572faf2ad75116ca9902899ff36b14d4af1940e941470f8ff704ed24da1ab03ff9992583631d0e683ab16c8b6d5e81e6a04d22a9c68771bcedb1c58413f4246368d52401c20cc9ef5ca9a289a18a6c072e51db2dcccda07c566c76148306465068813774866f301f9b47fb2ac19b2ca14fd6c19f661ade2fc8340ef1130e609cdbaa3b4cad16fef51ef2a2918a9c2c72363ac305dea8b829d94ef33cfbd893ef2403d4aca28be05ea6034f19d6edd220315d7a2ddc5e80b62ec80ee1110a5e61e2bbb96d5b09a70cb9b4bbcbd546b899aa48343f05fe31be443850f9bb4a667801069c8c57a224b9650b8a86bc753bc4a4e2c30a6cc9eb5abb3c899104e1295469420ccdd8afc24cf07fccf6deb3d4f3d852ce9919efa0a77137e4248175e9acd914cb30c02f879946032c51c51008bb94fb5292cfadc43
2	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	1	domain.subject:MarketSubject.Registered	\\xce01086576656e74732d3163794902098b92f6822bdbdb77e56406ec2967800de20b1894ef5da58a429d265eb89980ee59ee677e2be3a370f1b096f4f598ec29aa4f12975c65a50adad7b131a3b982abfeca4a63b1c518c6b929d61799ca2f4ed47c4139640ca94979a9fcf9bbb0b8bd8ab1fb166711aab0e28f888717b2deb94fd9d53683a8eeb7c81dd033c58fd7640822135c9d4fdc30ac1baa55d52190ce02ddb05dd0aa0776b002337a41c74e8ff6a844662980210f28d86af7e6640172037f5b404bca93f57e1e5210db16e43d57f633e3603a7eb27f5086c1a58e5cf828ab1e0c8ce66bba4c9c21e2a48225c659da7819277e3d3338f7c6fcbc4977362359ae81241e6f4d8b28bec48228b3a7ad624199480bd8e9d41360ba4c8ef0eba2412a4279acbe754ef4d646df221c255ff6e6477bc37eb3d354438e37e6f4680c1313a27b3e183523ee86e46ef7915bdf3bdc50743f6bf2593034d13af555764e33321f7f82f04200205ed116c26b118dd1f4ed15653f12a7d541d29c67aa47890c2aec83dd5890069f3b1f2b92991733e86eb92a3a25dfe714cd6b77ab1b027642bd08b18e3151b0620a3e0f75c7
3	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	2	domain.records:Records.RecordAdded	\\xce01086576656e74732d31ca928bf424ea77d50553393dc7133640b3b2a3b0a3ea9f86cb620eec10a401cabf53ebbc7ac6db83a14829e203adb7834105db60739bdc28b9e313924509fedbcfff821abde93fe4cd9c2cebee278ef64dc6db7893b21eccf310c837c9de384e3f510f146b1131312d1640f3225eb903ff48c6c02b0e65ace81dcd5f2884fbc6191c941497d41705694e1bfa6c38d81523410ce6b790801f09ab407846985861b4c172c2fbd1402a071e4973fd768152bf49b87c80f54b5788bff41dcb38b5c9703bd06355d0643a23e44965637e6ff813d8617b5cca68aff5e31f528949282db6d0eced69fd9831b5636046f813881622d78a48ba5fcc15e8296e201bf644b4a68ba2eaac1dfecfa7ab959cba47a9b023dcfe4841ef8b6ff0b9cc6ba06b2007c6e925d7828863c9d8919222e8d0db0c2b5abcf769971d37305a2737520fb3d3002b92a31f2a385c689340df867bf5a1d97cf8e8a0cadf79cd1e764c8658aac72b82c7ca7ec90ae8f9e52bfa2cc8ad364f2435afd56656e9920f9a2532732cb037fdfa8da84420cf81d73a7eb6515ebbd16956b3999686d2f6b489ce5a1be046524a2fdaf8c70e958c3a90a93dfbccc95677ecf23e7cc32316dc8f95f7222ff09dce8da7846bad5dfaf8749e029bc038da03f0b9fd9ce90e96307b4065fda153cca3237fae618a9179492f3b32af74e0603a581d929fb0aee1ce1ffff95f14636e7e365fe09b168d0b46a4d11ea962e31d017f18b45cf8f083061e9d62454ce22658691a2adf20a01fdd1a1b6f627b3ef6c5c7c213d6357a5e457ada8b77522ba4b64312a1f38e9d5b837e82b2d9eb5f329aaee27a093ec932edc2171dedef075150bc4f3d045b1b2abbc962810b35e2767ea14b1cf58f0d07571b59c25e478fa3143ae0dc042a77b260aea56d999fc0231106c5556fc79a7ad2333cd1d62ff39183c4d5a8c81682fd98a0542ea23355debf7c6622d88edf3d0d55f23e312522fcf7fa477c9a01cac29b14a93a9036ee7d25c64988d7f6af4a8b8e769b58baac19aa6849d3267d532e5dc98968b00199f5026727719824a442082b0be70171278d83c974ff84f3434ad972fbab4b79876a7d84e35ac998c2dd05ac4c7d9cbd1d3e8082fc44a9fdf0656697bde25dfa18999889e5
4	df94c0dc-d0f5-5e3f-85c0-8a842a44dfaa	1	domain.subject:RecordKey.Claimed	\\xce01086576656e74732d310ca5d469795c34847a0262ed801c3135089161349d43841c4801ba07fe270ee4a8903578cef5356bfedc20db361a93f2888514f73a29af7183d6673360dbd5b8717c0b76af1fd2d7df7865e3e31b0daf15a7e8d6c32c09bde06fec17e354e3afc027d8ab864c8380cc8a8e00d6be0b318c57871adf122cef090da0eecca9f283d3808c73edae05a47cd89e7b0d6db1fbd9a9ecb81b9e7a491a4875bdfdeee0550906497adf410f641b17eed4efb234e8da3bc5de44c05fa3e31233e950e77e50aaaad692e028e82d1c2aec8b311515d65c127a32e5ab0079da65123ae57845fd40ae632117e292a2c82a44b6d856449084a29d0cd3afc4334d633b3651fc32dd30ea044ccaadd6137083e3e05da2926d1097c9d9bf4a7918a31cd5f711934efc2f0c1d69163cb863d8576ca8c2caf73c3957d43a9030ea
5	67ae8836-657e-525d-9f2e-71c372d9a5bf	2	domain.grades:Grades.Graded	\\xce01086576656e74732d31960064c4c37f2834b3e2111c0962bb6b5e9fbdab9fd62e349f6815157c520f9a9b6e0c462673d176e836aba179f8e39a9cec195d62f1ceae575521542ef7b6c1c3b8d0df5875139002da15b9b09cd774a837396ffcca337324f5f8e895964e727da4157ae913f871bf5e2f3b57a2d1718c31ada3c2936ff44c71dc329c7207129f3f6d0a03e09f78af0ce7cda035d0cfc747a5fcf4ecb6ad2d5e6244cb25438c316a9c8f79b1d74c9e9e9d1704076182a1492bd8be1f592b8114ffce631f229c687010d32effd5a0786881ee694a6dd6a18cd709d7a94baddefdf58264ab0be194823353119299c8f933c1bc0667f9110846708ba787f7b2e4e7b0131570045109c7d62e649291e296f0e171cf58b59c2d09213435452ef1c0d2e7488d0615251a79300dbdcb1553fe888de72e54cd7e090208a0a82ac903febb9dfcbfa9923507d730966be98fb4e3e849f76ce01aa086f7115dff2b91f3418d4b5c10868053944e912f1a9260a839
6	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	3	domain.listings:Listings.ListingProposed	\\xce01086576656e74732d31959c41088c57a567a0b28f1cd3592359babaa88da7c24ac5c282d66676a484940c731fbb3ea2aa4d422f8cce7979c11bf901f16da9ea018e7ee98afac6a9566b1592834909a8866e88bbeb9393b8977e76a8f03535ec46e69663e2b3b9c5b78c645e3f083dbb8f166033931555b857a050854805c606906732f57426dcfd63bb1b5d6d382ef8fe4d3b27009edb7f66b02d70fd32828673405f287586ec823c538f8314beccbf66142964fb24006d43b43856688517799d17549f8efd98a3364cbb8ec59ce488d9aec7a7e4eed9eb00b2a03987b4c5697e85079e33dc7668a43e5803bf1fe62fce6e24acc99f7596a2b3dfe3a04e255a3b9b3dae0f4f454d3eac344ac2f158dbb8d73685eee581000eb74e074033970eee1894f0897412261a934a532c6bb977240324ebb429b36f1ffca446f31125fb0f87de1e9a2a07df1118ddc007a7e9ace4a8705984648bb35974f96b44d84ca13d8058ec8957034285a85e3fe5c60257c94cda4730e135fc675492ab768e730d2f73d024c037486eceeff5adbb825c173aefde91dd374da7079b62b8142ef70326f53200ee593b81e3707b63a4ad9e25b606887b1e19d755db0598f11b61747dd4c19103e6b819cc6d138dbd184d485617004c16591b103ea9ee42502b7baa50317f31c7f73c107119a7a765aac69d44a915bca6d071aac6348d58c4c6959bd8a4b2328bcd2078573805da9c7fb4af44cde68db65596ba614244e93e94c533fa30744e2b73896dbc52e6efed14abc9db4c9931d89c89bf5e4f9ea494f9a728a4a82487b7eee6505ff35beb9a24b83bd332e421d3fec6e524db6dfc6d9006e534180edd03b83df3ab8aeae441886a5075ef40a50607e8f327026575fc2774973056a214a757cad597fe5b0c5730d61489ecab2b17ed89e25872df029283fd3e456967dc9b32d7f5f8675a22e5888dd9c1e451ff3a5d246f85a7be2e2cb8e02f212891ae3071a89e34a0b31374979897ad811d610a8582e101f581c474fe54bbc136d1daf6d918d58df346c61342fc57efc360e2b05a1106ea4fb33253206539aeed0e736a18601fa042a413e4d358668c837ba4cd4bca28de392379e878ff94f53885422d8b8863228999c69cae327e57cdb30ad66db4df861e6157a96c948ca4bafff8
7	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	4	domain.grades:Grades.Graded	\\xce01086576656e74732d3111f0702fde4c30975a8e1e1bb81cb2f7d41e753898efa13de2dbe25f2dca82a7416c37e283524f48322f4496a2ac4e51c30e2c9a4d1fe2e4d946980e583ec33a09814bf9adcfad5f077f251b54d7f67ca072d18643f9493a68948635907054ae7f230da463e9aa044af07585be8cd4cc4aa1dd0adc9fea5ddeadc762013efb44369a13130cf57394dddae87ff2aec4deeb191d5de59129fef0341df34f54bb584621f525cc2b9caa33164f988f34bc5d402d48aa0f04375f9d8893058cbb68d9dce08f8e844afc39558d888c64364f8638ea1a4128d5678a4b8e2dc9f3b34c585f8c0c0c6e25b4795810009546dd2b1604489d9422af058f0ceeedbc01b062e78405337b5938e9ed1a1b0c975b4142c84816892b36e92d888728e9360253cc64858329f3d02813a4a2b64946cba692d3c8dd94741604688ec320b314470360c09a47d00f295a8fa5461f80e1e94673662c237d32333a96438e47e6e3b41c5b356b12d591d7afe6d63d5d7dce5a597046ce9ca4bd433ad41248857327d998567b3c7aa72b8bf578f9f1bcec63649cef906af19cccf9a4a6bedc631f1e79170b22fc7eeb32359f0b776ab0621200f44f1d80544e0c2c2b3b6a196d0b77785ed5f8b8d83f192e6324aef8b61201f7193d060d362f7ad5dfd462f952fc335a29ef1bd175e797ab5df973a16e40d3faf9566c2f89964fedf85db29e7ddab715fb561edc92f96a972031798ea5621521cded0c23ac7b58b51bd2dfbfe364a7dcc0995362b3c12abe936d8d06b9b72757a60e92a398950f6fe765287f8ac9b868ad16314bdea8593ceb
8	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	5	domain.listings:Listings.Listed	\\xce01086576656e74732d31110e25ef65d6c883f37ef4d2bca0f4f24a44c784309a1f1cde9e7ad206e4fa2964fe263046ef72238e1c8b7140e968b95e607243e8e540a5c6dfd6132a985016aec32b0989baf54141a073ce5b610d1a8e79a7ff40b865a02f4dccc1bf47edf73ed737523dde3b4094d94dd16bbfcf660cc6577ec2b9383dcb0cbaee6da67c8cb15def35694d63d5eaed6cf9251f3d2117aafa776d7990224b303675edb11f78fab8eb1771a0489b2a29b44bbd7e78a031a229f4089639e05f4fbae23f3964d6cf80bcece2f1f306860a0c694e4ff1abef19836b69df0c4212b456e64bd58528aa53205b86c36e403fc338dbe8506877ec6e7595d749af040516400b73a685962a53552d07247e7b8fc195520e5ef59b0e68b9f0b98bedf5a71e0bf3787fb7fffaa5df1ea0da5ab73176ee1e10ab747f085a2b9ea81cdff5a3bbec141b9e60245e9478856052d60b63a5ef02b11348f1e948952081f3b143fd4de3f04e05caf7f0b9152dcd3281a8cb1974818bbcf2515345361a1395d8124dbba2c99d11844a6b1aaf11cf756efa901065f3694f9f62d800a2892a12eb6257b058e283dd3320e971c20748ea99792495f6cbef3ce5e66b737ce1de98619c9903bf2d11fb216777d3fc9a589ba60220bc7e0fad948d38b407ea76ecaaaa5272cc1c9a6814d43fa99cdb92ad3c43b5ecd436a8d77f5f2a22a5e0ff0d20e7909d0705f29ab994d3e6406857dc6ac3ee44dabc16256818ccdd7297b8d8b57a99e8cc058267703b14b191682480702f2dc62091a21f3e85ceb3053d5cdc6bf844cfa8dad89e2f47ef2b3a10ba2e0f23bc0d23769bcd2a9a7b6c47b45f86a337dd4f4492668d57ef3b65b698d37270368669ca39
9	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	6	domain.grades:Grades.Graded	\\xce01086576656e74732d314ce9011c70748acdafd0c86f347d0d251c081a6c673845f0e6ed5db596a705d5b4f8aa90866daf1720762b1555999cd44c36cf7e6713bb2f2826aae6293e792414dbcabd009b7246648596ae0d04b5435bdbcad25eb609fc33c14951349a78b9b821a1c0dd8438a49af0bd8b1d9ebe3921510d4dd5a4e9f4c5b58db2e4c1d4c8c86603c2c91bdea3b36bdca945a1ad3c93fbfcea12b76d3880f7c4f753eaebc92dc0da958efc92b2cb93b085c9eece5234fadfc38a3e984772819b99bf55ca4b606b8609e6c09c9baa3d2c5f6295eed5aa614fb7d9ce595d38f8bd483a3d2698af3a251cd4b00e86564aec08568e8f1ff6195a24a6071332a1a555fe1391a64baf5e19575365f69228be45a3bc6f298e87cb0caa5e76e863749f6a3f17954185778a800c11f1cdef2eff8ec35eff30f033da2ea7e27dfaa28858e1a6fdd3691463f44b2b0a5164c0bded342c07fc8c20e71e849c0a12e09c1b4f94e812c0ecde9c8fd582cc6208d74286fdc0cb7ccfd37c15e5d4cbf34fa35192dd496228569a644eaf838ec6f543e95101de53c308173a5a87edaf64888124784bca59d5dd054c8a4133ca7dacebdb8e32712ca2bc4d22e1ce2e33733d42df9cd8560f118e392292a2397b634e3ac9d47e4e5b35b53e9d9d94873063459c5ddfd08890eba3538b8fd0f64f9a3016c148262024b831ea21201d7406ee76734db2dfd327667bf71b54e656e11091550dd6fcd1514c4fd4888d0c22b5ce273883221792a9d943518f918cffd51947a57b1df98951d26b55cde75e0bc36684aa0220ca517bee860e1dac6920ace1302a526d1f2fb1f00af886cad5bae594dfe20606910f8500912868d5d8a2f77aa88db61382a3b176c6ea2b070ee925edc91346086730fe3ffa7693f44f11004a6dda623818f4429fdf27c490abc411480dd6a2b57046afa942eb2b7e3314905a510dc59486f643941ef0ed541b446447a094a1f4f0135c6ecb5386e2b9f816ab30fb0177f399736df0d8a9086553a2928185c89bcc1fab8d7c48eea19b494510709ec9895b133efb5539e96dd47cc79b
10	67ae8836-657e-525d-9f2e-71c372d9a5bf	3	domain.listings:Listings.ListingProposed	\\xce01086576656e74732d31a21ab95c63025cdcd97449a0af13cf58e8798fa1edb39d1202efa682ab9c360ee85e11dcc8a573d0551897170113b7c1d89ea1dfc9ce811f63f11a01ff0f8a04170be9a58c59ece614af45ee06587f6b062d6a895eaf01ab003fe0ebd6a72b5071c3dd96e597b579941ead018a55ad144f8b6167b2920cc93bee832a459374d6564190eb0d5d1528ffc4c184182f3f9dc868825b00016b9012ab847085b41fdd12fce6fd56dd0632e8c009ff1dd1a0350e09cd4196621c4d29c3d38f4b187746b5861c3a35cd126bd62ae033f1b1f6b17f83d4c72ca3f3508859e55a884de0aa2c362aab71bb9fdf41ab484d99165e4f584278531e6a6cff3f06ece57a663d9fda48f90e6af153679a4aa20b3751a4b50db376288a13f192be0747a1d29ab644e10c1a256f6b9b477db15cf3d94b5e8952b16bfaf34e70aabf1112cb8b6626517ab9b3fa21881199b3304abd30b60bd566cbb887a1478ee13dd3c58275d8fa7bad168c9215dad0a3b8e79a0c825eeecda03bb08a33c72d8807ad26fa19087ca1a8c8d364089969dfdf92a20bc6a34f7b48bff820731dfa6329092cd90cbe8f92efe160742a524b5b28d7ef540852b1bf727744f64859dff973b2b4d9433a76f9c643c3f3c1c6d12fba11c37db08389686442bed58677087533dc83fae9890dd094fd0cb2d5cce27a0d393612574b1e69551fff881328290d3e0be78bb7a083cd9b1920226468330b5efa9fa18a118e6bc2a7eac8aa248b
11	67ae8836-657e-525d-9f2e-71c372d9a5bf	4	domain.listings:Listings.Listed	\\xce01086576656e74732d31c810529760af68516b29c28f158f5599c6ad90be91bc90565ff172619929141fd1e82f90ab8a8c3c7befdb10bcffd1a27244bd26f734b8e0c33b7fb6900426188adc8c5143210a3a81749bb3662cc0728a1951c78dbc7948a13de602a9181cd0924cf415e0cbd9c44eeaec8bd92c2eee06d0c4b9761d5c5c11c12b2543d50d6e537a9a870d935752813e9f67e06b97ca6da0a31f0f62507817fa2ba138fe128bfb710758e3a78d84fc12f56fa6a738e5abb730fa161ed584b3032ba0878924b90319baecaf084c87aff03106fede176ca0a70d6adfffadd0aa0c4531882355ed99aa097ab467a26f0869747718fea9918b6b3fac0263774733ec3c7382e71a2fcdea23b80132f1f9e4024331f099474964b9875d4cab213ef2bd8c894bbcb1feda1a808ecedb1b0a0eb0cb64eca019f445466bedc709661e6d146f469048c2c6725d1478da8de1d1281ac45fb0d41d86622b4478cbe315b9345d2496c063943016ead1b9c30cfb0f33b2d0f21c2ffb067c54f543aa37cfcf40ed9ee72ad4a42c3a69ddd1ae1381f89e90e4eb50033d27f7159077e568a86c4f3377bb09a5408884a7235e937a93f1ff7d26b3aadabec43311
12	67ae8836-657e-525d-9f2e-71c372d9a5bf	5	domain.grades:Grades.Graded	\\xce01086576656e74732d3108f63906dfe2c34203f56d68de550522b5b44050d7bdaab56b9d2b62bc2aab0062925785b2ddc3f7bcf76d9d00b6ab97b843f7d07278ed450bf239dbc01dad94fd752979017559b73f1a2335480b06e7f4d952ab4436b255b4b91c52f56244367bfed07ec72550b6b4d80727dfacbb72e7bad472fd4df54385ca9a509c6fcc5df83da58da47e5b7dc18ab1d16b313215acff7f068a3aaec977bff3220bbe597e0200fbe7d3a5abfa6d87836e043e4bfb9d9474549f431430235b4d62f3ce9256566a09340e7d9916bcfde69c9901061b4a68e98df102a072372a72a4a9ce736b741157276b9e251054281007a8d59d2ff3d6e4a1270ea2013b099aecdb2b9f4bd99fa0cbf608ae768f384b19589d764800b5a5d57e5ae26b452a5d55310fdeff75b5e6552fe704e94720383ed56e2dd5418654c04862af99a28189b6bbae440ac134e334f0ecbe5fb7c6f29fbc444b54f03c26fc17a8d74019096bc4062d25b11505c426a68f9d739476d3d26727d645af67058260d43243a50d0434b0e1346ff1d900ebf6ec5ebab42781f615904376bfa0e4291d0e67686150ded0dc688c79271bcda979d8e8cb37746e6e3da4924f2ac3495bd7373da8aa9f5c3e6a2d7a982398b7fe74e24b0f9d003e77e8fe68d50e7f9e79a338c5cd9e3afd2098fb851bc5f1f32a3eedc7f2006c84acd0ecfa41cbb6a67f3cff561a2596aebb
13	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	7	domain.grades:Grades.Graded	\\xce01086576656e74732d31c7f280f1db7c5e369679364e04d4747a810a837a5b95de9c6bd1f5f10c504f02f7a80ffa53afa245bd7592dd15d93c0e7c7f2a575fe696b4e1002c257ae29531a55cdccf50207066fcdeb66b620b8a97538b6ab50964d4d0ad4880515551a960a5e2b584ef5f8c75bed854643d2a17ca62a36eedacab5c0192bc0b9bed78da7bbee87be128dd196c3112e0ce37e2da6f9802a09d92460ccfc5245ebb63590e41e600a4adf59b141bfb3238e3356051c00300f8804fb9694dda47704498cb90a20f3f9f8f063176f676e93b73cc80d5878ba6ebcd7cb5d2104c1351d420675a3ff02884f1b3db57b6ce990e2521ccef7e2e20c0e583119d1a2a5615febfa75cc308063502142761c909d3d1998a991e099f963a59ee039662e2c6b5b4b0291d2e0a6221592644f6b078e60eb46b657f8e0719dce78a7f76662c1dc8f1c23aa5efe228e295d3a4ae81daa318b9a401ef248745134573de0b2202cc24ce1ca0d152a95beca100e3b8bde2cf300253f609855984cdaa63bf5456c0a532c4b2d4f643de04c3dbf87aa7b5c1c71313d119a674ec7e73d191a8097b00b2017f229fdaae65d9840d70399c563ed6de4b2b4821c57ff2908b4bb2f7fb135efb8a34fbeea45a31459d55e5b7ba209da68595f306c9481b8022464f4a0277649e1be00d58119116b1fea46039acc604ee93834d3742016aa6cb8d2a080a4543ba3e4be42423b89f1a6bb3f2b7e484b15c7507f65f95ecc4cca87addd896f34a107efa449fc4a67b8aa695320357d2468643472571905e64364a36c0798f2f2713640225ac8076983070d6ae4677342d0c09001868226f830c2fe963540606153998730fd1e978d8f983025e941f094d5fc468fdc6dae72115a8774c917b9c72ebcae1d429480dac514b487b91f0f6a3effd262213569c72827e771ac1b071208baaf7f9028c92334f423bed4eedaf765755e8c68d9bada966011b740320cf253fac4b0778049910e569db6c3df9971c60d643d1fb1c66e523b2df7d9b9c18f3cd25fd80c755cf902867cee7c87a008913d6acec99093fab0663d0dff723b94677bbfd
14	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	8	domain.objections:Objections.ObjectionFiled	\\xce01086576656e74732d3126d5084b86ce8c0f77ddc94fb7bc275fd25fb20b1a7e88c19e6149be47b12ef2596de3aa26e2c721023f31d616363f61aaded1723311ce5b61a77377d447f99ef2899b681f5a417cc1b5700406190d173c2269dc21ee70af8c5b3d68512846320d3b9860d43ce87e18c5fdc5197837c0777be064c7b70461392f036f9e107adbf657a1e9ad79d099447dd5b551bbcbc20ca278aa9ae86ac40dd8d58133200764fc387bb241845ece864c8fe5f61cdbf8b190bd4fbbbd8deff516138407cb9e08bc9a5ab37053fafff8e15ba22b6ca357d9a105d553172fc77bf4102140f12959fa85b723a1e4b2d59b7020fa1f1ba9b418c7fb7465bb78611463b962073550a3c64b970d6037fd9fd76c2265c850bbb5eedda9c939c3c009ddd8c89c1d33b9e9dfc1fedfe6c981ce0cf20b8511c9d941f9e0e6974e286dae935f34a4a3fdc72454e330724184b7619b3c6ae342236ef459de0beca7d6f3f1f68a0367e84de55431c20eca7da80f02c189c278fc1b71184c5f2bb788d476182a48dafdfb6c36f480c7e1b80cbe080b18a6f045fccca79155
15	c1683d7b-a8d5-5f04-b40e-7b8cf430a149	1	domain.cases:CaseKey.Claimed	\\xce01086576656e74732d31d67079e649a7920bf03cfa4c134210c6eca5e2bc4326339bf839cf4a4263814cd4e69138ec26a5cc3b2cbf70266b0feda9584c848ecbf884608c7ac99bd830edf99405c15e730cbc96af73606b1aa753178f349b4a0781deebc70c94616bbd7d014f579702a08d02a6590eb295cf5f5cfac472957de9aa909962d18ad2ddf315460ae74cd90765d7bf8e78d40d1b01679b13dd1e7a81c5a3242ab6c2105d08250061fdeb1e70d18f585fa5501dc68a9966eac51c9e2bfca5dff83c92308a79e70cd0e15cecf3ebbc77d567cb91fa40e0ab4087046117d5874851601cea8815051776651e40781847e445a23f714b01ac9448d379be0ca9f047b4730d93d3af
\.


--
-- Data for Name: creditfiles_snapshots; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.creditfiles_snapshots (originator_id, originator_version, topic, state) FROM stdin;
\.


--
-- Data for Name: deliveries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.deliveries (delivery_id, subscription_id, event_id, sequence, attempt, attempted_at, status_code, outcome, error, duration_ms, next_attempt_at, event_count) FROM stdin;
\.


--
-- Data for Name: evidence_files; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.evidence_files (evidence_id, subject_id, name, media_type, sha256, size, content, uploaded_at) FROM stdin;
\.


--
-- Data for Name: feed_records; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.feed_records (record_id, subject_id, state, data) FROM stdin;
NEA-FJ-2026-001	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	public	{"record_id":"NEA-FJ-2026-001","catalogue_code":"administrative_penalty","category":"penalty","visibility":"public","polarity":"negative","tier":"serious","decision_no":"闽监能罚〔2026〕1号","decided_on":"2026-05-20","legal_basis":"《电力监管条例》第三十一条","summary":"违规参与电力市场交易","content":{"penalty_type":"罚款"},"source_unit":"国家能源局市场监管司","source_unit_code":null,"publicity":{"from":"2026-05-20","until":"2029-05-21"}}
\.


--
-- Data for Name: feed_subjects; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.feed_subjects (subject_id, uscc, kind, name, sectors, region, legal_representative) FROM stdin;
67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	legal_person	广州清洁能源有限公司	["power"]	440100	\N
995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	legal_person	厦门恒源电力有限公司	["power"]	350200	\N
\.


--
-- Data for Name: grade_history; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.grade_history ("position", subject_id, previous_class, grade_class, score, rulebook_version, cause, cause_position, graded_at) FROM stdin;
5	67ae8836-657e-525d-9f2e-71c372d9a5bf	\N	A	90	2025-01	Registered@1	1	2026-06-01 01:00:00+00
7	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	\N	C	45	2025-01	Registered@2	2	2026-06-01 01:00:00+00
9	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	C	D	45	2025-01	sweep@2026-06-16T01:00:00+00:00	\N	2026-06-16 01:00:00+00
\.


--
-- Data for Name: grade_view; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.grade_view (subject_id, score, grade_class, rulebook_version, explanation, graded_at, "position") FROM stdin;
67ae8836-657e-525d-9f2e-71c372d9a5bf	95	A	2025-01	[{"rule": "score.base", "points": 90.0, "detail": "base of the 100-point model"}, {"rule": "positive.red_list", "listing_id": "08a85107-14bc-56bf-97a5-b97449ca0388", "points": 5.0, "detail": "on the red list: +5"}, {"rule": "class.band.A", "points": 0, "detail": "A: score >= 85"}]	2027-06-02 01:00:00+00	12
995e6a3e-ebf0-5d17-bc62-5b69151b23d5	63	D	2025-01	[{"rule": "score.base", "points": 90.0, "detail": "base of the 100-point model"}, {"rule": "negative.tier.serious", "record_id": "NEA-FJ-2026-001", "catalogue_code": "administrative_penalty", "points": -27.0, "detail": "45 points x source nea_department 1 x recency 0.6 (decided 12 months before 2027-06-02)"}, {"rule": "class.band.C", "points": 0, "detail": "C: 40 <= score < 70"}, {"rule": "class.serious_dishonesty", "listing_id": "b8ef0682-b83e-542d-a3e9-24e1076458c6", "points": 0, "detail": "on the black (serious-dishonesty) list: class D"}]	2027-06-02 01:00:00+00	13
\.


--
-- Data for Name: keyring; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.keyring (key_id, purpose, wrapped_key, master_key_id, created_at) FROM stdin;
person-id-1	person-id	\\x547d47ea1e4c4f8f473484ea757186bbe19e5845b6ecd254923bc4616590b33fc3c9dfbc36773aa5d5e43012196d97d87bb5d3c468035f7db114cfa7	4e021133c1069d7b	2026-12-01 22:27:23.177867+00
events-1	events	\\xeb172dfd314f6e0d68439af4e31269730278d97554853342ca516ae5ce7ed180e611aaf001233c4697084583df7c4fcfcb2d8f457ba7ea7819c3ba45	4e021133c1069d7b	2026-12-01 22:27:23.182214+00
\.


--
-- Data for Name: list_entries; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.list_entries (listing_id, subject_id, list, status, rule_id, rulebook_version, reasons, basis_record_ids, legal_basis, removal_conditions, proposed_at, objection_deadline, until, valid_from, valid_to, ended_reason, "position") FROM stdin;
b8ef0682-b83e-542d-a3e9-24e1076458c6	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	black	listed	black.serious_penalty	2025-01	["record NEA-FJ-2026-001 (administrative_penalty, tier serious, decision \\u95fd\\u76d1\\u80fd\\u7f5a\\u30142026\\u30151\\u53f7 of 2026-05-20) meets rule black.serious_penalty"]	["NEA-FJ-2026-001"]	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	["\\u8ba4\\u5b9a\\u671f\\u6ee1\\u81ea\\u52a8\\u79fb\\u51fa", "\\u4f9d\\u636e\\u8bb0\\u5f55\\u7ecf\\u4fe1\\u7528\\u4fee\\u590d\\u5ba1\\u6838\\u901a\\u8fc7\\u7684\\uff0c\\u63d0\\u524d\\u79fb\\u51fa", "\\u8ba4\\u5b9a\\u4f9d\\u636e\\u88ab\\u64a4\\u9500\\u7684\\uff0c\\u79fb\\u51fa"]	2026-06-01 01:00:00+00	2026-06-15	2029-06-18	2026-06-16 01:00:00+00	\N	\N	8
08a85107-14bc-56bf-97a5-b97449ca0388	67ae8836-657e-525d-9f2e-71c372d9a5bf	red	listed	red.clean_class_a	2025-01	["class A and no negative record for 12 months"]	[]	能源行业守信激励（红名单）管理规定	["\\u4fe1\\u7528\\u7b49\\u7ea7\\u4e0d\\u518d\\u4e3aA\\u7c7b\\u6216\\u65b0\\u589e\\u5931\\u4fe1\\u8bb0\\u5f55\\u7684\\uff0c\\u79fb\\u51fa", "\\u8ba4\\u5b9a\\u671f\\u6ee1\\u81ea\\u52a8\\u79fb\\u51fa"]	2027-06-02 01:00:00+00	2027-06-02	2028-06-02	2027-06-02 01:00:00+00	\N	\N	11
\.


--
-- Data for Name: list_versions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.list_versions (list, version, listing_id, change, changed_at, "position") FROM stdin;
black	1	b8ef0682-b83e-542d-a3e9-24e1076458c6	added	2026-06-16 01:00:00+00	8
red	1	08a85107-14bc-56bf-97a5-b97449ca0388	added	2027-06-02 01:00:00+00	11
\.


--
-- Data for Name: measure_versions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.measure_versions (version, effective_from, feedback_working_days, measures, published_at, published_by) FROM stdin;
\.


--
-- Data for Name: notice_feedback; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notice_feedback (feedback_id, notice_id, agency, measure_id, applied, outcome, key_id, recorded_at) FROM stdin;
\.


--
-- Data for Name: notice_subjects; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notice_subjects (subject_id, uscc, kind, display_name, region) FROM stdin;
67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	legal_person	广州清洁能源有限公司	440100
995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	legal_person	厦门恒源电力有限公司	350200
\.


--
-- Data for Name: notices; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.notices (notice_id, "position", agency, type, cause, subject_id, uscc, subject_name, listing_id, list, grade_class, measures, measures_version, legal_basis, issued_at, feedback_due) FROM stdin;
5713c7b2-bd77-53dc-b7ee-1120319fb53e	5	国家税务总局	incentive	Graded	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	\N	\N	A	[{"measure_id":"STA-A-01","list":null,"class":"A","matter":"other","stage":"in_process","action":"A类主体出口退税审核从简，优先办理","legal_basis":"《纳税信用管理办法》第三十条","duration":"评价结果有效期内"}]	2026-01	《纳税信用管理办法》第三十条	2026-06-01 01:00:00+00	2026-06-15
f76948d8-e7b8-54e1-82f4-f060746767c2	5	国家能源局	incentive	Graded	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	\N	\N	A	[{"measure_id":"NEA-A-01","list":null,"class":"A","matter":"inspection","stage":"post_supervision","action":"信用等级A类主体按5%比例随机抽查","legal_basis":"《能源行业市场主体信用评价工作管理办法（试行）》；国发〔2019〕5号","duration":"评价结果有效期内"}]	2026-01	《能源行业市场主体信用评价工作管理办法（试行）》；国发〔2019〕5号	2026-06-01 01:00:00+00	2026-06-15
ea284710-72ad-504c-b75e-4705fe731f1a	5	国家金融监督管理总局	incentive	Graded	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	\N	\N	A	[{"measure_id":"NFRA-A-01","list":null,"class":"A","matter":"financing","stage":"pre_approval","action":"支持银行业金融机构对A类主体开展信用贷款，简化审批","legal_basis":"国发〔2016〕33号","duration":"评价结果有效期内"}]	2026-01	国发〔2016〕33号	2026-06-01 01:00:00+00	2026-06-15
78accf01-d63b-5099-a0f9-4098d107b8af	8	中国人民银行	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"PBOC-B-01","list":"black","class":null,"matter":"financing","stage":"pre_approval","action":"将失信信息纳入金融信用信息基础数据库，作为融资授信的审慎性参考","legal_basis":"《征信业管理条例》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"},{"measure_id":"PBOC-B-02","list":"black","class":null,"matter":"financing","stage":"pre_approval","action":"从严审核发行非金融企业债务融资工具","legal_basis":"《银行间债券市场非金融企业债务融资工具管理办法》","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
af274e8f-0b6c-58f5-a92c-297b350b71e7	8	中国证券监督管理委员会	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"CSRC-B-01","list":"black","class":null,"matter":"financing","stage":"pre_approval","action":"在股票发行、公司债券发行审核中从严审核，依法限制","legal_basis":"《中华人民共和国证券法》；《公司债券发行与交易管理办法》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
22b8d2a5-77a6-52a3-8cfd-1075de3dd169	8	国家发展和改革委员会	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"NDRC-B-01","list":"black","class":null,"matter":"financing","stage":"pre_approval","action":"从严审核企业债券发行申请，限制发行企业债券","legal_basis":"《企业债券管理条例》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"},{"measure_id":"NDRC-B-02","list":"black","class":null,"matter":"subsidy","stage":"pre_approval","action":"限制申请中央预算内投资等政府资金支持","legal_basis":"《政府投资条例》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
79fec33b-68db-568d-b6c8-22fc73e221c7	8	国家市场监督管理总局	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"SAMR-B-01","list":"black","class":null,"matter":"market_access","stage":"pre_approval","action":"限制其法定代表人担任其他企业法定代表人、董事、监事、高级管理人员","legal_basis":"《企业信息公示暂行条例》；《市场监督管理严重违法失信名单管理办法》","duration":"列入严重失信主体名单期间"},{"measure_id":"SAMR-B-02","list":"black","class":null,"matter":"inspection","stage":"post_supervision","action":"通过国家企业信用信息公示系统公示，提高抽查比例和频次","legal_basis":"《企业信息公示暂行条例》第十七条","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
457117ff-379a-5e9e-9873-8d667ef0b924	8	国家税务总局	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"STA-B-01","list":"black","class":null,"matter":"inspection","stage":"post_supervision","action":"列为重点监控对象，提高纳税评估和税务检查频次，发票领用从严","legal_basis":"《重大税收违法失信主体信息公布管理办法》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
1d185639-82f5-5067-b9a0-ec0099a9530d	11	国家能源局	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"NEA-R-01","list":"red","class":null,"matter":"licensing","stage":"pre_approval","action":"行政许可开辟绿色通道，适用容缺受理、告知承诺","legal_basis":"《关于加强对电力行业守信主体联合激励的合作备忘录》；国发〔2016〕33号","duration":"列入守信红名单期间"},{"measure_id":"NEA-R-02","list":"red","class":null,"matter":"inspection","stage":"post_supervision","action":"适当降低“双随机、一公开”抽查比例和频次","legal_basis":"国发〔2019〕5号","duration":"列入守信红名单期间"},{"measure_id":"NEA-R-03","list":"red","class":null,"matter":"subsidy","stage":"pre_approval","action":"同等条件下优先安排能源领域专项资金和示范项目","legal_basis":"国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
30fe069f-fc26-5edd-a213-e1bd06104840	8	国家能源局	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"NEA-B-01","list":"black","class":null,"matter":"market_access","stage":"pre_approval","action":"依法限制或取消其参与电力市场交易资格，情节严重的强制退出电力市场","legal_basis":"《电力监管条例》第二十五条；《电力市场运营基本规则》第七十条","duration":"列入严重失信主体名单期间"},{"measure_id":"NEA-B-02","list":"black","class":null,"matter":"licensing","stage":"pre_approval","action":"从严审核电力业务许可证申请、变更及延续，不适用告知承诺制","legal_basis":"《电力业务许可证管理规定》第十二条；《关于对电力行业严重违法失信市场主体及其有关人员实施联合惩戒的合作备忘录》","duration":"列入严重失信主体名单期间"},{"measure_id":"NEA-B-03","list":"black","class":null,"matter":"subsidy","stage":"pre_approval","action":"限制申报可再生能源电价附加补助及各类财政性资金支持项目","legal_basis":"《社会信用体系建设规划纲要（2014—2020年）》；发改财金〔2016〕141号","duration":"列入严重失信主体名单期间"},{"measure_id":"NEA-B-04","list":"black","class":null,"matter":"award","stage":"pre_approval","action":"取消参加能源行业评先评优资格，已获荣誉予以撤销","legal_basis":"《国务院关于建立完善守信联合激励和失信联合惩戒制度的指导意见》（国发〔2016〕33号）","duration":"列入严重失信主体名单期间"},{"measure_id":"NEA-B-05","list":"black","class":null,"matter":"inspection","stage":"post_supervision","action":"列为重点监管对象，提高“双随机、一公开”抽查比例和频次","legal_basis":"《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号）","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
5b290171-8247-5619-903a-2ce4931914ff	8	国家能源局福建监管办公室	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"NEA-FJ-B-01","list":"black","class":null,"matter":"licensing","stage":"pre_approval","action":"从严审核辖区电力业务许可证及承装（修、试）电力设施许可证申请","legal_basis":"《承装（修、试）电力设施许可证管理办法》第十五条","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
38aea598-6f37-5f65-bd74-5a32ea73eb32	8	国家金融监督管理总局	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"NFRA-B-01","list":"black","class":null,"matter":"financing","stage":"pre_approval","action":"指导银行业金融机构审慎授信，提高贷款利率和担保要求","legal_basis":"发改财金〔2016〕141号；《商业银行授信工作尽职指引》","duration":"列入严重失信主体名单期间"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
8e159add-1065-5807-9088-380176048552	8	财政部	sanction	Listed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	b8ef0682-b83e-542d-a3e9-24e1076458c6	black	\N	[{"measure_id":"MOF-B-01","list":"black","class":null,"matter":"procurement","stage":"pre_approval","action":"依法限制参加政府采购活动","legal_basis":"《中华人民共和国政府采购法》第二十二条；《政府采购法实施条例》第十九条","duration":"列入严重失信主体名单期间，且三年内无重大违法记录方可参加"}]	2026-01	《国家能源局关于印发〈能源行业市场主体信用评价工作管理办法〉的通知》；严重失信主体名单管理规定; 《电力监管条例》第三十一条	2026-06-16 01:00:00+00	2026-07-01
ca78960d-d7ea-55d3-9dca-4c6f07576d44	9	国家市场监督管理总局	sanction	Graded	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	\N	\N	D	[{"measure_id":"SAMR-D-01","list":null,"class":"D","matter":"inspection","stage":"post_supervision","action":"D类主体提高“双随机”抽查比例，列入重点检查对象","legal_basis":"国发〔2019〕5号","duration":"评价结果有效期内"}]	2026-01	国发〔2019〕5号	2026-06-16 01:00:00+00	2026-07-01
1d35d6ab-00a7-5b60-beaa-e65ca20e62fc	9	国家能源局	sanction	Graded	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	\N	\N	D	[{"measure_id":"NEA-D-01","list":null,"class":"D","matter":"inspection","stage":"post_supervision","action":"信用等级D类主体按50%比例随机抽查，纳入重点监管","legal_basis":"《能源行业市场主体信用评价工作管理办法（试行）》；国发〔2019〕5号","duration":"评价结果有效期内"}]	2026-01	《能源行业市场主体信用评价工作管理办法（试行）》；国发〔2019〕5号	2026-06-16 01:00:00+00	2026-07-01
d9e3ee5f-9286-5ab2-84bd-197741798e6c	9	财政部	sanction	Graded	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	厦门恒源电力有限公司	\N	\N	D	[{"measure_id":"MOF-D-01","list":null,"class":"D","matter":"procurement","stage":"pre_approval","action":"政府采购评审中将信用等级作为重点审查内容","legal_basis":"财库〔2016〕125号","duration":"评价结果有效期内"}]	2026-01	财库〔2016〕125号	2026-06-16 01:00:00+00	2026-07-01
06276f72-0e4b-580f-96db-833db45e5df6	11	中国人民银行	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"PBOC-R-01","list":"red","class":null,"matter":"financing","stage":"pre_approval","action":"引导金融机构在授信额度、利率等方面给予优惠","legal_basis":"国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
ebd5504f-1fdc-5859-b6c2-a322f61c38e3	11	国家发展和改革委员会	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"NDRC-R-01","list":"red","class":null,"matter":"subsidy","stage":"pre_approval","action":"中央预算内投资项目申报同等条件下优先支持","legal_basis":"国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
a954fdb7-c3f6-5e68-bf05-185bd082dc4f	11	国家市场监督管理总局	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"SAMR-R-01","list":"red","class":null,"matter":"award","stage":"pre_approval","action":"评选表彰中同等条件下优先推荐","legal_basis":"国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
1673261c-7132-52b7-9a53-41e7214d59d1	11	国家税务总局	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"STA-R-01","list":"red","class":null,"matter":"other","stage":"in_process","action":"办理涉税事项开辟绿色通道，按需领用发票","legal_basis":"《纳税信用管理办法》；国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
f391abe9-ac34-52eb-8225-6643ce7b6067	11	国家能源局南方监管局	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"NEA-NF-R-01","list":"red","class":null,"matter":"licensing","stage":"pre_approval","action":"辖区许可事项容缺受理，优先办理","legal_basis":"《关于加强对电力行业守信主体联合激励的合作备忘录》","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
c953acee-6030-5556-bef8-20d288e14577	11	财政部	incentive	Listed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	广州清洁能源有限公司	08a85107-14bc-56bf-97a5-b97449ca0388	red	\N	[{"measure_id":"MOF-R-01","list":"red","class":null,"matter":"procurement","stage":"pre_approval","action":"政府采购中可适当降低履约保证金比例","legal_basis":"财库〔2016〕125号；国发〔2016〕33号","duration":"列入守信红名单期间"}]	2026-01	能源行业守信激励（红名单）管理规定	2027-06-02 01:00:00+00	2027-06-16
\.


--
-- Data for Name: objection_marks; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.objection_marks (objection_id, subject_id, record_id, listing_id, since, cleared_at, outcome, "position") FROM stdin;
OBJ-A469D68955564746	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	NEA-FJ-2026-001	\N	2027-06-02 01:00:00+00	\N	\N	14
\.


--
-- Data for Name: pii_access_log; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.pii_access_log (id, at, actor_role, actor_org, actor_key_id, subject_id, purpose, fields) FROM stdin;
\.


--
-- Data for Name: projection_tracking; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.projection_tracking (view, "position", updated_at) FROM stdin;
export:credit_china	9	2026-12-01 22:27:23.625998+00
check_view	15	2026-12-01 22:27:23.771537+00
commitments	15	2026-12-01 22:27:23.771537+00
grades	15	2026-12-01 22:27:23.771537+00
list_entries	15	2026-12-01 22:27:23.771537+00
list_versions	15	2026-12-01 22:27:23.771537+00
notices	15	2026-12-01 22:27:23.771537+00
objection_marks	15	2026-12-01 22:27:23.771537+00
public_feed	15	2026-12-01 22:27:23.771537+00
records	15	2026-12-01 22:27:23.771537+00
review_cases	15	2026-12-01 22:27:23.771537+00
subject_notifications	15	2026-12-01 22:27:23.771537+00
subject_summary	15	2026-12-01 22:27:23.771537+00
chain	15	2026-12-01 22:27:23.789905+00
policy:grading	15	2026-12-01 22:27:23.802139+00
\.


--
-- Data for Name: public_feed; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.public_feed (id, "position", type, subject_id, uscc, list, sectors, owner, "time", body) FROM stdin;
ce-3	3	record.published	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	\N	["power"]	\N	2026-06-01 01:00:00+00	{"specversion": "1.0", "id": "ce-3", "source": "/credit-energy", "type": "record.published", "time": "2026-06-01T01:00:00Z", "sequence": "00000000000000000003", "datacontenttype": "application/json", "subject": "91350200776049653A", "data": {"record_id": "NEA-FJ-2026-001", "catalogue_code": "administrative_penalty", "category": "penalty", "visibility": "public", "polarity": "negative", "tier": "serious", "decision_no": "\\u95fd\\u76d1\\u80fd\\u7f5a\\u30142026\\u30151\\u53f7", "decided_on": "2026-05-20", "legal_basis": "\\u300a\\u7535\\u529b\\u76d1\\u7ba1\\u6761\\u4f8b\\u300b\\u7b2c\\u4e09\\u5341\\u4e00\\u6761", "summary": "\\u8fdd\\u89c4\\u53c2\\u4e0e\\u7535\\u529b\\u5e02\\u573a\\u4ea4\\u6613", "content": {"penalty_type": "\\u7f5a\\u6b3e"}, "source_unit": "\\u56fd\\u5bb6\\u80fd\\u6e90\\u5c40\\u5e02\\u573a\\u76d1\\u7ba1\\u53f8", "source_unit_code": null, "publicity": {"from": "2026-05-20", "until": "2029-05-21"}, "subject": {"subject_id": "995e6a3e-ebf0-5d17-bc62-5b69151b23d5", "uscc": "91350200776049653A", "name": "\\u53a6\\u95e8\\u6052\\u6e90\\u7535\\u529b\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "350200", "legal_representative": null}}}
ce-5	5	class.changed	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	\N	["power"]	\N	2026-06-01 01:00:00+00	{"specversion": "1.0", "id": "ce-5", "source": "/credit-energy", "type": "class.changed", "time": "2026-06-01T01:00:00Z", "sequence": "00000000000000000005", "datacontenttype": "application/json", "subject": "91440101MA5CJQ4N59", "data": {"class": "A", "previous_class": null, "score": 90.0, "rulebook_version": "2025-01", "subject": {"subject_id": "67ae8836-657e-525d-9f2e-71c372d9a5bf", "uscc": "91440101MA5CJQ4N59", "name": "\\u5e7f\\u5dde\\u6e05\\u6d01\\u80fd\\u6e90\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "440100", "legal_representative": null}}}
ce-7	7	class.changed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	\N	["power"]	\N	2026-06-01 01:00:00+00	{"specversion": "1.0", "id": "ce-7", "source": "/credit-energy", "type": "class.changed", "time": "2026-06-01T01:00:00Z", "sequence": "00000000000000000007", "datacontenttype": "application/json", "subject": "91350200776049653A", "data": {"class": "C", "previous_class": null, "score": 45.0, "rulebook_version": "2025-01", "subject": {"subject_id": "995e6a3e-ebf0-5d17-bc62-5b69151b23d5", "uscc": "91350200776049653A", "name": "\\u53a6\\u95e8\\u6052\\u6e90\\u7535\\u529b\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "350200", "legal_representative": null}}}
ce-8	8	listing.created	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	black	["power"]	\N	2026-06-16 01:00:00+00	{"specversion": "1.0", "id": "ce-8", "source": "/credit-energy", "type": "listing.created", "time": "2026-06-16T01:00:00Z", "sequence": "00000000000000000008", "datacontenttype": "application/json", "subject": "91350200776049653A", "data": {"listing_id": "b8ef0682-b83e-542d-a3e9-24e1076458c6", "list": "black", "since": "2026-06-16T01:00:00+00:00", "until": "2029-06-18", "basis_record_ids": ["NEA-FJ-2026-001"], "legal_basis": "\\u300a\\u56fd\\u5bb6\\u80fd\\u6e90\\u5c40\\u5173\\u4e8e\\u5370\\u53d1\\u3008\\u80fd\\u6e90\\u884c\\u4e1a\\u5e02\\u573a\\u4e3b\\u4f53\\u4fe1\\u7528\\u8bc4\\u4ef7\\u5de5\\u4f5c\\u7ba1\\u7406\\u529e\\u6cd5\\u3009\\u7684\\u901a\\u77e5\\u300b\\uff1b\\u4e25\\u91cd\\u5931\\u4fe1\\u4e3b\\u4f53\\u540d\\u5355\\u7ba1\\u7406\\u89c4\\u5b9a; \\u300a\\u7535\\u529b\\u76d1\\u7ba1\\u6761\\u4f8b\\u300b\\u7b2c\\u4e09\\u5341\\u4e00\\u6761", "removal_conditions": ["\\u8ba4\\u5b9a\\u671f\\u6ee1\\u81ea\\u52a8\\u79fb\\u51fa", "\\u4f9d\\u636e\\u8bb0\\u5f55\\u7ecf\\u4fe1\\u7528\\u4fee\\u590d\\u5ba1\\u6838\\u901a\\u8fc7\\u7684\\uff0c\\u63d0\\u524d\\u79fb\\u51fa", "\\u8ba4\\u5b9a\\u4f9d\\u636e\\u88ab\\u64a4\\u9500\\u7684\\uff0c\\u79fb\\u51fa"], "rulebook_version": "2025-01", "subject": {"subject_id": "995e6a3e-ebf0-5d17-bc62-5b69151b23d5", "uscc": "91350200776049653A", "name": "\\u53a6\\u95e8\\u6052\\u6e90\\u7535\\u529b\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "350200", "legal_representative": null}}}
ce-9	9	class.changed	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	\N	["power"]	\N	2026-06-16 01:00:00+00	{"specversion": "1.0", "id": "ce-9", "source": "/credit-energy", "type": "class.changed", "time": "2026-06-16T01:00:00Z", "sequence": "00000000000000000009", "datacontenttype": "application/json", "subject": "91350200776049653A", "data": {"class": "D", "previous_class": "C", "score": 45.0, "rulebook_version": "2025-01", "subject": {"subject_id": "995e6a3e-ebf0-5d17-bc62-5b69151b23d5", "uscc": "91350200776049653A", "name": "\\u53a6\\u95e8\\u6052\\u6e90\\u7535\\u529b\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "350200", "legal_representative": null}}}
ce-11	11	listing.created	67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	red	["power"]	\N	2027-06-02 01:00:00+00	{"specversion": "1.0", "id": "ce-11", "source": "/credit-energy", "type": "listing.created", "time": "2027-06-02T01:00:00Z", "sequence": "00000000000000000011", "datacontenttype": "application/json", "subject": "91440101MA5CJQ4N59", "data": {"listing_id": "08a85107-14bc-56bf-97a5-b97449ca0388", "list": "red", "since": "2027-06-02T01:00:00+00:00", "until": "2028-06-02", "basis_record_ids": [], "legal_basis": "\\u80fd\\u6e90\\u884c\\u4e1a\\u5b88\\u4fe1\\u6fc0\\u52b1\\uff08\\u7ea2\\u540d\\u5355\\uff09\\u7ba1\\u7406\\u89c4\\u5b9a", "removal_conditions": ["\\u4fe1\\u7528\\u7b49\\u7ea7\\u4e0d\\u518d\\u4e3aA\\u7c7b\\u6216\\u65b0\\u589e\\u5931\\u4fe1\\u8bb0\\u5f55\\u7684\\uff0c\\u79fb\\u51fa", "\\u8ba4\\u5b9a\\u671f\\u6ee1\\u81ea\\u52a8\\u79fb\\u51fa"], "rulebook_version": "2025-01", "subject": {"subject_id": "67ae8836-657e-525d-9f2e-71c372d9a5bf", "uscc": "91440101MA5CJQ4N59", "name": "\\u5e7f\\u5dde\\u6e05\\u6d01\\u80fd\\u6e90\\u6709\\u9650\\u516c\\u53f8", "kind": "legal_person", "sectors": ["power"], "region": "440100", "legal_representative": null}}}
\.


--
-- Data for Name: record_view; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.record_view (record_id, subject_id, catalogue_code, catalogue_version, category, polarity, visibility, tier, source_unit, source_unit_code, decision_no, decided_on, legal_basis, summary, content, publicity_from, min_until, max_until, published, period_rules_version, status, publicity_ended_on, publicity_ended_reason, recorded_at, "position") FROM stdin;
NEA-FJ-2026-001	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	administrative_penalty	2025-01	penalty	negative	public	serious	国家能源局市场监管司	\N	闽监能罚〔2026〕1号	2026-05-20	《电力监管条例》第三十一条	违规参与电力市场交易	{"penalty_type":"罚款"}	2026-05-20	2027-05-20	2029-05-21	t	2026-04	active	\N	\N	2026-06-01 01:00:00+00	3
\.


--
-- Data for Name: review_cases; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.review_cases (case_id, case_kind, subject_id, record_id, listing_id, unit, grounds, stage, pending, filed_at, due_by, decided_at, outcome, reasons, decided_by, late, escalations, escalated_at, escalated_due, "position") FROM stdin;
OBJ-A469D68955564746	objection	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	NEA-FJ-2026-001	\N	国家能源局市场监管司	error	open	t	2027-06-02 01:00:00+00	2027-06-16	\N	\N	\N	\N	f	0	\N	\N	14
\.


--
-- Data for Name: service_clock; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.service_clock (name, now) FROM stdin;
manual	2027-06-02 01:00:00+00
\.


--
-- Data for Name: signing_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.signing_keys (key_id, public_key, created_at) FROM stdin;
e679d84d5b49e1ea	+/BOc56jgp7fx0b4qFbI5EjN/8CDZHW3G8ngzQTQJbU=	2026-06-01 01:00:00+00
\.


--
-- Data for Name: subject_keys; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subject_keys (subject_id, wrapped_key, key_version, master_key_id, created_at, shredded_at) FROM stdin;
\.


--
-- Data for Name: subject_notifications; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subject_notifications ("position", subject_id, kind, ref_id, data, created_at) FROM stdin;
3	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	record_added	NEA-FJ-2026-001	{"record_id":"NEA-FJ-2026-001","catalogue_code":"administrative_penalty","tier":"serious","decided_on":"2026-05-20","source_unit":"国家能源局市场监管司"}	2026-06-01 01:00:00+00
6	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	listing_proposed	b8ef0682-b83e-542d-a3e9-24e1076458c6	{"listing_id":"b8ef0682-b83e-542d-a3e9-24e1076458c6","list":"black","objection_deadline":"2026-06-15","reasons":["record NEA-FJ-2026-001 (administrative_penalty, tier serious, decision 闽监能罚〔2026〕1号 of 2026-05-20) meets rule black.serious_penalty"]}	2026-06-01 01:00:00+00
8	995e6a3e-ebf0-5d17-bc62-5b69151b23d5	listed	b8ef0682-b83e-542d-a3e9-24e1076458c6	{"listing_id":"b8ef0682-b83e-542d-a3e9-24e1076458c6","list":"black"}	2026-06-16 01:00:00+00
10	67ae8836-657e-525d-9f2e-71c372d9a5bf	listing_proposed	08a85107-14bc-56bf-97a5-b97449ca0388	{"listing_id":"08a85107-14bc-56bf-97a5-b97449ca0388","list":"red","objection_deadline":"2027-06-02","reasons":["class A and no negative record for 12 months"]}	2027-06-02 01:00:00+00
11	67ae8836-657e-525d-9f2e-71c372d9a5bf	listed	08a85107-14bc-56bf-97a5-b97449ca0388	{"listing_id":"08a85107-14bc-56bf-97a5-b97449ca0388","list":"red"}	2027-06-02 01:00:00+00
\.


--
-- Data for Name: subject_summary; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subject_summary (subject_id, uscc, kind, display_name, sectors, region, registered_at, records_total, records_active, version, "position") FROM stdin;
67ae8836-657e-525d-9f2e-71c372d9a5bf	91440101MA5CJQ4N59	legal_person	广州清洁能源有限公司	["power"]	440100	2026-06-01 01:00:00+00	0	0	5	12
995e6a3e-ebf0-5d17-bc62-5b69151b23d5	91350200776049653A	legal_person	厦门恒源电力有限公司	["power"]	350200	2026-06-01 01:00:00+00	1	1	8	14
\.


--
-- Data for Name: subscription_subjects; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subscription_subjects (subscription_id, subject_id) FROM stdin;
\.


--
-- Data for Name: subscriptions; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.subscriptions (subscription_id, owner, url, filter, watch_count, secret, previous_secret, previous_secret_until, status, disabled_reason, disabled_count, cursor, cursor_id, generation, attempts, next_attempt_at, failing_since, created_at, batch_size, batch_until_position, batch_until_id) FROM stdin;
\.


--
-- Data for Name: sweep_marks; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sweep_marks (name, value) FROM stdin;
regrade	2027-06-02/2025-01
\.


--
-- Name: creditfiles_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.creditfiles_events_id_seq', 15, true);


--
-- Name: deliveries_delivery_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.deliveries_delivery_id_seq', 1, false);


--
-- Name: grade_history_position_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.grade_history_position_seq', 1, false);


--
-- Name: pii_access_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.pii_access_log_id_seq', 1, false);


--
-- Name: alembic_version alembic_version_pkc; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (key_id);


--
-- Name: apscheduler_jobs apscheduler_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.apscheduler_jobs
    ADD CONSTRAINT apscheduler_jobs_pkey PRIMARY KEY (id);


--
-- Name: chain_links chain_links_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.chain_links
    ADD CONSTRAINT chain_links_pkey PRIMARY KEY ("position");


--
-- Name: check_feedback check_feedback_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_feedback
    ADD CONSTRAINT check_feedback_pkey PRIMARY KEY (feedback_id);


--
-- Name: check_log check_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_log
    ADD CONSTRAINT check_log_pkey PRIMARY KEY (check_id);


--
-- Name: check_view check_view_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_view
    ADD CONSTRAINT check_view_pkey PRIMARY KEY (subject_id);


--
-- Name: check_view check_view_uscc_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.check_view
    ADD CONSTRAINT check_view_uscc_key UNIQUE (uscc);


--
-- Name: checkpoints checkpoints_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkpoints
    ADD CONSTRAINT checkpoints_pkey PRIMARY KEY (seq);


--
-- Name: commitment_view commitment_view_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.commitment_view
    ADD CONSTRAINT commitment_view_pkey PRIMARY KEY (subject_id, commitment_id);


--
-- Name: credit_reports credit_reports_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.credit_reports
    ADD CONSTRAINT credit_reports_pkey PRIMARY KEY (code);


--
-- Name: creditfiles_events creditfiles_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.creditfiles_events
    ADD CONSTRAINT creditfiles_events_pkey PRIMARY KEY (id);


--
-- Name: creditfiles_snapshots creditfiles_snapshots_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.creditfiles_snapshots
    ADD CONSTRAINT creditfiles_snapshots_pkey PRIMARY KEY (originator_id, originator_version);


--
-- Name: deliveries deliveries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (delivery_id);


--
-- Name: evidence_files evidence_files_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.evidence_files
    ADD CONSTRAINT evidence_files_pkey PRIMARY KEY (evidence_id);


--
-- Name: feed_records feed_records_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feed_records
    ADD CONSTRAINT feed_records_pkey PRIMARY KEY (record_id);


--
-- Name: feed_subjects feed_subjects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.feed_subjects
    ADD CONSTRAINT feed_subjects_pkey PRIMARY KEY (subject_id);


--
-- Name: grade_history grade_history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grade_history
    ADD CONSTRAINT grade_history_pkey PRIMARY KEY ("position");


--
-- Name: grade_view grade_view_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grade_view
    ADD CONSTRAINT grade_view_pkey PRIMARY KEY (subject_id);


--
-- Name: keyring keyring_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.keyring
    ADD CONSTRAINT keyring_pkey PRIMARY KEY (key_id);


--
-- Name: list_entries list_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.list_entries
    ADD CONSTRAINT list_entries_pkey PRIMARY KEY (listing_id);


--
-- Name: list_versions list_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.list_versions
    ADD CONSTRAINT list_versions_pkey PRIMARY KEY (list, version);


--
-- Name: measure_versions measure_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.measure_versions
    ADD CONSTRAINT measure_versions_pkey PRIMARY KEY (version);


--
-- Name: notice_feedback notice_feedback_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notice_feedback
    ADD CONSTRAINT notice_feedback_pkey PRIMARY KEY (feedback_id);


--
-- Name: notice_subjects notice_subjects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notice_subjects
    ADD CONSTRAINT notice_subjects_pkey PRIMARY KEY (subject_id);


--
-- Name: notices notices_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notices
    ADD CONSTRAINT notices_pkey PRIMARY KEY (notice_id);


--
-- Name: objection_marks objection_marks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objection_marks
    ADD CONSTRAINT objection_marks_pkey PRIMARY KEY (objection_id);


--
-- Name: pii_access_log pii_access_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.pii_access_log
    ADD CONSTRAINT pii_access_log_pkey PRIMARY KEY (id);


--
-- Name: projection_tracking projection_tracking_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projection_tracking
    ADD CONSTRAINT projection_tracking_pkey PRIMARY KEY (view);


--
-- Name: public_feed public_feed_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.public_feed
    ADD CONSTRAINT public_feed_pkey PRIMARY KEY (id);


--
-- Name: record_view record_view_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.record_view
    ADD CONSTRAINT record_view_pkey PRIMARY KEY (record_id);


--
-- Name: review_cases review_cases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_cases
    ADD CONSTRAINT review_cases_pkey PRIMARY KEY (case_id);


--
-- Name: service_clock service_clock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.service_clock
    ADD CONSTRAINT service_clock_pkey PRIMARY KEY (name);


--
-- Name: signing_keys signing_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.signing_keys
    ADD CONSTRAINT signing_keys_pkey PRIMARY KEY (key_id);


--
-- Name: subject_keys subject_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subject_keys
    ADD CONSTRAINT subject_keys_pkey PRIMARY KEY (subject_id);


--
-- Name: subject_notifications subject_notifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subject_notifications
    ADD CONSTRAINT subject_notifications_pkey PRIMARY KEY ("position");


--
-- Name: subject_summary subject_summary_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subject_summary
    ADD CONSTRAINT subject_summary_pkey PRIMARY KEY (subject_id);


--
-- Name: subject_summary subject_summary_uscc_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subject_summary
    ADD CONSTRAINT subject_summary_uscc_key UNIQUE (uscc);


--
-- Name: subscription_subjects subscription_subjects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscription_subjects
    ADD CONSTRAINT subscription_subjects_pkey PRIMARY KEY (subscription_id, subject_id);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (subscription_id);


--
-- Name: sweep_marks sweep_marks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sweep_marks
    ADD CONSTRAINT sweep_marks_pkey PRIMARY KEY (name);


--
-- Name: creditfiles_events_aggregate_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX creditfiles_events_aggregate_idx ON public.creditfiles_events USING btree (originator_id, originator_version);


--
-- Name: ix_apscheduler_jobs_next_run_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_apscheduler_jobs_next_run_time ON public.apscheduler_jobs USING btree (next_run_time);


--
-- Name: ix_check_feedback_check_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_check_feedback_check_id ON public.check_feedback USING btree (check_id);


--
-- Name: ix_check_log_checked_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_check_log_checked_at ON public.check_log USING btree (checked_at);


--
-- Name: ix_check_log_org; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_check_log_org ON public.check_log USING btree (org, checked_at);


--
-- Name: ix_check_log_subject_ids; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_check_log_subject_ids ON public.check_log USING gin (subject_ids);


--
-- Name: ix_credit_reports_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_credit_reports_subject_id ON public.credit_reports USING btree (subject_id);


--
-- Name: ix_deliveries_subscription; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_deliveries_subscription ON public.deliveries USING btree (subscription_id, delivery_id);


--
-- Name: ix_evidence_files_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_evidence_files_subject_id ON public.evidence_files USING btree (subject_id);


--
-- Name: ix_grade_history_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_grade_history_subject_id ON public.grade_history USING btree (subject_id);


--
-- Name: ix_grade_view_class_subject; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_grade_view_class_subject ON public.grade_view USING btree (grade_class, subject_id);


--
-- Name: ix_list_entries_current; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_list_entries_current ON public.list_entries USING btree (list, status);


--
-- Name: ix_list_entries_page; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_list_entries_page ON public.list_entries USING btree (list, status, valid_from DESC, listing_id);


--
-- Name: ix_list_entries_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_list_entries_subject_id ON public.list_entries USING btree (subject_id);


--
-- Name: ix_list_entries_valid; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_list_entries_valid ON public.list_entries USING btree (list, valid_from, valid_to);


--
-- Name: ix_notice_feedback_notice_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notice_feedback_notice_id ON public.notice_feedback USING btree (notice_id);


--
-- Name: ix_notices_agency_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notices_agency_position ON public.notices USING btree (agency, "position");


--
-- Name: ix_notices_listing; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notices_listing ON public.notices USING btree (listing_id);


--
-- Name: ix_notices_subject; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_notices_subject ON public.notices USING btree (subject_id);


--
-- Name: ix_objection_marks_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_objection_marks_subject_id ON public.objection_marks USING btree (subject_id);


--
-- Name: ix_pii_access_log_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_pii_access_log_subject_id ON public.pii_access_log USING btree (subject_id);


--
-- Name: ix_public_feed_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_public_feed_position ON public.public_feed USING btree ("position");


--
-- Name: ix_record_view_public; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_record_view_public ON public.record_view USING btree (published, status, max_until);


--
-- Name: ix_record_view_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_record_view_subject_id ON public.record_view USING btree (subject_id);


--
-- Name: ix_review_cases_pending; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_review_cases_pending ON public.review_cases USING btree (pending, unit);


--
-- Name: ix_review_cases_subject_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_review_cases_subject_id ON public.review_cases USING btree (subject_id);


--
-- Name: ix_subject_notifications_feed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subject_notifications_feed ON public.subject_notifications USING btree (subject_id, "position");


--
-- Name: ix_subject_summary_name_grams; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subject_summary_name_grams ON public.subject_summary USING gin (public.subject_name_grams(display_name));


--
-- Name: ix_subject_summary_name_prefix; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subject_summary_name_prefix ON public.subject_summary USING btree (display_name text_pattern_ops);


--
-- Name: ix_subject_summary_name_trgm; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subject_summary_name_trgm ON public.subject_summary USING gin (display_name public.gin_trgm_ops);


--
-- Name: ix_subject_summary_region; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subject_summary_region ON public.subject_summary USING btree (region);


--
-- Name: ix_subscriptions_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subscriptions_due ON public.subscriptions USING btree (status, next_attempt_at);


--
-- Name: ix_subscriptions_owner; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_subscriptions_owner ON public.subscriptions USING btree (owner);


--
-- Name: st_subject_summary_sectors; Type: STATISTICS; Schema: public; Owner: -
--

CREATE STATISTICS public.st_subject_summary_sectors ON (sectors::character varying) FROM public.subject_summary;


--
-- Name: check_log check_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER check_log_append_only BEFORE DELETE OR UPDATE ON public.check_log FOR EACH ROW EXECUTE FUNCTION public.check_log_append_only();


--
-- PostgreSQL database dump complete
--

\unrestrict 2pxciQCcnlN1aGiZP0q5yBXjDo42rLa3dLSDoCp9ELILV8HTFmiKWlRJTP1GPYc

