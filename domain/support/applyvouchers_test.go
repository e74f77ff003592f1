package support

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
)

// smallApplicant is a small manufacturer registered here, an independent
// legal person, founded more than three years before 2026.
func smallApplicant() VoucherApplicant {
	return VoucherApplicant{Local: Yes, LegalPerson: Yes, Section: "C", Division: "13", Employees: Give(50),
		Revenue: Give[money.Amount](1000 * 1_000_000), Assets: Give[money.Amount](800 * 1_000_000), FoundedOn: "2018-05-10"}
}

// code is a valid credit code ending in n.
func code(t *testing.T, n int) string {
	t.Helper()
	c, err := enterprise.CompleteCreditCode(fmt.Sprintf("91420100MA4K%05d", n))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// applyWith applies for ¥3,000 of vouchers as who, on a register whose
// 2026 budget holds it, on 2026-03-02.
func applyWith(t *testing.T, r *Register, n int, who VoucherApplicant) ([]RegisterEvent, error) {
	t.Helper()
	return r.Apply(ApplyRequest{ID: fmt.Sprintf("FW%d", n), Code: code(t, n), Name: fmt.Sprintf("企业%d", n),
		Contracts: []Contract{{Item: Legal, Amount: 5000_00}}, Applicant: who}, enterprise.Default(), on("2026-03-02"))
}

func budgeted(t *testing.T) *Register {
	t.Helper()
	r, _ := ReplayRegister(nil)
	if _, err := r.AddBudget(2026, 100_000_00, on("2026-03-01")); err != nil {
		t.Fatal(err)
	}
	return r
}

// 第五条: 在本市注册登记，具有独立法人资格 — a fact answered 否 or left
// unconfirmed is refused with every condition unmet named, and nothing is
// registered.
func TestVoucherApplicantRegisteredHereAndALegalPerson(t *testing.T) {
	for name, c := range map[string]struct {
		change func(*VoucherApplicant)
		want   []error
	}{
		"not local":           {func(v *VoucherApplicant) { v.Local = No }, []error{ErrNotLocal}},
		"local unconfirmed":   {func(v *VoucherApplicant) { v.Local = Unknown }, []error{ErrUnanswered}},
		"not a legal person":  {func(v *VoucherApplicant) { v.LegalPerson = No }, []error{ErrNotLegalPerson}},
		"legal unconfirmed":   {func(v *VoucherApplicant) { v.LegalPerson = Unknown }, []error{ErrUnanswered}},
		"founded after today": {func(v *VoucherApplicant) { v.FoundedOn = "2026-03-03" }, []error{ErrFoundedOn}},
		"founded not a date":  {func(v *VoucherApplicant) { v.FoundedOn = "2026-02-30" }, []error{ErrFoundedOn}},
		"nothing checked":     {func(v *VoucherApplicant) { *v = VoucherApplicant{} }, []error{ErrSize, ErrNotLocal, ErrNotLegalPerson}},
		"staff blank":         {func(v *VoucherApplicant) { v.Employees = Given[int]{} }, []error{ErrUnanswered}},
		"assets blank":        {func(v *VoucherApplicant) { v.Assets = Given[money.Amount]{} }, []error{ErrSize}},
	} {
		r := budgeted(t)
		who := smallApplicant()
		c.change(&who)
		_, err := applyWith(t, r, 1, who)
		wantReasons(t, err, Vouchers, c.want...)
		if len(r.Applications(0)) != 0 {
			t.Errorf("%s: a refused application was registered", name)
		}
	}
	_, err := applyWith(t, budgeted(t), 1, VoucherApplicant{Local: No, LegalPerson: No, Section: "C",
		Employees: Give(300), Revenue: Give[money.Amount](2000 * 1_000_000), Assets: Give[money.Amount](0)})
	if want := "小微企业服务补贴券不适用：企业规模不符：须为小型、微型企业，该企业为中型企业；须在本地依法登记注册；须具有独立法人资格"; err == nil || err.Error() != want {
		t.Fatalf("message %q, want %q", err, want)
	}
}

// 第五条、工信部联企业〔2011〕300号: only small and micro enterprises. At
// exactly the medium bounds of an industry the enterprise is medium and
// refused; one person or one fen below one bound it is small and accepted.
func TestVoucherApplicantSmallOrMicroBoundaries(t *testing.T) {
	const wan = 1_000_000
	at := func(section, division string, x int, y, z money.Amount) VoucherApplicant {
		v := smallApplicant()
		v.Section, v.Division, v.Employees, v.Revenue, v.Assets = section, division, Give(x), Give(y), Give(z)
		return v
	}
	for name, c := range map[string]struct {
		who  VoucherApplicant
		size enterprise.Size
	}{
		// 工业: medium X≥300 and Y≥2000万.
		"industry at the medium bound": {at("C", "13", 300, 2000*wan, 0), enterprise.Medium},
		"industry one person below":    {at("C", "13", 299, 2000*wan, 0), enterprise.Small},
		"industry one fen below":       {at("C", "13", 300, 2000*wan-1, 0), enterprise.Small},
		"industry large":               {at("C", "13", 1000, 40000*wan, 0), enterprise.Large},
		"industry micro":               {at("D", "", 19, 2000*wan, 0), enterprise.Micro},
		// 零售业 (F52): medium X≥50 and Y≥500万.
		"retail at the medium bound": {at("F", "52", 50, 500*wan, 0), enterprise.Medium},
		"retail one person below":    {at("f", "F52", 49, 500*wan, 0), enterprise.Small},
		"retail one fen below":       {at("F", "52", 50, 500*wan-1, 0), enterprise.Small},
		// 软件和信息技术服务业 (I65): medium X≥100 and Y≥1000万.
		"software at the medium bound": {at("I", "65", 100, 1000*wan, 0), enterprise.Medium},
		"software one person below":    {at("I", "65", 99, 1000*wan, 0), enterprise.Small},
		// 建筑业: medium Y≥6000万 and Z≥5000万.
		"construction at the medium bound": {at("E", "", 0, 6000*wan, 5000*wan), enterprise.Medium},
		"construction one fen below":       {at("E", "", 0, 6000*wan, 5000*wan-1), enterprise.Small},
	} {
		// What the form shows before applying agrees with the register.
		size, checked := c.who.SizeCheck(enterprise.Default())
		if ok := c.size == enterprise.Small || c.size == enterprise.Micro; size != c.size || ok != (checked == nil) {
			t.Errorf("%s: the form shows %s %v", name, size.Title(), checked)
		}
		r := budgeted(t)
		es, err := applyWith(t, r, 1, c.who)
		if c.size == enterprise.Small || c.size == enterprise.Micro {
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if es[0].Size != c.size || es[0].Applicant == nil || es[0].Applicant.Employees != c.who.Employees {
				t.Errorf("%s: the row keeps %s %+v", name, es[0].Size.Title(), es[0].Applicant)
			}
			continue
		}
		if !errors.Is(err, ErrSize) {
			t.Errorf("%s: %v", name, err)
		} else if want := "该企业为" + c.size.Title() + "企业"; !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q lacks %q", name, err, want)
		}
		if len(r.Applications(0)) != 0 {
			t.Errorf("%s: a refused application was registered", name)
		}
	}
	// An industry code the table cannot place is refused, not guessed.
	if _, err := applyWith(t, budgeted(t), 1, at("F", "", 5, 0, 0)); !errors.Is(err, ErrSize) || !errors.Is(err, enterprise.ErrSizeIndustry) {
		t.Fatalf("wholesale or retail unknown: %v", err)
	}
}

