package bake

import (
	"bytes"
	"math/rand/v2"
	"regexp"
	"testing"
)

// objHeaderRE is what objHeader replaced: the same headers, found by a
// regular expression (non-overlapping, leftmost first).
var objHeaderRE = regexp.MustCompile(`(\d{1,10})[\x00\t\n\f\r ]+(\d{1,5})[\x00\t\n\f\r ]+obj\b`)

// FuzzObjHeader checks objHeader against the regular expression: the
// same headers at the same places, in any input.
func FuzzObjHeader(f *testing.F) {
	for _, s := range []string{
		"1 0 obj", "12 0 obj<<>>endobj 13 0 obj", "12345678901 0 obj", "1 123456 obj", "1 0 objx",
		"1 0 obj_", "1\x000\x00obj", "1 0  obj 2 0 obj", "x1 0 obj", "1 0 endobj 2 0 obj", "obj", "0 obj",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want := objHeaderRE.FindAllSubmatchIndex(b, -1)
		var got [][]int
		for from := 0; ; {
			start, num, end, ok := objHeader(b, from)
			if !ok {
				break
			}
			numStart := start
			got = append(got, []int{start, end, numStart, numStart + len(num)})
			from = end
		}
		if len(got) != len(want) {
			t.Fatalf("objHeader(%q) found %d headers %v, the regexp %d %v", b, len(got), got, len(want), want)
		}
		for i := range got {
			if got[i][0] != want[i][0] || got[i][1] != want[i][1] || got[i][3] != want[i][3] {
				t.Fatalf("objHeader(%q) header %d = %v, the regexp %v", b, i, got[i], want[i][:4])
			}
		}
	})
}

// TestObjHeaderRandom compares objHeader with the regular expression on
// random inputs from a small alphabet, where headers are frequent.
func TestObjHeaderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("0123456789 \n\x00objx_<>e")
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		if rng.IntN(2) == 0 {
			b = append(b, "1 0 obj"...)
		}
		want := objHeaderRE.FindAllSubmatchIndex(b, -1)
		n := 0
		for from := 0; ; n++ {
			start, num, end, ok := objHeader(b, from)
			if !ok {
				break
			}
			if n >= len(want) || start != want[n][0] || end != want[n][1] || !bytes.Equal(num, b[want[n][2]:want[n][3]]) {
				t.Fatalf("objHeader(%q) header %d = [%d %d %q], the regexp %v", b, n, start, end, num, want)
			}
			from = end
		}
		if n != len(want) {
			t.Fatalf("objHeader(%q) found %d headers, the regexp %d", b, n, len(want))
		}
	}
}
