-- Areas and grids (地): the administrative hierarchy city → district/county → street/town →
-- community/village → grid, with versioned boundaries. Frozen once applied; change by a new file.
CREATE EXTENSION IF NOT EXISTS postgis;

-- Code list of area levels. A reference table (replicated to every node under Citus).
CREATE TABLE area_level (
  level       text PRIMARY KEY,
  rank        smallint NOT NULL UNIQUE,
  code_length smallint NOT NULL,
  name_zh     text NOT NULL,
  name_en     text NOT NULL
);
COMMENT ON TABLE area_level IS 'Levels of the area hierarchy (区划层级) and the length of their codes.';
INSERT INTO area_level (level, rank, code_length, name_zh, name_en) VALUES
  ('city',      0,  6, '市',        'City'),
  ('district',  1,  6, '区/县',     'District / county'),
  ('street',    2,  9, '街道/乡镇', 'Street / town'),
  ('community', 3, 12, '社区/村',   'Community / village'),
  ('grid',      4, 15, '网格',      'Grid');

-- One row per area that exists or existed. The code is the identity: a redrawn area keeps its code and
-- gets a new boundary version; an area that is abolished is closed (valid_to), never deleted.
CREATE TABLE area (
  code              text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  parent_code       text REFERENCES area (code),
  level             text NOT NULL REFERENCES area_level (level),
  name              text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  path              text NOT NULL,
  responsible_unit  text CHECK (responsible_unit IS NULL OR length(responsible_unit) <= 200),
  kind              text CHECK (kind IS NULL OR kind IN ('urban', 'rural')),
  valid_from        timestamptz NOT NULL DEFAULT now(),
  valid_to          timestamptz,
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK ((level = 'city') = (parent_code IS NULL)),
  CHECK (path = code OR path LIKE '%.' || code)
);
COMMENT ON TABLE area IS 'Areas of the hierarchy: city, district/county (区县), street/town (街道/乡镇), community/village (社区/村), grid (网格).';
COMMENT ON COLUMN area.code IS 'Standard code: 6-digit GB/T 2260 for city and county, 9-digit street, 12-digit statistical division code for community, community code + 3-digit serial for grid.';
COMMENT ON COLUMN area.path IS 'Codes of the ancestors and the area itself joined by ".", root first: subtree = path = X OR path LIKE X || ''.%''.';
COMMENT ON COLUMN area.responsible_unit IS 'The unit answerable for the area (e.g. a community workstation 综治工作站).';
COMMENT ON COLUMN area.kind IS 'For communities: urban residents'' committee (社区) or rural village (村).';
COMMENT ON COLUMN area.valid_to IS 'When the area was abolished; NULL while it exists.';
CREATE INDEX area_parent_idx ON area (parent_code);
CREATE INDEX area_path_idx ON area (path text_pattern_ops);
CREATE INDEX area_level_idx ON area (level) WHERE valid_to IS NULL;

-- Every boundary change is one row here, whatever its size (seed, import, edit).
CREATE TABLE boundary_change (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  root_code   text NOT NULL REFERENCES area (code),
  kind        text NOT NULL CHECK (kind IN ('seed', 'import', 'edit')),
  summary     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE boundary_change IS 'One accepted change of boundaries under root_code; summary lists created, updated and retired codes.';

-- Boundary versions. Exactly one current version (valid_to IS NULL) per existing area.
CREATE TABLE area_boundary (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  area_code   text NOT NULL REFERENCES area (code),
  change_id   bigint NOT NULL REFERENCES boundary_change (id),
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom) AND ST_IsValid(geom)),
  area_m2     double precision NOT NULL CHECK (area_m2 > 0),
  valid_from  timestamptz NOT NULL DEFAULT now(),
  valid_to    timestamptz,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE area_boundary IS 'Versioned boundaries (valid from/to): a redrawn area keeps its history.';
COMMENT ON COLUMN area_boundary.geom IS 'Boundary in WGS 84 (SRID 4326), always a valid MultiPolygon.';
COMMENT ON COLUMN area_boundary.area_m2 IS 'Geodesic area of geom in square metres (ST_Area on the spheroid).';
CREATE UNIQUE INDEX area_boundary_current_uq ON area_boundary (area_code) WHERE valid_to IS NULL;
CREATE INDEX area_boundary_geom_idx ON area_boundary USING gist (geom) WHERE valid_to IS NULL;
CREATE INDEX area_boundary_history_idx ON area_boundary (area_code, valid_from);

-- The current map: existing areas with their current boundary.
CREATE VIEW current_area AS
SELECT a.code, a.parent_code, a.level, a.name, a.path, a.responsible_unit, a.kind, a.valid_from,
       b.id AS boundary_id, b.geom, b.area_m2, b.valid_from AS boundary_from, b.change_id
FROM area a
JOIN area_boundary b ON b.area_code = a.code AND b.valid_to IS NULL
WHERE a.valid_to IS NULL;
