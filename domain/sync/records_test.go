package sync_test

import (
	"errors"
	"testing"

	"branchdesk/domain/sync"
)

// A record of a type that names its branch must name the terminal's
// branch, once, however the JSON spells the key.
func TestCheckRecordBranch(t *testing.T) {
	for _, tc := range []struct {
		name, typ, line string
		ok              bool
	}{
		{"own branch", "entries", `{"_rowid":1,"branch_id":"0101","amount":5}`, true},
		{"other branch", "entries", `{"_rowid":1,"branch_id":"0202"}`, false},
		{"one letter off", "entries", `{"_rowid":1,"branch_id":"0102"}`, false},
		{"space before the colon", "entries", `{"_rowid":1,"branch_id" : "0202"}`, false},
		{"escaped key", "entries", `{"_rowid":1,"branch\u005fid":"0202"}`, false},
		{"escaped key, own branch", "entries", `{"_rowid":1,"branch\u005fid":"0101"}`, true},
		{"escaped value", "entries", `{"_rowid":1,"branch_id":"\u0030202"}`, false},
		{"twice, second other", "entries", `{"_rowid":1,"branch_id":"0101","branch_id":"0202"}`, false},
		{"twice, first other", "entries", `{"_rowid":1,"branch_id":"0202","branch_id":"0101"}`, false},
		{"twice, one escaped", "entries", `{"_rowid":1,"branch_id":"0101","branch\u005fid":"0101"}`, false},
		{"null", "entries", `{"_rowid":1,"branch_id":null}`, false},
		{"null then own", "entries", `{"_rowid":1,"branch_id":null,"branch_id":"0101"}`, false},
		{"missing", "entries", `{"_rowid":1,"amount":5}`, false},
		{"a number", "entries", `{"_rowid":1,"branch_id":101}`, false},
		{"only nested", "surveys", `{"_rowid":1,"data":{"branch_id":"0101"}}`, false},
		{"the name as a value", "complaints", `{"_rowid":1,"note":"branch_id","branch_id":"0101"}`, true},
		{"the name as a value only", "complaints", `{"_rowid":1,"note":"branch_id"}`, false},
		{"other case, then own", "entries", `{"_rowid":1,"BRANCH_ID":"0202","branch_id":"0101"}`, true},
		{"own, then other case", "entries", `{"_rowid":1,"branch_id":"0101","Branch_Id":"0202"}`, true},
		{"other case only", "entries", `{"_rowid":1,"Branch_ID":"0101"}`, false},
		{"type without a branch", "legs", `{"_rowid":1,"entry_id":3}`, true},
		{"type without a branch names another", "legs", `{"_rowid":1,"branch_id":"0202"}`, true},
	} {
		err := sync.CheckRecordBranch(tc.typ, []byte(tc.line), "0101")
		if tc.ok != (err == nil) {
			t.Errorf("%s: %s → %v", tc.name, tc.line, err)
		}
		if err != nil && !errors.Is(err, sync.ErrRecordBranch) {
			t.Errorf("%s: %v is not ErrRecordBranch", tc.name, err)
		}
	}
}
