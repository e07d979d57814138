package templates

import "testing"

func TestMoreFormats(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"pdf+jwt", "VC-JWT embedded in a PDF"},
		{"url+pdf+json", "JSON embedded in a PDF, fetched from a link"},
		{"jpeg+qr-code+url+jwt", "VC-JWT found through the QR code in a JPEG image, which links to it"},
		{"png+qr-code+jwt", "VC-JWT found through the QR code in a PNG image"},
		{"jpeg+qr-code+url", "a link found through the QR code in a JPEG image"},
		{"png+qr-code", "a QR code in a PNG image"},
		{"jpeg", "a JPEG image"},
		{"pdf", "a PDF"},
		{"url+jpeg+qr-code+url+jwt", "url+jpeg+qr-code+url+jwt"},
	} {
		if got := (Site{}).FormatName(tc.in); got != tc.want {
			t.Errorf("formatName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
