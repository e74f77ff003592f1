package counter_test

import (
	"context"
	"errors"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// 第十条: the voucher keeper receives what a teller returns. The keeper
// confirms with their password at the teller's terminal; without it, by
// the teller alone, by a B who does not keep vouchers or with a wrong
// password nothing is returned, and the register names the keeper who
// took the numbers back.
func TestReturnVouchersKeeperConfirms(t *testing.T) {
	svc, _ := newCounter(t)
	ctx := context.Background()
	vkeeper := signedIn(t, svc, "2002")
	t1 := signedIn(t, svc, "1001")
	if err := svc.IssueVouchers(ctx, vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 5}, "1001"); err != nil {
		t.Fatal(err)
	}
	r := voucher.Range{Type: voucher.CashCheque, From: 4, To: 5}
	held := func() int64 {
		t.Helper()
		h, err := svc.VoucherHolding(ctx, t1, "1001", voucher.CashCheque)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, r := range h.Ranges {
			for num := r.From; num <= r.To; num++ {
				if _, gone := h.WrittenOff[num]; !gone {
					n++
				}
			}
		}
		return n
	}
	wrong := approve("2002")
	wrong.Password = "wrong"
	for _, c := range []struct {
		name string
		by   counter.Credential
		want error
	}{
		{"no keeper", counter.Credential{}, counter.ErrReturnNeedsKeeper},
		{"keeper without a password", counter.Credential{UserID: "2002"}, counter.ErrReturnNeedsKeeper},
		{"the teller herself", approve("1001"), counter.ErrReturnToSelf},
		{"a B who does not keep vouchers", approve("2001"), counter.ErrNotVoucherKeeper},
		{"an A", approve("3001"), counter.ErrNotVoucherKeeper},
		{"no such user", approve("7777"), staff.ErrUnknownUser},
		{"wrong password", wrong, staff.ErrWrongPassword},
	} {
		if err := svc.ReturnVouchers(ctx, t1, r, c.by); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if n := held(); n != 5 {
			t.Fatalf("%s: the teller holds %d", c.name, n)
		}
	}
	if err := svc.ReturnVouchers(ctx, t1, r, approve("2002")); err != nil {
		t.Fatal(err)
	}
	if n := held(); n != 3 {
		t.Fatalf("after the return the teller holds %d", n)
	}
	events, err := svc.VoucherRegister(ctx, vkeeper, voucher.CashCheque, today, today)
	if err != nil {
		t.Fatal(err)
	}
	returned := 0
	for _, e := range events {
		if e.State == voucher.Returned {
			returned++
			if e.Teller != "1001" || e.By != "2002" {
				t.Errorf("return of %d by %s from %s", e.Number, e.By, e.Teller)
			}
		}
	}
	if returned != 2 {
		t.Fatalf("%d numbers returned in the register", returned)
	}
}
