// Package pdf prints BranchDesk's paper: business receipts (业务回单) laid out
// like the bank's printed vouchers, in the one CJK font from package assets.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// Receipt is what a business receipt shows about one posted entry.
type Receipt struct {
	BankName      string       // the bank, e.g. "示范银行"; the title is BankName + 业务回单
	Branch        string       // branch code, e.g. "0101"
	BranchName    string       // e.g. "城东支行"
	BusinessDate  string       // business date, YYYY-MM-DD
	PostedAt      time.Time    // when the entry was posted
	Teller        string       // teller id
	Seq           int          // 柜员流水号: the teller's sequence number for the day
	EntryID       int64        // ledger entry id (记账编号)
	Kind          string       // business kind in Chinese, e.g. "储蓄现金存款"
	Account       string       // account number
	Holder        string       // account holder's name (户名)
	Counterparty  string       // for transfers: account and holder of the other side; optional
	Amount        money.Amount // the amount
	Balance       money.Amount // the account's balance right after the posting
	BalanceKnown  bool         // Balance is shown (a customer account's)
	Maker         string       // who posted it, e.g. "1001 张三"
	Authorizers   []string     // who authorized it, e.g. "2001 李四（B级）"; none for business within the maker's limit
	Reverses      int64        // for a reversal, the original entry id; 0 otherwise
	Reason        string       // reason for a reversal or an authorization
	PolicyVersion int          // version of the authorization policy the entry was checked against
	CustomerSigns bool         // the bank's copy has a line for the customer's signature
	Seal          string       // the seal box's stamp, e.g. 现金讫章; "" for none
	CustomerID    string       // cash of ¥50,000.00 and above: "居民身份证 420102********0016"; "" for none
	Agent         string       // 代办: the agent's name and document; "" for none
	Settles       int64        // a suspense resolution: the suspense entry it clears; 0 otherwise
	Responsible   string       // 短款赔偿: the teller who repaid, e.g. "1002 王芳"
}

// ReceiptFrom lays out what the counter gathered about an entry.
func ReceiptFrom(c counter.Receipt) Receipt {
	e := c.Entry
	r := Receipt{
		BankName: c.BankName, Branch: c.Branch.ID, BranchName: c.Branch.Name, BusinessDate: e.BusinessDate,
		PostedAt: e.PostedAt.Local(), Teller: e.Teller, Seq: e.Seq, EntryID: e.ID, Kind: e.Kind.Title(),
		Account: e.Account, Holder: c.Holder, Amount: e.Amount, Balance: c.Balance, BalanceKnown: c.HasBalance, Maker: c.Maker,
		Reverses: e.Reverses, Reason: e.Reason, PolicyVersion: e.PolicyVersion,
		CustomerSigns: e.CustomerSigns(), Seal: e.Seal(),
		CustomerID: e.Presenter.Customer.Masked(), Settles: e.Settles, Responsible: c.Responsible,
	}
	if ag := e.Presenter.Agent; !ag.Empty() {
		r.Agent = ag.Name + " " + ag.Doc.Masked()
	}
	if e.Counterparty != "" {
		r.Counterparty = strings.TrimSpace(e.Counterparty + " " + c.CpHolder)
	}
	if c.AuthB != "" {
		r.Authorizers = append(r.Authorizers, c.AuthB+"（B级）")
	}
	if c.AuthA != "" {
		r.Authorizers = append(r.Authorizers, c.AuthA+"（A级）")
	}
	return r
}

// ErrMissingGlyph reports text the font cannot draw. The receipt is refused
// rather than printed with blanks where characters should be.
var ErrMissingGlyph = errors.New("回单中有字体无法显示的字符")

// MissingGlyphError lists the characters the font lacks. errors.Is(err,
// ErrMissingGlyph) holds for it.
type MissingGlyphError struct {
	Runes []rune // each missing character once, in order of appearance
}

// Error names the characters and their code points.
func (e *MissingGlyphError) Error() string {
	parts := make([]string, len(e.Runes))
	for i, r := range e.Runes {
		parts[i] = fmt.Sprintf("%q (U+%04X)", r, r)
	}
	return ErrMissingGlyph.Error() + "：" + strings.Join(parts, "、")
}

