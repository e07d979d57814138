package server

import (
	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/ledger"
)

// importPreviewer says what an import would do without doing it;
// award.Service satisfies it (award/preview.go).
type importPreviewer interface {
	PreviewMembers(list []*accolade.Member) (award.Result, error)
	PreviewExchanges(list []*ledger.Exchange) (award.Result, error)
	PreviewAttestations(list []*ledger.Attestation) (award.Result, error)
}
