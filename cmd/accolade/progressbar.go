package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
)

// progressBar draws the share of a file read so far on a terminal; it
// draws nothing when stderr is not a terminal (a pipe, a log, a test).
type progressBar struct {
	w     io.Writer
	total int64
	read  atomic.Int64
}

func (m *Main) progressBar(f *os.File) *progressBar {
	b := &progressBar{}
	st, err := f.Stat()
	if err != nil || st.Size() < 1<<20 { // small files finish before a bar helps
		return b
	}
	if out, ok := m.Stderr.(*os.File); ok {
		if info, err := out.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			b.w, b.total = out, st.Size()
		}
	}
	return b
}

func (b *progressBar) reader(r io.Reader) io.Reader {
	if b.w == nil {
		return r
	}
	return countingReader{r, &b.read}
}

func (b *progressBar) update(rows int) {
	if b.w == nil {
		return
	}
	frac := float64(b.read.Load()) / float64(b.total)
	frac = min(frac, 1)
	width := 30
	done := int(frac * float64(width))
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f%%  %d rows", strings.Repeat("=", done), strings.Repeat(" ", width-done), frac*100, rows)
}

func (b *progressBar) done() {
	if b.w != nil {
		fmt.Fprintln(b.w)
	}
}

type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
