-- The audit trail (审计日志): append-only and hash-chained, so that altering, removing or reordering a
-- record is detectable by recomputing the chain (see server/features/audit/audit-chain.ts).
CREATE TABLE audit_event (
  seq          bigint PRIMARY KEY CHECK (seq > 0),
  occurred_at  timestamptz NOT NULL,
  actor        text NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  action       text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
  target       text,
  source       text,
  outcome      text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash    text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash         text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
COMMENT ON TABLE audit_event IS 'Append-only, hash-chained audit trail: who did what to which record, when, from where, with what outcome.';
COMMENT ON COLUMN audit_event.seq IS 'Gapless position in the chain, 1-based; a gap means a record was removed.';
COMMENT ON COLUMN audit_event.actor IS 'Who acted: an account name, or "anonymous" / "system".';
COMMENT ON COLUMN audit_event.action IS 'What was done, dotted: e.g. area.import, auth.login.';
COMMENT ON COLUMN audit_event.target IS 'Which record, as kind:id, e.g. area:630102001001.';
COMMENT ON COLUMN audit_event.source IS 'From where: the client address as the server saw it.';
COMMENT ON COLUMN audit_event.prev_hash IS 'hash of the record before (64 zeros for the first).';
COMMENT ON COLUMN audit_event.hash IS 'SHA-256 of prev_hash and the canonical form of this record.';
CREATE INDEX audit_event_actor_idx ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_action_idx ON audit_event (action, occurred_at);
CREATE INDEX audit_event_target_idx ON audit_event (target, occurred_at);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);

-- Append-only: the application can insert, never update or delete.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
