package sync

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"branchdesk/domain/msg"
	"branchdesk/domain/voucher"
)

// Allocation is a range of blank vouchers head office allocates to the
// branch (voucher_allocations.ndjson): a shipped type's code and its first
// and last serial, both included.
type Allocation struct {
	Type string `json:"type"`
	From int64  `json:"from"`
	To   int64  `json:"to"`
}

// Range is the allocation as a voucher range.
func (a Allocation) Range() voucher.Range { return voucher.Range{Type: a.Type, From: a.From, To: a.To} }

// Terms of the LPR, as quoted.
const (
	Term1Y  Term = "1Y"
	Term5Y  Term = "5Y+"
	maxTerm      = 600 // months; 50 years
)

// Term is the term a base rate is quoted for: one of the LPR's "1Y" and
// "5Y+", or a number of months, written in decimal ("6"). In JSON the LPR
// terms are strings and a number of months is a number.
type Term string

// Months is the number of months of a term given in months, 0 for "1Y" and "5Y+".
func (t Term) Months() int {
	n, err := strconv.Atoi(string(t))
	if err != nil {
		return 0
	}
	return n
}

// Validate checks the term: "1Y", "5Y+" or 1 to 600 months.
func (t Term) Validate() error {
	if t == Term1Y || t == Term5Y {
		return nil
	}
	if n := t.Months(); n >= 1 && n <= maxTerm && strconv.Itoa(n) == string(t) {
		return nil
	}
	return msg.Errorf("%w：%q", ErrRateTerm, string(t))
}

// String writes the term for people: 1Y, 5Y+ or "6个月".
func (t Term) String() string {
	if t == Term1Y || t == Term5Y || t.Months() == 0 {
		return string(t)
	}
	return string(t) + "个月"
}

// Title is the term as the officer reads it: "1年期LPR", "5年期以上LPR"
// or "6个月". String keeps the codes of head office's file.
func (t Term) Title() string {
	switch t {
	case Term1Y:
		return "1年期LPR"
	case Term5Y:
		return "5年期以上LPR"
	}
	return t.String()
}

// MarshalJSON writes "1Y" and "5Y+" as strings and months as a number.
func (t Term) MarshalJSON() ([]byte, error) {
	if t != Term1Y && t != Term5Y && t.Validate() == nil {
		return []byte(t), nil
	}
	return json.Marshal(string(t))
}

// UnmarshalJSON reads "1Y", "5Y+" or a whole number of months.
func (t *Term) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if Term(s) != Term1Y && Term(s) != Term5Y {
			return msg.Errorf("%w：%q", ErrRateTerm, s)
		}
		*t = Term(s)
		return nil
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return msg.Errorf("%w：%s", ErrRateTerm, b)
	}
	*t = Term(strconv.Itoa(n))
	return nil
}

// Rate is one line of the base-rate table (rates.ndjson, RULES.md §8):
// the rate in basis points for a term, from a day on.
type Rate struct {
	Term      Term   `json:"term"`
	RateBP    int    `json:"rate_bp"`
	Effective string `json:"effective"` // YYYY-MM-DD
}

// MaxRateBP bounds a base rate: 100% a year.
const MaxRateBP = 10000

// Errors of allocations and rates.
var (
	ErrAllocation = errors.New("凭证调拨号码段不正确")
	ErrOverlap    = errors.New("凭证调拨号码段重叠")
	ErrRateTerm   = errors.New("基准利率期限不正确：须为 \"1Y\"、\"5Y+\" 或 1 到 600 的月数")
	ErrRate       = errors.New("基准利率不正确")
)

// CheckAllocations checks head office's allocations: a shipped voucher
// type each, a range the type's numbers hold, and no number allocated
// twice, in the list or in earlier (ranges already allocated).
func CheckAllocations(as []Allocation, earlier []voucher.Range) error {
	seen := slices.Clone(earlier)
	for _, a := range as {
		vt, err := voucher.Lookup(a.Type)
		if err != nil {
			return msg.Errorf("%w（%s %d–%d）：%w", ErrAllocation, a.Type, a.From, a.To, err)
		}
		r := a.Range()
		if err := vt.CheckRange(r); err != nil {
			return msg.Errorf("%w（%s %d–%d）：%w", ErrAllocation, vt.Name, a.From, a.To, err)
		}
		for i, o := range seen {
			if r.Overlaps(o) {
				what := "与本配置包中的另一段"
				if i < len(earlier) {
					what = "与此前已调拨的号码段"
				}
				return msg.Errorf("%w：%s %s %s %s 有相同号码", ErrOverlap, vt.Name, vt.FormatRange(r), what, vt.FormatRange(o))
			}
		}
		seen = append(seen, r)
	}
	return nil
}

// CheckRates checks a rate table: valid terms, 0 < rate ≤ 100%, a real
// date, and one rate per term and day.
func CheckRates(rs []Rate) error {
	seen := map[[2]string]bool{}
	for _, r := range rs {
		if err := r.Term.Validate(); err != nil {
			return err
		}
		if r.RateBP <= 0 || r.RateBP > MaxRateBP {
			return msg.Errorf("%w：期限 %s 利率 %d 个基点，须大于 0 且不超过 %d", ErrRate, r.Term, r.RateBP, MaxRateBP)
		}
		if d, err := time.Parse(time.DateOnly, r.Effective); err != nil || d.Format(time.DateOnly) != r.Effective {
			return msg.Errorf("%w：期限 %s 生效日期 %q 须为 YYYY-MM-DD", ErrRate, r.Term, r.Effective)
		}
		k := [2]string{string(r.Term), r.Effective}
		if seen[k] {
			return msg.Errorf("%w：期限 %s 在 %s 有两个利率", ErrRate, r.Term, r.Effective)
		}
		seen[k] = true
	}
	return nil
}
