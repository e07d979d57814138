package server

import (
	"net/url"
	"strconv"
)

// consolePaging is one page of a console list of n items, size a page:
// the page the query asks for (?page=, from 1), the items' range on it,
// and the links to the pages before and after ("" for none), which keep
// the query's filters and drop its done message.
func (s *Server) consolePaging(q url.Values, base string, n, size int) (from, to int, prev, next string) {
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	from = min((page-1)*size, n)
	to = min(from+size, n)
	pageURL := func(p int) string {
		pq, _ := url.ParseQuery(q.Encode()) // a copy: q is the page's own
		pq.Set("page", strconv.Itoa(p))
		pq.Del("done")
		return s.localPath(base + "?" + pq.Encode())
	}
	if page > 1 {
		prev = pageURL(page - 1)
	}
	if to < n {
		next = pageURL(page + 1)
	}
	return from, to, prev, next
}
