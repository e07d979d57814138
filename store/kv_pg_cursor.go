package store

import "bytes"

// pgCursor walks a bucket of a pgTx in pages of rows: keys after (or
// before) the one it is on, ORDER BY k, fetched when it moves past the
// rows it holds or when the bucket was written since it fetched them (so
// that it sees its transaction's writes, as a bbolt cursor does).
type pgCursor struct {
	b    *pgBucket
	rows []pgRow // fetched in direction dir; the cursor is on rows[pos]
	pos  int
	dir  int    // +1 (ascending) or -1 (descending)
	gen  int    // the bucket's write count when rows were fetched
	end  bool   // the fetch of rows reached the end in direction dir
	size int    // the rows the next fetch asks for
	key  []byte // the key the cursor is on; nil when off either end
}

type pgRow struct{ k, v []byte }

func (c *pgCursor) First() ([]byte, []byte) {
	c.size = pgFirstPage
	return c.fetch(1, `SELECT k, v FROM kv WHERE bucket = $1 ORDER BY k LIMIT $2`)
}

func (c *pgCursor) Last() ([]byte, []byte) {
	c.size = pgFirstPage
	return c.fetch(-1, `SELECT k, v FROM kv WHERE bucket = $1 ORDER BY k DESC LIMIT $2`)
}

func (c *pgCursor) Seek(seek []byte) ([]byte, []byte) {
	c.size = pgFirstPage
	return c.fetch(1, `SELECT k, v FROM kv WHERE bucket = $1 AND k >= $3 ORDER BY k LIMIT $2`, bytes.Clone(seek))
}

func (c *pgCursor) Next() ([]byte, []byte) { return c.move(1) }
func (c *pgCursor) Prev() ([]byte, []byte) { return c.move(-1) }

// Delete removes the key the cursor is on; the cursor stays there (and
// Next would land on the key after it, where bbolt's may skip one).
func (c *pgCursor) Delete() error {
	if c.key == nil {
		return c.b.t.err
	}
	return c.b.Delete(c.key)
}

// move steps one key in direction dir: within the fetched rows when they
// run that way and are current, else by fetching from the key it is on.
func (c *pgCursor) move(dir int) ([]byte, []byte) {
	if c.key == nil {
		return nil, nil
	}
	if dir == c.dir && c.gen == c.b.t.gen[c.b.name] {
		if c.pos+1 < len(c.rows) {
			c.pos++
			return c.on()
		}
		if c.end {
			c.key = nil
			return nil, nil
		}
	} else {
		c.size = pgFirstPage // a turn, or a write: start small again
	}
	if dir > 0 {
		return c.fetch(1, `SELECT k, v FROM kv WHERE bucket = $1 AND k > $3 ORDER BY k LIMIT $2`, c.key)
	}
	return c.fetch(-1, `SELECT k, v FROM kv WHERE bucket = $1 AND k < $3 ORDER BY k DESC LIMIT $2`, c.key)
}

// fetch runs query (its $1 the bucket, $2 the limit c.size, $3 arg) and
// puts the cursor on its first row. First, Last and Seek start with
// pgFirstPage rows, each next fetch asks for twice as many.
func (c *pgCursor) fetch(dir int, query string, arg ...[]byte) ([]byte, []byte) {
	t := c.b.t
	c.rows, c.pos, c.key, c.dir, c.gen = c.rows[:0], 0, nil, dir, t.gen[c.b.name]
	if t.err != nil {
		return nil, nil
	}
	args := []any{c.b.name, c.size}
	if len(arg) > 0 {
		args = append(args, arg[0])
	}
	rows, err := t.tx.Query(t.ctx, query, args...)
	if err != nil {
		t.fail(err, "walking %s", c.b.name)
		return nil, nil
	}
	for rows.Next() {
		var r pgRow
		if err := rows.Scan(&r.k, &r.v); err != nil {
			rows.Close()
			t.fail(err, "walking %s", c.b.name)
			return nil, nil
		}
		if r.v == nil {
			r.v = []byte{}
		}
		c.rows = append(c.rows, r)
	}
	if err := rows.Err(); err != nil {
		t.fail(err, "walking %s", c.b.name)
		return nil, nil
	}
	c.end = len(c.rows) < c.size
	c.size = min(2*c.size, pgMaxPage)
	if len(c.rows) == 0 {
		return nil, nil
	}
	return c.on()
}

func (c *pgCursor) on() ([]byte, []byte) {
	r := c.rows[c.pos]
	c.key = r.k
	return r.k, r.v
}
