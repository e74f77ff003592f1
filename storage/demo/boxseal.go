package demo

import (
	"context"
	"fmt"

	"branchdesk/domain/counter"
)

// SealBox has the first of Reviewers who is not the teller check the
// balanced box of teller's session with the day's accounting vouchers
// counted right, and seal it with them (查库封箱, 第七条二.3), as the demo
// branch's day end does before the formal sign-out. A box with nothing to
// seal is left alone.
func SealBox(ctx context.Context, svc *counter.Service, teller *counter.Session) error {
	c, err := svc.BoxToSeal(ctx, teller)
	if err != nil {
		return fmt.Errorf("demo: box of %s: %w", teller.User().ID, err)
	}
	if !c.Needed || c.Sealed != nil {
		return nil
	}
	es, err := svc.Journal(ctx, teller, "")
	if err != nil {
		return fmt.Errorf("demo: journal of %s: %w", teller.User().ID, err)
	}
	var n int64
	for _, e := range es {
		if e.Teller == teller.User().ID {
			n++
		}
	}
	for _, id := range Reviewers {
		if id == teller.User().ID {
			continue
		}
		in := counter.BoxSealInput{Checker: counter.Credential{UserID: id, Password: password(id), Approve: true}, SealNo: "FQ" + teller.User().ID, PostedVouchers: n}
		if _, err := svc.SealBox(ctx, teller, in); err != nil {
			return fmt.Errorf("demo: seal box of %s: %w", teller.User().ID, err)
		}
		return nil
	}
	return nil
}
