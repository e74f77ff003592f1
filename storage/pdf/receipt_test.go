package pdf

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"branchdesk/assets"
)

// longReason is about 120 characters, longer than a table line.
const longReason = "客户王五持本人身份证到柜面办理现金存款，柜员张三将金额八万元误录为八十万元，经客户当场核对发现差错，" +
	"网点负责人李四现场核实凭证与现金无误后同意抹账，并按原凭证编号以红字冲正，另行补录正确金额，客户签字确认。"

func sample() Receipt {
	return Receipt{
		BankName:      "示范农村商业银行",
		Branch:        "0101",
		BranchName:    "城东支行",
		BusinessDate:  "2025-03-14",
		PostedAt:      time.Date(2025, 3, 14, 10, 23, 5, 0, time.FixedZone("CST", 8*3600)),
		Teller:        "1001",
		Seq:           42,
		EntryID:       900017,
		Kind:          "储蓄现金存款",
		Account:       "6222021001123456789",
		Holder:        "王五",
		Amount:        8000000,
		Balance:       12345678,
		BalanceKnown:  true,
		Seal:          "现金讫章",
		Maker:         "1001 张三",
		Authorizers:   []string{"2001 李四（B级）"},
		PolicyVersion: 3,
	}
}

// extract writes a PDF with write and returns its text as pdftotext sees it.
func extract(t *testing.T, write func(io.Writer) error) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	if _, err := assets.LoadFont(); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		f.Close()
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// squeeze drops all whitespace, so text wrapped over lines compares whole.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// mustContain checks that every character of every want came through.
func mustContain(t *testing.T, text string, want ...string) {
	t.Helper()
	flat := squeeze(text)
	for _, w := range want {
		if !strings.Contains(flat, squeeze(w)) {
			t.Errorf("PDF text lacks %q:\n%s", w, text)
		}
	}
}

func TestReceiptText(t *testing.T) {
	r := sample()
	text := extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, "业务回单", "城东支行", "2025-03-14", "000042", "储蓄现金存款", "6222021001123456789", "王五",
		"¥80,000.00", "人民币捌万元整", "1001 张三", "2001 李四（B级）", "第 3 版", "经办人员名章", "主管人员名章")
	if strings.Contains(text, "冲正原交易") {
		t.Error("a plain receipt shows reversal lines")
	}
}

// A long Chinese reason wraps over lines and loses no character.
func TestReceiptWrapsLongReason(t *testing.T) {
	r := sample()
	r.Reverses = 4711
	r.Reason = longReason
	r.Holder = "江苏省苏州市吴中区某某精密机械制造股份有限公司"
	r.Counterparty = "6222 0210 0112 3456 789 上海浦东新区某某某科技发展有限公司（基本存款账户）"
	text := extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, longReason, r.Holder, r.Counterparty, "冲正原交易", "记账编号 4711", "冲正")
}

// A receipt longer than a page goes on and numbers its pages.
func TestReceiptSpillsOverPages(t *testing.T) {
	r := sample()
	r.Reason = strings.Repeat(longReason, 12)
	text := extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, "第 1 页 共 2 页", "第 2 页 共 2 页", "原因（续）")
	// The page break puts headers in the middle; every character is still
	// there, in order.
	flat, want := []rune(squeeze(text)), []rune(r.Reason)
	i := 0
	for _, c := range flat {
		if i < len(want) && c == want[i] {
			i++
		}
	}
	if i != len(want) {
		t.Fatalf("reason lost characters after %q", string(want[:i]))
	}
}

// gopdf prints a space for a character the font lacks; the receipt is
// refused instead. LXGW WenKai has no emoji and no U+E000 (it does have
// U+E003), per fc-query's charset of LXGWWenKai-Regular.ttf.
func TestReceiptRefusesMissingGlyph(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		name string
		edit func(*Receipt)
		want []rune
	}{
		{"emoji in holder", func(r *Receipt) { r.Holder = "王\U0001F600五" }, []rune{0x1F600}},
		{"private use in reason", func(r *Receipt) { r.Reason = "原因\uE000" }, []rune{0xE000}},
		{"each once, in order", func(r *Receipt) {
			r.Kind = "\uE000存款\uE000"
			r.Maker = "1001 \U0001F600"
		}, []rune{0xE000, 0x1F600}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample()
			tt.edit(&r)
			var buf bytes.Buffer
			err := WriteReceipt(&buf, r)
			var mg *MissingGlyphError
			if !errors.Is(err, ErrMissingGlyph) || !errors.As(err, &mg) {
				t.Fatalf("WriteReceipt error = %v, want ErrMissingGlyph", err)
			}
			if string(mg.Runes) != string(tt.want) {
				t.Errorf("missing = %q, want %q", mg.Runes, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written for a refused receipt", buf.Len())
			}
		})
	}
}

