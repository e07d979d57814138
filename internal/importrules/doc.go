// Package importrules holds no code: its test checks the module's import
// graph (go list -deps) against the rules of STYLE.md, so that the
// domain stays free of adapters and the adapters stay apart:
//
//   - bbolt is imported by store only;
//   - the domain (the root package accolade, errs, ob3, ledger, criteria,
//     keys, issuer, award, dataintegrity, bake, api) does not import
//     net/http, directly or through another package of this module;
//   - templates and api import the standard library only, and bake the
//     standard library and errs;
//   - server and store never import each other;
//   - only cmd imports server;
//   - only tests import internal/testutil.
//
// Test imports are not checked: store's external test package imports
// server for its compile-time interface checks.
package importrules
