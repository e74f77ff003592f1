package money

import "strings"

// Digits and units of the amount in capitals, as the People's Bank of China's
// rules for filling in bills and vouchers (正确填写票据和结算凭证的基本规定) prescribe.
const (
	capitalDigits = "零壹贰叁肆伍陆柒捌玖"
	sectionUnits  = "个拾佰仟" // 个 is never written: the ones place has no unit
)

// Capital writes the amount in Chinese capitals (大写金额) the way vouchers
// require: "人民币壹万零贰佰零叁元零伍分", "人民币贰佰元整", "人民币伍分".
//
// A run of zeros inside the figure is written as one 零; a zero in the 角 place
// before a non-zero 分 is written too (壹元零贰分); an amount without 分 ends
// in 整. A negative amount reads "人民币负…", so every result starts with 人民币.
func Capital(a Amount) string {
	var b strings.Builder
	b.WriteString("人民币")
	if a < 0 {
		b.WriteString("负")
	}
	m := a.magnitude()
	yuan, jiao, fen := m/100, m/10%10, m%10

	if yuan > 0 {
		writeCapitalInt(&b, yuan)
		b.WriteString("元")
	}
	switch {
	case yuan == 0 && jiao == 0 && fen == 0:
		b.WriteString("零元整")
	case jiao == 0 && fen == 0:
		b.WriteString("整")
	case fen == 0:
		writeDigit(&b, jiao)
		b.WriteString("角整")
	default:
		if jiao > 0 {
			writeDigit(&b, jiao)
			b.WriteString("角")
		} else if yuan > 0 {
			b.WriteString("零")
		}
		writeDigit(&b, fen)
		b.WriteString("分")
	}
	return b.String()
}

// writeCapitalInt writes n > 0 yuan: 亿 and 万 split the figure into sections
// of four digits, and a section that does not fill its four places is preceded
// by 零 (壹万零贰佰, 壹拾亿零壹).
func writeCapitalInt(b *strings.Builder, n uint64) {
	for _, level := range []struct {
		size uint64
		unit string
	}{{100_000_000, "亿"}, {10_000, "万"}} {
		if n < level.size {
			continue
		}
		writeCapitalInt(b, n/level.size)
		b.WriteString(level.unit)
		low := n % level.size
		if low == 0 {
			return
		}
		if low < level.size/10 {
			b.WriteString("零")
		}
		writeCapitalInt(b, low)
		return
	}
	writeSection(b, n)
}

// writeSection writes 0 < n < 10000 with 拾佰仟, folding inner zeros into one 零.
func writeSection(b *strings.Builder, n uint64) {
	zero := false
	started := false
	units := []rune(sectionUnits)
	for place, div := 3, uint64(1000); place >= 0; place, div = place-1, div/10 {
		d := n / div % 10
		if d == 0 {
			zero = started
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		writeDigit(b, d)
		if place > 0 {
			b.WriteRune(units[place])
		}
		started = true
	}
}

func writeDigit(b *strings.Builder, d uint64) {
	b.WriteRune([]rune(capitalDigits)[d])
}
