-- Retention of the audit trail (issue 3). The trail stays append-only for the application; records
-- older than the retention (at least 185 days, DESIGN.md §3.10) may be removed, oldest first, through
-- one function only: audit_prune(). It deletes a prefix of the chain and keeps, in the one-row table
-- audit_anchor, the seq and hash of the last record it removed, so the verifier can start the chain
-- there (see docs/audit.md and server/features/audit/audit-chain.ts).

CREATE TABLE audit_anchor (
  id           integer PRIMARY KEY CHECK (id = 1),
  seq          bigint NOT NULL CHECK (seq > 0),
  hash         text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  occurred_at  timestamptz NOT NULL,
  pruned_at    timestamptz NOT NULL DEFAULT now(),
  removed      bigint NOT NULL DEFAULT 0 CHECK (removed >= 0)
);
COMMENT ON TABLE audit_anchor IS 'Where the retained audit chain starts: the last record removed by audit_prune().';
COMMENT ON COLUMN audit_anchor.seq IS 'seq of the last removed record: the first retained record is seq + 1.';
COMMENT ON COLUMN audit_anchor.hash IS 'hash of the last removed record: the first retained record''s prev_hash.';
COMMENT ON COLUMN audit_anchor.occurred_at IS 'When the last removed record was written.';
COMMENT ON COLUMN audit_anchor.removed IS 'Records removed by every prune so far.';

-- The prune flag: audit_prune() sets the transaction-local setting frontline.audit_prune_through to the
-- last seq it may remove, deletes, moves the anchor and clears the setting again. The guards below
-- allow a delete only of a record at or below that seq, and a write of the anchor only while it is set
-- and only forwards. Updates and truncation stay refused.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  through bigint := coalesce(nullif(current_setting('frontline.audit_prune_through', true), '')::bigint, 0);
BEGIN
  IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' THEN
    IF OLD.seq <= through THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE FUNCTION audit_anchor_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'ROW' AND TG_OP IN ('INSERT', 'UPDATE')
     AND coalesce(current_setting('frontline.audit_prune_through', true), '') <> '' THEN
    IF TG_OP = 'UPDATE' AND NEW.seq <= OLD.seq THEN
      RAISE EXCEPTION 'audit_anchor only moves forward' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_anchor is written by audit_prune() only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_anchor_guard
  BEFORE INSERT OR UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_anchor_guard();
CREATE TRIGGER audit_anchor_no_truncate
  BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_guard();

-- Removes the records written before `cutoff`, oldest first: the longest prefix of the chain whose
-- records are all older than `cutoff` (a record written later stops it, whatever follows). Refuses a
-- cutoff less than 185 days ago, whatever the caller asks. Returns how many records were removed and
-- the new anchor (null when nothing was removed). Serialized with appends by the same advisory lock.
CREATE FUNCTION audit_prune(cutoff timestamptz)
RETURNS TABLE (removed bigint, anchor_seq bigint, anchor_hash text, first_seq bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  through bigint;
  last_hash text;
  last_at timestamptz;
  n bigint;
BEGIN
  IF cutoff IS NULL OR cutoff > now() - interval '185 days' THEN
    RAISE EXCEPTION 'audit records younger than 185 days cannot be removed (cutoff %)', cutoff
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('frontline.audit_event'));
  through := coalesce(
    (SELECT min(e.seq) - 1 FROM audit_event e WHERE e.occurred_at >= cutoff),
    (SELECT max(e.seq) FROM audit_event e));
  SELECT e.hash, e.occurred_at INTO last_hash, last_at FROM audit_event e WHERE e.seq = through;
  IF through IS NULL OR last_hash IS NULL OR NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.seq <= through) THEN
    RETURN QUERY SELECT 0::bigint, NULL::bigint, NULL::text, (SELECT min(e.seq) FROM audit_event e);
    RETURN;
  END IF;
  PERFORM set_config('frontline.audit_prune_through', through::text, true);
  DELETE FROM audit_event e WHERE e.seq <= through;
  GET DIAGNOSTICS n = ROW_COUNT;
  INSERT INTO audit_anchor AS a (id, seq, hash, occurred_at, pruned_at, removed)
  VALUES (1, through, last_hash, last_at, now(), n)
  ON CONFLICT (id) DO UPDATE
    SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, occurred_at = EXCLUDED.occurred_at,
        pruned_at = EXCLUDED.pruned_at, removed = a.removed + EXCLUDED.removed;
  PERFORM set_config('frontline.audit_prune_through', '', true);
  RETURN QUERY SELECT n, through, last_hash, (SELECT min(e.seq) FROM audit_event e);
END
$$;
COMMENT ON FUNCTION audit_prune(timestamptz) IS 'The only way to remove audit records: a prefix older than cutoff (≥ 185 days ago); moves audit_anchor.';

-- Prefix filters of the auditor's query (action LIKE 'auth.%', target LIKE 'area:630102%') need an
-- index whose order is byte order whatever the database collation: text_pattern_ops serves both
-- equality and prefixes, so these replace the indexes of 0002.
DROP INDEX audit_event_action_idx;
CREATE INDEX audit_event_action_idx ON audit_event (action text_pattern_ops, occurred_at);
DROP INDEX audit_event_target_idx;
CREATE INDEX audit_event_target_idx ON audit_event (target text_pattern_ops, occurred_at);
