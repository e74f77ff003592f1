package pdf

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"branchdesk/assets"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
)

// sectionKeep is the room a section heading wants under it: a header row and
// two lines of the table, so a heading never ends a page alone.
const sectionKeep = 3*tableSize*leading + 6*padY

// report starts a document with its title and the heading
// rows every report opens with.
func newReport(size pageSize, title, subtitle string, info [][]field) (*document, error) {
	font, err := assets.LoadFont()
	if err != nil {
		return nil, err
	}
	d, err := newSizedDocument(font, size)
	if err != nil {
		return nil, err
	}
	if err := d.header(title, subtitle, false); err != nil {
		return nil, err
	}
	for _, row := range info {
		if err := d.row(row); err != nil {
			return nil, err
		}
	}
	d.closeTable()
	d.y += 6
	return d, nil
}

// section is a heading and the table under it. A table that fits on a
// page is kept whole, on the next page if need be.
func (d *document) section(title string, g grid) error {
	h, err := d.gridHeight(g)
	if err != nil {
		return err
	}
	if h > d.bottom()-d.pageTop-headingH {
		h = sectionKeep
	}
	if err := d.heading(title, h); err != nil {
		return err
	}
	return d.drawGrid(g)
}

// WriteTellerDay writes a teller's end-of-day report (柜员日终报表) as an
// A4 PDF: the box in figures, the count by denomination against the
// expected total, the difference and who signed it, the cash moved with
// the vault, the business by kind, the vouchers written off by number,
// and lines for the teller, the B and the A to sign. A character the font
// lacks is an error wrapping ErrMissingGlyph.
func WriteTellerDay(w io.Writer, r counter.TellerDayReport) error {
	if err := writeTellerDay(w, r); err != nil {
		return fmt.Errorf("pdf: teller report: %w", err)
	}
	return nil
}

