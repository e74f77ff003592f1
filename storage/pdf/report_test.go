package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signintech/gopdf"

	"branchdesk/assets"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/voucher"
)

var (
	rpBranch  = counter.Branch{ID: "0101", Name: "示范支行营业部", BusinessDate: "2026-11-23"}
	rpZhang   = counter.Person{ID: "1001", Name: "张三"}
	rpLi      = counter.Person{ID: "2001", Name: "李四"}
	rpZhao    = counter.Person{ID: "2002", Name: "赵敏"}
	rpWang    = counter.Person{ID: "3001", Name: "王五"}
	rpLiu     = counter.Person{ID: "3002", Name: "刘洋"}
	rpMorning = time.Date(2026, 11, 23, 9, 30, 0, 0, time.Local)
	rpCheque  = voucher.Type{Code: voucher.CashCheque, Name: "现金支票", Digits: 8, Unit: "张"}
	rpVault   = cash.Party{Kind: cash.Vault, ID: "0101"}
	rpBox     = cash.Party{Kind: cash.TellerBox, ID: "1001"}
)

func rpVoucherLine(n int64, st voucher.State, at time.Time) counter.VoucherLine {
	l := counter.VoucherLine{
		Event:  voucher.Event{Type: rpCheque.Code, Number: n, State: st, Teller: "1001", By: "1001", At: at},
		Type:   rpCheque,
		Number: rpCheque.Format(n),
		Teller: rpZhang, By: rpZhang,
	}
	switch st {
	case voucher.Used:
		l.Event.EntryID = 40 + n
	case voucher.Voided:
		l.Event.Reason, l.Event.Authorizer, l.Authorizer = "填写错误", "2001", rpLi
	case voucher.Sold:
		l.Event.SealCheckedBy, l.SealCheckedBy = "2002", rpZhao
	}
	return l
}

// rpTellerDay is 张三's day: ¥100,000 in from the vault, ¥100,000 handed
// back, ¥69,900 counted of ¥70,000: short ¥100, signed by 李四 and 王五.
func rpTellerDay() counter.TellerDayReport {
	bal := &counter.TellerBalance{ID: 1, Branch: "0101", Teller: "1001", BusinessDate: "2026-11-23",
		Expected: 70_000_00, Counted: 69_900_00, Diff: -100_00, Reason: "付款时多付客户", SignedB: "2001", ApprovedA: "3001",
		SuspenseEntry: 57, Count: cash.Count{"N100": 600, "N50": 198}, At: rpMorning.Add(8 * time.Hour)}
	r := counter.TellerDayReport{
		Branch: rpBranch, Date: "2026-11-23", Teller: rpZhang, State: counter.DayClosed,
		Position: counter.Position{Teller: "1001", BusinessDate: "2026-11-23", Suspense: -100_00, Expected: 69_900_00,
			Balance: cash.Balance{CashIn: 85_000_00, CashOut: 15_000_00, FromVault: 100_000_00, ToVault: 100_000_00}},
		Balance: bal, SignedB: rpLi, ApprovedA: rpWang,
		Expected: 70_000_00, Counted: 69_900_00, Diff: cash.Difference{Amount: -100_00},
		Moves: []counter.MoveLine{
			{Move: counter.CashMove{Kind: ledger.VaultIssue, From: rpVault, To: rpBox, Count: cash.Count{"N100": 900, "N50": 200}, Amount: 100_000_00, At: rpMorning},
				From: "总库", To: "柜员钱箱 1001 张三", Keeper: rpLi, Teller: rpZhang},
			{Move: counter.CashMove{Kind: ledger.VaultReceive, From: rpBox, To: rpVault, Count: cash.Count{"N100": 1000}, Amount: 100_000_00, At: rpMorning.Add(7 * time.Hour)},
				From: "柜员钱箱 1001 张三", To: "总库", Keeper: rpLi, Teller: rpZhang},
		},
		Business: []counter.KindLine{
			{Kind: ledger.SavingsCashDeposit, Count: 1, Amount: 5_000_00, Reversals: 1, ReversedAmount: 5_000_00},
			{Kind: ledger.CorporateCashDeposit, Count: 1, Amount: 80_000_00},
			{Kind: ledger.CorporateCashWithdrawal, Count: 1, Amount: 10_000_00},
		},
		BusinessTotal: counter.KindLine{Count: 3, Amount: 95_000_00, Reversals: 1, ReversedAmount: 5_000_00},
		Vouchers:      []counter.VoucherSummary{{Type: rpCheque, Used: 1, Sold: 2, Voided: 1, OnHand: 6, Counted: 6}},
		VoucherNumbers: []counter.VoucherLine{
			rpVoucherLine(11, voucher.Used, rpMorning.Add(time.Hour)),
			rpVoucherLine(12, voucher.Voided, rpMorning.Add(2*time.Hour)),
			rpVoucherLine(13, voucher.Sold, rpMorning.Add(3*time.Hour)),
			rpVoucherLine(14, voucher.Sold, rpMorning.Add(3*time.Hour)),
		},
	}
	for _, d := range cash.Denominations() {
		if !d.Optional {
			n := bal.Count[d.Code]
			r.Cash = append(r.Cash, counter.CashLine{Denomination: d, Pieces: n, Amount: d.Face * money.Amount(n)})
		}
	}
	return r
}

