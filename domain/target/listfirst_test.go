package target

import (
	"errors"
	"slices"
	"testing"
	"time"

	"branchdesk/domain/staff"
)

var firstList = []Target{
	{ID: "T1", Name: "甲", CreditCode: "91350100M000100Y43", Class: Preferred},
	{ID: "T2", Name: "乙", CreditCode: "91420100MA4K3B2X1C", Class: Normal},
	{ID: "T3", Name: "丙", CreditCode: "91420100MA4K3B2X2D", Class: Cautious},
	{ID: "T4", Name: "丁", CreditCode: "91420100MA4K3B2X3E", Class: Exit},
	{ID: "T5", Name: "戊", Class: Preferred}, // no code: never matched
}

// 名单制第十、十二条: each class of the list, matched by the credit code
// (case and width folded), answers a demand its own way.
func TestListFirstClasses(t *testing.T) {
	cases := []struct {
		code     string
		standing Standing
		rank     int
		title    string
		refused  bool
		approval bool
	}{
		{"91350100m000100y43", First, 0, "积极进入类", false, false},
		{"９１４２０１００ＭＡ４Ｋ３Ｂ２Ｘ１Ｃ", First, 1, "正常进入类", false, false},
		{"91420100MA4K3B2X2D", Approval, 2, "审慎进入类", false, true},
		{"91420100MA4K3B2X3E", Refused, 2, "退出类", true, false},
		{"91420100MA4K3B2X4F", Unlisted, 2, "未入名单", false, false},
		{"", Unlisted, 2, "未入名单", false, false},
	}
	for _, c := range cases {
		a := Admit(firstList, c.code)
		if a.Standing != c.standing || a.Rank() != c.rank || a.Title() != c.title {
			t.Errorf("%q: %s rank %d %s", c.code, a.Standing, a.Rank(), a.Title())
		}
		if got := a.Refusal() != nil; got != c.refused {
			t.Errorf("%q refused %v", c.code, got)
		}
		if c.refused && !errors.Is(a.Proceed(true), ErrExitClass) {
			t.Errorf("%q: an exit-class demand proceeds", c.code)
		}
		if got := errors.Is(a.Proceed(false), ErrNeedApproval); got != c.approval {
			t.Errorf("%q needs approval %v", c.code, got)
		}
		if c.approval && a.Proceed(true) != nil {
			t.Errorf("%q: approved but held", c.code)
		}
	}
}

// The queue: preferred, then normal, then everything else; within a
// rank the earlier collected first, equal times keep their order.
func TestListFirstQueueOrder(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	type item struct {
		name string
		a    Admission
		at   time.Time
	}
	items := []item{
		{"unlisted-early", Admit(firstList, "X"), at},
		{"cautious", Admit(firstList, "91420100MA4K3B2X2D"), at.Add(time.Minute)},
		{"normal-late", Admit(firstList, "91420100MA4K3B2X1C"), at.Add(3 * time.Minute)},
		{"preferred-latest", Admit(firstList, "91350100M000100Y43"), at.Add(4 * time.Minute)},
		{"normal-early", Admit(firstList, "91420100MA4K3B2X1C"), at.Add(2 * time.Minute)},
	}
	slices.SortStableFunc(items, func(x, y item) int {
		switch {
		case Before(x.a, x.at, y.a, y.at):
			return -1
		case Before(y.a, y.at, x.a, x.at):
			return 1
		}
		return 0
	})
	var got []string
	for _, i := range items {
		got = append(got, i.name)
	}
	want := []string{"preferred-latest", "normal-early", "normal-late", "unlisted-early", "cautious"}
	if !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
}

// 审慎进入类: an A who is not the demand's officer approves once, with a
// reason; nothing else is approved.
func TestListFirstApproval(t *testing.T) {
	a := staff.User{ID: "3001", Level: staff.LevelA}
	b := staff.User{ID: "2002", Level: staff.LevelB}
	offA := staff.User{ID: "3002", Level: staff.LevelA, Officer: true}
	cautious := Admit(firstList, "91420100MA4K3B2X2D")
	ap := ListApproval{Demand: "D1", Officer: "3002", Reason: "担保充足"}
	cases := []struct {
		name     string
		adm      Admission
		who      staff.User
		reason   string
		approved bool
		want     error
	}{
		{"ok", cautious, a, "担保充足", false, nil},
		{"a B", cautious, b, "担保充足", false, ErrApproverLevel},
		{"the officer", cautious, offA, "担保充足", false, ErrApproverIsOfficer},
		{"no reason", cautious, a, "  ", false, ErrApprovalReason},
		{"twice", cautious, a, "担保充足", true, ErrAlreadyApproved},
		{"preferred", Admit(firstList, "91350100M000100Y43"), a, "担保充足", false, ErrApprovalNotNeeded},
		{"unlisted", Admit(firstList, "X"), a, "担保充足", false, ErrApprovalNotNeeded},
		{"exit", Admit(firstList, "91420100MA4K3B2X3E"), a, "担保充足", false, ErrExitClass},
	}
	for _, c := range cases {
		ap.Reason = c.reason
		err := CheckApproval(c.adm, c.who, ap, c.approved)
		if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// Not on the list: the officer proposes it once, with a reason; a listed
// enterprise is not proposed.
func TestListFirstProposal(t *testing.T) {
	un := Admit(firstList, "91420100MA4K3B2X4F")
	p := Proposal{Demand: "D1", CreditCode: "91420100MA4K3B2X4F", Officer: "2001", Reason: "新开户企业，经营稳定"}
	if err := CheckProposal(un, p, nil); err != nil {
		t.Fatal(err)
	}
	if err := CheckProposal(un, p, []Proposal{{CreditCode: "91420100ma4k3b2x4f"}}); !errors.Is(err, ErrAlreadyProposed) {
		t.Fatalf("proposed twice: %v", err)
	}
	p.Reason = ""
	if err := CheckProposal(un, p, nil); !errors.Is(err, ErrProposalReason) {
		t.Fatalf("no reason: %v", err)
	}
	if err := CheckProposal(Admit(firstList, "91420100MA4K3B2X2D"), Proposal{Reason: "x"}, nil); !errors.Is(err, ErrAlreadyListed) {
		t.Fatalf("listed proposed: %v", err)
	}
}
