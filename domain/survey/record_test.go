package survey

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestDraftFinalizeCorrect(t *testing.T) {
	v := newValidator(t)
	t0 := today
	rec, err := New("S-001", "2001", t0)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != 1 || rec.Status != Draft || rec.Survey.OfficerID != "2001" || rec.Survey.SurveyDate != "2025-06-15" {
		t.Fatalf("New = %+v", rec)
	}

	// Drafts save as typed, complete or not.
	half := Survey{Name: "虎林市兴农农机销售有限公司", CreditCode: "9135"}
	rec, err = Edit(rec, half)
	if err != nil || rec.Survey.CreditCode != "9135" {
		t.Fatalf("Edit draft = %+v, %v", rec.Survey, err)
	}

	// A draft is finalized only when valid; the refusal carries the messages.
	_, err = Finalize(rec, v, t0)
	var fe FieldErrors
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe["CreditCode"] != "统一社会信用代码应为18位（现为4位）" {
		t.Fatalf("Finalize(incomplete) = %v; FieldErrors %v", err, fe)
	}

	// Consent must be given to finalize.
	noConsent := valid()
	noConsent.Consent = false
	rec, _ = Edit(rec, noConsent)
	if _, err := Finalize(rec, v, t0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Finalize without consent = %v, want ErrInvalid", err)
	}

	typed := valid()
	typed.Name = "  " + typed.Name + " "
	rec, _ = Edit(rec, typed)
	t1 := t0.Add(time.Hour)
	final, err := Finalize(rec, v, t1)
	if err != nil {
		t.Fatalf("Finalize(valid) = %v", err)
	}
	if final.Status != Final || !final.FinalizedAt.Equal(t1) || final.Survey.Name != valid().Name {
		t.Fatalf("final = %+v", final)
	}

	// A final survey is read-only.
	if _, err := Edit(final, valid()); !errors.Is(err, ErrFinalReadOnly) {
		t.Fatalf("Edit(final) = %v, want ErrFinalReadOnly", err)
	}
	if got, want := ErrFinalReadOnly.Error(), "已定稿的调查表不可修改，请新建更正版本"; got != want {
		t.Errorf("ErrFinalReadOnly = %q, want %q", got, want)
	}
	if _, err := Finalize(final, v, t1); !errors.Is(err, ErrFinalReadOnly) {
		t.Fatalf("Finalize(final) = %v, want ErrFinalReadOnly", err)
	}

	// A correction needs a final version, a reason and an author.
	if _, err := Correct(rec, "改错字", "2001", t1); !errors.Is(err, ErrNotFinal) {
		t.Errorf("Correct(draft) = %v, want ErrNotFinal", err)
	}
	if _, err := Correct(final, " \t", "2001", t1); !errors.Is(err, ErrCorrectionReason) {
		t.Errorf("Correct without reason = %v, want ErrCorrectionReason", err)
	}
	if _, err := Correct(final, "改错字", "", t1); !errors.Is(err, ErrNoAuthor) {
		t.Errorf("Correct without author = %v, want ErrNoAuthor", err)
	}
	t2 := t1.Add(24 * time.Hour)
	v2, err := Correct(final, " 联系人手机号码有误 ", "2002", t2)
	if err != nil {
		t.Fatal(err)
	}
	if v2.ID != "S-001" || v2.Version != 2 || v2.Supersedes != 1 || v2.Status != Draft ||
		v2.Reason != "联系人手机号码有误" || v2.CreatedBy != "2002" || !v2.At.Equal(t2) || !v2.FinalizedAt.IsZero() {
		t.Fatalf("correction = %+v", v2)
	}
	changed := v2.Survey
	changed.ContactMobile = "13987654321"
	changed.Collateral[0] = CollateralIP // must not reach the final version
	v2, err = Edit(v2, changed)
	if err != nil {
		t.Fatal(err)
	}
	if final.Survey.ContactMobile != "13812345678" || final.Survey.Collateral[0] != CollateralProperty {
		t.Fatalf("correcting changed the final version: %+v", final.Survey)
	}
	v2final, err := Finalize(v2, v, t2)
	if err != nil {
		t.Fatal(err)
	}

	// The history shows every version, oldest first.
	other, _ := New("S-002", "2001", t0)
	h := History([]Record{v2final, other, final}, "S-001")
	if len(h) != 2 || h[0].Version != 1 || h[1].Version != 2 || h[1].Survey.ContactMobile != "13987654321" {
		t.Fatalf("History = %+v", h)
	}

	// A survey is filed when its first version is finalized; corrections
	// are not new surveys.
	all := []Record{final, v2final, other}
	day := func(d int) time.Time { return time.Date(2025, 6, d, 0, 0, 0, 0, today.Location()) }
	for _, c := range []struct {
		officer  string
		from, to time.Time
		want     int
	}{
		{"", day(15), day(16), 1},
		{"2001", day(15), day(16), 1},
		{"2002", day(15), day(16), 0},
		{"", day(16), day(17), 0}, // only the correction was finalized then
		{"", day(1), t1, 0},       // to is excluded
		{"", t1, day(16), 1},      // from is included
	} {
		if got := Filed(all, c.officer, c.from, c.to); got != c.want {
			t.Errorf("Filed(%q, %v, %v) = %d, want %d", c.officer, c.from, c.to, got, c.want)
		}
	}
}

func TestNewNeedsAuthor(t *testing.T) {
	if _, err := New("S-001", " ", today); !errors.Is(err, ErrNoAuthor) {
		t.Errorf("New without officer = %v, want ErrNoAuthor", err)
	}
}

func TestSameEnterprise(t *testing.T) {
	rec := func(id string, version int, code string) Record {
		return Record{ID: id, Version: version, Survey: Survey{CreditCode: code}}
	}
	const code = "91350100M000100Y43"
	mine := rec("A", 2, code)
	records := []Record{
		rec("A", 1, code),                  // the survey itself: never flagged
		rec("B", 1, "91350100m000100y43 "), // same code, typed differently
		rec("C", 1, "91110000600037341L"),  // another enterprise
		rec("B", 2, "９１３５０１００Ｍ０００１００Ｙ４３"), // B's latest version, full-width
		rec("D", 1, code), // same code, corrected away below
		rec("D", 2, "91440300708461136T"),
		rec("E", 1, "91440300708461136T"), // corrected to the same code
		rec("E", 2, code),
	}
	got := SameEnterprise(mine, records)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
		if r.Version != 2 {
			t.Errorf("%s given at version %d, want its latest, 2", r.ID, r.Version)
		}
	}
	if want := []string{"B", "E"}; !slices.Equal(ids, want) {
		t.Errorf("SameEnterprise = %v, want %v", ids, want)
	}
	if got := SameEnterprise(rec("X", 1, " "), []Record{rec("Y", 1, "")}); got != nil {
		t.Errorf("SameEnterprise without code = %v, want nil", got)
	}
}
