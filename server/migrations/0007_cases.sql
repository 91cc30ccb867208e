-- Cases (事件): reports from grid workers, staff, residents and Open311 clients, and their workflow
-- (shared/cases/workflow.ts). Frozen once applied.
--
-- A case row holds the current state; case_event holds every step (append-only), so the whole
-- history is reconstructible. A transition is one conditional UPDATE (WHERE version = read version
-- AND state = expected) plus one event row whose seq is the new version: two people acting at once
-- cannot both succeed. grid_code is the tenant and scope key (area codes are prefixes of it).
-- Time limits are turned into instants when a step starts (warn_at, due_at, red_at on the work
-- calendar), so the lamp and the overdue sweep are plain indexed comparisons.

-- Configuration the city admin edits (defaults in shared/cases/categories.ts, seeded by the app).
CREATE TABLE case_category (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z_]{1,30}(\.[a-z][a-z_]{1,30})?$'),
  parent_code text REFERENCES case_category (code),
  name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 40),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
  is_public   boolean NOT NULL DEFAULT false,
  active      boolean NOT NULL DEFAULT true,
  rank        integer NOT NULL DEFAULT 0,
  -- Open311 attributes (service definition) of a subcategory: a JSON array of attribute objects.
  attributes  jsonb NOT NULL DEFAULT '[]'::jsonb,
  CHECK ((parent_code IS NULL) = (position('.' IN code) = 0)),
  CHECK (parent_code IS NULL OR code LIKE parent_code || '.%')
);

CREATE TABLE case_time_limit (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category  text REFERENCES case_category (code),
  level     text CHECK (level IN ('community', 'street', 'district', 'city', 'department')),
  step      text NOT NULL CHECK (step IN ('accept', 'handle', 'verify')),
  urgency   text CHECK (urgency IN ('normal', 'urgent', 'emergency')),
  amount    numeric NOT NULL CHECK (amount > 0 AND amount <= 1000),
  unit      text NOT NULL CHECK (unit IN ('calendar_hours', 'working_hours', 'working_days', 'calendar_days'))
);
CREATE UNIQUE INDEX case_time_limit_key ON case_time_limit (coalesce(category, ''), coalesce(level, ''), step, coalesce(urgency, ''));

CREATE TABLE case_escalation_rule (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category     text REFERENCES case_category (code),
  urgency      text CHECK (urgency IN ('normal', 'urgent', 'emergency')),
  target       text NOT NULL CHECK (target IN ('community', 'street', 'district', 'city')),
  copy_levels  text[] NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX case_escalation_rule_key ON case_escalation_rule (coalesce(category, ''), coalesce(urgency, ''));

-- The work calendar's exceptions to Monday–Friday (holidays on weekdays, make-up working days on
-- weekends), and the settings of the whole case system (one versioned row).
CREATE TABLE work_calendar_day (
  day   date PRIMARY KEY,
  kind  text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name  text NOT NULL CHECK (length(name) BETWEEN 1 AND 20)
);

CREATE TABLE case_settings (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  -- { yellowShare, periods: [[start,end] minutes], utcOffsetMinutes }
  settings    jsonb NOT NULL,
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text
);

-- Functional departments (职能部门) beside each level, and their handlers.
CREATE TABLE department (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6,12}-[a-z_]{2,30}$'),
  area_code   text NOT NULL REFERENCES area (code),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  categories  text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true
);
CREATE INDEX department_area ON department (area_code);

CREATE TABLE department_member (
  account_id       bigint PRIMARY KEY REFERENCES account (id),
  department_code  text NOT NULL REFERENCES department (code),
  added_at         timestamptz NOT NULL DEFAULT now()
);