func writeTellerDay(w io.Writer, r counter.TellerDayReport) error {
	state := r.State.Title()
	d, err := newReport(a4Portrait, "柜员日终报表", branchLabel(r.Branch), [][]field{
		{f("营业日期", r.Date), f("柜员", r.Teller.Label())},
		{f("签到状态", state), f("轧账", balancedTitle(r))},
	})
	if err != nil {
		return err
	}
	p := r.Position.Balance
	if err := d.section("一、钱箱现金", grid{
		headers: []string{"上日库存", "现金收入", "现金付出", "总库领入", "上缴总库", "应有库存"},
		widths:  []float64{1, 1, 1, 1, 1, 1},
		rows:    [][]string{{p.Opening.String(), p.CashIn.String(), p.CashOut.String(), p.FromVault.String(), p.ToVault.String(), r.Expected.String()}},
	}); err != nil {
		return err
	}
	if r.Balanced() {
		rows := make([][]string, 0, len(r.Cash)+3)
		for _, l := range r.Cash {
			rows = append(rows, []string{l.Denomination.Name, strconv.FormatInt(l.Pieces, 10), l.Amount.String()})
		}
		rows = append(rows,
			[]string{"实点合计", "", r.Counted.String()},
			[]string{"应有库存（系统）", "", r.Expected.String()},
			[]string{"差额", "", r.Diff.Title()},
		)
		if err := d.section("二、券别明细（实点）", grid{
			headers: []string{"券别", "张（枚）数", "金额"}, widths: []float64{2, 1, 1.4}, rows: rows, totals: 3,
		}); err != nil {
			return err
		}
		if err := d.note("系统按流水只掌握应有库存总额，不分券别；差额为实点合计减应有库存。"); err != nil {
			return err
		}
	} else {
		if err := d.heading("二、券别明细（实点）", sectionKeep); err != nil {
			return err
		}
		if err := d.note("本营业日尚未轧账，没有实点券别。应有库存 " + r.Expected.String() + "。"); err != nil {
			return err
		}
	}

	diff := [][]string{{"平", "—", "—", "—", "—"}}
	if r.Balanced() && !r.Diff.Balanced() {
		diff = [][]string{{r.Diff.Title(), r.Balance.Reason, r.SignedB.Label(), r.ApprovedA.Label(), entryNo(r.Balance.SuspenseEntry)}}
	} else if !r.Balanced() {
		diff = [][]string{{"未轧账", "—", "—", "—", "—"}}
	}
	if err := d.section("三、长短款", grid{
		headers: []string{"差额", "原因", "业务主办（B）签字", "业务主管（A）审批挂账", "挂账记账编号"},
		widths:  []float64{1.2, 2, 1.3, 1.5, 1}, rows: diff,
	}); err != nil {
		return err
	}

	var from, to money.Amount
	moves := make([][]string, 0, len(r.Moves)+2)
	for _, m := range r.Moves {
		if m.Move.To.Kind == cash.TellerBox {
			from += m.Move.Amount
		} else {
			to += m.Move.Amount
		}
		moves = append(moves, []string{timeOfDay(m.Move.At), m.Move.Kind.Title(), m.From, m.To, describeCount(m.Move.Count),
			m.Move.Amount.String(), m.Keeper.Label(), m.Teller.Label()})
	}
	moves = append(moves,
		[]string{"合计", "总库领入", "", "", "", from.String(), "", ""},
		[]string{"合计", "上缴总库", "", "", "", to.String(), "", ""})
	if err := d.section("四、与总库的现金调拨", grid{
		headers: []string{"时间", "业务", "调出", "调入", "券别明细", "金额", "管库员", "确认柜员"},
		widths:  []float64{1, 1, 1.4, 1.4, 2, 1.4, 1.1, 1.1}, rows: moves, totals: 2,
	}); err != nil {
		return err
	}

	biz := make([][]string, 0, len(r.Business)+1)
	for _, k := range r.Business {
		biz = append(biz, []string{k.Kind.Title(), strconv.Itoa(k.Count), k.Amount.String(), strconv.Itoa(k.Reversals), k.ReversedAmount.String()})
	}
	t := r.BusinessTotal
	biz = append(biz, []string{"合计", strconv.Itoa(t.Count), t.Amount.String(), strconv.Itoa(t.Reversals), t.ReversedAmount.String()})
	if err := d.section("五、业务量", grid{
		headers: []string{"业务种类", "笔数", "金额", "冲正笔数", "冲正金额"},
		widths:  []float64{2, 1, 1.6, 1, 1.6}, rows: biz, totals: 1,
	}); err != nil {
		return err
	}

	if err := d.heading("六、重要空白凭证", sectionKeep); err != nil {
		return err
	}
	if len(r.Vouchers) == 0 {
		if err := d.note("本日无凭证领用、使用、出售或作废。"); err != nil {
			return err
		}
	} else {
		sum := make([][]string, 0, len(r.Vouchers))
		for _, v := range r.Vouchers {
			sum = append(sum, []string{v.Type.Name, voucherPieces(v.Used), voucherPieces(v.Sold),
				voucherPieces(v.Voided), voucherPieces(v.OnHand), voucherPieces(v.Counted)})
		}
		if err := d.table([]string{"凭证种类", "使用", "出售", "作废", "结存（系统）", "实点"},
			[]float64{1.6, 1, 1, 1, 1.2, 1}, sum); err != nil {
			return err
		}
	}
	if len(r.VoucherNumbers) > 0 {
		nums := make([][]string, 0, len(r.VoucherNumbers))
		for _, l := range r.VoucherNumbers {
			nums = append(nums, []string{l.Type.Name, l.Number, l.Event.State.Title(), entryNo(l.Event.EntryID),
				l.Event.Reason, voucherWitness(l), timeOfDay(l.Event.At)})
		}
		if err := d.section("七、凭证销号明细", grid{
			headers: []string{"凭证种类", "号码", "状态", "记账编号", "原因", "核对印鉴 / 授权", "时间"},
			widths:  []float64{1.2, 1.4, 0.9, 0.9, 1.8, 1.4, 1}, rows: nums,
		}); err != nil {
			return err
		}
	}
	if err := d.signOff(
		signer{"柜员", r.Teller.Label()},
		signer{"业务主办（B）", r.SignedB.Label()},
		signer{"业务主管（A）", r.ApprovedA.Label()},
	); err != nil {
		return err
	}
	return d.finish(w)
}

func balancedTitle(r counter.TellerDayReport) string {
	if !r.Balanced() {
		return "未轧账"
	}
	return fmt.Sprintf("已轧账（%s）实点 %s，%s", r.Balance.At.Local().Format("15:04:05"), r.Counted, r.Diff.Title())
}

