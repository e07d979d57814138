// Package templates renders Accolade's public HTML pages: a credential, an
// issuer profile, an achievement, the verification page, the home page and
// error pages.
//
// A Renderer parses every template once, in New, and fails there if any is
// broken. Each page has a view model (CredentialPage, VerifyPage, …): plain
// data that the server fills, and one method that writes the page to an
// io.Writer. A page is rendered into memory first, so an error never leaves
// half a page written. The templates and one style sheet are embedded; Static
// serves the style sheet and the few lines of script that enhance the verify
// form, which works without them. Pages load nothing from other hosts (no
// fonts, no CDNs), so they work offline and tell no third party who visits.
//
// html/template escapes every value for its context, and URLs with a scheme
// other than http, https or mailto are not made into links. Names entered
// by people are marked dir="auto" so that Arabic or Hebrew names display
// correctly among English text. Statuses carry a word and an icon as well as
// a colour.
//
// Mails (NewMails) renders the mail Accolade sends (an award, a sign-in
// link, a request to confirm an exchange, a decision, an expiry reminder)
// as a subject, plain text and HTML in the recipient's language, from
// mail/*.tmpl; the unsubscribe and demo mailbox pages are mail/page_*.html
// in the site's layout.
//
// The package does not serve HTTP, decide statuses or verify anything: the
// server and the verifier do, and hand it the results. It imports only the
// standard library.
package templates
