package cash

import "branchdesk/domain/money"

// Line is one denomination of a vault check (碰库): what the system says
// the box holds, what was counted, and the difference.
type Line struct {
	Denomination Denomination
	Expected     int64        // pieces by the system
	Counted      int64        // pieces counted
	Diff         int64        // Counted − Expected
	Amount       money.Amount // Diff × face: above zero 长款, below zero 短款
}

// CompareByDenomination lines up the system's count against the counted
// one, denomination by denomination, in the order of Denominations. Every
// regular denomination has a line; an optional one only when either side
// has pieces of it. An invalid count (unknown code, negative pieces) is an
// error: the sheet must not hide a slip.
func CompareByDenomination(system, counted Count) ([]Line, error) {
	if err := system.validate(); err != nil {
		return nil, err
	}
	if err := counted.validate(); err != nil {
		return nil, err
	}
	var lines []Line
	for _, d := range Denominations() {
		e, c := system[d.Code], counted[d.Code]
		if d.Optional && e == 0 && c == 0 {
			continue
		}
		diff := c - e
		lines = append(lines, Line{
			Denomination: d,
			Expected:     e,
			Counted:      c,
			Diff:         diff,
			Amount:       d.Face * money.Amount(diff),
		})
	}
	return lines, nil
}

// SplitDifference splits a count that differs from the system into the
// pieces missing (short: the system has them, the count does not) and the
// pieces too many (over), each by denomination. A count off in both ways
// (one ¥100 note short, two ¥50 notes over) gives both; a count that
// agrees gives two empty counts.
func SplitDifference(system, counted Count) (short, over Count, err error) {
	lines, err := CompareByDenomination(system, counted)
	if err != nil {
		return nil, nil, err
	}
	short, over = Count{}, Count{}
	for _, l := range lines {
		switch {
		case l.Diff < 0:
			short[l.Denomination.Code] = -l.Diff
		case l.Diff > 0:
			over[l.Denomination.Code] = l.Diff
		}
	}
	return short, over, nil
}
