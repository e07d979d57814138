package server

import (
	"bytes"
	"html/template"
	"net/http"
	"time"

	"github.com/accolade-badges/accolade"
	"github.com/accolade-badges/accolade/api"
	"github.com/accolade-badges/accolade/errs"
	"github.com/accolade-badges/accolade/ob3"
	"github.com/accolade-badges/accolade/oid4vci"
	"github.com/accolade-badges/accolade/templates"
)

// What becomes of an offer's transaction code (api.OfferRequest.TxCode).
const (
	txMail   = "mail"   // mailed to the member
	txAnswer = "answer" // in the admin API's answer
	txNone   = "none"   // no transaction code
)

// madeOffer is a new offer as its maker shows it.
type madeOffer struct {
	URL, Link string
	TxCode    string // only for txAnswer
	Mailed    bool
	Expires   time.Time
}

// makeOffer makes an OpenID4VCI offer of rec, valid now, with its
// transaction code as tx says (mailed in lang, the language of the page it
// was asked from). Errors: errs.NotFound for a credential that is not
// issued, errs.Conflict for one that is not valid now, was replaced, or
// whose member has no address to mail the code to.
func (s *Server) makeOffer(rec *accolade.Record, tx, lang string) (*madeOffer, error) {
	now := s.now().UTC()
	switch {
	case rec.State != accolade.Issued:
		return nil, errs.E(errs.NotFound, "no credential %q", rec.ID)
	case !rec.Forgotten.IsZero():
		return nil, errs.E(errs.Conflict, "credential %s: its holder's details were removed, so it is not offered to a wallet", rec.ID)
	case rec.SupersededBy != "":
		return nil, errs.E(errs.Conflict, "credential %s was replaced by %s: offer that one", rec.ID, rec.SupersededBy)
	case !rec.Valid(now):
		return nil, errs.E(errs.Conflict, "credential %s is %s: only a valid credential can be added to a wallet", rec.ID, rec.CurrentStatus(now))
	}
	if tx == txMail {
		m, err := s.store.Member(rec.Member)
		if err != nil {
			return nil, err
		}
		if m.Email == "" {
			return nil, errs.Field("tx_code", "member %s has no email address to mail the transaction code to: use answer or none", m.ID)
		}
	}
	id, hash, err := s.walletSecret()
	if err != nil {
		return nil, err
	}
	o := &accolade.Offer{Hash: hash, Credential: rec.ID, Member: rec.Member,
		CodeHash: accolade.SecretHash(accolade.PreAuthorizedCode(id)), Created: now, Expires: now.Add(accolade.OfferTTL)}
	out := &madeOffer{URL: s.urls.Base + oid4vci.PathOffers + id, Expires: o.Expires}
	out.Link = oid4vci.OfferLink(out.URL)
	var mail *accolade.Notice
	if tx != txNone {
		code, err := s.newTxCode()
		if err != nil {
			return nil, err
		}
		o.TxCodeHash = accolade.TxCodeHash(hash, code)
		if tx == txMail {
			o.TxMailed, out.Mailed = true, true
			mail = &accolade.Notice{ID: "txcode:" + hash[:24], Kind: accolade.NoticeTxCode, Member: rec.Member,
				Credential: rec.ID, Link: code, Lang: lang, Created: now}
		} else {
			out.TxCode = code
		}
	}
	if err := s.store.CreateOffer(o, mail); err != nil {
		return nil, err
	}
	return out, nil
}

// memberWalletOffer makes an offer of one of the signed-in member's
// credentials, its transaction code mailed to them, and shows it: a QR
// code and a link for their wallet app.
func (s *Server) memberWalletOffer(w http.ResponseWriter, r *http.Request, m *accolade.Member) error {
	rec, err := s.store.Credential(pathID(r, "id"))
	if errs.KindOf(err) == errs.NotFound || err == nil && rec.Member != m.ID {
		return errs.E(errs.NotFound, "you hold no credential %q", pathID(r, "id"))
	}
	if err != nil {
		return err
	}
	site := s.site(r)
	off, err := s.makeOffer(rec, txMail, site.Lang())
	if err != nil {
		return err
	}
	v := templates.MemberOfferPage{MemberPage: s.memberPage(r, m, ""), AchievementName: rec.Achievement,
		Link: template.URL(off.Link), LinkText: off.Link, QR: qrCode(off.Link), Minutes: int(accolade.OfferTTL / time.Minute),
		Mailed: off.Mailed, BackURL: s.localPath("/account")}
	if c, err := ob3.ParseCredential(rec.JSON); err == nil && c.CredentialSubject.Achievement.Name != "" {
		v.AchievementName = c.CredentialSubject.Achievement.Name
	}
	return renderPage(w, http.StatusOK, func(b *bytes.Buffer) error { return s.pages.MemberOffer(b, v) })
}

// postOffer is POST /api/v1/credentials/{id}/offers: an offer of the
// credential for the member's wallet, its transaction code mailed (the
// default), in the answer, or none (api.OfferRequest).
func (s *Server) postOffer(w http.ResponseWriter, r *http.Request) error {
	var b api.OfferRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &b); err != nil {
			return err
		}
	}
	tx := b.TxCode
	switch tx {
	case "":
		tx = txMail
	case txMail, txAnswer, txNone:
	default:
		return errs.Field("tx_code", "is mail (the default), answer or none")
	}
	rec, err := s.store.Credential(pathID(r, "id"))
	if err != nil {
		return err
	}
	off, err := s.makeOffer(rec, tx, "")
	if err != nil {
		return err
	}
	auditTarget(r, "txcode="+tx)
	s.writeJSON(w, r, http.StatusCreated, "application/json", api.Offer{CredentialOfferURI: off.URL, Link: off.Link,
		Credential: rec.ID, Expires: off.Expires, TxCode: off.TxCode, TxCodeMailed: off.Mailed})
	return nil
}

// offerURL is where a credential's holder asks for a wallet offer, or ""
// when rec cannot be offered now.
func (s *Server) offerURL(rec *accolade.Record) string {
	if !rec.Valid(s.now()) || rec.SupersededBy != "" || !rec.Forgotten.IsZero() {
		return ""
	}
	return s.localPath("/account/credentials/" + rec.ID + "/openid4vci")
}
