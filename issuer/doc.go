// Package issuer turns an award (an achievement for a member) into a signed
// Open Badges 3.0 credential, in the numbered steps of STYLE.md §3:
//
//  1. reserve: the store reserves a credential id for (member, achievement)
//     in one step, refusing when the member already holds a valid credential
//     or a reservation for it (exactly once, also under concurrency), and
//     allocates its status list indexes (random draws from here, never
//     reused) in the same step; a reservation answers no one, so the store
//     need not write it to disk (the bbolt store keeps it in memory);
//  2. build: the OB 3.0 credential is assembled from the issuer profile, the
//     achievement definition and the member (whose email becomes a salted
//     hash; it never appears in the credential);
//  3. validate: only a credential that passes ob3 validation becomes a
//     Prepared value, the only thing the signing step accepts;
//  4. sign: a VC-JWT (header exactly alg, kid, typ) with the issuer's key;
//  5. store: the record and the exact signed bytes are saved, with its
//     status indexes and award notice, in one durable transaction that
//     checks the reservation's conflicts again, and the reservation becomes
//     an issued credential.
//
// StatusLists publishes each issuer's W3C Bitstring Status Lists (statuslist.go)
// as BitstringStatusListCredentials, signed like credentials (Data Integrity
// and VC-JWT) when asked for, from the bits the store keeps.
//
// It is the issuing service only: the records it reads and writes (issuer
// Profile, Member, credential Record) and the URL layout are the domain
// package accolade's; the names here that alias them are deprecated. It does
// not hold private keys (keys does), decide who has earned what (criteria
// does) or know about bbolt or HTTP.
package issuer
