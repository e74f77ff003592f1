package finance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"branchdesk/domain/counter"
	"branchdesk/domain/target"
)

func TestTargetList(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	mgr := d.login(t, "3001")
	off := d.login(t, "2001")
	list := []target.Target{
		{Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43", Class: target.Preferred, Officer: "2001", Deadline: "2026-11-25"},
		{Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2001", Deadline: "2026-11-25"},
		{Name: "光谷示范软件有限公司", Class: target.Normal, Officer: "2002", Deadline: "2026-12-20"},
	}
	if err := d.fin.ImportTargets(ctx, off, list); !errors.Is(err, counter.ErrNeedLevelA) {
		t.Fatalf("an officer imports the list: %v", err)
	}
	bad := append([]target.Target{}, list...)
	bad[2].Officer = "9999"
	if err := d.fin.ImportTargets(ctx, mgr, bad); err == nil {
		t.Fatal("unknown officer accepted")
	}
	if all, _ := d.fin.Targets(ctx, mgr); len(all) != 0 {
		t.Fatalf("a refused import left %d rows", len(all))
	}
	if err := d.fin.ImportTargets(ctx, mgr, list); err != nil {
		t.Fatal(err)
	}
	mine, _ := d.fin.Targets(ctx, off)
	if len(mine) != 2 {
		t.Fatalf("officer 2001 sees %d targets", len(mine))
	}
	found, _ := d.fin.Search(ctx, off, "示范生物", 10)
	if len(found) != 1 || found[0].Name != list[0].Name {
		t.Fatalf("search by name: %+v", found)
	}
	found, _ = d.fin.Search(ctx, off, "91350100m000100y43", 10)
	if len(found) != 1 {
		t.Fatalf("search by code: %+v", found)
	}
	// Another officer finds the customer but not its mobile number.
	if err := d.fin.ImportTargets(ctx, mgr, []target.Target{{ID: found[0].ID, Name: found[0].Name, CreditCode: found[0].CreditCode,
		Contact: "陈经理 13812345678", Class: target.Preferred, Officer: "2001", Deadline: "2026-11-25"}}); err != nil {
		t.Fatal(err)
	}
	other, _ := d.fin.Search(ctx, d.login(t, "2002"), "示范生物", 10)
	mineAgain, _ := d.fin.Search(ctx, off, "示范生物", 10)
	if len(other) != 1 || other[0].Contact != "陈经理 138****5678" || mineAgain[0].Contact != "陈经理 13812345678" {
		t.Fatalf("masking: %q / %q", other[0].Contact, mineAgain[0].Contact)
	}
	var exitID, goodID string
	for _, tg := range mine {
		if tg.Class == target.Exit {
			exitID = tg.ID
		} else {
			goodID = tg.ID
		}
	}
	if err := d.fin.LogProgress(ctx, off, exitID, "上门走访"); !errors.Is(err, target.ErrNotMarketed) {
		t.Fatalf("logging an exit-class customer: %v", err)
	}
	if err := d.fin.LogProgress(ctx, off, goodID, "上门走访，了解流动资金需求"); err != nil {
		t.Fatal(err)
	}
	due, _ := d.fin.WeekDue(ctx, off, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if len(due) != 1 || due[0].Target.ID != goodID || due[0].LastLog != "2026-11-23" {
		t.Fatalf("week due %+v", due)
	}
	sum, err := d.fin.MonthSummary(ctx, mgr, "2026-11")
	if err != nil || len(sum) != 2 || sum[0].Officer != "2001" || sum[0].Listed != 1 || sum[0].Logs != 1 || sum[1].Listed != 1 {
		t.Fatalf("month %+v %v", sum, err)
	}
}
