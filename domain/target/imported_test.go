package target

import (
	"errors"
	"testing"
)

// A list row from a file (issue #12 item 8): ids a spreadsheet mangled,
// names that are its formulas or error values, and a credit code failing
// its check character (GB 32100-2015 §5) are refused.
func TestCheckImported(t *testing.T) {
	good := Target{ID: "0001", Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43", Class: Normal, Officer: "2001", Deadline: "2026-12-31"}
	if err := CheckImported(good); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mut  func(*Target)
		want error
	}{
		{func(t *Target) { t.ID = "" }, nil},
		{func(t *Target) { t.ID = "T000001" }, nil},
		{func(t *Target) { t.ID = "T1" }, nil},
		{func(t *Target) { t.ID = "T261206085100-a1b2c3" }, nil},
		{func(t *Target) { t.ID = "1" }, ErrID},
		{func(t *Target) { t.ID = "001" }, ErrID},
		{func(t *Target) { t.ID = "9.13501E+17" }, ErrID},
		{func(t *Target) { t.ID = "T 01" }, ErrID},
		{func(t *Target) { t.Name = "Err:509" }, ErrNameSheet},
		{func(t *Target) { t.Name = "#VALUE!" }, ErrNameSheet},
		{func(t *Target) { t.Name = "#N/A" }, ErrNameSheet},
		{func(t *Target) { t.Name = `=HYPERLINK("http://x","点击")` }, ErrNameFormula},
		{func(t *Target) { t.Name = "+公司" }, ErrNameFormula},
		{func(t *Target) { t.Name = "-公司" }, ErrNameFormula},
		{func(t *Target) { t.Name = "@SUM(A1)" }, ErrNameFormula},
		{func(t *Target) { t.Name = "Err公司" }, nil},
		{func(t *Target) { t.CreditCode = "91350100M000100Y44" }, ErrCodeInFile},
	} {
		g := good
		tc.mut(&g)
		if err := CheckImported(g); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%+v: got %v, want %v", g, err, tc.want)
		}
	}
	// Validate (head office's lists) refuses the names too, but lets a
	// failed check character through: an officer may override it.
	bad := good
	bad.Name = "Err:509"
	if err := bad.Validate(); !errors.Is(err, ErrNameSheet) {
		t.Errorf("Validate %q: %v", bad.Name, err)
	}
	bad = good
	bad.CreditCode = "91350100M000100Y44"
	if err := bad.Validate(); err != nil {
		t.Errorf("Validate a code failing its check: %v", err)
	}
}

func FuzzCheckImported(f *testing.F) {
	f.Add("0001", "甲公司", "91350100M000100Y43")
	f.Add("1", "=1+1", "")
	f.Fuzz(func(t *testing.T, id, name, code string) {
		err := CheckImported(Target{ID: id, Name: name, CreditCode: code, Class: Normal, Officer: "2001", Deadline: "2026-12-31"})
		if err == nil && (FormulaStart(name) || (id != "" && id[0] >= '0' && id[0] <= '9' && len(id) < 4)) {
			t.Fatalf("accepted id %q name %q", id, name)
		}
	})
}
