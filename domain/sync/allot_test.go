package sync

import (
	"encoding/json"
	"errors"
	"testing"

	"branchdesk/domain/voucher"
)

func TestTermJSON(t *testing.T) {
	var rs []Rate
	in := `[{"term":"1Y","rate_bp":300,"effective":"2026-11-20"},{"term":"5Y+","rate_bp":350,"effective":"2026-11-20"},{"term":6,"rate_bp":290,"effective":"2026-11-20"}]`
	if err := json.Unmarshal([]byte(in), &rs); err != nil {
		t.Fatal(err)
	}
	if rs[0].Term != Term1Y || rs[1].Term != Term5Y || rs[2].Term.Months() != 6 {
		t.Fatalf("%+v", rs)
	}
	if err := CheckRates(rs); err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(rs)
	if string(out) != in {
		t.Fatalf("round trip %s", out)
	}
	for _, bad := range []string{`"2Y"`, `"6"`, `6.5`, `true`, `null`} {
		var tm Term
		if err := json.Unmarshal([]byte(bad), &tm); err == nil && tm.Validate() == nil {
			t.Errorf("term %s accepted as %q", bad, tm)
		}
	}
}

func TestCheckRates(t *testing.T) {
	ok := Rate{Term: Term1Y, RateBP: 300, Effective: "2026-11-20"}
	for name, r := range map[string][]Rate{
		"negative":  {{Term: Term1Y, RateBP: -5, Effective: "2026-11-20"}},
		"zero":      {{Term: Term5Y, RateBP: 0, Effective: "2026-11-20"}},
		"too high":  {{Term: Term5Y, RateBP: 10001, Effective: "2026-11-20"}},
		"bad date":  {{Term: Term1Y, RateBP: 300, Effective: "2026-02-30"}},
		"no date":   {{Term: Term1Y, RateBP: 300}},
		"term 0":    {{Term: "0", RateBP: 300, Effective: "2026-11-20"}},
		"term -3":   {{Term: "-3", RateBP: 300, Effective: "2026-11-20"}},
		"term junk": {{Term: "1y", RateBP: 300, Effective: "2026-11-20"}},
		"twice":     {ok, ok},
	} {
		err := CheckRates(r)
		if err == nil || !(errors.Is(err, ErrRate) || errors.Is(err, ErrRateTerm)) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := CheckRates([]Rate{ok, {Term: Term1Y, RateBP: 295, Effective: "2026-12-20"}}); err != nil {
		t.Fatal(err)
	}
}

func TestCheckAllocations(t *testing.T) {
	good := []Allocation{{voucher.CashCheque, 1, 100}, {voucher.CashCheque, 101, 200}, {voucher.Passbook, 1, 100}}
	if err := CheckAllocations(good, nil); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		as      []Allocation
		earlier []voucher.Range
		want    error
	}{
		"overlap":         {[]Allocation{{voucher.CashCheque, 1, 100}, {voucher.CashCheque, 100, 150}}, nil, ErrOverlap},
		"overlap before":  {[]Allocation{{voucher.CashCheque, 50, 60}}, []voucher.Range{{Type: voucher.CashCheque, From: 1, To: 100}}, ErrOverlap},
		"unknown type":    {[]Allocation{{"lottery", 1, 10}}, nil, voucher.ErrUnknownType},
		"reversed":        {[]Allocation{{voucher.CashCheque, 10, 1}}, nil, voucher.ErrRange},
		"zero":            {[]Allocation{{voucher.CashCheque, 0, 1}}, nil, voucher.ErrRange},
		"too many digits": {[]Allocation{{voucher.CashCheque, 1, 100_000_000}}, nil, voucher.ErrTooLargeRange},
	} {
		err := CheckAllocations(tc.as, tc.earlier)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	// Other types never overlap.
	if err := CheckAllocations([]Allocation{{voucher.TransferCheque, 1, 100}}, []voucher.Range{{Type: voucher.CashCheque, From: 1, To: 100}}); err != nil {
		t.Fatal(err)
	}
	if err := (ConfigSet{Keys: HQKeys{Sign: make([]byte, 32), Age: "age1x"}, Rates: []Rate{{Term: Term1Y, RateBP: -1, Effective: "2026-11-20"}}}).Validate("0101"); !errors.Is(err, ErrRate) {
		t.Fatalf("Validate negative rate: %v", err)
	}
}

// What the officer reads is Chinese: the LPR's codes "1Y"/"5Y+" never
// reach the screen.
func TestTermTitle(t *testing.T) {
	for term, want := range map[Term]string{
		Term1Y: "1年期LPR",
		Term5Y: "5年期以上LPR",
		"6":    "6个月",
		"24":   "24个月",
		"600":  "600个月",
	} {
		if got := term.Title(); got != want {
			t.Errorf("Term(%q).Title() = %q, want %q", string(term), got, want)
		}
	}
}

// Head office's over-lending share: 0 leaves the branch's, 1000% is the
// most it may send, one more and any negative are refused.
func TestConfigBorrowingShare(t *testing.T) {
	for pct, ok := range map[int]bool{0: true, 1: true, MaxBorrowingPct: true, MaxBorrowingPct + 1: false, -1: false} {
		err := ConfigSet{Keys: HQKeys{Sign: make([]byte, 32), Age: "age1x"}, MaxBorrowingPct: pct}.Validate("0101")
		if (err == nil) != ok || err != nil && !errors.Is(err, ErrManifest) {
			t.Errorf("share %d%%: %v", pct, err)
		}
	}
}