func TestTellerDayText(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteTellerDay(w, rpTellerDay()) })
	mustContain(t, text, "柜员日终报表", "0101 示范支行营业部", "2026-11-23", "1001 张三", "已正式签退",
		// the box in figures
		"上日库存", "¥85,000.00", "¥15,000.00", "¥100,000.00",
		// the count by denomination, its total, the expected total and the difference
		"100元纸币", "600", "¥60,000.00", "50元纸币", "198", "¥9,900.00", "1角硬币",
		"实点合计", "¥69,900.00", "应有库存（系统）", "¥70,000.00", "短款 ¥100.00",
		// who signed the difference
		"付款时多付客户", "2001 李四", "3001 王五", "57",
		// the vault
		"现金出库", "现金入库", "100元纸币×900", "100元纸币×1000", "总库领入", "上缴总库",
		// business, reversals apart
		"储蓄现金存款", "对公现金存款", "¥80,000.00", "对公现金取款", "¥10,000.00", "¥95,000.00", "¥5,000.00",
		// vouchers by number
		"现金支票", "00000011", "00000012", "00000013", "00000014", "已使用", "已作废", "已出售", "填写错误", "印鉴 2002 赵敏", "授权 2001 李四",
		// signature lines
		"柜员：", "业务主办（B）：", "业务主管（A）：")
}

// A teller who has not balanced gets the figures and no count.
func TestTellerDayNotBalanced(t *testing.T) {
	r := rpTellerDay()
	r.Balance, r.Counted, r.Diff, r.SignedB, r.ApprovedA = nil, 0, cash.Difference{}, counter.Person{}, counter.Person{}
	r.State, r.Vouchers, r.VoucherNumbers = counter.DayOpen, nil, nil
	text := extract(t, func(w io.Writer) error { return WriteTellerDay(w, r) })
	mustContain(t, text, "未轧账", "尚未轧账", "应有库存 ¥70,000.00", "已签到", "本日无凭证")
	if strings.Contains(text, "实点合计") {
		t.Error("an unbalanced day shows a count")
	}
}

// A busy day runs over pages: every page numbered, the table's header
// repeated on the next page, nothing lost.
func TestTellerDaySpillsOverPages(t *testing.T) {
	r := rpTellerDay()
	r.VoucherNumbers = nil
	for n := int64(1); n <= 120; n++ {
		r.VoucherNumbers = append(r.VoucherNumbers, rpVoucherLine(n, voucher.Used, rpMorning.Add(time.Duration(n)*time.Minute)))
	}
	text := extract(t, func(w io.Writer) error { return WriteTellerDay(w, r) })
	pages := headerOnEveryPage(t, text, "核对印鉴 / 授权", "现金支票")
	mustContain(t, text, fmt.Sprintf("第 1 页 共 %d 页", pages), fmt.Sprintf("第 %d 页 共 %d 页", pages, pages),
		"柜员日终报表（续）", "业务主管（A）：")
	for n := int64(1); n <= 120; n++ {
		if !strings.Contains(text, rpCheque.Format(n)) {
			t.Errorf("number %s lost", rpCheque.Format(n))
		}
	}
}

