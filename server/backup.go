package server

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// routeBackup is the admin route of an online backup: the install's whole
// database (every community's data, and the sealed private keys), so it
// needs an install-wide token with keys:admin, and it is audited although
// it is a GET.
const routeBackup = "GET /api/v1/backup"

// backuper is the store's online backup (store.DB.Backup).
type backuper interface {
	Backup(w io.Writer) (int64, error)
}

func (s *Server) backupRoutes(m *routeMux) {
	m.HandleFunc(routeBackup, s.allow(accolade.ScopeKeysAdmin, s.getBackup))
}

// getBackup streams a consistent copy of the database as it is at the
// start of the request; accolade restore puts it into an empty data
// directory. The keys in it stay sealed: the key file or passphrase is not
// part of it, and is backed up apart.
func (s *Server) getBackup(w http.ResponseWriter, r *http.Request) error {
	b, ok := s.store.(backuper)
	if !ok {
		return errs.E(errs.NotFound, "this store cannot be backed up online")
	}
	name := "accolade-" + s.now().UTC().Format("2006-01-02T150405Z") + ".db"
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	// A large database takes longer than the server's write timeout, which
	// is for pages: this answer has none (the client may still hang up).
	if err := http.NewResponseController(w).SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	n, err := b.Backup(w)
	if err != nil {
		if n == 0 {
			return err
		}
		s.log.Error("backup cut short", "bytes", n, "err", err) // the status is sent: the client sees a short file
		return nil
	}
	auditTarget(r, "bytes="+strconv.FormatInt(n, 10))
	return nil
}
