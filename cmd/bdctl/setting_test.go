package main

import (
	"strings"
	"testing"
)

// FuzzSettingValue feeds what an administrator might type to every
// setting's parser: no panic, and an accepted value reads back as itself.
func FuzzSettingValue(f *testing.F) {
	for _, s := range []string{"5", "0", "1440", "1441", "-3", "on", "OFF", "开", "maybe", "1,000,000", "¥12.34", "", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, s := range settings {
			got, err := s.parse(v)
			if err != nil {
				continue
			}
			// An amount is stored in fen and reads back as shown, in yuan.
			in := got
			if shown := s.show(got); strings.HasPrefix(shown, "¥") {
				in = shown
			}
			again, err := s.parse(in)
			if err != nil || again != got {
				t.Errorf("%s: %q → %q → %q, %v", s.key, v, got, again, err)
			}
		}
	})
}

func TestSettingParsers(t *testing.T) {
	for _, tc := range []struct {
		key, in, want string
		ok            bool
	}{
		{"idle_minutes", "1", "1", true},
		{"idle_minutes", "1440", "1440", true},
		{"idle_minutes", "0", "", false},
		{"idle_minutes", "1441", "", false},
		{"blind_rekey_b", "TRUE", "on", true},
		{"remote_authorization", "开", "on", true},
		{"supervision_next_morning", "on", "on", true},
		{"supervision_next_morning", "明天", "", false},
		{"remote_authorization_minutes", "30", "30", true},
		{"remote_authorization_minutes", "0", "", false},
		{"blind_rekey_ba", "关", "off", true},
		{"blind_rekey_ba", "2", "", false},
		{"amount_ceiling", "1,000,000", "100000000", true},
		{"amount_ceiling", "0.01", "1", true},
		{"amount_ceiling", "0", "", false},
		{"amount_ceiling", "1,0000", "", false},
		{"box_limit", "300,000", "30000000", true},
		{"vault_keeper", "2001", "2001", true},
		{"vault_keeper", "李四", "", false},
		{"voucher_bookkeeper", "12", "", false},
		{"bank_name", " 湖北示范农村商业银行 ", "湖北示范农村商业银行", true},
		{"bank_name", "", "", false},
		{"bank_name", "示范\n银行", "", false},
	} {
		s, err := findSetting(tc.key)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.parse(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%s %q = %q, %v; want %q ok=%v", tc.key, tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for in, want := range map[string]int{"": 0, "1001": 4, "张三": 4, "¥1,000.00": 9, "（默认）": 8, "冲正·存款": 9} {
		if got := displayWidth(in); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", in, got, want)
		}
	}
	var b strings.Builder
	tb := &table{}
	tb.add("柜员号", "姓名", "备注")
	tb.add("1001", "张三", "")
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	if want := "柜员号  姓名  备注\n1001    张三\n"; b.String() != want {
		t.Errorf("table:\n%q\nwant\n%q", b.String(), want)
	}
}
