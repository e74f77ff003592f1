package money

import (
	"errors"
	"math"
	"testing"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want Amount
	}{
		{"12345.67", 1234567},
		{"12,345.67", 1234567},
		{"¥12,345.67", 1234567},
		{"￥12,345.67", 1234567},
		{"  ¥12,345.67  ", 1234567},
		{"\t12345.67\n", 1234567},
		{"　12345.67　", 1234567}, // ideographic spaces from a Chinese IME
		{"¥ 12.00", 1200},
		{"12", 1200},
		{"12.5", 1250},
		{"12.50", 1250},
		{"12.05", 1205},
		{"0.01", 1},
		{"0.1", 10},
		{"0.10", 10},
		{"1,000", 100000},
		{"1,234,567.89", 123456789},
		{"999", 99900},
		{"80,000.00", 8000000},
		{"9,999,999,999.99", DefaultCeiling},
		{"9999999999.99", DefaultCeiling},
		// Full-width, as a Chinese input method types them.
		{"１２３．４５", 12345},
		{"１２，３４５．６７", 1234567},
		{"￥０．０１", 1},
		{"９，９９９，９９９，９９９．９９", DefaultCeiling},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %d fen, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"   ", ErrEmpty},
		{"¥", ErrFormat},
		{"-1", ErrNegative},
		{"－１", ErrNegative},
		{"１２．３４５", ErrTooManyDecimals},
		{"１，２３４５", ErrFormat},
		{"-12,345.67", ErrNegative},
		{"-¥5.00", ErrNegative},
		{"¥-5.00", ErrNegative},
		{"--5", ErrFormat},
		{"+5", ErrFormat},
		{"1e5", ErrFormat},
		{"1E5", ErrFormat},
		{"1.5e2", ErrFormat},
		{"12.345", ErrTooManyDecimals},
		{"0.001", ErrTooManyDecimals},
		{"12.3a", ErrFormat},
		{"abc", ErrFormat},
		{"12元", ErrFormat},
		{"1.2.3", ErrFormat},
		{"12..3", ErrFormat},
		{"12.", ErrFormat},
		{".5", ErrFormat},
		{"1,2345.00", ErrFormat},
		{"12,34.00", ErrFormat},
		{"1234,567", ErrFormat},
		{",123", ErrFormat},
		{"1,", ErrFormat},
		{"1,,234", ErrFormat},
		{"0,123", ErrFormat},
		{"0123", ErrFormat},
		{"1 234", ErrFormat},
		{"¥¥5", ErrFormat},
		{"0", ErrZero},
		{"0.00", ErrZero},
		{"¥0.0", ErrZero},
		{"10000000000", ErrTooLarge},
		{"99999999999999999999999", ErrTooLarge},   // overflows int64
		{"92233720368547758.07", ErrTooLarge},      // MaxInt64 fen
		{"92,233,720,368,547,758.08", ErrTooLarge}, // one fen past MaxInt64
		{"184467440737095516.16", ErrTooLarge},     // 2^64 fen
		{"100000000000000000000", ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %d, %v; want error %v", tt.in, got, err, tt.want)
		}
		if err != nil && got != 0 {
			t.Errorf("Parse(%q) returned %d alongside an error", tt.in, got)
		}
	}
}

// The ceiling itself is accepted, one fen above it is not.
func TestParseCeilingBoundary(t *testing.T) {
	if got, err := Parse("9,999,999,999.99"); err != nil || got != DefaultCeiling {
		t.Fatalf("Parse(ceiling) = %d, %v; want %d", got, err, DefaultCeiling)
	}
	_, err := Parse("10,000,000,000.00")
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse(ceiling + 1 fen) error = %v, want ErrTooLarge", err)
	}
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Ceiling != DefaultCeiling {
		t.Fatalf("error %v does not carry the ceiling", err)
	}
	if want := "金额超过上限 ¥9,999,999,999.99"; err.Error() != want {
		t.Errorf("message = %q, want %q", err.Error(), want)
	}

	tests := []struct {
		in      string
		ceiling Amount
		wantErr error
	}{
		{"50,000.00", 5000000, nil},
		{"49,999.99", 5000000, nil},
		{"50,000.01", 5000000, ErrTooLarge},
		{"0.01", 1, nil},
		{"0.02", 1, ErrTooLarge},
		{"0.01", 0, ErrTooLarge},
		{"0.01", -5, ErrTooLarge},
		{"92233720368547758.07", math.MaxInt64, nil},
		{"92233720368547758.08", math.MaxInt64, ErrTooLarge},
	}
	for _, tt := range tests {
		got, err := ParseMax(tt.in, tt.ceiling)
		if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
			t.Errorf("ParseMax(%q, %d) = %d, %v; want error %v", tt.in, tt.ceiling, got, err, tt.wantErr)
		}
	}
	if _, err := ParseMax("50,000.01", 5000000); err.Error() != "金额超过上限 ¥50,000.00" {
		t.Errorf("message = %q", err.Error())
	}
}

