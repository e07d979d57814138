// Package spectest gives tests access to the official Open Badges and VC data
// in ../shared/spec (schemas, contexts, examples, test vectors). A clone
// without ../shared still passes its tests: Dir skips the calling test with a
// message saying why.
//
// It is for tests only; the product never reads ../shared.
package spectest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Dir returns the absolute path of shared/spec, or skips tb when it is absent.
// ACCOLADE_SPEC_DIR overrides the location.
func Dir(tb testing.TB) string {
	tb.Helper()
	d, err := find()
	if err != nil {
		tb.Skipf("../shared/spec not present (%v): the official OB 3.0 data is needed for this test; CI always has it", err)
	}
	return d
}

func find() (string, error) {
	d := os.Getenv("ACCOLADE_SPEC_DIR")
	if d == "" {
		_, file, _, _ := runtime.Caller(0)
		d = filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "spec")
	}
	_, err := os.Stat(filepath.Join(d, "README.md"))
	return d, err
}

// Read returns the bytes of a file under shared/spec, skipping when absent.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Dir(tb), rel))
	if err != nil {
		tb.Fatalf("reading spec file: %v", err)
	}
	return b
}

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// SchemaFile is the official AchievementCredential schema's path in shared/spec.
const SchemaFile = "schemas/ob_v3p0_achievementcredential_schema.json"

// ValidateCredential validates a JSON credential against the official
// AchievementCredential JSON Schema (draft 2019-09) and fails tb with every
// violation when it does not conform. Without ../shared/spec it logs that the
// check was not made and lets the rest of the test run.
func ValidateCredential(tb testing.TB, credential []byte) {
	tb.Helper()
	if _, err := find(); err != nil {
		tb.Logf("not validated against the official schema: ../shared/spec not present (%v)", err)
		return
	}
	if err := CheckCredential(tb, credential); err != nil {
		tb.Errorf("credential does not validate against %s:\n%v\ncredential: %s", SchemaFile, err, credential)
	}
}

// CheckCredential is ValidateCredential returning the violation instead.
func CheckCredential(tb testing.TB, credential []byte) error {
	tb.Helper()
	path := filepath.Join(Dir(tb), SchemaFile)
	schemaOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2019)
		c.AssertFormat()
		schema, schemaErr = c.Compile(path)
	})
	if schemaErr != nil {
		tb.Fatalf("compiling schema: %v", schemaErr)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(credential))
	if err != nil {
		tb.Fatalf("credential is not JSON: %v", err)
	}
	return schema.Validate(v)
}

// JSONEqual reports whether a and b hold the same JSON value.
func JSONEqual(tb testing.TB, a, b []byte) bool {
	tb.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		tb.Fatalf("first value is not JSON: %v", err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		tb.Fatalf("second value is not JSON: %v", err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}
