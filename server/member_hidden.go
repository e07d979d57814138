package server

import (
	"net/http"

	"github.com/accolade-badges/accolade"
)

// hiddenFrom reports whether rec is hidden from the one asking r: its
// holder hid its public page and r is not signed in as the holder. A hidden
// credential answers 404 in every form under /credentials/{id} (the page,
// .pdf, .png, .svg, and also .json and .jwt: hiding means the issuer stops
// handing the credential out; the holder already has it). It still
// verifies wherever the holder hands it over: a verifier needs the issuer's
// profile, keys and status lists, which stay public, never this page.
func (s *Server) hiddenFrom(r *http.Request, rec *accolade.Record) bool {
	if !rec.Hidden {
		return false
	}
	m := s.viewer(r)
	return m == nil || m.ID != rec.Member
}
