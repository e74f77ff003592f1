package enterprise

import (
	"strconv"

	"branchdesk/domain/money"
)

// Demand, credit and business information is secret (RULES §5 保密): who
// may not see an enterprise's figures sees only the range each lies in.
// bandEdges are the ranges' edges in 万元; a range holds its lower edge and
// not its upper one.
var bandEdges = []int64{100, 500, 1000, 5000, 10000}

// BandFloor is the lower edge of the range a lies in (0 for the lowest):
// what a masked record keeps, so the range can still be shown and nothing
// finer can be read back.
func BandFloor(a money.Amount) money.Amount {
	floor := money.Amount(0)
	for _, e := range bandEdges {
		if a >= money.Amount(e*wan) {
			floor = money.Amount(e * wan)
		}
	}
	return floor
}

// BandText names the range a lies in, e.g. "1,000–5,000 万", "100 万以下",
// "5,000 万–1 亿", "1 亿以上".
func BandText(a money.Amount) string {
	lo := int64(BandFloor(a)) / wan
	i := 0
	for i < len(bandEdges) && bandEdges[i] <= lo {
		i++
	}
	switch {
	case lo == 0:
		return wanText(bandEdges[0]) + " 万以下"
	case i == len(bandEdges):
		return wanText(lo) + "以上"
	}
	hi := bandEdges[i]
	if hi%10000 == 0 && lo%10000 != 0 {
		return wanText(lo) + " 万–" + wanText(hi)
	}
	return wanText(lo) + "–" + wanText(hi) + " 万"
}

// wanText writes n 万 with thousands separators, or in 亿 when it is a
// whole number of them ("1 亿").
func wanText(n int64) string {
	if n >= 10000 && n%10000 == 0 {
		return strconv.FormatInt(n/10000, 10) + " 亿"
	}
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
