package voucher

import (
	"errors"
	"testing"
	"time"
)

func TestCheckTransition(t *testing.T) {
	allowed := map[[2]State]bool{
		{"", Received}:     true,
		{Received, Issued}: true,
		{Received, Voided}: true,
		{Issued, Used}:     true,
		{Issued, Sold}:     true,
		{Issued, Voided}:   true,
		{Issued, Returned}: true,
		{Returned, Issued}: true,
		{Returned, Voided}: true,
	}
	all := []State{"", Received, Issued, Used, Sold, Voided, Returned}
	for _, from := range all {
		for _, to := range all {
			err := CheckTransition(from, to)
			if allowed[[2]State{from, to}] != (err == nil) {
				t.Errorf("%s → %s: %v", from.Title(), to.Title(), err)
			}
			if err != nil && !errors.Is(err, ErrTransition) {
				t.Errorf("%s → %s: %v", from.Title(), to.Title(), err)
			}
		}
	}
	// 逐份销号: a used, sold or voided number never changes again.
	for _, s := range []State{Used, Sold, Voided} {
		if !s.Final() {
			t.Errorf("%s must be final", s.Title())
		}
	}
}

func TestEventValidate(t *testing.T) {
	at := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	base := Event{Type: CashCheque, Number: 12, Teller: "1001", By: "1001", At: at}
	with := func(f func(*Event)) Event { e := base; f(&e); return e }
	tests := []struct {
		name string
		e    Event
		err  error
	}{
		{"received", with(func(e *Event) { e.State, e.Teller, e.By = Received, "", "2001" }), nil},
		{"issued", with(func(e *Event) { e.State, e.By = Issued, "2001" }), nil},
		{"issued to nobody", with(func(e *Event) { e.State, e.Teller, e.By = Issued, "", "2001" }), ErrEventIncomplete},
		{"used", with(func(e *Event) { e.State, e.EntryID = Used, 7 }), nil},
		{"used without entry", with(func(e *Event) { e.State = Used }), ErrEventIncomplete},
		// 第十条: 出售重要空白凭证，必须核对客户提供的预留银行签章
		{"sold", with(func(e *Event) { e.State, e.SealCheckedBy = Sold, "1001" }), nil},
		{"sold unchecked", with(func(e *Event) { e.State = Sold }), ErrSealNotChecked},
		{"voided", with(func(e *Event) { e.State, e.Reason, e.Authorizer = Voided, "填写错误", "2001" }), nil},
		{"voided without reason", with(func(e *Event) { e.State, e.Authorizer = Voided, "2001" }), ErrVoidReason},
		{"voided self-authorized", with(func(e *Event) { e.State, e.Reason, e.Authorizer = Voided, "填写错误", "1001" }), ErrVoidNeedsAuth},
		{"returned", with(func(e *Event) { e.State, e.By = Returned, "2001" }), nil},
		{"no number", with(func(e *Event) { e.State, e.Number = Issued, 0 }), ErrEventIncomplete},
		{"no time", with(func(e *Event) { e.State, e.At = Issued, time.Time{} }), ErrEventIncomplete},
		{"unknown state", with(func(e *Event) { e.State = "lost" }), ErrEventIncomplete},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.e.Validate(); !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Fatalf("Validate = %v, want %v", err, tc.err)
			}
		})
	}
}