// The row keeps the facts it was accepted on, and the register replayed
// from the rows has them; the priority of 创办三年以内 is shown from them,
// counted as 民法典 counts three years: founded 2023-03-02, applying on
// 2026-03-02 is within, founded 2023-03-01 is not.
func TestVoucherApplicationKeepsItsFactsAndPriority(t *testing.T) {
	r := budgeted(t)
	young, old := smallApplicant(), smallApplicant()
	young.FoundedOn, old.FoundedOn = "2023-03-02", "2023-03-01"
	es1, err := applyWith(t, r, 1, old)
	if err != nil {
		t.Fatal(err)
	}
	es2, err := applyWith(t, r, 2, young)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(append(es1, es2...))
	if err != nil {
		t.Fatal(err)
	}
	var rows []RegisterEvent
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	replayed, err := ReplayRegister(rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range []*Register{r, replayed} {
		a1, _ := reg.Application("FW1")
		a2, _ := reg.Application("FW2")
		if a1.Priority() || !a2.Priority() || a2.Size != enterprise.Small || a2.Applicant.Section != "C" || a2.Applicant.Revenue.Value != 1000*1_000_000 || a2.By != "2001" {
			t.Fatalf("priority %v %v, kept %s %+v", a1.Priority(), a2.Priority(), a2.Size.Title(), a2.Applicant)
		}
	}
	if (VoucherApplicant{}).Young("2026-03-02") {
		t.Fatal("no date of establishment is a priority")
	}
}

// 优先 is not an order: a young enterprise applying after one that waits
// still waits behind it (第十五条（二） 按照申报的先后顺序).
func TestVoucherPriorityKeepsTheOrder(t *testing.T) {
	r, _ := ReplayRegister(nil)
	old, young := smallApplicant(), smallApplicant()
	young.FoundedOn = "2025-01-01"
	if _, err := applyWith(t, r, 1, old); err != nil {
		t.Fatal(err)
	}
	if _, err := applyWith(t, r, 2, young); err != nil {
		t.Fatal(err)
	}
	es, err := r.AddBudget(2026, 3000_00, on("2026-03-03"))
	if err != nil || len(es) != 2 || es[1].Ref != "FW1" {
		t.Fatalf("the budget for one issued %+v %v", es, err)
	}
	if q := r.Queue(2026); len(q) != 1 || q[0].ID != "FW2" || !q[0].Priority() {
		t.Fatalf("queue %+v", q)
	}
}

// Rows from before the register asked (no facts in their JSON) replay as
// they were accepted: the rule is not applied to them again.
func TestVoucherRowsFromBeforeTheRule(t *testing.T) {
	old := `[{"Kind":"budget","Year":2026,"Ref":"","Amount":300000,"On":"2026-03-01","By":"3001","At":"2026-03-01T09:00:00Z"},
		{"Kind":"apply","Year":2026,"Ref":"FW1","Code":"91350100M000100Y43","Name":"甲公司","Contracts":[{"Item":3,"Amount":500000}],"On":"2026-03-02","By":"2001","At":"2026-03-02T09:00:00Z"},
		{"Kind":"issue","Year":2026,"Ref":"FW1","Code":"91350100M000100Y43","Vouchers":[{"Number":"FW1-1","Item":3,"Face":100000}],"Expires":"2026-12-31","Amount":300000,"On":"2026-03-02","By":"2001","At":"2026-03-02T09:00:00Z"}]`
	var rows []RegisterEvent
	if err := json.Unmarshal([]byte(old), &rows); err != nil {
		t.Fatal(err)
	}
	r, err := ReplayRegister(rows)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := r.Application("FW1")
	if !ok || a.State != Issued || a.Applicant != nil || a.Size != 0 || a.Priority() {
		t.Fatalf("old application %+v", a)
	}
	if s := r.Summary(2026); s.IssuedCount != 1 || s.Issued != 3000_00 {
		t.Fatalf("summary %+v", s)
	}
	r.BandFigures(func(string) bool { return false }) // nothing to band
}

// 保密: who may not see an officer's figures reads the applicant's revenue
// and assets as the range they lie in; the size class stays.
func TestVoucherApplicantFiguresBanded(t *testing.T) {
	r := budgeted(t)
	who := smallApplicant()
	who.Revenue = Give[money.Amount](1234_5678_00) // ¥12,345,678.00
	if _, err := applyWith(t, r, 1, who); err != nil {
		t.Fatal(err)
	}
	r.BandFigures(func(by string) bool { return by != "2001" })
	a, _ := r.Application("FW1")
	if a.Applicant.Revenue.Value != 1000*1_000_000 || a.Applicant.Assets.Value != 500*1_000_000 || a.Size != enterprise.Small {
		t.Fatalf("banded %+v %s", a.Applicant, a.Size.Title())
	}
}
