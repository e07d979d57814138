// Package accolade is the domain of the service: the records every layer
// shares, with their validation, and the layout of the service's public
// URLs. It holds one shape of each thing:
//
//   - Member: a person in the community, as the admin API takes and shows
//     it, as an import row reads it and as the store keeps it;
//   - Profile: an issuing organisation and its settings (IDMode, Alg);
//   - Achievement: the definition of a badge as a credential shows it
//     (criteria adds the rule that awards it);
//   - Record: an issued or reserved credential, its State and Status, the
//     CredentialFilter that selects records, and the Evidence that earned it;
//   - StatusEntry and StatusList: a credential's places in its issuer's
//     W3C Bitstring Status Lists (status.go), and a list's bits;
//   - URLs: every public address of an issuer, key, credential, status list
//     and achievement, built and parsed in one place, with the route patterns
//     the HTTP adapter serves them at.
//
// It does not issue (package issuer does), evaluate criteria (criteria),
// store (store) or serve (server), and imports no project package except
// errs and keys (for the signing algorithm and did:web names). As in
// benbjohnson/wtf, the adapters and services import it; it imports none of
// them.
package accolade
