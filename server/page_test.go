package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/accolade-badges/accolade/api"
)

// issueForPage issues a credential to a new member and returns its page's
// path.
func issueForPage(t *testing.T, ts *testServer) string {
	t.Helper()
	ts.serve(t, "PUT", "/api/v1/members/sam", "application/json", testToken, `{"name":"Sam","email":"sam@example.org"}`)
	rec := ts.serve(t, "POST", "/api/v1/credentials", "application/json", testToken, `{"achievement":"circle-host","member":"sam"}`)
	var out api.Issued
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusCreated {
		t.Fatalf("POST /api/v1/credentials = %d %q (%v)", rec.Code, rec.Body, err)
	}
	u, err := url.Parse(out.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// page asks for path as a browser does, with extra headers.
func (ts *testServer) page(method, path, body string, header map[string]string) *httptest.ResponseRecorder {
	var req *http.Request
	if body != "" {
		req = httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ts.s.ServeHTTP(rec, req)
	return rec
}

func TestPageLanguage(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	path := issueForPage(t, ts)
	for _, tc := range []struct {
		name   string
		header map[string]string
		want   []string
	}{
		{"default", nil, []string{`<html lang="en" dir="ltr">`, "Verify this credential"}},
		{"accept-language", map[string]string{"Accept-Language": "ar-EG,ar;q=0.9,en;q=0.5"},
			[]string{`<html lang="ar" dir="rtl">`, "التحقق من هذه الشهادة", `<option value="ar" lang="ar" selected>`}},
		{"cookie wins", map[string]string{"Accept-Language": "ar", "Cookie": "lang=fr"},
			[]string{`<html lang="fr" dir="ltr">`, "Vérifier cette attestation"}},
		{"unknown cookie", map[string]string{"Accept-Language": "zh-CN", "Cookie": "lang=xx"},
			[]string{`<html lang="zh" dir="ltr">`, "验证此证书"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := ts.page("GET", path, "", tc.header)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d, want 200", path, rec.Code)
			}
			body := rec.Body.String()
			for _, want := range tc.want {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s (%v) does not contain %q", path, tc.header, want)
				}
			}
			if v := strings.Join(rec.Header().Values("Vary"), ", "); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
				t.Errorf("GET %s: Vary = %q, want Accept-Language and Cookie", path, v)
			}
		})
	}
	// Error pages speak the language too.
	rec := ts.page("GET", "/credentials/00000000-0000-4000-8000-000000000000", "", map[string]string{"Accept-Language": "ar"})
	if body := rec.Body.String(); rec.Code != http.StatusNotFound || !strings.Contains(body, `dir="rtl"`) || !strings.Contains(body, "الصفحة غير موجودة") {
		t.Errorf("GET unknown credential in Arabic = %d, want 404 with an Arabic title:\n%s", rec.Code, body)
	}
	if v := rec.Header().Get("Vary"); !strings.Contains(v, "Accept-Language") {
		t.Errorf("error page: Vary = %q, want Accept-Language", v)
	}
}

func TestSetLanguage(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec := ts.page("POST", "/language", "lang=ar&back=%2Fverify%3Furl%3Dx", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://badges.example.org/verify?url=x" {
		t.Errorf("POST /language = %d to %q, want 303 to the verify page", rec.Code, rec.Header().Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == langCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "ar" || !cookie.HttpOnly || !cookie.Secure {
		t.Errorf("POST /language cookie = %+v, want lang=ar, HttpOnly, Secure", cookie)
	}
	for _, back := range []string{"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""} {
		rec := ts.page("POST", "/language", "lang=fr&back="+url.QueryEscape(back), nil)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "https://badges.example.org/" {
			t.Errorf("POST /language back=%q = %d to %q, want 303 to the home page", back, rec.Code, rec.Header().Get("Location"))
		}
	}
	rec = ts.page("POST", "/language", "lang=xx&back=%2F", map[string]string{"Accept-Language": "es"})
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest || !strings.Contains(body, "lang") || !strings.Contains(body, `"xx"`) && !strings.Contains(body, "&#34;xx&#34;") {
		t.Errorf("POST /language lang=xx = %d, want 400 naming the field lang:\n%s", rec.Code, body)
	}
	if !strings.Contains(body, `<html lang="es"`) || len(rec.Result().Cookies()) != 0 {
		t.Errorf("POST /language lang=xx: want a Spanish page and no cookie")
	}
}

func TestVerifyFormLanguage(t *testing.T) {
	ts := newTestServer(t, "https://badges.example.org")
	rec := ts.page("POST", "/verify", "input=&url=", map[string]string{"Accept-Language": "ar"})
	body := rec.Body.String()
	if rec.Code != http.StatusBadRequest || !strings.Contains(body, "الصق شهادة، أو اختر ملفًا، أو أدخل رابطًا.") || !strings.Contains(body, `dir="rtl"`) {
		t.Errorf("POST /verify (empty, Arabic) = %d, want 400 with the Arabic error:\n%s", rec.Code, body)
	}
	rec = ts.page("POST", "/verify", "input=&url=", nil)
	if !strings.Contains(rec.Body.String(), "Paste a credential, choose a file or enter a link.") {
		t.Errorf("POST /verify (empty, English) lacks the English error")
	}
}
