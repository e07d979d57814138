-- 0002: the store's invariants as constraints. The records stay in kv;
-- these tables hold what the database itself must refuse, written in the
-- same transactions as the records (store/constraint.go).

-- A live credential is issued, active, not superseded by its renewal and
-- not known to have expired: at most one per issuer, member and
-- achievement. A credential stops being live when it is revoked,
-- suspended or renewed, and when a new one for the same triple finds it
-- expired (valid_until at or before the new one's reservation).
CREATE TABLE credential_holding (
	credential  text        PRIMARY KEY,
	issuer      text        NOT NULL,
	member      text        NOT NULL,
	achievement text        NOT NULL,
	valid_until timestamptz,
	live        boolean     NOT NULL
);
CREATE UNIQUE INDEX credential_holding_one_live
	ON credential_holding (issuer, member, achievement) WHERE live;

-- Every status list index ever given to a credential: never two per
-- index, even for a credential whose issuance was abandoned.
CREATE TABLE status_index (
	list       bytea   NOT NULL,
	idx        integer NOT NULL CHECK (idx >= 0),
	credential text    NOT NULL,
	PRIMARY KEY (list, idx)
);

-- The pending notices of the outbox, by when they are due: mail workers
-- claim them with FOR UPDATE SKIP LOCKED, so two nodes never take the
-- same one, and a claim moves due to the end of its lease.
CREATE TABLE outbox_queue (
	notice text        PRIMARY KEY,
	due    timestamptz NOT NULL
);
CREATE INDEX outbox_queue_due ON outbox_queue (due, notice);
