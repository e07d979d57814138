package award

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/accolade-badges/accolade/criteria"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ledger"
)

// Building the criteria index reads every member, exchange, attestation
// and credential record: seconds for a large community. So that starting
// again takes a fraction of that, WriteSnapshot saves the index to a file
// (on a clean shutdown), and New reads it back when it is current: when
// the database still carries the mark (see store.DB.MarkSnapshot) made with it,
// so that nothing was written since. Any write, a crash, a restored backup
// or a damaged or foreign file makes the snapshot stale, and New builds
// the index from the records, which stay the only source of truth.

// SnapshotFile is the name of the index snapshot in a data directory.
const SnapshotFile = "index.snapshot"

// snapshotMagic starts a snapshot file; snapshotFormat is its layout's
// version (the index's own encoding has its own, in criteria).
const (
	snapshotMagic  = "accolade index snapshot\n"
	snapshotFormat = 1
)

// SnapshotStore is what snapshots need from storage: marks of the
// database's state, opaque strings ("" for none), equal exactly when
// nothing was written between them. store.DB satisfies it.
type SnapshotStore interface {
	// MarkSnapshot records a new mark and returns it.
	MarkSnapshot() (string, error)
	// SnapshotMark returns the mark of the current state: the newest
	// MarkSnapshot's, unless something was written since.
	SnapshotMark() (string, error)
}

// WriteSnapshot writes the criteria index to the file cfg.Snapshot names,
// replacing it whole (a new file, then a rename): a crash leaves the old
// file or the new one, and the checksum finds a torn one. Call it with no
// other writer running, as on shutdown: it marks the database's state and
// then saves the index as it is, so a change made between the two would
// be missing from a snapshot that claims to be current. Without
// cfg.Snapshot it does nothing.
func (s *Service) WriteSnapshot() error {
	if s.snapshot == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if current, err := s.marks.SnapshotMark(); err != nil {
		return err
	} else if current != "" && current == s.snapshotMark {
		return nil // the file holds the index as it is
	}
	mark, err := s.marks.MarkSnapshot()
	if err != nil {
		return fmt.Errorf("marking the index snapshot: %w", err)
	}
	b := append([]byte(snapshotMagic), snapshotFormat)
	b = appendString(b, mark)
	var slugs []string
	var engines []*criteria.Engine
	s.communities.each(func(slug string, en *criteria.Engine) {
		slugs, engines = append(slugs, slug), append(engines, en)
	})
	b = binary.AppendUvarint(b, uint64(len(slugs)))
	for i, slug := range slugs {
		b = appendString(b, slug)
		b = engines[i].Index().AppendSnapshot(b)
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	tmp := s.snapshot + ".new"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return errs.Wrap(errs.Internal, err, "writing the index snapshot %s", filepath.Base(tmp))
	}
	if err := os.Rename(tmp, s.snapshot); err != nil {
		os.Remove(tmp)
		return errs.Wrap(errs.Internal, err, "writing the index snapshot %s", filepath.Base(s.snapshot))
	}
	s.snapshotMark = mark
	return nil
}

// Forgotten brings the index up to date after the member's personal data
// was erased (store.DB.ForgetMember): the statements of attestations by or
// about them, which the index keeps for evidence, are read again, now
// empty. Without it the erased words would stay in memory until a restart,
// and in the snapshot written at shutdown.
func (s *Service) Forgotten(member string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshAttestations(member)
}

// refreshAttestations reads the attestations by or about member again
// into the index. The caller holds s.mu.
func (s *Service) refreshAttestations(member string) error {
	f := s.communities.facts(member)
	list, err := s.store.AttestationsByID(append(f.Received, f.Given...))
	if err != nil {
		return err
	}
	for _, a := range list {
		s.communities.of(ledger.CommunityOf(a.Community)).Index().PutAttestation(a)
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errStale says why a snapshot is not used, in words for the log.
type errStale string

func (e errStale) Error() string { return string(e) }

// readSnapshot returns the engines of the snapshot when it is current, by
// community slug. It returns an errStale error when there is no snapshot,
// or it is stale, damaged or of another version: then the index is built
// from the records.
func (s *Service) readSnapshot() (map[string]*criteria.Engine, error) {
	data, err := os.ReadFile(s.snapshot)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errStale("no snapshot")
	} else if err != nil {
		return nil, errStale("cannot read it: " + err.Error())
	}
	n := len(data) - 4
	if n < len(snapshotMagic)+1 || !bytes.HasPrefix(data, []byte(snapshotMagic)) {
		return nil, errStale("not a snapshot")
	}
	if binary.LittleEndian.Uint32(data[n:]) != crc32.Checksum(data[:n], castagnoli) {
		return nil, errStale("damaged (checksum)")
	}
	d := data[len(snapshotMagic):n]
	if d[0] != snapshotFormat {
		return nil, errStale(fmt.Sprintf("format %d, want %d", d[0], snapshotFormat))
	}
	d = d[1:]
	var mark string
	var count uint64
	if mark, d, err = readString(d); err == nil {
		count, d, err = readUvarint(d)
	}
	if err != nil {
		return nil, errStale("damaged")
	}
	current, err := s.marks.SnapshotMark()
	if err != nil {
		return nil, err
	}
	if current == "" || current != mark {
		return nil, errStale("the database changed since it was written")
	}
	engines := map[string]*criteria.Engine{}
	for range count {
		var slug string
		var ix *criteria.Index
		if slug, d, err = readString(d); err == nil {
			ix, d, err = criteria.ReadSnapshot(d)
		}
		if err != nil {
			return nil, errStale("damaged: " + err.Error())
		}
		engines[slug] = criteria.NewEngine(ix)
	}
	if len(d) != 0 || len(engines) != int(count) {
		return nil, errStale("damaged")
	}
	s.snapshotMark = mark
	return engines, nil
}

var errTruncated = errors.New("truncated")

func readUvarint(b []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil, errTruncated
	}
	return v, b[n:], nil
}

func readString(b []byte) (string, []byte, error) {
	n, b, err := readUvarint(b)
	if err != nil || n > uint64(len(b)) {
		return "", nil, errTruncated
	}
	return string(b[:n]), b[n:], nil
}