// Unwrap returns ErrMissingGlyph.
func (e *MissingGlyphError) Unwrap() error { return ErrMissingGlyph }

// WriteReceipt writes r as one A5 landscape page per 联次 (客户回单联,
// 银行记账联; more pages only if a very long text needs them). Every
// character of every field is printed, long texts wrap inside their cell;
// a character the font lacks is an error wrapping ErrMissingGlyph, and
// nothing useful is written.
func WriteReceipt(w io.Writer, r Receipt) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: receipt: %w", err)
	}
	doc, err := newDocument(font)
	if err != nil {
		return fmt.Errorf("pdf: receipt: %w", err)
	}
	title := strings.TrimSpace(r.BankName) + "业务回单"
	doc.setup(title, strings.TrimSpace(r.BranchName), r.Reverses != 0)
	for i, copyName := range ledger.Copies {
		if err := doc.startCopy(copyName); err != nil {
			return fmt.Errorf("pdf: receipt: %w", err)
		}
		for _, row := range receiptRows(r) {
			if err := doc.row(row); err != nil {
				return fmt.Errorf("pdf: receipt: %w", err)
			}
		}
		names := []string{"经办人员名章", "主管人员名章"}
		if r.CustomerSigns && i == len(ledger.Copies)-1 {
			names = append([]string{"客户签名"}, names...)
		}
		if err := doc.signatures(r.Seal, names...); err != nil {
			return fmt.Errorf("pdf: receipt: %w", err)
		}
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: receipt: %w", err)
	}
	return nil
}

// receiptRows is the voucher's table, top to bottom.
func receiptRows(r Receipt) [][]field {
	posted := ""
	if !r.PostedAt.IsZero() {
		posted = r.PostedAt.Format("2006-01-02 15:04:05")
	}
	authorizers := "无"
	if len(r.Authorizers) > 0 {
		authorizers = strings.Join(r.Authorizers, "；")
	}
	rows := [][]field{
		{f("网点", strings.TrimSpace(r.Branch+" "+r.BranchName)), f("营业日期", r.BusinessDate)},
		{f("交易时间", posted), f("记账编号", fmt.Sprint(r.EntryID))},
		{f("柜员号", r.Teller), f("柜员流水号", fmt.Sprintf("%06d", r.Seq))},
		{f("业务种类", r.Kind), f("币种", "人民币")},
		{f("账号", r.Account), f("户名", r.Holder)},
	}
	if r.Counterparty != "" {
		rows = append(rows, []field{f("对方账户", r.Counterparty)})
	}
	amount := field{label: "金额（小写）", value: r.Amount.String(), size: amountSize}
	if r.BalanceKnown {
		rows = append(rows, []field{amount, f("交易后余额", r.Balance.String())})
	} else {
		rows = append(rows, []field{amount})
	}
	rows = append(rows,
		[]field{f("金额（大写）", money.Capital(r.Amount))},
		[]field{f("经办", r.Maker), f("授权策略版本", fmt.Sprintf("第 %d 版", r.PolicyVersion))},
		[]field{f("授权", authorizers)},
	)
	if r.CustomerID != "" {
		rows = append(rows, []field{f("客户证件", r.CustomerID)})
	}
	if r.Agent != "" {
		rows = append(rows, []field{f("代办人", r.Agent)})
	}
	if r.Settles != 0 {
		rows = append(rows, []field{f("处理挂账", fmt.Sprintf("记账编号 %d", r.Settles)), f("赔偿人", r.Responsible)})
	}
	if r.Reverses != 0 {
		rows = append(rows, []field{f("冲正原交易", fmt.Sprintf("记账编号 %d", r.Reverses))})
	}
	if r.Reason != "" || r.Reverses != 0 {
		rows = append(rows, []field{f("原因", r.Reason)})
	}
	return rows
}

// f is a caption and its value in body type.
func f(label, value string) field { return field{label: label, value: value} }