// Business within the maker's own limit shows 无 under 授权; the other short
// fields come through whole.
func TestReceiptNoAuthorizer(t *testing.T) {
	r := sample()
	r.Authorizers = nil
	r.Amount = 1020305
	text := extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, "授权无", "¥10,203.05", "人民币壹万零贰佰零叁元零伍分",
		"2025-03-1410:23:05", "柜员号1001", "记账编号900017", "币种人民币")
}

// The title is set in the font's bold face: the PDF embeds both faces.
func TestReceiptEmbedsBoldFace(t *testing.T) {
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	var buf bytes.Buffer
	if err := WriteReceipt(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	if n := strings.Count(string(out), "CID TrueType"); n != 2 {
		t.Errorf("the receipt embeds %d faces, want regular and bold:\n%s", n, out)
	}
}

// pages writes a PDF and returns each page's text as pdftotext sees it.
func pages(t *testing.T, write func(io.Writer) error) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out []string
	for p := 1; ; p++ {
		b, err := exec.Command("pdftotext", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), "-layout", path, "-").Output()
		if err != nil {
			return out // past the last page
		}
		out = append(out, string(b))
	}
}

// One page per 联次: the customer's copy, then the bank's, both titled
// with the bank's name, with the balance after the posting and the seal
// box; the customer signs the bank's copy of a withdrawal or a transfer
// out, never of a deposit.
func TestReceiptCopies(t *testing.T) {
	r := sample()
	r.Kind, r.CustomerSigns = "储蓄现金取款", true
	ps := pages(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	if len(ps) != 2 {
		t.Fatalf("%d pages, want one per copy", len(ps))
	}
	for i, want := range []string{"客户回单联", "银行记账联"} {
		mustContain(t, ps[i], "示范农村商业银行业务回单", want, "交易后余额", "¥123,456.78", "¥80,000.00",
			"人民币捌万元整", "（现金讫章）", "经办人员名章", "主管人员名章", "储蓄现金取款", "6222021001123456789")
		if strings.Contains(ps[i], "BranchDesk") || strings.Contains(ps[i], "（续）") {
			t.Errorf("page %d:\n%s", i+1, ps[i])
		}
	}
	if strings.Contains(ps[0], "客户签名") || !strings.Contains(ps[1], "客户签名") {
		t.Errorf("the customer signs the bank's copy only:\n%s\n%s", ps[0], ps[1])
	}

	r = sample()
	r.BankName, r.Seal = "", "业务专用章"
	ps = pages(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	if len(ps) != 2 || strings.Contains(ps[0]+ps[1], "客户签名") {
		t.Fatalf("a deposit's receipt has a signature line or %d pages", len(ps))
	}
	mustContain(t, ps[1], "业务回单", "银行记账联", "（业务专用章）")
}

// TestReceiptShowsCashID: cash of ¥50,000.00 and above prints the
// customer's document and the agent's (代办); a suspense resolution
// prints the item it clears and who repaid it.
func TestReceiptShowsCashID(t *testing.T) {
	r := sample()
	r.CustomerID = "居民身份证 420102198503120016"
	r.Agent = "李明 居民身份证 11010519491231002X"
	text := extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, "客户证件", r.CustomerID, "代办人", r.Agent)
	r = sample()
	r.Kind, r.Settles, r.Responsible = "短款赔偿", 17, "1002 王芳"
	text = extract(t, func(w io.Writer) error { return WriteReceipt(w, r) })
	mustContain(t, text, "处理挂账", "记账编号 17", "赔偿人", "1002 王芳")
	if strings.Contains(text, "客户证件") {
		t.Error("a receipt without an ID shows one")
	}
}
