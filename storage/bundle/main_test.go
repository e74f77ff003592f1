package bundle

import (
	"testing"

	"branchdesk/storage/storetest"
)

// TestMain runs the package's tests on the store BRANCHDESK_TEST_STORE names.
func TestMain(m *testing.M) { storetest.Main(m) }
