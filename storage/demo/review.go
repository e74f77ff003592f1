package demo

import (
	"context"
	"errors"
	"fmt"

	"branchdesk/domain/counter"
)

// Reviewers are the demo's B and A users, in the order ReviewDay tries
// them for each item.
var Reviewers = []string{"2002", "3002", "2001", "3001"}

// ReviewDay does the demo branch's 滞后复核 of today and the 事后监督 due,
// each item by the first of Reviewers the separation of duties allows
// (neither maker nor authorizer), each teller's day at once with its
// exceptions seen. It reports how many items it reviewed and teller days
// it supervised.
func ReviewDay(ctx context.Context, svc *counter.Service) (late, days int, err error) {
	sessions := map[string]*counter.Session{}
	for _, id := range Reviewers {
		if sessions[id], err = svc.Login(ctx, id, password(id)); err != nil {
			return 0, 0, fmt.Errorf("demo: login %s: %w", id, err)
		}
	}
	first := sessions[Reviewers[0]]
	items, err := svc.LateReviews(ctx, first)
	if err != nil {
		return 0, 0, err
	}
	for _, it := range items {
		if it.Done() {
			continue
		}
		for _, id := range Reviewers {
			err := svc.CheckLate(ctx, sessions[id], it.Entry.ID, "")
			if err == nil {
				late++
				break
			}
			if !errors.Is(err, counter.ErrReviewOwn) && !errors.Is(err, counter.ErrReviewAuthorized) {
				return late, days, fmt.Errorf("demo: review #%d by %s: %w", it.Entry.ID, id, err)
			}
		}
	}
	js, err := svc.Supervision(ctx, first, "")
	if err != nil {
		return late, days, err
	}
	for _, j := range js {
		if j.Pending() == 0 {
			continue
		}
		var seen []int64
		for _, x := range j.Exceptions() {
			seen = append(seen, x.Entry.ID)
		}
		by := Reviewers[0]
		if j.Teller == by {
			by = Reviewers[1]
		}
		if err := svc.SuperviseTeller(ctx, sessions[by], j.BusinessDate, j.Teller, seen); err != nil {
			return late, days, fmt.Errorf("demo: supervise %s by %s: %w", j.Teller, by, err)
		}
		days++
	}
	return late, days, nil
}
