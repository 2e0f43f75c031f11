-- Idempotent: a start that finds it unrecorded may apply it again.
-- One group-commit batch in one round trip (src/storage/postgres/writer.ts): takes the counter row
-- lock, checks every mutation's precondition against the committed rows, gives the successful ones
-- consecutive resourceVersions in batch order, appends their events, writes the current rows,
-- moves the counter and sends ONE NOTIFY carrying the highest RV. The caller's implicit transaction
-- commits it all. A batch never names one key twice (the writer splits batches there), so the
-- preconditions are independent of each other.
--
-- p_op: 1 create, 2 update, 3 delete (the events table's type codes). p_expect: the RV an update or
-- delete requires (ignored for creates). p_body, p_prev, p_attrs: JSON arrays of strings (or
-- nulls), one per mutation; each body carries p_token where its resourceVersion goes.
-- Returns the counter before the batch and one failure code per mutation: 0 committed (RV: the
-- counter plus the number of committed mutations up to and including it), 1 exists, 2 not found,
-- 3 conflict.
CREATE OR REPLACE FUNCTION kubepg_write_batch(
	p_op smallint[],
	p_resource text[],
	p_namespace text[],
	p_name text[],
	p_expect bigint[],
	p_uid text[],
	p_body json,
	p_prev json,
	p_attrs json,
	p_token text,
	p_channel text
) RETURNS TABLE (base_rv bigint, failures smallint[])
LANGUAGE plpgsql AS $$
DECLARE
	base bigint;
	fails smallint[];
	n bigint;
BEGIN
	-- The lock orders every writer of every apiserver; the statements after it see what committed before.
	SELECT c.rv INTO base FROM rv_counter c WHERE c.id = 1 FOR UPDATE;
	SELECT array_agg(
		CASE
			WHEN m.op = 1 THEN CASE WHEN o.rv IS NULL THEN 0 ELSE 1 END
			WHEN o.rv IS NULL THEN 2
			WHEN o.rv <> m.expect THEN 3
			ELSE 0
		END ORDER BY m.k)::smallint[]
	INTO fails
	FROM unnest(p_op, p_resource, p_namespace, p_name, p_expect) WITH ORDINALITY AS m(op, resource, namespace, name, expect, k)
	LEFT JOIN objects o ON o.resource = m.resource AND o.namespace = m.namespace AND o.name = m.name;

	WITH ok AS (
		SELECT m.k, m.op, m.resource, m.namespace, m.name, m.uid, base + row_number() OVER (ORDER BY m.k) AS rv
		FROM unnest(p_op, p_resource, p_namespace, p_name, p_uid, fails) WITH ORDINALITY AS m(op, resource, namespace, name, uid, f, k)
		WHERE m.f = 0
	), w AS (
		SELECT ok.*, replace(b.t, p_token, ok.rv::text) AS data, p.t AS prev, a.t AS attrs
		FROM ok
		JOIN json_array_elements_text(p_body) WITH ORDINALITY AS b(t, k) ON b.k = ok.k
		JOIN json_array_elements_text(p_prev) WITH ORDINALITY AS p(t, k) ON p.k = ok.k
		JOIN json_array_elements_text(p_attrs) WITH ORDINALITY AS a(t, k) ON a.k = ok.k
	), ev AS (
		INSERT INTO events (rv, resource, namespace, name, type, data, prev)
		SELECT r.rv, r.resource, r.namespace, r.name, r.op, r.data, r.prev FROM w r
	), up AS (
		INSERT INTO objects (resource, namespace, name, rv, uid, data, attrs)
		SELECT r.resource, r.namespace, r.name, r.rv, r.uid, r.data, r.attrs FROM w r WHERE r.op <> 3
		ON CONFLICT (resource, namespace, name) DO UPDATE SET rv = excluded.rv, uid = excluded.uid, data = excluded.data, attrs = excluded.attrs
	), del AS (
		DELETE FROM objects o USING w r
		WHERE r.op = 3 AND o.resource = r.resource AND o.namespace = r.namespace AND o.name = r.name
	)
	SELECT count(*) INTO n FROM w;

	IF n > 0 THEN
		UPDATE rv_counter SET rv = base + n WHERE id = 1;
		PERFORM pg_notify(p_channel, (base + n)::text);
	END IF;
	RETURN QUERY SELECT base, fails;
END
$$;
