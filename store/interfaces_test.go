package store_test

import (
	"github.com/accolade-badges/accolade/award"
	"github.com/accolade-badges/accolade/server"
	"github.com/accolade-badges/accolade/store"
)

// The store satisfies the adapters' and services' interfaces too, each
// declared where it is used (issuer.Store and keys.Store: store_test.go).
var (
	_ award.Store  = (*store.DB)(nil)
	_ server.Store = (*store.DB)(nil)
)