func TestErrorMessagesAreChinese(t *testing.T) {
	for err, want := range map[error]string{
		ErrEmpty:           "请输入金额",
		ErrFormat:          "金额格式不正确，应如 12345.67、12,345.67 或 ¥12,345.67",
		ErrNegative:        "金额不能为负数",
		ErrTooManyDecimals: "金额最多两位小数",
		ErrZero:            "金额必须大于零",
	} {
		if err.Error() != want {
			t.Errorf("message %q, want %q", err.Error(), want)
		}
	}
}

func TestStringAndPlain(t *testing.T) {
	tests := []struct {
		a          Amount
		str, plain string
	}{
		{0, "¥0.00", "0.00"},
		{1, "¥0.01", "0.01"},
		{10, "¥0.10", "0.10"},
		{100, "¥1.00", "1.00"},
		{99999, "¥999.99", "999.99"},
		{100000, "¥1,000.00", "1000.00"},
		{1234567, "¥12,345.67", "12345.67"},
		{8000000, "¥80,000.00", "80000.00"},
		{123456789, "¥1,234,567.89", "1234567.89"},
		{DefaultCeiling, "¥9,999,999,999.99", "9999999999.99"},
		{-1234567, "-¥12,345.67", "-12345.67"},
		{-1, "-¥0.01", "-0.01"},
		{math.MaxInt64, "¥92,233,720,368,547,758.07", "92233720368547758.07"},
		{math.MinInt64, "-¥92,233,720,368,547,758.08", "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.str {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(tt.a), got, tt.str)
		}
		if got := tt.a.Plain(); got != tt.plain {
			t.Errorf("Amount(%d).Plain() = %q, want %q", int64(tt.a), got, tt.plain)
		}
	}
}

// Cases follow 正确填写票据和结算凭证的基本规定 (中国人民银行), whose own examples
// are marked.
func TestCapital(t *testing.T) {
	tests := []struct {
		a    Amount
		want string
	}{
		{0, "人民币零元整"},
		{1, "人民币壹分"},
		{5, "人民币伍分"},
		{10, "人民币壹角整"},
		{55, "人民币伍角伍分"},
		{100, "人民币壹元整"},
		{102, "人民币壹元零贰分"},
		{120, "人民币壹元贰角整"},
		{123, "人民币壹元贰角叁分"},
		{1000, "人民币壹拾元整"},
		{1500, "人民币壹拾伍元整"},
		{2000, "人民币贰拾元整"},
		{20000, "人民币贰佰元整"},
		{10100, "人民币壹佰零壹元整"},
		{11000, "人民币壹佰壹拾元整"},
		{100100, "人民币壹仟零壹元整"},
		{140950, "人民币壹仟肆佰零玖元伍角整"},    // 规定 example ¥1,409.50
		{600714, "人民币陆仟零柒元壹角肆分"},     // 规定 example ¥6,007.14
		{168032, "人民币壹仟陆佰捌拾元叁角贰分"},   // 规定 example ¥1,680.32
		{1640902, "人民币壹万陆仟肆佰零玖元零贰分"}, // 规定 example ¥16,409.02
		{1020305, "人民币壹万零贰佰零叁元零伍分"},  // RULES.md §1
		{1000000, "人民币壹万元整"},
		{5000000, "人民币伍万元整"},
		{8000000, "人民币捌万元整"},
		{10100000, "人民币壹拾万壹仟元整"},
		{10700053, "人民币壹拾万柒仟元伍角叁分"}, // 规定 example ¥107,000.53
		{10010000, "人民币壹拾万零壹佰元整"},
		{20000000, "人民币贰拾万元整"},
		{100000000, "人民币壹佰万元整"},
		{325004703, "人民币叁佰贰拾伍万零肆拾柒元零叁分"},
		{32504, "人民币叁佰贰拾伍元零肆分"}, // 规定 example ¥325.04
		{10000000000, "人民币壹亿元整"},
		{10001000000, "人民币壹亿零壹万元整"},
		{10000000100, "人民币壹亿零壹元整"},
		{100000000100, "人民币壹拾亿零壹元整"},
		{120003000000, "人民币壹拾贰亿零叁万元整"},
		{120030000000, "人民币壹拾贰亿零叁拾万元整"},
		{123456789012, "人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分"},
		{DefaultCeiling, "人民币玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
		{100000000000000, "人民币壹万亿元整"},
		{100010000000000, "人民币壹万零壹亿元整"},
		{-20000, "人民币负贰佰元整"},
		{-5, "人民币负伍分"},
		{math.MaxInt64, "人民币玖亿贰仟贰佰叁拾叁万柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌元零柒分"},
	}
	for _, tt := range tests {
		if got := Capital(tt.a); got != tt.want {
			t.Errorf("Capital(%s) = %q, want %q", tt.a, got, tt.want)
		}
	}
	if got := Capital(math.MinInt64); got[:len("人民币负")] != "人民币负" {
		t.Errorf("Capital(MinInt64) = %q", got)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse("¥12,345.67"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCapital(b *testing.B) {
	for b.Loop() {
		_ = Capital(1020305)
	}
}
