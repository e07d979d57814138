package store

import (
	"bytes"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/errs"
)

// OAuth 2.0 buckets of the Open Badges API (server/oauth.go). Codes and
// tokens are kept by the hex SHA-256 of their secret, never the secret.
var (
	// bucketOAuthClients holds registered clients: client id -> oauthClientRecord.
	bucketOAuthClients = []byte("oauth_clients")
	// bucketOAuthGrants holds members' grants: grant id -> oauthGrantRecord.
	bucketOAuthGrants = []byte("oauth_grants")
	// bucketMemberGrants indexes grants by member: member \x00 grant id -> nil.
	bucketMemberGrants = []byte("oauth_grants_by_member")
	// bucketOAuthCodes holds authorization codes: code hash -> oauthCodeRecord.
	bucketOAuthCodes = []byte("oauth_codes")
	// bucketOAuthTokens holds access and refresh tokens: token hash -> oauthTokenRecord.
	bucketOAuthTokens = []byte("oauth_tokens")
	// bucketExternal holds credentials members deposited through the API:
	// member \x00 credential id -> externalRecord.
	bucketExternal = []byte("external_credentials")
)

const (
	oauthClientVersion = 1
	oauthGrantVersion  = 1
	oauthCodeVersion   = 1
	oauthTokenVersion  = 1
	externalVersion    = 1
)

type oauthClientRecord struct {
	V            int       `json:"v"`
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	URI          string    `json:"uri,omitempty"`
	RedirectURIs []string  `json:"redirectUris"`
	Scopes       []string  `json:"scopes"`
	SecretHash   string    `json:"secretHash,omitempty"`
	Created      time.Time `json:"created"`
}

func (r *oauthClientRecord) version() (int, int) { return r.V, oauthClientVersion }

