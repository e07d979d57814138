package accolade

import (
	"fmt"
	"mime"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// DownloadName is the file name a credential is downloaded as, in the
// form <achievement>-<holder>.<ext>: "project-trainer-kwame-mensah.pdf".
// Letters of every script are kept (in NFC), runs of anything else become
// one '-', and the result is at most 80 runes before the extension; an
// empty result is "credential".
func DownloadName(achievement, holder, ext string) string {
	base := slugPart(achievement)
	if h := slugPart(holder); h != "" {
		if base != "" {
			base += "-"
		}
		base += h
	}
	if r := []rune(base); len(r) > 80 {
		base = strings.TrimRight(string(r[:80]), "-")
	}
	if base == "" {
		base = "credential"
	}
	return base + "." + ext
}

// slugPart lowercases s and joins its runs of letters, marks and digits with '-'.
func slugPart(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFC.String(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}

// ContentDisposition is the Content-Disposition header value that offers a
// download named name: an ASCII filename for old clients (letters outside
// ASCII become '_') and the UTF-8 name as filename* (RFC 6266).
func ContentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii})
	if ascii == name {
		return v
	}
	var b strings.Builder
	b.WriteString(v + "; filename*=UTF-8''")
	for _, c := range []byte(name) {
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
