package voucher

import (
	"cmp"
	"errors"
	"slices"

	"branchdesk/domain/msg"
)

// Range is a run of numbers of one type, From and To included.
type Range struct {
	Type     string // Type.Code
	From, To int64
}

// Errors of ranges.
var (
	ErrRange      = errors.New("凭证号码段不正确：起号须大于零且不大于止号")
	ErrRangeType  = errors.New("凭证号码段未指定种类")
	ErrRangeSplit = errors.New("拆分张数须大于零且不超过号码段张数")
)

// Validate checks the range: a type, 0 < From ≤ To.
func (r Range) Validate() error {
	if r.Type == "" {
		return ErrRangeType
	}
	if r.From <= 0 || r.From > r.To {
		return msg.Errorf("%w（%d–%d）", ErrRange, r.From, r.To)
	}
	return nil
}

// Empty reports whether the range holds no numbers.
func (r Range) Empty() bool { return r.From <= 0 || r.From > r.To }

// Count is how many numbers the range holds; 0 for an empty range.
func (r Range) Count() int64 {
	if r.Empty() {
		return 0
	}
	return r.To - r.From + 1
}

// Contains reports whether n is in the range.
func (r Range) Contains(n int64) bool { return !r.Empty() && r.From <= n && n <= r.To }

// Overlaps reports whether two ranges of the same type share a number.
func (r Range) Overlaps(o Range) bool {
	return r.Type == o.Type && !r.Empty() && !o.Empty() && r.From <= o.To && o.From <= r.To
}

// Split cuts the first n numbers off the range, as when a keeper hands a
// teller 25 cheques from a box of 100. Taking all of them leaves an Empty
// rest.
func (r Range) Split(n int64) (first, rest Range, err error) {
	if err := r.Validate(); err != nil {
		return Range{}, Range{}, err
	}
	if n <= 0 || n > r.Count() {
		return Range{}, Range{}, msg.Errorf("%w（%d，号码段共 %d）", ErrRangeSplit, n, r.Count())
	}
	first = Range{Type: r.Type, From: r.From, To: r.From + n - 1}
	if n == r.Count() {
		return first, Range{Type: r.Type}, nil
	}
	return first, Range{Type: r.Type, From: r.From + n, To: r.To}, nil
}

// Minus is what is left of r after taking o away: none, one or two ranges.
// Ranges of another type take nothing.
func (r Range) Minus(o Range) []Range {
	if r.Empty() {
		return nil
	}
	if !r.Overlaps(o) {
		return []Range{r}
	}
	var out []Range
	if o.From > r.From {
		out = append(out, Range{Type: r.Type, From: r.From, To: o.From - 1})
	}
	if o.To < r.To {
		out = append(out, Range{Type: r.Type, From: o.To + 1, To: r.To})
	}
	return out
}

// Covers reports whether every number of r is in one of ranges (of r's
// type); the ranges may touch or overlap, as stock received in two lots does.
func Covers(ranges []Range, r Range) bool {
	if r.Empty() {
		return false
	}
	var same []Range
	for _, x := range ranges {
		if x.Type == r.Type && !x.Empty() {
			same = append(same, x)
		}
	}
	slices.SortFunc(same, func(a, b Range) int { return cmp.Compare(a.From, b.From) })
	next := r.From // lowest number of r not yet seen covered
	for _, x := range same {
		if x.From > next {
			return false
		}
		if x.To >= r.To {
			return true
		}
		if x.To >= next {
			next = x.To + 1
		}
	}
	return false
}
