// Package api holds the admin API's request bodies and answers, the JSON
// contract between the HTTP server (package server) and the command-line
// client (cmd/accolade): members, credentials, imports, progress, keys,
// achievements and the problem document of every error answer.
//
// It owns the shape of that JSON and nothing else: no routing, no
// validation, no behaviour. It imports only the standard library, so
// that either side, or a third-party client, can use it.
package api
