package demo

import (
	"testing"

	"branchdesk/domain/sync"
)

// The demo table passes the checks a config bundle's table must pass.
func TestRatesAreAValidTable(t *testing.T) {
	if err := sync.CheckRates(Rates); err != nil {
		t.Fatal(err)
	}
}
