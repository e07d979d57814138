package award

import "testing"

func TestIsolateRTL(t *testing.T) {
	for in, want := range map[string]string{
		"Ben Okafor":        "Ben Okafor",
		"ليلى حداد":         "\u2068ليلى حداد\u2069",
		"Layla ليلى Haddad": "\u2068Layla ليلى Haddad\u2069",
		"דנה לוי":           "\u2068דנה לוי\u2069",
		"王小明":               "王小明",
	} {
		if got := isolateRTL(in); got != want {
			t.Errorf("isolateRTL(%q) = %q, want %q", in, got, want)
		}
	}
}
