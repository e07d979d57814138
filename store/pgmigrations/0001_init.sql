-- 0001: the buckets of the key-value layout (store/kv.go), all in one
-- table. Keys are compared bytewise, as bytea is ordered, so that cursors
-- walk a bucket in bbolt's order. A stored nil value is an empty bytea.
CREATE TABLE kv (
	bucket text  NOT NULL,
	k      bytea NOT NULL CHECK (octet_length(k) > 0),
	v      bytea NOT NULL,
	PRIMARY KEY (bucket, k)
);
