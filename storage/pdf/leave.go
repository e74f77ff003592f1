package pdf

import (
	"fmt"
	"io"
	"slices"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
)

// keeperLabel names a keeper of a hand-over: "无" where nothing of theirs
// moved, "未记录" on a hand-over recorded before keepers were.
func keeperLabel(u staff.User, moved bool) string {
	switch {
	case u.ID != "":
		return u.Label()
	case moved:
		return "未记录"
	}
	return "无"
}

// WriteLeaveHandOver writes a leave hand-over's 交接清单 (第十三条) as an A4
// PDF: who handed over to whom under whose supervision, the box cash by
// denomination, the blank vouchers by number, the seals and cards, the
// keys, and the three signature lines. A character the font lacks is an
// error wrapping ErrMissingGlyph.
func WriteLeaveHandOver(w io.Writer, l counter.LeaveHandOver) error {
	if err := writeLeave(w, l); err != nil {
		return fmt.Errorf("pdf: leave hand-over: %w", err)
	}
	return nil
}

func writeLeave(w io.Writer, l counter.LeaveHandOver) error {
	d, err := newReport(a4Portrait, "柜员离岗交接清单", branchLabel(l.Branch), [][]field{
		{f("交接编号", fmt.Sprintf("#%d", l.ID)), f("营业日", l.BusinessDate)},
		{f("交出柜员", l.Leaving.Label()), f("接收柜员", l.Receiving.Label())},
		{f("监交人", l.Supervisor.Label()), f("时间", dateTime(l.At))},
		{f("总库管库员", keeperLabel(l.VaultKeeper, l.Amount > 0)), f("凭证保管人", keeperLabel(l.VoucherKeeper, len(l.Vouchers) > 0))},
	})
	if err != nil {
		return err
	}
	var rows [][]string
	for _, dn := range cash.Denominations() {
		if n := l.Count[dn.Code]; n != 0 {
			rows = append(rows, []string{dn.Name, pieceCount(n), (dn.Face * money.Amount(n)).String()})
		}
	}
	rows = append(rows, []string{"合计", "", l.Amount.String()})
	if err := d.section("一、钱箱现金（经总库转入接收柜员钱箱）", grid{
		headers: []string{"券别", "张（枚）数", "金额"}, widths: []float64{1.4, 1, 1.4}, rows: rows, totals: 1,
	}); err != nil {
		return err
	}
	for _, s := range []struct {
		title, head, none string
		items             []string
	}{
		{"二、重要空白凭证", "种类及号码", "无重要空白凭证。", l.Vouchers},
		{"三、印章、授权卡", "名称及编号", "无印章、授权卡（本人名章由本人保管）。", l.Seals},
		{"四、钥匙", "名称", "无钥匙。", l.Keys},
	} {
		if len(s.items) == 0 {
			if err := d.heading(s.title, sectionKeep); err != nil {
				return err
			}
			if err := d.note(s.none); err != nil {
				return err
			}
			continue
		}
		rows := make([][]string, 0, len(s.items))
		for i, it := range s.items {
			rows = append(rows, []string{pieceCount(int64(i + 1)), it})
		}
		if err := d.section(s.title, grid{headers: []string{"序号", s.head}, widths: []float64{0.5, 4}, rows: rows}); err != nil {
			return err
		}
	}
	// A keeper who is not the supervisor came to the counter and confirmed
	// with their password too, and signs on a line of their own.
	var keepers []signer
	for _, k := range []struct {
		role string
		u    staff.User
	}{{"总库管库员", l.VaultKeeper}, {"凭证保管人", l.VoucherKeeper}} {
		if k.u.ID != "" && k.u.ID != l.Supervisor.ID && !slices.ContainsFunc(keepers, func(s signer) bool { return s.name == k.u.Label() }) {
			keepers = append(keepers, signer{k.role, k.u.Label()})
		}
	}
	confirmed := "交出柜员、接收柜员、监交人"
	if len(keepers) > 0 {
		confirmed += "及到场保管人"
	}
	if err := d.note("以上各项已当面逐项点清，" + confirmed + "已分别输入密码确认。"); err != nil {
		return err
	}
	if err := d.signOff(signer{"交出柜员", l.Leaving.Label()}, signer{"接收柜员", l.Receiving.Label()}, signer{"监交人", l.Supervisor.Label()}); err != nil {
		return err
	}
	if len(keepers) > 0 {
		if err := d.signOff(keepers...); err != nil {
			return err
		}
	}
	return d.finish(w)
}
