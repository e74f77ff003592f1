package survey

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Status is where a version of a survey stands.
type Status string

// The statuses of a version.
const (
	// Draft is being filled in and is saved as it is typed.
	Draft Status = "draft"
	// Final has been checked and finalized; it is never changed again.
	Final Status = "final"
)

// Title is the status in Chinese: "草稿" or "已定稿".
func (s Status) Title() string {
	switch s {
	case Draft:
		return "草稿"
	case Final:
		return "已定稿"
	}
	return ""
}

// Errors of the version rules. Their text is shown to the officer as is.
var (
	// ErrInvalid refuses to finalize a survey that fails a check; it comes
	// wrapped together with the FieldErrors (errors.As gets them).
	ErrInvalid = errors.New("调查表有未填或填写有误的项目，不能定稿")
	// ErrFinalReadOnly refuses to change a finalized version.
	ErrFinalReadOnly = errors.New("已定稿的调查表不可修改，请新建更正版本")
	// ErrNotFinal refuses to correct a draft, which is simply edited.
	ErrNotFinal = errors.New("草稿可直接修改，只有已定稿的调查表需要更正")
	// ErrCorrectionReason refuses a correction without a reason.
	ErrCorrectionReason = errors.New("更正调查表须填写更正理由")
	// ErrNoAuthor refuses a version without the officer who makes it.
	ErrNoAuthor = errors.New("须注明经办人")
)

// Record is one version of a survey. All versions of a survey share its ID;
// the first is version 1, and each correction adds the next one, so the
// versions together are the survey's history.
type Record struct {
	// ID identifies the survey across its versions.
	ID string
	// Version counts from 1.
	Version int
	// Status is Draft or Final.
	Status Status
	// Survey is the content of this version.
	Survey Survey
	// Reason is why this version corrects the one it supersedes; "" for
	// version 1.
	Reason string
	// CreatedBy is the staff ID of the officer who started this version.
	CreatedBy string
	// At is when this version was started.
	At time.Time
	// Supersedes is the version this one corrects; 0 for version 1.
	Supersedes int
	// FinalizedAt is when this version was finalized; zero for a draft.
	FinalizedAt time.Time
	// Banded tells that the amounts were masked for a viewer who may see
	// only their ranges (each holds its range's floor); never stored.
	Banded bool `json:"-"`
}

// Officer is who answers for the survey: the 调查人 it names, or, while a
// draft names none, the officer who started it.
func (r Record) Officer() string {
	if r.Survey.OfficerID != "" {
		return r.Survey.OfficerID
	}
	return r.CreatedBy
}

// Figure shows one of the record's amounts as the viewer may see it: in
// full, or its range when Banded (e.g. "1,000–5,000 万").
func (r Record) Figure(a money.Amount) string {
	if r.Banded {
		return enterprise.BandText(a)
	}
	return a.String()
}

// Band returns r with every financial figure reduced to its range's
// floor (enterprise.BandFloor), marked Banded.
func (r Record) Band() Record {
	s := &r.Survey
	for _, a := range []*money.Amount{&s.Revenue, &s.Assets, &s.Liabilities, &s.LoansWithUsAmount, &s.LoansElsewhereAmount, &s.AmountSought} {
		*a = enterprise.BandFloor(*a)
	}
	r.Banded = true
	return r
}

// New starts version 1 of survey id as a draft, with the officer and the
// survey date filled in.
func New(id, by string, now time.Time) (Record, error) {
	if strings.TrimSpace(by) == "" {
		return Record{}, ErrNoAuthor
	}
	return Record{
		ID:        id,
		Version:   1,
		Status:    Draft,
		Survey:    Survey{OfficerID: by, SurveyDate: now.Format(time.DateOnly)},
		CreatedBy: by,
		At:        now,
	}, nil
}

// Edit replaces the content of a draft with s, as typed: drafts are saved
// whether or not they are complete. A final version is refused with
// ErrFinalReadOnly.
func Edit(rec Record, s Survey) (Record, error) {
	if rec.Status == Final {
		return rec, ErrFinalReadOnly
	}
	rec.Survey = s
	rec.Survey.Collateral = slices.Clone(s.Collateral)
	return rec, nil
}

