-- One round trip per audit record: audit_append() takes the chain lock, reads the last record (or the
-- retention anchor), computes the new record's hash and inserts it, inside the caller's statement.
-- The hash is the one audit-chain.ts computes: SHA-256 of prev_hash, a newline and the canonical JSON
-- of the record; the caller sends that JSON in two parts around the seq, which only this function knows.
CREATE FUNCTION audit_append(
  p_occurred_at timestamptz, p_actor text, p_action text, p_target text, p_source text, p_outcome text,
  p_detail jsonb, p_body_before_seq text, p_body_after_seq text
) RETURNS TABLE (new_seq bigint, prev_hash text, new_hash text) LANGUAGE plpgsql AS $$
DECLARE
  last_seq  bigint;
  last_hash text;
  h         text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('frontline.audit_event'));
  -- A statement after the lock sees every record committed before it was granted.
  SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_event e ORDER BY e.seq DESC LIMIT 1;
  IF last_seq IS NULL THEN
    SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_anchor a WHERE a.id = 1;
  END IF;
  last_seq := coalesce(last_seq, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  h := encode(sha256(convert_to(last_hash || E'\n' || p_body_before_seq || (last_seq + 1)::text || p_body_after_seq, 'UTF8')), 'hex');
  INSERT INTO audit_event (seq, occurred_at, actor, action, target, source, outcome, detail, prev_hash, hash)
  VALUES (last_seq + 1, p_occurred_at, p_actor, p_action, p_target, p_source, p_outcome, p_detail, last_hash, h);
  RETURN QUERY SELECT last_seq + 1, last_hash, h;
END
$$;
