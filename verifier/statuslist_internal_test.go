package verifier

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"

	"github.com/accolade-badges/accolade/internal/spectest"
)

// TestDecodeOfficialLists decodes the 1EdTech validator's test list (bit
// 23 set, nothing else) and the W3C example (no bit set): 16 KiB each.
func TestDecodeOfficialLists(t *testing.T) {
	var testlist struct {
		Subject struct {
			EncodedList string `json:"encodedList"`
		} `json:"credentialSubject"`
	}
	if err := json.Unmarshal(spectest.Read(t, "examples/validator_ob30_bitstring-testlist.json"), &testlist); err != nil {
		t.Fatal(err)
	}
	var w3c struct {
		Example struct {
			Subject struct {
				EncodedList string `json:"encodedList"`
			} `json:"credentialSubject"`
		} `json:"statusListCredentialExample_unsigned"`
	}
	if err := json.Unmarshal(spectest.Read(t, "examples/w3c_bitstring-status-list_examples.json"), &w3c); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, enc string
		set       []int
	}{
		{"validator testlist", testlist.Subject.EncodedList, []int{23}},
		{"W3C example", w3c.Example.Subject.EncodedList, nil},
	} {
		bits, err := decodeList(tt.enc)
		if err != nil || len(bits) != 16384 {
			t.Fatalf("decodeList(%s) = %d bytes, %v; want 16384 bytes", tt.name, len(bits), err)
		}
		var got []int
		for i := range len(bits) * 8 {
			if bits[i/8]>>(7-i%8)&1 == 1 {
				got = append(got, i)
			}
		}
		if len(got) != len(tt.set) || (len(got) > 0 && got[0] != tt.set[0]) {
			t.Errorf("decodeList(%s) set bits = %v, want %v", tt.name, got, tt.set)
		}
	}
}

func TestDecodeListLimits(t *testing.T) {
	gz := func(n int) string {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(make([]byte, n))
		w.Close()
		return "u" + base64.RawURLEncoding.EncodeToString(z.Bytes())
	}
	for _, tt := range []struct {
		name, enc string
		want      error
	}{
		{"bomb", gz(maxBitstringBytes + 1), errListTooLarge},
		{"short", gz(minListBits/8 - 1), errListTooShort},
	} {
		if _, err := decodeList(tt.enc); !errors.Is(err, tt.want) {
			t.Errorf("decodeList(%s) error = %v, want %v", tt.name, err, tt.want)
		}
	}
	for _, enc := range []string{"", "zabc", "u!!!", "u" + base64.RawURLEncoding.EncodeToString([]byte("not gzip"))} {
		if _, err := decodeList(enc); err == nil {
			t.Errorf("decodeList(%q) error = nil, want one", enc)
		}
	}
}

func TestMayHaveStatusArray(t *testing.T) {
	for in, want := range map[string]bool{
		`{"credentialStatus":{"id":"x"}}`:            false,
		`{"credentialStatus" :  [ {"id":"x"}]}`:      true,
		`{"a":{"credentialStatus":[]}}`:              true, // nested: the slow path decides
		`{"credential\u0053tatus":[{"id":"x"}]}`:     true,
		`{"name":"credentialStatus","b":["x"]}`:      false,
		`{"name":"\"credentialStatus\": [","b":"x"}`: false, // the key inside a string ends in a backslash
		`{}`: false,
	} {
		if got := mayHaveStatusArray([]byte(in)); got != want {
			t.Errorf("mayHaveStatusArray(%s) = %v, want %v", in, got, want)
		}
	}
}
