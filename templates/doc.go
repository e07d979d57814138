// Package templates renders Accolade's HTML pages: the public ones (a
// credential, an issuer profile, an achievement, the verification page, the
// home page, error pages), the sign-in pages and a member's own pages under
// /account, and the mail Accolade sends.
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
// Every word a page shows comes from the i18n catalogue ("public",
// "signin", "account", "member" and "mail" sections), in the language of Site.L: templates call {{.Site.T "key"}},
// {{.Site.N "key" .Count}} for counts and {{.Site.HTML.T ...}} for messages
// holding markup around escaped values; statuses, checks, outcomes,
// formats and achievement types are Site methods; dates are Site.Time. What
// a credential says as signed (names, descriptions, criteria) is shown as it
// is, and so are the verifier's messages. The html element carries the
// language and its direction, the style sheet uses logical properties only,
// so that an Arabic page mirrors, and ids, URLs and pasted credentials are
// marked dir="ltr". The scripts take their words from data- attributes.
//
// Mails (NewMails) renders the mail Accolade sends (an award, a sign-in
// link, a request to confirm an exchange, a decision, an expiry reminder)
// as a subject, plain text and HTML in the recipient's language, from
// mail/*.tmpl; the unsubscribe and demo mailbox pages are mail/page_*.html
// in the site's layout.
//
// The package does not serve HTTP, decide statuses or verify anything: the
// server and the verifier do, and hand it the results. It imports only the
// standard library and i18n.
package templates