type oauthGrantRecord struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Member  string    `json:"member"`
	Client  string    `json:"client"`
	Scopes  []string  `json:"scopes"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
}

func (r *oauthGrantRecord) version() (int, int) { return r.V, oauthGrantVersion }

func (r *oauthGrantRecord) grant() *accolade.OAuthGrant {
	return &accolade.OAuthGrant{ID: r.ID, Member: r.Member, Client: r.Client, Scopes: r.Scopes, Created: r.Created, Revoked: r.Revoked}
}

type oauthCodeRecord struct {
	V           int       `json:"v"`
	Grant       string    `json:"grant"`
	Client      string    `json:"client"`
	RedirectURI string    `json:"redirectUri"`
	Challenge   string    `json:"challenge"`
	Expires     time.Time `json:"expires"`
	Used        time.Time `json:"used,omitzero"`
}

func (r *oauthCodeRecord) version() (int, int) { return r.V, oauthCodeVersion }

type oauthTokenRecord struct {
	V       int       `json:"v"`
	Grant   string    `json:"grant"`
	Refresh bool      `json:"refresh,omitempty"`
	Expires time.Time `json:"expires"`
	// Used is when a refresh token was exchanged for new tokens: one
	// presented again after that was stolen, and ends its grant.
	Used time.Time `json:"used,omitzero"`
}

func (r *oauthTokenRecord) version() (int, int) { return r.V, oauthTokenVersion }

type externalRecord struct {
	V          int       `json:"v"`
	Member     string    `json:"member"`
	ID         string    `json:"id"`
	JSON       []byte    `json:"json,omitempty"`
	JWT        string    `json:"jwt,omitempty"`
	Name       string    `json:"name,omitempty"`
	IssuerName string    `json:"issuerName,omitempty"`
	Received   time.Time `json:"received"`
}

func (r *externalRecord) version() (int, int) { return r.V, externalVersion }

// PutOAuthClient stores a newly registered client; an id taken is an
// errs.Conflict error.
func (db *DB) PutOAuthClient(c *accolade.OAuthClient) error {
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketOAuthClients).Get([]byte(c.ID)) != nil {
			return errs.E(errs.Conflict, "client %s already exists", c.ID)
		}
		return put(tx, bucketOAuthClients, c.ID, &oauthClientRecord{V: oauthClientVersion, ID: c.ID, Name: c.Name, URI: c.URI,
			RedirectURIs: c.RedirectURIs, Scopes: c.Scopes, SecretHash: c.SecretHash, Created: c.Created.UTC()})
	})
}

// OAuthClient returns the client id, or errs.NotFound.
func (db *DB) OAuthClient(id string) (*accolade.OAuthClient, error) {
	return getOne(db, bucketOAuthClients, id, "client", func(r *oauthClientRecord) *accolade.OAuthClient {
		return &accolade.OAuthClient{ID: r.ID, Name: r.Name, URI: r.URI, RedirectURIs: r.RedirectURIs, Scopes: r.Scopes,
			SecretHash: r.SecretHash, Created: r.Created}
	})
}

// CreateOAuthGrant stores the member's consent g and its authorization
// code, in one transaction. The member's earlier grants to the same
// client, still in force, end with it (a client that asks again replaces
// what it had), and with them their tokens.
func (db *DB) CreateOAuthGrant(g *accolade.OAuthGrant, code *accolade.OAuthCode) error {
	return db.kv.update(func(tx kvTx) error {
		if tx.bucket(bucketOAuthGrants).Get([]byte(g.ID)) != nil || tx.bucket(bucketOAuthCodes).Get([]byte(code.Hash)) != nil {
			return errs.E(errs.Conflict, "grant %s already exists", g.ID)
		}
		old, err := memberGrants(tx, g.Member)
		if err != nil {
			return err
		}
		for _, o := range old {
			if o.Client == g.Client && o.Revoked.IsZero() {
				o.Revoked = g.Created.UTC()
				if err := put(tx, bucketOAuthGrants, o.ID, o); err != nil {
					return err
				}
			}
		}
		if err := put(tx, bucketOAuthGrants, g.ID, &oauthGrantRecord{V: oauthGrantVersion, ID: g.ID, Member: g.Member,
			Client: g.Client, Scopes: g.Scopes, Created: g.Created.UTC()}); err != nil {
			return err
		}
		if err := tx.bucket(bucketMemberGrants).Put([]byte(g.Member+"\x00"+g.ID), nil); err != nil {
			return err
		}
		return put(tx, bucketOAuthCodes, code.Hash, &oauthCodeRecord{V: oauthCodeVersion, Grant: g.ID, Client: code.Client,
			RedirectURI: code.RedirectURI, Challenge: code.Challenge, Expires: code.Expires.UTC()})
	})
}

func memberGrants(tx kvTx, member string) ([]*oauthGrantRecord, error) {
	var out []*oauthGrantRecord
	prefix := []byte(member + "\x00")
	c := tx.bucket(bucketMemberGrants).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		g, err := get[oauthGrantRecord](tx, bucketOAuthGrants, string(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		if g != nil {
			out = append(out, g)
		}
	}
	return out, nil
}

// liveGrant returns grant id when it is in force, else nil.
func liveGrant(tx kvTx, id string) (*oauthGrantRecord, error) {
	g, err := get[oauthGrantRecord](tx, bucketOAuthGrants, id)
	if err != nil || g == nil || !g.Revoked.IsZero() {
		return nil, err
	}
	return g, nil
}

// ExchangeOAuthCode uses the authorization code with hash once, at now:
// check is given the code and refuses it with an error (a wrong client,
// redirect URI or PKCE verifier), which burns the code all the same;
// otherwise the tokens are stored for the code's grant, which is
// returned. A code used before ends its grant, and with it the tokens
// the first use got (RFC 6749 §4.1.2); that, an expired or unknown code
// and a revoked grant are accolade.ErrCodeUsed.
func (db *DB) ExchangeOAuthCode(hash string, now time.Time, check func(*accolade.OAuthCode) error, tokens ...accolade.OAuthToken) (*accolade.OAuthGrant, error) {
	var out *accolade.OAuthGrant
	var refused error
	err := db.kv.update(func(tx kvTx) error {
		out, refused = nil, nil
		r, err := get[oauthCodeRecord](tx, bucketOAuthCodes, hash)
		if err != nil {
			return err
		}
		if r == nil || !now.Before(r.Expires) {
			return accolade.ErrCodeUsed
		}
		if !r.Used.IsZero() {
			refused = accolade.ErrCodeUsed
			return revokeGrant(tx, r.Grant, now)
		}
		r.Used = now.UTC()
		if err := put(tx, bucketOAuthCodes, hash, r); err != nil {
			return err
		}
		if refused = check(&accolade.OAuthCode{Hash: hash, Grant: r.Grant, Client: r.Client, RedirectURI: r.RedirectURI,
			Challenge: r.Challenge, Expires: r.Expires}); refused != nil {
			return nil // the code is burnt
		}
		g, err := liveGrant(tx, r.Grant)
		if err != nil {
			return err
		}
		if g == nil {
			refused = accolade.ErrCodeUsed
			return nil
		}
		if err := putTokens(tx, g.ID, tokens); err != nil {
			return err
		}
		out = g.grant()
		return nil
	})
	if err == nil {
		err = refused
	}
	return out, err
}

func putTokens(tx kvTx, grant string, tokens []accolade.OAuthToken) error {
	for _, t := range tokens {
		if err := put(tx, bucketOAuthTokens, t.Hash, &oauthTokenRecord{V: oauthTokenVersion, Grant: grant, Refresh: t.Refresh,
			Expires: t.Expires.UTC()}); err != nil {
			return err
		}
	}
	return nil
}

// revokeGrant ends grant id at at, if it is in force.
func revokeGrant(tx kvTx, id string, at time.Time) error {
	g, err := liveGrant(tx, id)
	if err != nil || g == nil {
		return err
	}
	g.Revoked = at.UTC()
	return put(tx, bucketOAuthGrants, id, g)
}

// OAuthAccess returns the grant of the access token with hash, when the
// token is one, unexpired at now, and its grant is in force; else
// accolade.ErrTokenInvalid.
func (db *DB) OAuthAccess(hash string, now time.Time) (*accolade.OAuthGrant, error) {
	var out *accolade.OAuthGrant
	err := db.kv.view(func(tx kvTx) error {
		t, err := get[oauthTokenRecord](tx, bucketOAuthTokens, hash)
		if err != nil {
			return err
		}
		if t == nil || t.Refresh || !now.Before(t.Expires) {
			return accolade.ErrTokenInvalid
		}
		g, err := liveGrant(tx, t.Grant)
		if err != nil {
			return err
		}
		if g == nil {
			return accolade.ErrTokenInvalid
		}
		out = g.grant()
		return nil
	})
	return out, err
}

// RefreshOAuth exchanges the refresh token with hash, of client, for the
// new tokens, at now, once: the old one is then used. A refresh token
// presented again after it was used was copied, so its grant ends (RFC
// 9700 §4.14.2); that, an unknown or expired one, another client's and a
// revoked grant are accolade.ErrTokenInvalid.
func (db *DB) RefreshOAuth(hash, client string, now time.Time, tokens ...accolade.OAuthToken) (*accolade.OAuthGrant, error) {
	var out *accolade.OAuthGrant
	var refused error
	err := db.kv.update(func(tx kvTx) error {
		out, refused = nil, nil
		t, err := get[oauthTokenRecord](tx, bucketOAuthTokens, hash)
		if err != nil {
			return err
		}
		if t == nil || !t.Refresh || !now.Before(t.Expires) {
			return accolade.ErrTokenInvalid
		}
		g, err := liveGrant(tx, t.Grant)
		if err != nil {
			return err
		}
		if g == nil || g.Client != client {
			return accolade.ErrTokenInvalid
		}
		if !t.Used.IsZero() {
			refused = accolade.ErrTokenInvalid
			return revokeGrant(tx, g.ID, now)
		}
		t.Used = now.UTC()
		if err := put(tx, bucketOAuthTokens, hash, t); err != nil {
			return err
		}
		if err := putTokens(tx, g.ID, tokens); err != nil {
			return err
		}
		out = g.grant()
		return nil
	})
	if err == nil {
		err = refused
	}
	return out, err
}

// RevokeOAuthToken revokes the token with hash of client (RFC 7009): a
// refresh token ends its whole grant, an access token only itself. An
// unknown token, or another client's, changes nothing and is no error.
func (db *DB) RevokeOAuthToken(hash, client string, at time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		t, err := get[oauthTokenRecord](tx, bucketOAuthTokens, hash)
		if err != nil || t == nil {
			return err
		}
		g, err := get[oauthGrantRecord](tx, bucketOAuthGrants, t.Grant)
		if err != nil || g == nil || g.Client != client {
			return err
		}
		if t.Refresh {
			return revokeGrant(tx, g.ID, at)
		}
		return tx.bucket(bucketOAuthTokens).Delete([]byte(hash))
	})
}

// MemberOAuthGrants returns the member's grants, in force or not, oldest
// first.
func (db *DB) MemberOAuthGrants(member string) ([]*accolade.OAuthGrant, error) {
	var out []*accolade.OAuthGrant
	err := db.kv.view(func(tx kvTx) error {
		list, err := memberGrants(tx, member)
		for _, g := range list {
			out = append(out, g.grant())
		}
		return err
	})
	sortByTime(out, func(g *accolade.OAuthGrant) time.Time { return g.Created })
	return out, err
}

// RevokeOAuthGrant ends the member's grant id at at, and with it its
// tokens; another member's, or none, is errs.NotFound. Revoking a grant
// already ended changes nothing.
func (db *DB) RevokeOAuthGrant(member, id string, at time.Time) error {
	return db.kv.update(func(tx kvTx) error {
		g, err := get[oauthGrantRecord](tx, bucketOAuthGrants, id)
		if err != nil {
			return err
		}
		if g == nil || g.Member != member {
			return errs.E(errs.NotFound, "you gave no access %q", id)
		}
		return revokeGrant(tx, id, at)
	})
}

// PutExternal stores (or replaces, by the member and the credential's
// id) a credential the member deposited, and reports whether it is new.
func (db *DB) PutExternal(e *accolade.External) (created bool, err error) {
	key := e.Member + "\x00" + e.ID
	err = db.kv.update(func(tx kvTx) error {
		created = tx.bucket(bucketExternal).Get([]byte(key)) == nil
		return put(tx, bucketExternal, key, &externalRecord{V: externalVersion, Member: e.Member, ID: e.ID, JSON: e.JSON, JWT: e.JWT,
			Name: e.Name, IssuerName: e.IssuerName, Received: e.Received.UTC()})
	})
	return created, err
}

// DeleteExternal deletes the credential with id that was deposited in the
// member's record; none is errs.NotFound.
func (db *DB) DeleteExternal(member, id string) error {
	key := []byte(member + "\x00" + id)
	return db.kv.update(func(tx kvTx) error {
		b := tx.bucket(bucketExternal)
		if b.Get(key) == nil {
			return errs.E(errs.NotFound, "no credential %q was added to your record", id)
		}
		return b.Delete(key)
	})
}

// Externals returns the credentials the member deposited, oldest first.
func (db *DB) Externals(member string) ([]*accolade.External, error) {
	var out []*accolade.External
	prefix := []byte(member + "\x00")
	err := db.kv.view(func(tx kvTx) error {
		c := tx.bucket(bucketExternal).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			var r externalRecord
			if err := decode(bucketExternal, string(k), v, &r); err != nil {
				return err
			}
			out = append(out, &accolade.External{Member: r.Member, ID: r.ID, JSON: r.JSON, JWT: r.JWT, Name: r.Name,
				IssuerName: r.IssuerName, Received: r.Received})
		}
		return nil
	})
	sortByTime(out, func(e *accolade.External) time.Time { return e.Received })
	return out, err
}

// oauthPruneBatch is the most keys PruneOAuth deletes in one transaction.
const oauthPruneBatch = 500

// PruneOAuth deletes the authorization codes and the tokens expired at
// now, and the tokens of grants that have ended, and returns how many. A
// used code or refresh token is kept until it expires, so that one
// presented again meanwhile still ends its grant (ExchangeOAuthCode,
// RefreshOAuth). Grants are kept: the member's settings page lists them.
func (db *DB) PruneOAuth(now time.Time) (int, error) {
	var codes, tokens []string
	err := db.kv.view(func(tx kvTx) error {
		if err := tx.bucket(bucketOAuthCodes).ForEach(func(k, v []byte) error {
			var r oauthCodeRecord
			if err := decode(bucketOAuthCodes, string(k), v, &r); err != nil {
				return err
			}
			if !now.Before(r.Expires) {
				codes = append(codes, string(k))
			}
			return nil
		}); err != nil {
			return err
		}
		ended := map[string]bool{} // grant id → ended or gone
		return tx.bucket(bucketOAuthTokens).ForEach(func(k, v []byte) error {
			var r oauthTokenRecord
			if err := decode(bucketOAuthTokens, string(k), v, &r); err != nil {
				return err
			}
			dead, seen := ended[r.Grant]
			if !seen {
				g, err := liveGrant(tx, r.Grant)
				if err != nil {
					return err
				}
				dead = g == nil
				ended[r.Grant] = dead
			}
			if dead || !now.Before(r.Expires) {
				tokens = append(tokens, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, set := range []struct {
		bucket []byte
		keys   []string
	}{{bucketOAuthCodes, codes}, {bucketOAuthTokens, tokens}} {
		for len(set.keys) > 0 {
			batch := set.keys[:min(oauthPruneBatch, len(set.keys))]
			set.keys = set.keys[len(batch):]
			if err := db.kv.update(func(tx kvTx) error {
				b := tx.bucket(set.bucket)
				for _, k := range batch {
					if err := b.Delete([]byte(k)); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return n, err
			}
			n += len(batch)
		}
	}
	return n, nil
}

// forgetOAuth ends the member's grants that are in force (ForgetMember),
// deletes the codes and tokens of all their grants, and deletes the
// credentials deposited in their record.
func forgetOAuth(tx kvTx, id string, now time.Time, f *accolade.Forgotten) error {
	grants, err := memberGrants(tx, id)
	if err != nil {
		return err
	}
	mine := map[string]bool{}
	for _, g := range grants {
		mine[g.ID] = true
		if g.Revoked.IsZero() {
			g.Revoked = now.UTC()
			if err := put(tx, bucketOAuthGrants, g.ID, g); err != nil {
				return err
			}
			f.Grants++
		}
	}
	if len(mine) > 0 {
		for _, set := range []struct {
			bucket []byte
			grant  func(k, raw []byte) (string, error)
		}{
			{bucketOAuthCodes, func(k, raw []byte) (string, error) {
				var r oauthCodeRecord
				return r.Grant, decode(bucketOAuthCodes, string(k), raw, &r)
			}},
			{bucketOAuthTokens, func(k, raw []byte) (string, error) {
				var r oauthTokenRecord
				return r.Grant, decode(bucketOAuthTokens, string(k), raw, &r)
			}},
		} {
			var gone [][]byte
			if err := tx.bucket(set.bucket).ForEach(func(k, raw []byte) error {
				g, err := set.grant(k, raw)
				if mine[g] {
					gone = append(gone, bytes.Clone(k))
				}
				return err
			}); err != nil {
				return err
			}
			for _, k := range gone {
				if err := tx.bucket(set.bucket).Delete(k); err != nil {
					return err
				}
			}
		}
	}
	for _, k := range prefixed(tx, bucketExternal, id+"\x00") {
		if err := tx.bucket(bucketExternal).Delete(k); err != nil {
			return err
		}
		f.Deposited++
	}
	return nil
}
