package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/issuer"
)

// StatusLists signs the issuers' status lists; issuer.StatusLists
// satisfies it.
type StatusLists interface {
	StatusList(ctx context.Context, slug string, purpose accolade.StatusPurpose, n int) (*issuer.SignedStatusList, error)
}

// getStatusList serves a status list credential (RouteStatusList): the
// JSON with its Data Integrity proof, or the VC-JWT at <list>.jwt. It may be
// cached for the list's TTL, and answers 304 to an If-None-Match that
// names the current ETag. It holds bits only: no reason, no credential id.
func (s *Server) getStatusList(w http.ResponseWriter, r *http.Request) error {
	slug, file := pathID(r, "slug"), pathID(r, "file")
	purpose, n, form, ok := accolade.StatusListFile(file)
	if !ok || !accolade.ValidSlug(slug) {
		return errs.E(errs.NotFound, "no status list %s/%s: lists are named <purpose>-<number>, such as revocation-1", slug, file)
	}
	l, err := s.statusLists.StatusList(r.Context(), slug, purpose, n)
	if err != nil {
		return err
	}
	body, etag, ct := l.JSON, l.ETag, typeVCLD
	if form == accolade.FormJWT {
		body, etag, ct = []byte(l.JWT), l.JWTETag, "application/vc+jwt"
	}
	h := w.Header()
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(int(l.TTL.Seconds())))
	h.Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	writeBytes(w, http.StatusOK, ct, body)
	return nil
}

// etagMatch reports whether an If-None-Match header names etag (or is *).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
