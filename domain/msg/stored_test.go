package msg

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

// yuan is a figure with its own String, as money.Amount is.
type yuan int64

func (y yuan) String() string { return fmt.Sprintf("¥%d.%02d", y/100, y%100) }

// TestStoredMessageReadsBackTheSame: a message written for a store and read
// back reads the same in Chinese, figures printed as their verbs printed
// them; its names stay strings, its errors errors (with figures their own
// format), its messages, lists and lines their own formats, so a screen
// still translates each.
func TestStoredMessageReadsBackTheSame(t *testing.T) {
	over := Errorf("%w（余额 %s，最高限额 %s）", errShort, yuan(5000000), yuan(4999999))
	cases := []Text{
		Sprintf("%s：需B级授权后方可收款", over),
		Sprintf("冲正 #%d（%s %s）：%s（第十四条）", int64(42), "储蓄现金存款", yuan(100), "需A级（业务主管）审批"),
		Sprintf("第%03d号 %5.1f%% %q %v", 7, 12.345, "引号", Verbatim("列名")),
		Sprintf("%s；%s", List{Sprintf("交接 #%d", 7), Sprintf("业务 %s", yuan(1))}, Line{Sprintf("冲正 #%d", 7)}),
		Sprintf("%s 与 %v", Sprintf("%d 笔", 3), errors.New("其他错误")),
		Sprintf("%[1]s又%[1]s", "重复"),
		Sprintf("没有数字"),
	}
	for _, want := range cases {
		s, err := Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Unmarshal(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got.String() != want.String() || got.Format != want.Format || len(got.Args) != len(want.Args) {
			t.Errorf("%s read back as %q, want %q", s, got, want)
		}
	}

	got, _ := Unmarshal(mustMarshal(t, cases[0]))
	var c Carrier
	if err, ok := got.Args[0].(error); !ok || !errors.As(err, &c) || c.Message().Format != "%w（余额 %s，最高限额 %s）" {
		t.Fatalf("the nested refusal %#v", got.Args[0])
	}
	inner := c.Message().Args
	if e, ok := inner[0].(error); !ok || e.Error() != errShort.Error() || inner[1] != Figure("¥50000.00") {
		t.Errorf("the refusal's figures %#v", inner)
	}
	rev, _ := Unmarshal(mustMarshal(t, cases[1]))
	if !reflect.DeepEqual(rev.Args, []any{Figure("42"), "储蓄现金存款", Figure("¥1.00"), "需A级（业务主管）审批"}) {
		t.Errorf("figures and names %#v", rev.Args)
	}
	list, _ := Unmarshal(mustMarshal(t, cases[3]))
	if l, ok := list.Args[0].(List); !ok || len(l) != 2 || l[1].Format != "业务 %s" {
		t.Errorf("list %#v", list.Args[0])
	}
	if _, err := Unmarshal("not json"); err == nil {
		t.Error("a text that is no stored message reads")
	}
}

func mustMarshal(t *testing.T, m Text) string {
	t.Helper()
	s, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
