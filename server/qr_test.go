package server

import (
	"strings"
	"testing"
)

func TestQRCode(t *testing.T) {
	q := qrCode("https://badges.example.org/credentials/3eef87a6-971e-4c0e-8dee-cf7da5b23196")
	if q == nil {
		t.Fatal("qrCode(credential URL) = nil")
	}
	// 21 + 4k modules a side (version k+1), plus the quiet zone.
	if n := q.Size - 2*qrQuiet; n < 21 || (n-21)%4 != 0 {
		t.Errorf("qrCode size = %d modules, not a QR code's with a %d-module quiet zone", q.Size, qrQuiet)
	}
	if !strings.HasPrefix(q.Path, "M4 4h7v1h-7z") { // the top of the finder pattern, after the quiet zone
		t.Errorf("qrCode path starts %.40q, want the finder pattern at (4, 4)", q.Path)
	}
	if q := qrCode(strings.Repeat("x", 5000)); q != nil {
		t.Errorf("qrCode of 5000 bytes = %d modules, want nil (too long)", q.Size)
	}
}
