package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"branchdesk/domain/finance"
	"branchdesk/domain/survey"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// config export -forms carries survey form definitions: an invalid one is
// refused at head office with the reason before anything is signed, a
// good one reaches the terminal, which then starts surveys on it.
func TestFormDefinitionThroughConfig(t *testing.T) {
	ctx := context.Background()
	tmp := t.TempDir()
	hq, usb := filepath.Join(tmp, "hq"), filepath.Join(tmp, "usb")
	os.Mkdir(usb, 0o755)
	if out, err := bdhq(t, hq, "init"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)

	v2 := survey.V1()
	v2.Version = 2
	v2.Groups = append(v2.Groups, survey.GroupDef{Name: "抵押物情况", Relevant: "Collateral has property", Fields: []survey.FieldDef{
		{Key: "PledgeValue", Label: "抵押物评估价值", Type: survey.TypeAmount, Required: true},
	}})
	file := func(name string, v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(tmp, name)
		os.WriteFile(p, data, 0o644)
		return p
	}
	cycle := survey.V1()
	cycle.Version = 2
	cycle.Groups[0].Fields[1].Relevant = "Name != 无"
	cycle.Groups[0].Fields[0].Relevant = "CreditCode != 无"
	typo := strings.Replace(string(must(json.Marshal(v2))), `"relevant"`, `"relevent"`, 1)
	for name, c := range map[string]struct{ path, want string }{
		"cycle":        {file("cycle.json", cycle), "显示条件循环：Name → CreditCode → Name"},
		"unknown type": {file("type.json", json.RawMessage(strings.Replace(string(must(json.Marshal(v2))), `"type":"amount"`, `"type":"money"`, 1))), "的类型“money”未知"},
		"missing":      {file("missing.json", json.RawMessage(strings.Replace(string(must(json.Marshal(v2))), "Collateral has", "Security has", 1))), "字段 Security 不存在"},
		"unknown key":  {file("typo.json", json.RawMessage(typo)), "unknown field \"relevent\""},
	} {
		out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v, want %q\n%s", name, err, c.want, out)
		}
		if m, _ := filepath.Glob(filepath.Join(usb, "*.bdconfig")); len(m) != 0 {
			t.Fatalf("%s: refused export wrote %v", name, m)
		}
	}

	out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb, "-forms", file("v2.json", v2))
	if err != nil || !strings.Contains(out, "调查表单 1 版") {
		t.Fatalf("config: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile(filepath.Join(usb, bundle.ConfigName(demo.Branch, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.ApplyConfig(ctx, cfg, fingerprint(t, hq)); err != nil {
		t.Fatal(err)
	}
	fin, err := finance.New(sqlstore.Finance(db), nil, func(p string) string { return p + "0001" })
	if err != nil {
		t.Fatal(err)
	}
	d, err := fin.CurrentForm(ctx)
	if err != nil || d.Version != 2 || !slices.ContainsFunc(d.Groups, func(g survey.GroupDef) bool { return g.Name == "抵押物情况" }) {
		t.Fatalf("terminal's form v%d, %v", d.Version, err)
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}