func rpVaultReport() counter.VaultReport {
	r := counter.VaultReport{
		Branch: rpBranch, From: "2026-11-01", To: "2026-11-23", Keeper: rpLi,
		Moves: []counter.MoveLine{
			{Move: counter.CashMove{BusinessDate: "2026-11-23", Kind: ledger.TransferIn, From: cash.Party{Kind: cash.SubBranch, ID: "0100"}, To: rpVault,
				Count: cash.Count{"N100": 19000, "N50": 2000}, Amount: 2_000_000_00, At: rpMorning}, From: "支行 0100", To: "总库", Keeper: rpLi, Approver: rpLiu},
			{Move: counter.CashMove{BusinessDate: "2026-11-23", Kind: ledger.VaultIssue, From: rpVault, To: rpBox,
				Count: cash.Count{"N100": 900, "N50": 200}, Amount: 100_000_00, At: rpMorning}, From: "总库", To: "柜员钱箱 1001 张三", Keeper: rpLi, Teller: rpZhang},
		},
		Opening: 0, In: 2_000_000_00, Out: 100_000_00, Closing: 1_900_000_00,
	}
	r.Moves = append(r.Moves, counter.MoveLine{Move: counter.CashMove{BusinessDate: "2026-11-23", Kind: ledger.CashShortage,
		From: cash.Party{Kind: cash.Vault}, To: cash.Party{Kind: cash.Suspense}, Count: cash.Count{"N100": 1}, Amount: 100_00, At: rpMorning},
		From: "总库", To: "待处理挂账", Keeper: rpLi, Teller: rpLi, Approver: rpWang, SignedB: rpLiu})
	for _, d := range cash.Denominations() {
		if d.Optional {
			continue
		}
		l := counter.VaultLine{Denomination: d}
		switch d.Code {
		case "N100":
			l.In, l.Out, l.Closing = 19000, 900, 18100
		case "N50":
			l.In, l.Out, l.Closing = 2000, 200, 1800
		}
		r.Lines = append(r.Lines, l)
	}
	system := cash.Count{"N100": 18100, "N50": 1800}
	lines, _ := cash.CompareByDenomination(system, cash.Count{"N100": 18099, "N50": 1800})
	r.Checks = []counter.VaultCheck{{
		Count:  counter.VaultCount{BusinessDate: "2026-11-23", Keeper: "2001", Expected: 1_900_000_00, Counted: 1_899_900_00, Diff: -100_00, At: rpMorning.Add(9 * time.Hour)},
		Keeper: rpLi, Lines: lines,
	}}
	return r
}

func TestVaultText(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteVault(w, rpVaultReport()) })
	mustContain(t, text, "总库现金报表", "0101 示范支行营业部", "2026-11-01 至 2026-11-23", "2001 李四",
		"100元纸币", "19000", "18100", "50元纸币", "1800", "金额合计", "¥2,000,000.00", "¥1,900,000.00",
		"调拨入库", "支行 0100", "审批 3002 刘洋", "现金出库", "1001 张三", "100元纸币×19000",
		"碰库记录", "18099", "-1", "-¥100.00", "账面合计", "实点合计", "¥1,899,900.00", "短款 ¥100.00", "管库员：",
		"短款挂账", "待处理挂账", "签字 3002 刘洋", "审批 3001 王五")
}

func TestVaultWithoutCounts(t *testing.T) {
	r := rpVaultReport()
	r.Checks, r.Keeper = nil, counter.Person{}
	text := extract(t, func(w io.Writer) error { return WriteVault(w, r) })
	mustContain(t, text, "没有碰库记录", "未指定")
}

func rpRegister(n int) counter.VoucherRegisterReport {
	r := counter.VoucherRegisterReport{Branch: rpBranch, From: "2026-11-23", To: "2026-11-23"}
	states := []voucher.State{voucher.Used, voucher.Voided, voucher.Sold}
	count := map[voucher.State]int{}
	for i := range n {
		st := states[i%len(states)]
		r.Lines = append(r.Lines, rpVoucherLine(int64(i+1), st, rpMorning.Add(time.Duration(i)*time.Minute)))
		count[st]++
	}
	for _, st := range states {
		r.ByState = append(r.ByState, counter.StateCount{State: st, Count: count[st]})
	}
	return r
}

func TestVoucherRegisterText(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteVoucherRegister(w, rpRegister(6)) })
	mustContain(t, text, "重要空白凭证登记簿", "全部", "现金支票", "00000001", "00000006", "已使用", "已作废", "已出售",
		"1001 张三", "2001 李四", "2002 赵敏", "填写错误", "41", "按状态汇总", "合计", "6", "凭证保管人：")
	one := rpRegister(3)
	one.Type = &rpCheque
	text = extract(t, func(w io.Writer) error { return WriteVoucherRegister(w, one) })
	mustContain(t, text, "凭证种类", "现金支票", "00000003")
}