-- Photos: re-encoded, metadata stripped, under generated names. Uploaded first (owned by who uploaded
-- them), then attached to a case or an event; unattached uploads expire.
CREATE TABLE case_photo (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_-]{26,}\.jpg$'),
  owner        text NOT NULL,
  case_id      bigint,
  event_seq    integer,
  content_type text NOT NULL CHECK (content_type = 'image/jpeg'),
  bytes        integer NOT NULL,
  width        integer NOT NULL,
  height       integer NOT NULL,
  sha256       text NOT NULL,
  data         bytea NOT NULL,
  thumb        bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_photo_case ON case_photo (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX case_photo_unattached ON case_photo (created_at) WHERE case_id IS NULL;

CREATE TABLE civic_case (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The tracking number residents and Open311 clients see: date plus random letters (not a counter).
  number             text NOT NULL UNIQUE CHECK (number ~ '^[0-9]{6}-[A-Z2-9]{6}$'),
  version            integer NOT NULL DEFAULT 1,
  state              text NOT NULL CHECK (state IN ('reported', 'accepted', 'dispatched', 'to_verify', 'closed', 'rejected', 'merged')),
  category           text NOT NULL REFERENCES case_category (code),
  urgency            text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'emergency')),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  description        text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
  source             text NOT NULL CHECK (source IN ('grid_worker', 'staff', 'public_web', 'open311', 'hotline', 'department', 'inspection')),
  location           geometry(Point, 4326),
  address            text CHECK (length(address) <= 200),
  grid_code          text,
  -- Who holds it now (a community, street, district or the city), and from whom it came (for 回退).
  holder_level       text NOT NULL CHECK (holder_level IN ('community', 'street', 'district', 'city')),
  holder_code        text NOT NULL,
  prev_holder_code   text,
  department_code    text REFERENCES department (code),
  reporter           text,
  reporter_role      text,
  -- A resident's contact, if they gave one (encrypted; masked form for staff).
  contact_name       text CHECK (length(contact_name) <= 40),
  contact_phone_enc  text,
  contact_phone_mask text,
  anonymous          boolean NOT NULL DEFAULT false,
  open311_client     text,
  open311_attributes jsonb,
  -- The running step and its clock.
  step               text CHECK (step IN ('accept', 'handle', 'verify')),
  step_started_at    timestamptz,
  limit_amount       numeric,
  limit_unit         text CHECK (limit_unit IN ('calendar_hours', 'working_hours', 'working_days', 'calendar_days')),
  extension_amount   numeric NOT NULL DEFAULT 0,
  -- A pending extension request: { by, party, amount, reason, at }.
  extension_request  jsonb,
  warn_at            timestamptz,
  due_at             timestamptz,
  -- Twice the limit: the sweep's red card.
  red_at             timestamptz,
  -- Automatic urging done in this step: 0 none, 1 overdue (yellow card), 2 red card.
  auto_level         smallint NOT NULL DEFAULT 0,
  supervision        text NOT NULL DEFAULT 'none' CHECK (supervision IN ('none', 'yellow', 'red')),
  ever_overdue       boolean NOT NULL DEFAULT false,
  rework_count       integer NOT NULL DEFAULT 0,
  result             text CHECK (length(result) <= 4000),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  accepted_at        timestamptz,
  closed_at          timestamptz,
  closed_level       text CHECK (closed_level IN ('grid', 'community', 'street', 'district', 'city')),
  merged_into        bigint REFERENCES civic_case (id),
  rating             smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment     text CHECK (length(rating_comment) <= 500),
  rated_at           timestamptz,
  concern_id         bigint,
  CHECK ((state IN ('reported', 'accepted', 'dispatched', 'to_verify')) = (step IS NOT NULL)),
  CHECK (state <> 'dispatched' OR department_code IS NOT NULL),
  CHECK (state <> 'closed' OR (closed_at IS NOT NULL AND closed_level IS NOT NULL)),
  CHECK (state <> 'merged' OR merged_into IS NOT NULL)
);
COMMENT ON TABLE civic_case IS 'A case (事件) and its current state; its history is case_event. ("case" is an SQL keyword.)';
CREATE INDEX civic_case_grid ON civic_case (grid_code text_pattern_ops);
CREATE INDEX civic_case_holder ON civic_case (holder_code, state);
CREATE INDEX civic_case_department ON civic_case (department_code, state) WHERE department_code IS NOT NULL;
CREATE INDEX civic_case_created ON civic_case (created_at);
CREATE INDEX civic_case_closed ON civic_case (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX civic_case_reporter ON civic_case (reporter, created_at);
-- Open cases (a few thousand among a year's hundreds of thousands): the inboxes count and list them.
CREATE INDEX civic_case_open_holder ON civic_case (holder_code) WHERE step IS NOT NULL;
CREATE INDEX civic_case_open_grid ON civic_case (grid_code text_pattern_ops) WHERE step IS NOT NULL;
-- The sweep's two queues: open cases by the instant they turn overdue, and by the red-card instant.
CREATE INDEX civic_case_due ON civic_case (due_at) WHERE auto_level = 0 AND step IS NOT NULL;
CREATE INDEX civic_case_red ON civic_case (red_at) WHERE auto_level = 1 AND step IS NOT NULL;
CREATE INDEX civic_case_location ON civic_case USING gist (location);

-- Every step of every case, in order (seq = the case's version after the step).
CREATE TABLE case_event (
  case_id      bigint NOT NULL REFERENCES civic_case (id),
  seq          integer NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  action       text NOT NULL,
  from_state   text,
  to_state     text NOT NULL,
  actor        text NOT NULL,
  actor_role   text,
  party        text NOT NULL CHECK (party IN ('reporter', 'holder', 'department', 'supervisor', 'public', 'system')),
  reason       text CHECK (length(reason) <= 1000),
  result       text CHECK (length(result) <= 4000),
  card         text CHECK (card IN ('yellow', 'red')),
  from_holder  text,
  to_holder    text,
  department_code text,
  amount       numeric,
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (case_id, seq)
);
CREATE INDEX case_event_actor ON case_event (actor, at);

CREATE FUNCTION case_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER case_event_no_update BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION case_event_append_only();
CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event FOR EACH STATEMENT EXECUTE FUNCTION case_event_append_only();

-- Copies (抄告) to an area or a department, for their information.
CREATE TABLE case_copy (
  case_id          bigint NOT NULL REFERENCES civic_case (id),
  target_code      text NOT NULL,
  target_kind      text NOT NULL CHECK (target_kind IN ('area', 'department')),
  at               timestamptz NOT NULL DEFAULT now(),
  by_actor         text NOT NULL,
  PRIMARY KEY (case_id, target_code)
);
CREATE INDEX case_copy_target ON case_copy (target_code, at);

CREATE TABLE case_person (
  case_id    bigint NOT NULL REFERENCES civic_case (id),
  person_id  bigint NOT NULL,
  role       text NOT NULL CHECK (role IN ('party', 'reporter', 'witness', 'other')),
  PRIMARY KEY (case_id, person_id)
);

-- Idempotency keys of writes from mobile and public clients: the same key and body give the same
-- answer; the same key with another body is refused. Kept 7 days.
CREATE TABLE idempotency_key (
  owner         text NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 8 AND 100),
  request_hash  text NOT NULL,
  status        integer NOT NULL,
  response      jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);

-- Open311 clients (api_key for POST), keys stored as SHA-256.
CREATE TABLE open311_client (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash    text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL
);

-- Durable background jobs: one lease per job name. A runner takes the lease with a conditional
-- update; a crashed runner's lease expires. The work itself is idempotent (conditional updates), so a
-- second runner could never act twice on a case even without the lease.
CREATE TABLE job_lease (
  name          text PRIMARY KEY,
  holder        text,
  lease_until   timestamptz NOT NULL DEFAULT '-infinity',
  last_started  timestamptz,
  last_finished timestamptz,
  last_result   jsonb
);
INSERT INTO job_lease (name) VALUES ('case_sweep');
