package enterprise

import (
	"errors"
	"testing"
	"time"
)

// shanghai is the branch's time zone; fixed so the tests need no tzdata.
var shanghai = time.FixedZone("CST", 8*3600)

// today is the date the ID tests are run on.
var today = time.Date(2025, 6, 1, 10, 0, 0, 0, shanghai)

// Valid numbers, their check characters computed as in the comment below.
// GB 11643-1999's own example, 11010519491231002X:
//
//	digit   1 1  0 1 0 5 1 9 4 9 1 2  3 1 0 0 2
//	weight  7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
//	product 7 9  0 5 0 20 2 9 24 27 7 18 30 5 0 0 4   Σ = 167
//
// 167 mod 11 = 2, and "10X98765432"[2] is X.
var validIDs = []struct{ id, birth string }{
	{"11010519491231002X", "1949-12-31"},
	{"420102199001011236", "1990-01-01"},
	{"110101200001011232", "2000-01-01"},
	{"320106198503152415", "1985-03-15"},
	{"440304200802290012", "2008-02-29"}, // leap day
	{"110101200002290018", "2000-02-29"}, // leap century
	{"510108202312310035", "2023-12-31"},
	{"110101190001010014", "1900-01-01"}, // earliest accepted
	{"110101202506010015", "2025-06-01"}, // born today
}

func TestCheckResidentIDValid(t *testing.T) {
	for _, v := range validIDs {
		if err := CheckResidentID(v.id, today); err != nil {
			t.Errorf("CheckResidentID(%q) = %v, want nil", v.id, err)
		}
		if got, want := independentIDCheck(v.id[:17]), v.id[17]; got != want {
			t.Errorf("independent check of %q = %c, want %c", v.id, got, want)
		}
		b, err := BirthDate(v.id)
		if err != nil || b.Format(time.DateOnly) != v.birth {
			t.Errorf("BirthDate(%q) = %v, %v; want %s", v.id, b, err, v.birth)
		}
	}
}

func TestCheckResidentIDNormalizes(t *testing.T) {
	for _, in := range []string{"11010519491231002x", " 11010519491231002X ", "１１０１０５１９４９１２３１００２ｘ"} {
		if err := CheckResidentID(in, today); err != nil {
			t.Errorf("CheckResidentID(%q) = %v", in, err)
		}
		if got := NormalizeResidentID(in); got != "11010519491231002X" {
			t.Errorf("NormalizeResidentID(%q) = %q", in, got)
		}
	}
}

// Any one changed digit must be refused: every weight is non-zero mod the
// prime 11. A change inside the birth date may make the date invalid first.
func TestCheckResidentIDEverySingleChange(t *testing.T) {
	const id = "420102199001011236"
	for pos := range len(id) {
		for _, c := range "0123456789XA*" {
			if byte(c) == id[pos] {
				continue
			}
			mutated := id[:pos] + string(c) + id[pos+1:]
			err := CheckResidentID(mutated, today)
			var ce *CharError
			switch {
			case c == 'A' || c == '*' || c == 'X' && pos < 17:
				if !errors.As(err, &ce) || !errors.Is(err, ErrIDChar) || ce.Pos != pos+1 {
					t.Errorf("CheckResidentID(%q) = %v, want a CharError at %d", mutated, err, pos+1)
				}
			case pos >= 6 && pos < 14:
				if !errors.Is(err, ErrIDCheck) && !errors.Is(err, ErrIDBirthDate) {
					t.Errorf("CheckResidentID(%q) = %v, want ErrIDCheck or ErrIDBirthDate", mutated, err)
				}
			default:
				if !errors.Is(err, ErrIDCheck) {
					t.Errorf("CheckResidentID(%q) = %v, want ErrIDCheck", mutated, err)
				}
			}
		}
	}
}

func TestCheckResidentIDErrors(t *testing.T) {
	tests := []struct {
		name, id string
		want     error
	}{
		{"empty", "", ErrIDLength},
		{"first-generation 15 digits", "110105491231002", ErrIDLength},
		{"17 digits", "11010519491231002", ErrIDLength},
		{"19 characters", "11010519491231002X0", ErrIDLength},
		{"X before the end", "1101051949123100X2", ErrIDChar},
		{"letter in the region", "1I0105194912310O2X", ErrIDChar},
		{"Y as check character", "11010519491231002Y", ErrIDChar},
		{"Chinese character", "11010519491231002号", ErrIDChar},
		{"30 February", "110101199002300014", ErrIDBirthDate},
		{"29 February 1997", "110101199702290013", ErrIDBirthDate},
		{"29 February 1900, not a leap year", "110101190002290011", ErrIDBirthDate},
		{"month 13", "110101199013010012", ErrIDBirthDate},
		{"all zeros", "110101199000000018", ErrIDBirthDate},
		{"tomorrow", "110101202506020010", ErrIDBirthDate},
		{"31 December 1899", "11010118991231001X", ErrIDBirthDate},
		{"1880, valid check character", "440524188001010014", ErrIDBirthDate},
		{"wrong check character", "420102199001011234", ErrIDCheck},
		{"X where 6 belongs", "42010219900101123X", ErrIDCheck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckResidentID(tt.id, today)
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckResidentID(%q) = %v, want %v", tt.id, err, tt.want)
			}
			if IsOverridable(err) {
				t.Errorf("an ID error must not be overridable: %v", err)
			}
		})
	}
}

// Only the calendar date of today counts, in today's own time zone: just
// after midnight in Shanghai it is already the next day there, though not
// yet in UTC.
func TestCheckResidentIDTodayInItsZone(t *testing.T) {
	const bornJune2 = "110101202506020010"
	justAfterMidnight := time.Date(2025, 6, 2, 0, 30, 0, 0, shanghai)
	if err := CheckResidentID(bornJune2, justAfterMidnight); err != nil {
		t.Errorf("born today in Shanghai: %v", err)
	}
	lateOnJune1 := time.Date(2025, 6, 1, 23, 59, 59, 0, shanghai)
	if err := CheckResidentID(bornJune2, lateOnJune1); !errors.Is(err, ErrIDBirthDate) {
		t.Errorf("born tomorrow: %v", err)
	}
}

func TestBirthDateErrors(t *testing.T) {
	for id, want := range map[string]error{
		"":                   ErrIDLength,
		"1101051949123100ZX": ErrIDChar,
		"110101199002300014": ErrIDBirthDate,
		"11010118991231001X": ErrIDBirthDate,
	} {
		if b, err := BirthDate(id); !errors.Is(err, want) || !b.IsZero() {
			t.Errorf("BirthDate(%q) = %v, %v; want %v", id, b, err, want)
		}
	}
	// BirthDate does not look at the check character.
	if b, err := BirthDate("420102199001011234"); err != nil || b.Format(time.DateOnly) != "1990-01-01" {
		t.Errorf("BirthDate with a wrong check character = %v, %v", b, err)
	}
}

// independentIDCheck recomputes the check character as ISO 7064 MOD 11-2:
// weights 2^(17-i) mod 11 for place i from 0, check value (12 − Σ mod 11)
// mod 11, ten written X.
func independentIDCheck(first17 string) byte {
	sum := 0
	for i := range 17 {
		w := 1
		for range 17 - i {
			w = w * 2 % 11
		}
		sum += int(first17[i]-'0') * w
	}
	v := (12 - sum%11) % 11
	if v == 10 {
		return 'X'
	}
	return byte('0' + v)
}