// Finalize checks a draft with v and, if every field is correct and the
// enterprise has consented, returns it final, normalized and stamped now.
// Otherwise the error wraps ErrInvalid and the Messages (and through them
// the FieldErrors); a version that
// is already final is refused with ErrFinalReadOnly.
func Finalize(rec Record, v *Validator, now time.Time) (Record, error) {
	if rec.Status == Final {
		return rec, ErrFinalReadOnly
	}
	if m := v.Messages(rec.Survey); len(m) > 0 {
		return rec, msg.Errorf("%w：%w", ErrInvalid, m)
	}
	rec.Survey = Normalize(rec.Survey)
	rec.Status = Final
	rec.FinalizedAt = now
	return rec, nil
}

// Correct starts a new draft version from a final one: the same survey,
// Version+1, superseding it, with the reason for the correction and the
// officer making it. The final version itself stays as it was. The errors
// are ErrNotFinal, ErrCorrectionReason and ErrNoAuthor.
//
// final should be the survey's latest version; the caller, who holds the
// history, sees to that.
func Correct(final Record, reason, by string, now time.Time) (Record, error) {
	if final.Status != Final {
		return Record{}, ErrNotFinal
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Record{}, ErrCorrectionReason
	}
	if strings.TrimSpace(by) == "" {
		return Record{}, ErrNoAuthor
	}
	s := final.Survey
	s.Collateral = slices.Clone(s.Collateral)
	return Record{
		ID:         final.ID,
		Version:    final.Version + 1,
		Status:     Draft,
		Survey:     s,
		Reason:     reason,
		CreatedBy:  by,
		At:         now,
		Supersedes: final.Version,
	}, nil
}

// History returns every version of survey id found in records, oldest
// first.
func History(records []Record, id string) []Record {
	var h []Record
	for _, r := range records {
		if r.ID == id {
			h = append(h, r)
		}
	}
	slices.SortStableFunc(h, func(a, b Record) int { return cmp.Compare(a.Version, b.Version) })
	return h
}

// SameEnterprise returns the other surveys of the enterprise rec is about:
// those whose latest version among records has the same unified social
// credit code once normalized, under another survey ID. Each is given once,
// at that latest version, in the order first met. A survey without a code
// matches nothing.
func SameEnterprise(rec Record, records []Record) []Record {
	code := enterprise.NormalizeCreditCode(rec.Survey.CreditCode)
	if code == "" {
		return nil
	}
	var latest []Record
	at := map[string]int{}
	for _, r := range records {
		if r.ID == rec.ID {
			continue
		}
		i, seen := at[r.ID]
		switch {
		case !seen:
			at[r.ID] = len(latest)
			latest = append(latest, r)
		case r.Version > latest[i].Version:
			latest[i] = r
		}
	}
	return slices.DeleteFunc(latest, func(r Record) bool {
		return enterprise.NormalizeCreditCode(r.Survey.CreditCode) != code
	})
}

// Filed counts the surveys filed by officer ("" for everyone) in the
// period [from, to): those whose first version was finalized then.
// Corrections are not new surveys and are not counted.
func Filed(records []Record, officer string, from, to time.Time) int {
	n := 0
	for _, r := range records {
		if r.Status == Final && r.Version == 1 &&
			(officer == "" || r.Survey.OfficerID == officer) &&
			!r.FinalizedAt.Before(from) && r.FinalizedAt.Before(to) {
			n++
		}
	}
	return n
}

// ErrFormCurrent refuses to move a draft to a form that is not newer than
// the one it is on.
var ErrFormCurrent = errors.New("调查表已是最新版表单，无需升级")

// Upgrade moves a draft from form from, the one it was started on, to the
// newer form to: what still fits is carried over (Migrate) and the labels
// of what does not are returned. A final version is refused with
// ErrFinalReadOnly, a form not newer with ErrFormCurrent.
func Upgrade(rec Record, from, to Definition) (Record, []string, error) {
	if rec.Status == Final {
		return rec, nil, ErrFinalReadOnly
	}
	if to.Version <= from.Version {
		return rec, nil, ErrFormCurrent
	}
	s, dropped := Migrate(rec.Survey, from, to)
	rec.Survey = s
	return rec, dropped, nil
}
