-- The registry (人、地、物、组织、情): people, households, buildings and rooms, rentals, special and care
-- lists, organizations, facilities (部件) and residents' concerns (社情民意). Frozen once applied.
--
-- Every record with a place carries grid_code, the grid it lies in: the tenant key (Citus can
-- distribute on it) and the scope key. Area codes are hierarchical, so a scope's subtree is a prefix
-- of grid_code (the city's prefix is its first 4 digits), served by a text_pattern_ops index.
-- Nothing here is deleted by a user: records are retired (status) and list entries ended (ended_at).
-- Counts per grid are maintained by statement-level triggers (registry_total), exact under
-- concurrent writes and COPY.

-- Which data key encrypts this database's personal data: an HMAC of a constant under the key (never
-- the key). Starting with another key is refused instead of writing data no one can read together.
CREATE TABLE data_key_check (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  check_value text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Code list of special and care lists (重点人群 / 关爱对象). A reference table.
CREATE TABLE list_type (
  code     text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  kind     text NOT NULL CHECK (kind IN ('special', 'care')),
  rank     smallint NOT NULL UNIQUE,
  name_zh  text NOT NULL,
  name_en  text NOT NULL
);
COMMENT ON TABLE list_type IS 'Special groups (重点人群) and care groups (关爱对象) a person can be put on; their own fields are defined in shared/registry/lists.ts.';
INSERT INTO list_type (code, kind, rank, name_zh, name_en) VALUES
  ('community_correction',  'special',  1, '社区矫正对象',     'Community correction'),
  ('released_prisoner',     'special',  2, '刑满释放人员',     'Released prisoner'),
  ('severe_mental_disorder','special',  3, '严重精神障碍患者', 'Severe mental disorder'),
  ('drug_user',             'special',  4, '吸毒人员',         'Drug rehabilitation'),
  ('hiv',                   'special',  5, '艾滋病危险人员',   'People with HIV'),
  ('petitioner',            'special',  6, '重点上访人员',     'Petitioner'),
  ('key_youth',             'special',  7, '重点青少年',       'Key youth'),
  ('elderly_alone',         'care',     8, '独居老人',         'Elderly living alone'),
  ('disabled',              'care',     9, '残疾人',           'Disabled'),
  ('low_income',            'care',    10, '低保对象',         'Low-income (dibao)'),
  ('left_behind_child',     'care',    11, '留守儿童',         'Left-behind child'),
  ('entitled_group',        'care',    12, '优抚对象',         'Entitled group (优抚)');

-- Spreadsheet imports (批量导入): the file, its validation report and its outcome. An import is applied in
-- one transaction (COPY), so an interrupted one leaves no rows; the rows it wrote carry its id.
CREATE TABLE import_job (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('people')),
  scope_code    text NOT NULL REFERENCES area (code),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  filename      text CHECK (length(filename) <= 200),
  file_sha256   text NOT NULL,
  file          bytea,
  status        text NOT NULL CHECK (status IN ('validating', 'validated', 'rejected', 'applying', 'done', 'failed', 'interrupted')),
  mode          text CHECK (mode IN ('all', 'valid_only')),
  rows_total    integer,
  rows_valid    integer,
  rows_invalid  integer,
  rows_written  integer,
  report        jsonb NOT NULL DEFAULT '{}'::jsonb,
  error         text,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
COMMENT ON COLUMN import_job.file IS 'The uploaded file, kept until the import is applied (then cleared).';
CREATE INDEX import_job_scope_idx ON import_job (scope_code text_pattern_ops, id DESC);

-- Buildings (房屋): a point (and optionally a footprint), an address, a use.
CREATE TABLE building (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code    text NOT NULL REFERENCES area (code),
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  address      text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
  address_key  text NOT NULL,
  use          text NOT NULL CHECK (use IN ('residential', 'commercial', 'mixed', 'public', 'industrial', 'other')),
  floors       smallint CHECK (floors BETWEEN 1 AND 200),
  built_year   smallint CHECK (built_year BETWEEN 1800 AND 2200),
  hazard_grade text NOT NULL DEFAULT 'safe' CHECK (hazard_grade IN ('safe', 'general', 'serious')),
  location     geometry(Point, 4326) NOT NULL,
  footprint    geometry(Polygon, 4326),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  status_reason text,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  updated_by   text NOT NULL
);
COMMENT ON COLUMN building.address_key IS 'The address normalised for matching (registry/address.ts): how an address finds its building and grid.';
CREATE INDEX building_grid_idx ON building (grid_code text_pattern_ops);
CREATE INDEX building_address_idx ON building (address_key) WHERE status = 'active';
CREATE INDEX building_location_idx ON building USING gist (location);

-- Rooms (房间), with their unit (单元) and floor.
CREATE TABLE room (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  building_id  bigint NOT NULL REFERENCES building (id),
  unit         text NOT NULL DEFAULT '' CHECK (length(unit) <= 20),
  floor        smallint CHECK (floor BETWEEN -10 AND 200),
  number       text NOT NULL CHECK (length(btrim(number)) BETWEEN 1 AND 20),
  use          text NOT NULL DEFAULT 'residential' CHECK (use IN ('residential', 'commercial', 'office', 'storage', 'other')),
  area_m2      numeric(8, 2) CHECK (area_m2 > 0),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  version      integer NOT NULL DEFAULT 1,
  UNIQUE (building_id, unit, number)
);

-- Households (户): a family or a collective household at a room.
CREATE TABLE household (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code    text NOT NULL REFERENCES area (code),
  household_no text CHECK (household_no ~ '^[0-9A-Za-z-]{1,30}$'),
  kind         text NOT NULL DEFAULT 'family' CHECK (kind IN ('family', 'collective')),
  room_id      bigint REFERENCES room (id),
  import_id    bigint REFERENCES import_job (id),
  address      text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL
);
CREATE INDEX household_grid_idx ON household (grid_code text_pattern_ops);
CREATE INDEX household_room_idx ON household (room_id);
CREATE INDEX household_no_idx ON household (household_no) WHERE household_no IS NOT NULL;
CREATE INDEX household_import_idx ON household (import_id) WHERE import_id IS NOT NULL;

-- People (实有人口). The ID number is stored encrypted (id_cipher, AES-256-GCM bound to this column)
-- with a keyed blind index (id_index, HMAC) for exact search and uniqueness, and its masked form.
CREATE TABLE person (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code          text NOT NULL CHECK (grid_code ~ '^[0-9]{15}$'),
  name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  former_name        text CHECK (length(former_name) BETWEEN 1 AND 50),
  id_cipher          text NOT NULL,
  id_index           text NOT NULL,
  id_masked          text NOT NULL,
  birth_date         date NOT NULL,
  sex                text NOT NULL CHECK (sex IN ('1', '2')),
  ethnicity          text NOT NULL CHECK (ethnicity ~ '^[0-9]{2}$'),
  phone_cipher       text,
  phone_index        text,
  phone_masked       text,
  residence_category text NOT NULL CHECK (residence_category IN ('registered', 'floating', 'unsettled', 'overseas')),
  household_id       bigint REFERENCES household (id),
  relation           text CHECK (relation ~ '^[0-9]{2}$'),
  room_id            bigint REFERENCES room (id),
  address            text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
  registered_address text CHECK (length(registered_address) <= 200),
  political_status   text CHECK (political_status ~ '^[0-9]{2}$'),
  education          text CHECK (education ~ '^[0-9]{2}$'),
  marital_status     text CHECK (marital_status ~ '^[0-9]{2}$'),
  religion           text CHECK (length(religion) <= 20),
  workplace          text CHECK (length(workplace) <= 100),
  location           geometry(Point, 4326),
  import_id          bigint,
  status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased', 'retired')),
  status_reason      text,
  version            integer NOT NULL DEFAULT 1,
  created_at         timestamptz NOT NULL DEFAULT now(),
  created_by         text NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text NOT NULL,
  CHECK ((phone_cipher IS NULL) = (phone_index IS NULL) AND (phone_index IS NULL) = (phone_masked IS NULL))
);
COMMENT ON COLUMN person.grid_code IS 'The current grid the person is registered in. No foreign key on the two largest tables (person, person_residence): the application checks every grid code it writes and areas are never deleted (only closed), while a per-row key check cost a third of a 2-million-row import (docs/registry.md, "Import").';
COMMENT ON COLUMN person.import_id IS 'The import (import_job) that wrote the person; no foreign key, for the same reason as grid_code.';
COMMENT ON COLUMN person.id_cipher IS 'The ID number (GB 11643), AES-256-GCM under the data key, bound to person.id_number.';
COMMENT ON COLUMN person.id_index IS 'HMAC-SHA-256 blind index of the ID number: exact search and one record per person.';
COMMENT ON COLUMN person.sex IS 'GB/T 2261.1: 1 male, 2 female (derived from the ID number).';
COMMENT ON COLUMN person.relation IS 'Relation to the head of household, GB/T 4761 (01 head, 10 spouse, 20 son, 30 daughter…).';
CREATE UNIQUE INDEX person_id_index_uq ON person (id_index);
CREATE INDEX person_grid_idx ON person (grid_code text_pattern_ops);
CREATE INDEX person_name_idx ON person (name text_pattern_ops);
CREATE INDEX person_phone_idx ON person (phone_index) WHERE phone_index IS NOT NULL;
CREATE INDEX person_household_idx ON person (household_id);
CREATE INDEX person_room_idx ON person (room_id);
CREATE INDEX person_import_idx ON person (import_id) WHERE import_id IS NOT NULL;

-- Where a person has lived (居住历史): one row per stay; the current one has valid_to NULL.
CREATE TABLE person_residence (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL,
  grid_code   text NOT NULL CHECK (grid_code ~ '^[0-9]{15}$'),
  room_id     bigint,
  address     text NOT NULL,
  valid_from  timestamptz NOT NULL DEFAULT now(),
  valid_to    timestamptz,
  reason      text,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE person_residence IS 'Residence history, written only with its person in the same transaction (no foreign keys: see person.grid_code).';
CREATE UNIQUE INDEX person_residence_current_uq ON person_residence (person_id) WHERE valid_to IS NULL;
CREATE INDEX person_residence_person_idx ON person_residence (person_id, valid_from);

-- A person on a special or care list, with the list's own fields. Leaving a list ends the entry
-- (ended_at, with a reason); the entry stays. grid_code follows the person's (trigger below).
CREATE TABLE person_list (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES person (id),
  list_code   text NOT NULL REFERENCES list_type (code),
  grid_code   text NOT NULL REFERENCES area (code),
  attention   text NOT NULL DEFAULT 'general' CHECK (attention IN ('general', 'medium', 'serious')),
  source      text NOT NULL DEFAULT 'entered' CHECK (source IN ('entered', 'claimed', 'verified')),
  fields      jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(fields) = 'object'),
  started_at  timestamptz NOT NULL DEFAULT now(),
  started_by  text NOT NULL,
  ended_at    timestamptz,
  ended_by    text,
  end_reason  text,
  version     integer NOT NULL DEFAULT 1,
  CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND (ended_at IS NULL) = (ended_by IS NULL)),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX person_list_active_uq ON person_list (person_id, list_code) WHERE ended_at IS NULL;
CREATE INDEX person_list_grid_idx ON person_list (list_code, grid_code text_pattern_ops) WHERE ended_at IS NULL;

-- Rental housing (出租房屋) and its tenants.
CREATE TABLE rental (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room_id       bigint NOT NULL REFERENCES room (id),
  grid_code     text NOT NULL REFERENCES area (code),
  landlord_id   bigint REFERENCES person (id),
  landlord_name text NOT NULL CHECK (length(landlord_name) BETWEEN 1 AND 50),
  purpose       text NOT NULL DEFAULT 'residence' CHECK (purpose IN ('residence', 'business', 'storage', 'other')),
  started_on    date NOT NULL,
  ended_on      date,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE UNIQUE INDEX rental_room_active_uq ON rental (room_id) WHERE status = 'active';
CREATE INDEX rental_grid_idx ON rental (grid_code text_pattern_ops);
CREATE TABLE tenancy (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rental_id   bigint NOT NULL REFERENCES rental (id),
  person_id   bigint NOT NULL REFERENCES person (id),
  started_on  date NOT NULL,
  ended_on    date,
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE UNIQUE INDEX tenancy_active_uq ON tenancy (rental_id, person_id) WHERE ended_on IS NULL;
CREATE INDEX tenancy_person_idx ON tenancy (person_id);

-- Organizations (组织): businesses, social organizations, key places.
CREATE TABLE organization (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code       text NOT NULL REFERENCES area (code),
  credit_code     text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  kind            text NOT NULL CHECK (kind IN ('business', 'social', 'party', 'public_place', 'school', 'hazardous_chemical', 'key_site', 'government', 'other')),
  legal_rep       text CHECK (length(legal_rep) BETWEEN 1 AND 50),
  address         text NOT NULL CHECK (length(btrim(address)) BETWEEN 1 AND 200),
  building_id     bigint REFERENCES building (id),
  location        geometry(Point, 4326) NOT NULL,
  employees       integer CHECK (employees BETWEEN 0 AND 1000000),
  security_contact text CHECK (length(security_contact) BETWEEN 1 AND 50),
  phone_cipher    text,
  phone_index     text,
  phone_masked    text,
  key_place       boolean NOT NULL DEFAULT false,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  status_reason   text,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL
);
CREATE UNIQUE INDEX organization_credit_code_uq ON organization (credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX organization_grid_idx ON organization (grid_code text_pattern_ops);
CREATE INDEX organization_name_idx ON organization (name text_pattern_ops);
CREATE INDEX organization_location_idx ON organization USING gist (location);

-- Things (部件): public facilities and hazard sources.
CREATE TABLE facility (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code       text NOT NULL REFERENCES area (code),
  class           text NOT NULL CHECK (class IN ('public_utility', 'road_traffic', 'appearance_environment', 'landscaping', 'housing_land', 'other')),
  kind            text NOT NULL CHECK (kind ~ '^[a-z_]{2,40}$'),
  name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  code            text CHECK (code ~ '^[0-9A-Za-z-]{1,40}$'),
  location        geometry(Point, 4326) NOT NULL,
  owner_dept      text CHECK (length(owner_dept) <= 100),
  maintainer_dept text CHECK (length(maintainer_dept) <= 100),
  state           text NOT NULL DEFAULT 'intact' CHECK (state IN ('intact', 'damaged', 'missing', 'occupied')),
  hazard          boolean NOT NULL DEFAULT false,
  status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  status_reason   text,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL
);
CREATE UNIQUE INDEX facility_code_uq ON facility (code) WHERE code IS NOT NULL;
CREATE INDEX facility_grid_idx ON facility (grid_code text_pattern_ops);
CREATE INDEX facility_location_idx ON facility USING gist (location);

-- Residents' concerns (社情民意) noted by grid workers; may become a case.
CREATE TABLE concern (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_code      text NOT NULL REFERENCES area (code),
  theme          text NOT NULL CHECK (theme IN ('livelihood', 'environment', 'safety', 'dispute', 'policy', 'service', 'infrastructure', 'other')),
  content        text NOT NULL CHECK (length(btrim(content)) BETWEEN 1 AND 2000),
  person_id      bigint REFERENCES person (id),
  resident_name  text CHECK (length(resident_name) BETWEEN 1 AND 50),
  location       geometry(Point, 4326),
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'converted', 'closed')),
  status_reason  text,
  case_ref       text,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  created_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL
);
CREATE INDEX concern_grid_idx ON concern (grid_code text_pattern_ops, created_at);

-- Every change to a registry record, for the record's own history ("who changed what, when").
-- Personal values appear masked. The audit trail holds the same events for the auditor.
CREATE TABLE registry_change (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity     text NOT NULL CHECK (entity IN ('person', 'household', 'building', 'room', 'rental', 'organization', 'facility', 'concern')),
  entity_id  bigint NOT NULL,
  grid_code  text NOT NULL,
  action     text NOT NULL CHECK (action ~ '^[a-z_.]{2,40}$'),
  actor      text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  changes    jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason     text
);
CREATE INDEX registry_change_entity_idx ON registry_change (entity, entity_id, id);

-- Maintained counts per grid and metric. Areas above a grid sum their grids (a prefix range), so no
-- request scans the large tables; the triggers below keep them exact in the same transaction.
CREATE TABLE registry_total (
  grid_code  text NOT NULL,
  metric     text NOT NULL,
  n          bigint NOT NULL,
  PRIMARY KEY (grid_code, metric)
);
COMMENT ON TABLE registry_total IS 'Counts of active registry records per grid and metric (person, person.<category>, list.<code>, building, household, organization, organization.<kind>, facility, facility.<state>, concern.<status>).';

-- The metrics a row counts towards; one function per table, used for old rows (−1) and new rows (+1).
-- Each trigger aggregates its statement's rows per (grid, metric) first, then upserts in key order
-- (so concurrent single statements do not deadlock on registry_total); one statement of a 2-million-row COPY
-- costs one pass over its rows.
CREATE FUNCTION registry_person_metrics(p person) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN p.status = 'active' THEN ARRAY['person', 'person.' || p.residence_category, 'person.sex.' || p.sex] ELSE ARRAY[]::text[] END
$$;

CREATE FUNCTION registry_person_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One grouped pass over the statement's rows (per grid × category × sex), then the metrics: the
  -- same as registry_person_metrics, written out so that a 2-million-row COPY does not call a
  -- function per row.
  IF TG_OP = 'INSERT' THEN
    WITH g AS (SELECT grid_code, residence_category AS c, sex AS s, count(*) AS n FROM new_rows WHERE status = 'active' GROUP BY 1, 2, 3)
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT grid_code, metric, sum(n) FROM (
      SELECT grid_code, 'person' AS metric, n FROM g
      UNION ALL SELECT grid_code, 'person.' || c, n FROM g
      UNION ALL SELECT grid_code, 'person.sex.' || s, n FROM g
    ) x GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    WITH g AS (SELECT grid_code, residence_category AS c, sex AS s, count(*) AS n FROM old_rows WHERE status = 'active' GROUP BY 1, 2, 3)
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT grid_code, metric, -sum(n) FROM (
      SELECT grid_code, 'person' AS metric, n FROM g
      UNION ALL SELECT grid_code, 'person.' || c, n FROM g
      UNION ALL SELECT grid_code, 'person.sex.' || s, n FROM g
    ) x GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSE
    WITH g AS (
      SELECT grid_code, residence_category AS c, sex AS s, -count(*) AS n FROM old_rows WHERE status = 'active' GROUP BY 1, 2, 3
      UNION ALL
      SELECT grid_code, residence_category, sex, count(*) FROM new_rows WHERE status = 'active' GROUP BY 1, 2, 3
    )
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT grid_code, metric, sum(n) FROM (
      SELECT grid_code, 'person' AS metric, n FROM g
      UNION ALL SELECT grid_code, 'person.' || c, n FROM g
      UNION ALL SELECT grid_code, 'person.sex.' || s, n FROM g
    ) x GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
    -- A person who moved takes their open list entries along (their own trigger moves the counts).
    UPDATE person_list l SET grid_code = n.grid_code
      FROM new_rows n
     WHERE l.person_id = n.id AND l.ended_at IS NULL AND l.grid_code <> n.grid_code;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_total_ins AFTER INSERT ON person REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_person_total();
CREATE TRIGGER person_total_upd AFTER UPDATE ON person REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_person_total();
CREATE TRIGGER person_total_del AFTER DELETE ON person REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_person_total();

-- The other tables count through one generic function: the metric expression is its argument.
--   person_list:  list.<code> while the entry is open and its person active
--   building:     building
--   household:    household
--   organization: organization, organization.<kind>
--   facility:     facility, facility.<state>
--   concern:      concern.<status>
CREATE FUNCTION registry_row_metrics(tbl text, r jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE tbl
    WHEN 'person_list'  THEN CASE WHEN r->>'ended_at' IS NULL THEN ARRAY['list.' || (r->>'list_code')] ELSE ARRAY[]::text[] END
    WHEN 'building'     THEN CASE WHEN r->>'status' = 'active' THEN ARRAY['building'] ELSE ARRAY[]::text[] END
    WHEN 'household'    THEN CASE WHEN r->>'status' = 'active' THEN ARRAY['household'] ELSE ARRAY[]::text[] END
    WHEN 'organization' THEN CASE WHEN r->>'status' = 'active' THEN ARRAY['organization', 'organization.' || (r->>'kind')] ELSE ARRAY[]::text[] END
    WHEN 'facility'     THEN CASE WHEN r->>'status' = 'active' THEN ARRAY['facility', 'facility.' || (r->>'state')] ELSE ARRAY[]::text[] END
    WHEN 'concern'      THEN ARRAY['concern.' || (r->>'status')]
    ELSE ARRAY[]::text[] END
$$;

CREATE FUNCTION registry_row_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT n.grid_code, m, count(*) FROM new_rows n, unnest(registry_row_metrics(TG_TABLE_NAME, to_jsonb(n))) m
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT o.grid_code, m, -count(*) FROM old_rows o, unnest(registry_row_metrics(TG_TABLE_NAME, to_jsonb(o))) m
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
  ELSE
    INSERT INTO registry_total AS t (grid_code, metric, n)
    SELECT d.grid_code, d.metric, sum(d.delta) FROM (
      SELECT o.grid_code, m AS metric, -1 AS delta FROM old_rows o, unnest(registry_row_metrics(TG_TABLE_NAME, to_jsonb(o))) m
      UNION ALL
      SELECT n.grid_code, m, 1 FROM new_rows n, unnest(registry_row_metrics(TG_TABLE_NAME, to_jsonb(n))) m
    ) d
    GROUP BY 1, 2 HAVING sum(d.delta) <> 0 ORDER BY 1, 2
    ON CONFLICT (grid_code, metric) DO UPDATE SET n = t.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER person_list_total_ins AFTER INSERT ON person_list REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER person_list_total_upd AFTER UPDATE ON person_list REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER person_list_total_del AFTER DELETE ON person_list REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER building_total_ins AFTER INSERT ON building REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER building_total_upd AFTER UPDATE ON building REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER building_total_del AFTER DELETE ON building REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER household_total_ins AFTER INSERT ON household REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER household_total_upd AFTER UPDATE ON household REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER household_total_del AFTER DELETE ON household REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER organization_total_ins AFTER INSERT ON organization REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER organization_total_upd AFTER UPDATE ON organization REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER organization_total_del AFTER DELETE ON organization REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER facility_total_ins AFTER INSERT ON facility REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER facility_total_upd AFTER UPDATE ON facility REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER facility_total_del AFTER DELETE ON facility REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER concern_total_ins AFTER INSERT ON concern REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER concern_total_upd AFTER UPDATE ON concern REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();
CREATE TRIGGER concern_total_del AFTER DELETE ON concern REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_row_total();

-- Registry rows are never deleted by the application; the delete triggers keep totals exact should an
-- operator remove rows by hand. An operator's check that totals are exact: registry_total_drift().
CREATE FUNCTION registry_total_drift() RETURNS TABLE (grid_code text, metric text, stored bigint, actual bigint) LANGUAGE sql STABLE AS $$
  WITH actual AS (
    SELECT p.grid_code, m AS metric, count(*) AS n FROM person p, unnest(registry_person_metrics(p)) m GROUP BY 1, 2
    UNION ALL SELECT l.grid_code, m, count(*) FROM person_list l, unnest(registry_row_metrics('person_list', to_jsonb(l))) m GROUP BY 1, 2
    UNION ALL SELECT b.grid_code, m, count(*) FROM building b, unnest(registry_row_metrics('building', to_jsonb(b))) m GROUP BY 1, 2
    UNION ALL SELECT h.grid_code, m, count(*) FROM household h, unnest(registry_row_metrics('household', to_jsonb(h))) m GROUP BY 1, 2
    UNION ALL SELECT o.grid_code, m, count(*) FROM organization o, unnest(registry_row_metrics('organization', to_jsonb(o))) m GROUP BY 1, 2
    UNION ALL SELECT f.grid_code, m, count(*) FROM facility f, unnest(registry_row_metrics('facility', to_jsonb(f))) m GROUP BY 1, 2
    UNION ALL SELECT c.grid_code, m, count(*) FROM concern c, unnest(registry_row_metrics('concern', to_jsonb(c))) m GROUP BY 1, 2
  )
  SELECT coalesce(t.grid_code, a.grid_code), coalesce(t.metric, a.metric), coalesce(t.n, 0), coalesce(a.n, 0)
  FROM registry_total t FULL JOIN actual a ON a.grid_code = t.grid_code AND a.metric = t.metric
  WHERE coalesce(t.n, 0) <> coalesce(a.n, 0)
$$;