// WriteVault writes the vault report (总库现金报表) for a date range as an
// A4 PDF: stock by denomination at both ends, every movement with its
// people, and each day's count (碰库) line by line.
func WriteVault(w io.Writer, r counter.VaultReport) error {
	if err := writeVault(w, r); err != nil {
		return fmt.Errorf("pdf: vault report: %w", err)
	}
	return nil
}

func writeVault(w io.Writer, r counter.VaultReport) error {
	keeper := r.Keeper.Label()
	if keeper == "" {
		keeper = "未指定（任一B级柜员）"
	}
	d, err := newReport(a4Portrait, "总库现金报表", branchLabel(r.Branch), [][]field{
		{f("期间", reportPeriod(r.From, r.To)), f("管库员", keeper)},
	})
	if err != nil {
		return err
	}
	lines := make([][]string, 0, len(r.Lines)+1)
	for _, l := range r.Lines {
		lines = append(lines, []string{l.Denomination.Name, pieceCount(l.Opening), pieceCount(l.In), pieceCount(l.Out), pieceCount(l.Closing),
			(l.Denomination.Face * money.Amount(l.Closing)).String()})
	}
	lines = append(lines, []string{"金额合计", r.Opening.String(), r.In.String(), r.Out.String(), r.Closing.String(), r.Closing.String()})
	if err := d.section("一、库存券别变动", grid{
		headers: []string{"券别", "期初", "入库", "出库", "期末", "期末金额"},
		widths:  []float64{1.4, 1.2, 1.2, 1.2, 1.2, 1.5}, rows: lines, totals: 1,
	}); err != nil {
		return err
	}

	var in, out money.Amount
	moves := make([][]string, 0, len(r.Moves)+2)
	for _, m := range r.Moves {
		if m.Move.To.Kind == cash.Vault {
			in += m.Move.Amount
		} else {
			out += m.Move.Amount
		}
		by := m.Teller.Label()
		if m.Approver.ID != "" {
			by = "审批 " + m.Approver.Label()
		}
		if m.SignedB.ID != "" {
			by = "签字 " + m.SignedB.Label() + "\n" + by
		}
		moves = append(moves, []string{m.Move.BusinessDate + "\n" + timeOfDay(m.Move.At), m.Move.Kind.Title(), m.From, m.To,
			describeCount(m.Move.Count), m.Move.Amount.String(), m.Keeper.Label(), by})
	}
	moves = append(moves,
		[]string{"合计", "入库", "", "", "", in.String(), "", ""},
		[]string{"合计", "出库", "", "", "", out.String(), "", ""})
	if err := d.section("二、现金调拨明细", grid{
		headers: []string{"日期", "业务", "调出", "调入", "券别明细", "金额", "管库员", "确认 / 签字审批"},
		widths:  []float64{62, 50, 58, 62, 90, 76, 56, 78}, rows: moves, totals: 2, // points, scaled to the page
	}); err != nil {
		return err
	}

	if len(r.Checks) == 0 {
		if err := d.heading("三、碰库记录", sectionKeep); err != nil {
			return err
		}
		if err := d.note("期间内没有碰库记录。"); err != nil {
			return err
		}
	}
	for i, c := range r.Checks {
		title := fmt.Sprintf("三、碰库记录（%d）%s %s　管库员 %s", i+1, c.Count.BusinessDate, timeOfDay(c.Count.At), c.Keeper.Label())
		rows := make([][]string, 0, len(c.Lines)+3)
		for _, l := range c.Lines {
			rows = append(rows, []string{l.Denomination.Name, pieceCount(l.Expected), pieceCount(l.Counted), pieceCount(l.Diff), l.Amount.String()})
		}
		rows = append(rows,
			[]string{"账面合计", "", "", "", c.Count.Expected.String()},
			[]string{"实点合计", "", "", "", c.Count.Counted.String()},
			[]string{"差额", "", "", "", cash.Difference{Amount: c.Count.Diff}.Title()})
		if err := d.section(title, grid{
			headers: []string{"券别", "账面张（枚）数", "实点张（枚）数", "差异", "差异金额"},
			widths:  []float64{1.4, 1.2, 1.2, 1, 1.4}, rows: rows, totals: 3,
		}); err != nil {
			return err
		}
	}
	if err := d.signOff(signer{"管库员", r.Keeper.Label()}, signer{"业务主管（A）", ""}); err != nil {
		return err
	}
	return d.finish(w)
}

