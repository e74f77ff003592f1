package ui

import (
	"fmt"
	"log"

	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
)

// doCount records the keeper's count of the vault and shows it line by line.
func (v *vaultView) doCount() {
	a := v.a
	c, err := v.count.count()
	if err != nil {
		v.countResult.Importance = widget.DangerImportance
		v.countResult.SetText(errorText(err))
		return
	}
	vc, lines, err := a.svc.CountVault(a.ctx, a.sess, c)
	if err != nil {
		log.Printf("ui: vault count: %v", err)
		v.countResult.Importance = widget.DangerImportance
		v.countResult.SetText(errorText(err))
		return
	}
	v.lines = lines
	v.linesTable.Show()
	v.linesTable.Refresh()
	diff := cash.Difference{Amount: vc.Diff}
	text := fmt.Sprintf(tr("账面 %s　实点 %s　"), vc.Expected, vc.Counted)
	switch {
	case !diff.Balanced():
		v.countResult.Importance = widget.DangerImportance
		text += tr("碰库不符：") + differenceText(diff) + tr("（须查明原因后重新碰库，或登记差错挂账）")
	case denominationsOff(lines):
		// The books keep the vault by denomination: a matching total
		// with one note too few and another too many is a difference.
		v.countResult.Importance = widget.DangerImportance
		text += tr("合计相符，券别不符（须重新清点，或登记差错挂账）")
	default:
		v.countResult.Importance = widget.SuccessImportance
		text += tr("碰库相符")
	}
	v.countResult.SetText(text)
	if v.countResult.Importance == widget.DangerImportance {
		v.counted = vc
		v.diffPane.open(vc)
	} else {
		v.counted = counter.VaultCount{}
		v.diffPane.close()
	}
	v.refresh()
}

// denominationsOff reports whether any line of a count differs.
func denominationsOff(lines []cash.Line) bool {
	for _, l := range lines {
		if l.Diff != 0 {
			return true
		}
	}
	return false
}

func (v *vaultView) lineCell(row, col int) string {
	if row < 0 || row >= len(v.lines) {
		return ""
	}
	l := v.lines[row]
	switch col {
	case 0:
		return tr(l.Denomination.Name)
	case 1:
		return fmt.Sprint(l.Expected)
	case 2:
		return fmt.Sprint(l.Counted)
	case 3:
		if l.Diff > 0 {
			return fmt.Sprintf("+%d", l.Diff)
		}
		return fmt.Sprint(l.Diff)
	case 4:
		return differenceText(cash.Difference{Amount: l.Amount})
	}
	return ""
}
