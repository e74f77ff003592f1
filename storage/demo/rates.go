package demo

import "branchdesk/domain/sync"

// Rates is the demo's base-rate table, the loan prime rate (LPR) as
// announced: 3.10% (1Y) and 3.60% (5Y+) from 2024-10-21, 3.00% and 3.50%
// from 2025-05-20. A head-office config's rows take over from their
// effective day (and replace a row of the same term and day); the app and
// bdctl init --demo store it with sqlstore.DB.SeedRates when they seed the
// demo branch.
var Rates = []sync.Rate{
	{Term: sync.Term1Y, RateBP: 310, Effective: "2024-10-21"},
	{Term: sync.Term5Y, RateBP: 360, Effective: "2024-10-21"},
	{Term: sync.Term1Y, RateBP: 300, Effective: "2025-05-20"},
	{Term: sync.Term5Y, RateBP: 350, Effective: "2025-05-20"},
}
