package enterprise

import (
	"testing"

	"branchdesk/domain/money"
)

// TestConfidentialBands: at each edge of the ranges, the edge itself
// opens the upper range, one fen below stays in the lower one, one fen
// above stays in the upper one; the floor kept never leaves the range.
func TestConfidentialBands(t *testing.T) {
	const w = money.Amount(1_000_000)
	cases := []struct {
		a    money.Amount
		want string
	}{
		{0, "100 万以下"},
		{1, "100 万以下"},
		{100*w - 1, "100 万以下"},
		{100 * w, "100–500 万"},
		{100*w + 1, "100–500 万"},
		{500*w - 1, "100–500 万"},
		{500 * w, "500–1,000 万"},
		{500*w + 1, "500–1,000 万"},
		{1000*w - 1, "500–1,000 万"},
		{1000 * w, "1,000–5,000 万"},
		{1000*w + 1, "1,000–5,000 万"},
		{5000*w - 1, "1,000–5,000 万"},
		{5000 * w, "5,000 万–1 亿"},
		{5000*w + 1, "5,000 万–1 亿"},
		{10000*w - 1, "5,000 万–1 亿"},
		{10000 * w, "1 亿以上"},
		{10000*w + 1, "1 亿以上"},
		{money.DefaultCeiling, "1 亿以上"},
	}
	for _, c := range cases {
		if got := BandText(c.a); got != c.want {
			t.Errorf("%s: %q, want %q", c.a, got, c.want)
		}
		if got := BandText(BandFloor(c.a)); got != c.want {
			t.Errorf("%s: floor %s shows %q", c.a, BandFloor(c.a), got)
		}
		if BandFloor(c.a) > c.a {
			t.Errorf("%s: floor %s above the amount", c.a, BandFloor(c.a))
		}
	}
}