// A register longer than a page repeats its header on every page.
func TestVoucherRegisterSpillsOverPages(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteVoucherRegister(w, rpRegister(90)) })
	pages := headerOnEveryPage(t, text, "核对印鉴", "0000")
	mustContain(t, text, fmt.Sprintf("第 %d 页 共 %d 页", pages, pages), "00000001", "00000090", "合计")
}

// headerOnEveryPage checks that every page with a row of a table (a line
// holding row) has the table's header too, and that there are several
// such pages. It returns the number of pages.
func headerOnEveryPage(t *testing.T, text, header, row string) int {
	t.Helper()
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	spanned := 0
	for i, p := range pages {
		if !strings.Contains(p, row) {
			continue
		}
		spanned++
		if !strings.Contains(p, header) {
			t.Errorf("page %d has rows but no header %q:\n%s", i+1, header, p)
		}
	}
	if spanned < 2 {
		t.Errorf("the table spans %d page(s), want several", spanned)
	}
	return len(pages)
}

// Every text goes through the glyph check: a report is refused rather
// than printed with blanks.
func TestReportsRefuseMissingGlyph(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skip(err)
	}
	emoji := counter.Person{ID: "1001", Name: "张\U0001F600三"}
	day := rpTellerDay()
	day.Teller = emoji
	vault := rpVaultReport()
	vault.Keeper = emoji
	reg := rpRegister(2)
	reg.Lines[1].Event.Reason = "作废\U0001F600"
	for name, write := range map[string]func(io.Writer) error{
		"teller":   func(w io.Writer) error { return WriteTellerDay(w, day) },
		"vault":    func(w io.Writer) error { return WriteVault(w, vault) },
		"vouchers": func(w io.Writer) error { return WriteVoucherRegister(w, reg) },
	} {
		var buf bytes.Buffer
		err := write(&buf)
		var mg *MissingGlyphError
		if !errors.Is(err, ErrMissingGlyph) || !errors.As(err, &mg) || mg.Runes[0] != 0x1F600 || buf.Len() != 0 {
			t.Errorf("%s: %v, %d bytes written", name, err, buf.Len())
		}
	}
}

// An amount is never broken across lines, however narrow its column: it is
// set smaller to fit (a day-end report once printed "¥250,000.0 / 0").
func TestTellerDayKeepsFiguresWhole(t *testing.T) {
	r := rpTellerDay()
	big := money.Amount(9_999_999_999_99)
	r.Position.Balance = cash.Balance{Opening: big, CashIn: big, CashOut: big, FromVault: big, ToVault: big}
	r.Expected = big
	for i := range r.Moves {
		r.Moves[i].Move.Amount = big
	}
	text := extract(t, func(w io.Writer) error { return WriteTellerDay(w, r) })
	// Six in the box's row, two moves and their two totals.
	if n := strings.Count(text, big.String()); n < 10 {
		t.Fatalf("%s whole on a line %d times, want at least 10:\n%s", big, n, text)
	}
}

// TestFiguresRightWithoutBody: a table whose only rows are its totals (a
// teller's day without business: 业务量 and 与总库的现金调拨) prints their
// figures on the right as in every other table, the labels on the left; a
// body's own text still decides a column whatever its totals hold.
func TestFiguresRightWithoutBody(t *testing.T) {
	empty := grid{headers: []string{"业务种类", "笔数", "金额", "冲正笔数", "冲正金额"},
		rows: [][]string{{"合计", "0", "¥0.00", "0", "¥0.00"}}, totals: 1}
	want := []int{gopdf.Left, gopdf.Right, gopdf.Right, gopdf.Right, gopdf.Right}
	if got := figureColumns(empty); !slices.Equal(got, want) {
		t.Fatalf("totals alone aligned %v, want %v", got, want)
	}
	moves := grid{headers: []string{"时间", "业务", "金额"},
		rows: [][]string{{"合计", "总库领入", "¥0.00"}, {"合计", "上缴总库", "¥0.00"}}, totals: 2}
	if got := figureColumns(moves); !slices.Equal(got, []int{gopdf.Left, gopdf.Left, gopdf.Right}) {
		t.Fatalf("moves without a move aligned %v", got)
	}
	ranked := grid{headers: []string{"排名", "服务官"},
		rows: [][]string{{"1", "李四"}, {"合计", "全行"}}, totals: 1}
	if got := figureColumns(ranked); !slices.Equal(got, []int{gopdf.Right, gopdf.Left}) {
		t.Fatalf("a ranked column with a total aligned %v", got)
	}
}