// WriteVoucherRegister writes the blank-voucher register (重要空白凭证
// 登记簿) for a date range as an A4 landscape PDF: every step of every number with
// its people, and the steps counted by state.
func WriteVoucherRegister(w io.Writer, r counter.VoucherRegisterReport) error {
	if err := writeVoucherRegister(w, r); err != nil {
		return fmt.Errorf("pdf: voucher register: %w", err)
	}
	return nil
}

func writeVoucherRegister(w io.Writer, r counter.VoucherRegisterReport) error {
	typ := "全部"
	if r.Type != nil {
		typ = r.Type.Name
	}
	d, err := newReport(a4Landscape, "重要空白凭证登记簿", branchLabel(r.Branch), [][]field{
		{f("期间", reportPeriod(r.From, r.To)), f("凭证种类", typ)},
	})
	if err != nil {
		return err
	}
	headers := []string{"登记时间", "凭证种类", "号码", "状态", "柜员", "经办", "记账编号", "原因", "核对印鉴", "授权"}
	widths := []float64{100, 60, 72, 44, 62, 62, 52, 150, 62, 62}
	if r.Type != nil { // one type: its name is in the heading
		headers = append(headers[:1], headers[2:]...)
		widths = append(widths[:1], widths[2:]...)
	}
	rows := make([][]string, 0, len(r.Lines))
	for _, l := range r.Lines {
		row := []string{dateTime(l.Event.At), l.Type.Name, l.Number, l.Event.State.Title(), l.Teller.Label(), l.By.Label(),
			entryNo(l.Event.EntryID), l.Event.Reason, l.SealCheckedBy.Label(), l.Authorizer.Label()}
		if r.Type != nil {
			row = append(row[:1], row[2:]...)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		if err := d.heading("一、登记明细", sectionKeep); err != nil {
			return err
		}
		if err := d.note("期间内没有凭证登记。"); err != nil {
			return err
		}
	} else if err := d.section("一、登记明细", grid{headers: headers, widths: widths, rows: rows}); err != nil {
		return err
	}
	sum := make([][]string, 0, len(r.ByState)+1)
	total := 0
	for _, s := range r.ByState {
		sum = append(sum, []string{s.State.Title(), strconv.Itoa(s.Count)})
		total += s.Count
	}
	sum = append(sum, []string{"合计", strconv.Itoa(total)})
	if err := d.section("二、按状态汇总", grid{
		headers: []string{"状态", "登记笔数"}, widths: []float64{1, 1}, rows: sum, totals: 1,
	}); err != nil {
		return err
	}
	if err := d.signOff(signer{"凭证保管人", ""}, signer{"登记簿记账人", ""}, signer{"业务主管（A）", ""}); err != nil {
		return err
	}
	return d.finish(w)
}

func branchLabel(b counter.Branch) string { return strings.TrimSpace(b.ID + " " + b.Name) }

func reportPeriod(from, to string) string {
	if from == to {
		return from
	}
	return from + " 至 " + to
}

// describeCount is a count by denomination in words: "100元纸币×900 50元纸币×200".
func describeCount(c cash.Count) string {
	var parts []string
	for _, d := range cash.Denominations() {
		if n := c[d.Code]; n != 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", d.Name, n))
		}
	}
	return strings.Join(parts, " ")
}

func pieceCount(n int64) string { return strconv.FormatInt(n, 10) }

// voucherPieces is a voucher count, or a dash when unknown.
func voucherPieces(n int64) string {
	if n < 0 {
		return "—"
	}
	return strconv.FormatInt(n, 10)
}

func entryNo(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func timeOfDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("15:04:05")
}

func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// voucherWitness is the person a voucher step names beyond the teller: the seal
// checker of a sale or the authorizer of a void.
func voucherWitness(l counter.VoucherLine) string {
	switch {
	case l.SealCheckedBy.ID != "":
		return "印鉴 " + l.SealCheckedBy.Label()
	case l.Authorizer.ID != "":
		return "授权 " + l.Authorizer.Label()
	}
	return ""
}
