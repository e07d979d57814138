package store

import (
	"reflect"
	"testing"
)

// TestCredentialStateFields: each field of credentialState is a field of
// credentialRecord with the same json tag and type, so that heldBy reads
// what CompleteCredential wrote.
func TestCredentialStateFields(t *testing.T) {
	full := reflect.TypeFor[credentialRecord]()
	part := reflect.TypeFor[credentialState]()
	for i := range part.NumField() {
		f := part.Field(i)
		g, ok := full.FieldByName(f.Name)
		if !ok || g.Tag.Get("json") != f.Tag.Get("json") || g.Type != f.Type {
			t.Errorf("credentialState.%s (%s, json %q) is not credentialRecord's", f.Name, f.Type, f.Tag.Get("json"))
		}
	}
}
