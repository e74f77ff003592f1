package msg

import (
	"errors"
	"strings"
	"testing"
)

var errShort = errors.New("钱箱现金不足")

type limitError struct{ Max int }

func (e *limitError) Error() string { return "超过限额" }

// TestErrorfReadsAndWrapsAsFmt: a message with figures reads as
// fmt.Errorf would and errors.Is and errors.As see what it wraps, one
// error or two.
func TestErrorfReadsAndWrapsAsFmt(t *testing.T) {
	err := Errorf("%w：钱箱现金 %s", errShort, "¥10.00")
	if err.Error() != "钱箱现金不足：钱箱现金 ¥10.00" {
		t.Errorf("text %q", err)
	}
	if !errors.Is(err, errShort) {
		t.Error("errors.Is does not see the wrapped error")
	}
	two := Errorf("%w：%w", errShort, &limitError{Max: 5})
	var le *limitError
	if !errors.Is(two, errShort) || !errors.As(two, &le) || le.Max != 5 {
		t.Error("two wrapped errors not seen")
	}
	var c Carrier
	if !errors.As(err, &c) || c.Message().Format != "%w：钱箱现金 %s" || len(c.Message().Args) != 2 {
		t.Errorf("message %+v", c)
	}
	if got := Sprintf("共 %d 笔", 3).String(); got != "共 3 笔" {
		t.Errorf("text %q", got)
	}
	list := List{Sprintf("交接 #%d", 7), Sprintf("业务 %s", "¥1.00")}
	if got := (Line{Sprintf("冲正 #%d", 7), Sprintf("金额 %s", "¥1.00")}).String(); got != "冲正 #7 金额 ¥1.00" {
		t.Errorf("line %q", got)
	}
	if got := Errorf("%w：%s", errShort, list).Error(); got != "钱箱现金不足：交接 #7；业务 ¥1.00" {
		t.Errorf("list %q", got)
	}
}

// TestSeriesReadsAsChineseJoins: names one after another read with "、"
// between them, as strings.Join would write them, and keep each name apart.
func TestSeriesReadsAsChineseJoins(t *testing.T) {
	for _, names := range [][]string{{"小型"}, {"小型", "微型"}, {"跟踪办理", "已放款", "未获融资"}} {
		s := Series(names...)
		if got, want := s.String(), strings.Join(names, "、"); got != want {
			t.Errorf("series %q, want %q", got, want)
		}
	}
	if got := Series().String(); got != "" {
		t.Errorf("no names read %q", got)
	}
}
