package pdf

import (
	"io"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
)

// 第十三条: the 交接清单 records the three people, the cash by denomination,
// the vouchers, seals and keys, with lines for the three signatures.
func TestHandoverLeavePDF(t *testing.T) {
	l := counter.LeaveHandOver{
		ID: 7, Branch: counter.Branch{ID: "0101", Name: "示范支行营业部"}, BusinessDate: "2026-11-23",
		Leaving:    staff.User{ID: "1001", Name: "张三"},
		Receiving:  staff.User{ID: "1002", Name: "王芳"},
		Supervisor: staff.User{ID: "2001", Name: "李四"},
		Count:      cash.Count{"N100": 100, "N50": 3}, Amount: 10_150_00,
		Vouchers: []string{"现金支票 00000011-00000050（40 张）"},
		Seals:    []string{"现金讫章 XJ-0101-01", "转讫章 ZZ-0101-01"},
		Keys:     []string{"钱箱钥匙 03号"},
		At:       time.Date(2026, 11, 23, 16, 5, 0, 0, time.Local),
		// The supervisor keeps the vouchers; the vault keeper came to the counter.
		VaultKeeper: staff.User{ID: "2002", Name: "赵六"}, VoucherKeeper: staff.User{ID: "2001", Name: "李四"},
	}
	text := extract(t, func(w io.Writer) error { return WriteLeaveHandOver(w, l) })
	mustContain(t, text, "柜员离岗交接清单", "0101 示范支行营业部", "#7", "2026-11-23",
		"交出柜员", "1001 张三", "接收柜员", "1002 王芳", "监交人", "2001 李四",
		"100元纸币", "100", "¥10,000.00", "50元纸币", "3", "¥150.00", "合计", "¥10,150.00",
		"现金支票 00000011-00000050（40 张）", "现金讫章 XJ-0101-01", "转讫章 ZZ-0101-01", "钱箱钥匙 03号",
		"总库管库员", "2002 赵六", "凭证保管人", "及到场保管人已分别输入密码确认")
	if strings.Count(text, "2002 赵六") != 2 || strings.Count(text, "凭证保管人") != 1 {
		t.Fatalf("the vault keeper signs on a line of their own, the supervisor who keeps the vouchers once:\n%s", text)
	}

	l.Vouchers, l.Seals, l.Keys = nil, nil, nil
	empty := extract(t, func(w io.Writer) error { return WriteLeaveHandOver(w, l) })
	mustContain(t, empty, "无重要空白凭证。", "本人名章由本人保管", "无钥匙。")

	// A hand-over recorded before the keepers were says so; a keeper whose
	// kind of thing did not move is none.
	l.VaultKeeper, l.VoucherKeeper = staff.User{}, staff.User{}
	older := extract(t, func(w io.Writer) error { return WriteLeaveHandOver(w, l) })
	for _, line := range strings.Split(older, "\n") {
		if strings.Contains(line, "总库管库员") {
			if got := strings.Join(strings.Fields(line), " "); got != "总库管库员 未记录 凭证保管人 无" {
				t.Fatalf("keepers of an older hand-over: %q", got)
			}
			return
		}
	}
	t.Fatalf("no keepers' line:\n%s", older)
}
