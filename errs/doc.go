// Package errs holds Accolade's error kinds: the handful of categories every
// package uses to say what went wrong, so that adapters (HTTP, CLI) can map
// them to status codes and exit codes in one place.
//
// It owns the Kind enum, the Error type and KindOf. It does not know about HTTP:
// the server package turns kinds into RFC 9457 problem documents.
package errs
