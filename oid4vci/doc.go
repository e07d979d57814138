// Package oid4vci is the wire side of OpenID for Verifiable Credential
// Issuance (OpenID4VCI 1.0, and the shapes of draft 13 that deployed
// wallets still speak) for Open Badges 3.0 credentials, pre-authorised code
// flow only: the credential offer, the issuer and authorisation server
// metadata, the token, nonce and credential messages, and the check of a
// wallet's key proof (a JWT of type openid4vci-proof+jwt) down to the DID
// the collected credential is bound to.
//
// It owns:
//
//   - the JSON shapes of the offer, the two metadata documents and the
//     replies (metadata.go), with the two credential configurations this
//     service issues: OpenBadgeCredential as ldp_vc (Data Integrity,
//     eddsa-rdfc-2022) and as jwt_vc_json (the VC-JWT);
//   - reading a credential request in either shape (request.go): 1.0's
//     credential_configuration_id with proofs, draft 13's format and
//     credential_definition (or a configuration id) with a singular proof,
//     and which shape of reply it gets;
//   - the key proof check (proof.go): the typ, an asymmetric alg from the
//     supported list, exactly one of kid (a did:key DID URL, resolved
//     locally) or jwk (made a did:jwk), never x5c, the signature, aud and
//     iat; the nonce is returned for the caller to redeem;
//   - the protocol's error codes ([Error]), whose descriptions are ASCII
//     without quotes or backslashes, as the specification asks.
//
// It does not own the offers' state (package store, through the server),
// issuing (package issuer's Bind, through the award service), HTTP (package
// server), or anything secret: it never sees a private key, and it hashes
// nothing.
package oid4vci
