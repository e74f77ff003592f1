package ui

import (
	"testing"

	"branchdesk/storage/storetest"
)

// TestMain starts a throwaway PostgreSQL when the suite runs on it
// (BRANCHDESK_TEST_STORE=postgres): make test runs the screens of several
// counter PCs on one branch database that way.
func TestMain(m *testing.M) { storetest.Main(m) }
