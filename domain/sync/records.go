package sync

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
	"branchdesk/domain/target"
)

// UpRecords are the record types a branch reports, one NDJSON file each,
// named after the table they come from: the journal with its
// authorizations and reversals, the audit trail, cash and vault
// movements, end-of-day results (the boxes' balances and seals), voucher events, surveys and every
// version of them, pipeline events, complaints, the service-voucher
// register, the target list's logs, every version of its rows (the
// list as the branch keeps it, with the date each was listed), approvals
// and proposals, and the files kept on surveys and demands (their bytes
// base64 in "data").
func UpRecords() []string {
	return []string{
		"entries", "legs", "audit",
		"cash_moves", "cash_move_lines", "voucher_events",
		"teller_balances", "teller_balance_lines", "teller_voucher_counts", "box_seals",
		"vault_counts", "vault_count_lines", "branch_closes", "branch_close_vouchers",
		"surveys", "demand_events", "complaints", "target_logs", "service_vouchers",
		"list_approvals", "list_proposals", "target_listings", "attachments", "attachment_removals",
	}
}

// IsUpRecord tells whether name is one of UpRecords.
func IsUpRecord(name string) bool {
	for _, r := range UpRecords() {
		if r == name {
			return true
		}
	}
	return false
}

// RowID is the key every exported record carries: the row's id in its
// table at the terminal that wrote it.
const RowID = "_rowid"

var errNoRowID = errors.New(`不是以正整数 "_rowid" 开头的 JSON 对象`)

// ParseRecord checks one NDJSON line of an up bundle and returns its row
// id. A record is a JSON object whose first key is "_rowid", with scalar
// values only: a table row, column → value (a JSON document a column
// holds is a string). Nothing nested can trip head office's reports.
func ParseRecord(line []byte) (int64, error) {
	const prefix = `{"` + RowID + `":`
	rest, ok := bytes.CutPrefix(line, []byte(prefix))
	if !ok {
		return 0, errNoRowID
	}
	var id int64
	i := 0
	for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
		if id > (math.MaxInt64-9)/10 {
			return 0, errNoRowID
		}
		id = id*10 + int64(rest[i]-'0')
	}
	if i == 0 || id < 1 || rest[0] == '0' || i == len(rest) || (rest[i] != ',' && rest[i] != '}') {
		return 0, errNoRowID
	}
	if !json.Valid(line) {
		return 0, errors.New("JSON 无效")
	}
	if nested(line[1:]) {
		return 0, errors.New("记录须为一行表数据，不能含嵌套的对象或数组")
	}
	return id, nil
}

// nested tells whether valid JSON has an object or array outside its
// strings.
func nested(b []byte) bool {
	in := false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case in && c == '\\':
			i++
		case c == '"':
			in = !in
		case !in && (c == '{' || c == '['):
			return true
		}
	}
	return false
}

// ErrRecordBranch refuses a record of another branch than the one the
// terminal that signed it is enrolled in.
var ErrRecordBranch = errors.New("记录所属网点与终端登记的网点不符")

// branchRecords are the up record types whose rows name their branch in
// "branch_id" (a test holds this to the terminal's schema).
var branchRecords = map[string]bool{
	"entries": true, "cash_moves": true, "voucher_events": true, "teller_balances": true, "box_seals": true,
	"vault_counts": true, "branch_closes": true, "surveys": true, "demand_events": true, "complaints": true,
	"service_vouchers": true, "list_approvals": true, "list_proposals": true, "target_listings": true,
	"attachments": true, "attachment_removals": true,
}

// HasBranch tells whether records of type typ name their branch.
func HasBranch(typ string) bool { return branchRecords[typ] }

// CheckRecordBranch refuses a record of a type that names its branch
// (HasBranch) when its top-level "branch_id" — the one head office's
// store reads — is missing, not a string, given twice or not branch: a
// terminal reports for its own branch only, so its key cannot put figures
// into another branch's reports. line must be a valid JSON object
// (ParseRecord).
func CheckRecordBranch(typ string, line []byte, branch string) error {
	if !HasBranch(typ) {
		return nil
	}
	var got []*string
	if fold, exact := countKey(line); fold == exact && exact <= 1 && bytes.IndexByte(line, '\\') < 0 {
		// No escape can spell the key another way and no other case of
		// it is there: the standard decoder, which matches keys in any
		// case, finds the one key the store reads.
		var r struct {
			Branch *string `json:"branch_id"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return msg.Errorf("%w：网点字段不是字符串", ErrRecordBranch)
		}
		if fold == 1 {
			got = append(got, r.Branch)
		}
	} else {
		var err error
		if got, err = branchValues(line); err != nil {
			return msg.Errorf("%w：网点字段不是字符串", ErrRecordBranch)
		}
	}
	switch {
	case len(got) > 1:
		return msg.Errorf("%w：记录中网点字段出现 %d 次", ErrRecordBranch, len(got))
	case len(got) == 0 || got[0] == nil:
		return msg.Errorf("%w：记录缺少网点", ErrRecordBranch)
	case *got[0] != branch:
		return msg.Errorf("%w（记录 %q，终端 %q）", ErrRecordBranch, *got[0], branch)
	}
	return nil
}

// countKey counts the strings "branch_id" in line, in any case (fold)
// and exactly.
func countKey(line []byte) (fold, exact int) {
	const key = `"branch_id"`
	for i := 0; i+len(key) <= len(line); i++ {
		if line[i] != '"' || line[i+len(key)-1] != '"' {
			continue
		}
		if w := line[i : i+len(key)]; bytes.EqualFold(w, []byte(key)) {
			fold++
			if string(w) == key {
				exact++
			}
		}
	}
	return fold, exact
}

// branchValues reads every top-level "branch_id" of a JSON object, its
// name unescaped as a decoder reads it.
func branchValues(line []byte) ([]*string, error) {
	d := json.NewDecoder(bytes.NewReader(line))
	if _, err := d.Token(); err != nil { // {
		return nil, err
	}
	var out []*string
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return nil, err
		}
		if k != "branch_id" {
			var skip json.RawMessage
			if err := d.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		var v *string
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Range is a run of row ids, both ends included.
type Range [2]int64

// Ranges folds ids into runs; ids need not be sorted.
func Ranges(ids []int64) []Range {
	ids = append([]int64(nil), ids...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var out []Range
	for _, id := range ids {
		if n := len(out); n > 0 && id <= out[n-1][1]+1 {
			out[n-1][1] = max(out[n-1][1], id)
			continue
		}
		out = append(out, Range{id, id})
	}
	return out
}

// Rejection is a record head office did not accept, and why.
type Rejection struct {
	Record string `json:"record"` // type:rowid, type:第N行 when it has no id, or a whole file's name
	Reason string `json:"reason"`
}

// RejectFile refuses a whole data file.
func RejectFile(name, reason string) Rejection { return Rejection{Record: name, Reason: reason} }

// RejectLine refuses a line of a data file that has no usable row id.
func RejectLine(typ string, line int, reason string) Rejection {
	return Rejection{Record: fmt.Sprintf("%s:第%d行", typ, line), Reason: reason}
}

// RejectRecord refuses one record.
func RejectRecord(typ string, id int64, reason string) Rejection {
	return Rejection{Record: fmt.Sprintf("%s:%d", typ, id), Reason: reason}
}

// File is the data file a rejection is about, and whether all of it was
// refused.
func (r Rejection) File() (name string, whole bool) {
	if typ, _, ok := strings.Cut(r.Record, ":"); ok {
		return typ + ".ndjson", false
	}
	return r.Record, true
}

// ReceiptBody is receipt.json: what head office took from one bundle.
type ReceiptBody struct {
	Accepted map[string][]Range `json:"accepted"`
	Rejected []Rejection        `json:"rejected,omitempty"`
	// AuditHead is the last audit row head office holds of the terminal:
	// the terminal's audit verify checks it is still in its chain.
	AuditHead *audit.Head `json:"audit_head,omitempty"`
}

// Count is how many records the receipt accepts.
func (b ReceiptBody) Count() int64 {
	var n int64
	for _, rs := range b.Accepted {
		n += countRanges(rs)
	}
	return n
}

func countRanges(rs []Range) int64 {
	var n int64
	for _, r := range rs {
		n += r[1] - r[0] + 1
	}
	return n
}

// HQKeys are head office's public keys, carried to the terminal by config
// bundles: Ed25519 for signatures, age for encrypting bundles to it.
type HQKeys struct {
	Sign []byte `json:"ed25519"`
	Age  string `json:"age"`
}

// User is a user as head office sends it. A reset password comes as a
// hash and must be changed at next login; a new user needs one.
type User struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Level     staff.Level `json:"level"`
	Active    bool        `json:"active"`
	Officer   bool        `json:"officer"`
	ResetHash string      `json:"reset_hash,omitempty"`
}

// MaxBorrowingPct bounds the over-lending share head office may send: ten
// times a year's revenue is beyond any caution.
const MaxBorrowingPct = 1000

// ConfigSet is what a config bundle carries: keys.json, then one NDJSON
// file each of users, authorization policies, products, targets, voucher
// stock allocations, base rates and survey form definitions,
// bank.json with the bank's name and the caution against over-lending
// when head office sets them, quarter_weights.json with the
// quarterly evaluation's weights, and suspense_decisions.ndjson with
// the upper level's decisions on the branch's suspense items.
type ConfigSet struct {
	BankName    string // printed at the head of receipts; "" leaves the branch's as it is
	Keys        HQKeys
	Users       []User
	Policies    []authz.Policy
	Products    []pipeline.Product
	Targets     []target.Target
	Allocations []Allocation
	Rates       []Rate
	// Forms are versions of the survey form (2 and up: V1 is built in);
	// the newest the branch has is the one new surveys use.
	Forms []survey.Definition
	// MaxBorrowingPct is the caution against over-lending matching applies
	// (finance.SettingBorrowingPct); 0 leaves the branch's as it is.
	MaxBorrowingPct int
	// Weights score the quarterly evaluation (appraisal.Score); nil leaves
	// the branch's as they are.
	Weights appraisal.Weights
	// Decisions are head office's decisions on the branch's suspense
	// items (第十四条) not sent before, one per item.
	Decisions []ledger.Decision
}

// Validate checks every record the way the branch's own forms would.
func (c ConfigSet) Validate(branch string) error {
	if len(c.Keys.Sign) != 32 || !strings.HasPrefix(c.Keys.Age, "age1") {
		return msg.Errorf("%w：总行公钥无效", ErrManifest)
	}
	if c.BankName != "" {
		if err := ledger.CheckBankName(c.BankName); err != nil {
			return err
		}
	}
	if c.MaxBorrowingPct < 0 || c.MaxBorrowingPct > MaxBorrowingPct {
		return msg.Errorf("%w：融资后贷款合计占营业收入的上限须在 1%% 至 %d%% 之间", ErrManifest, MaxBorrowingPct)
	}
	if c.Weights != nil {
		if err := c.Weights.Validate(); err != nil {
			return err
		}
	}
	for _, u := range c.Users {
		su := staff.User{ID: u.ID, Name: u.Name, Level: u.Level, Branch: branch}
		if err := su.Validate(); err != nil {
			return msg.Errorf("柜员 %s：%w", u.ID, err)
		}
	}
	for _, p := range c.Policies {
		if err := p.Validate(); err != nil {
			return msg.Errorf("授权策略 v%d：%w", p.Version, err)
		}
	}
	for _, p := range c.Products {
		if err := p.Validate(); err != nil {
			return msg.Errorf("产品 %s：%w", p.Code, err)
		}
	}
	for _, t := range c.Targets {
		if t.ID == "" {
			return msg.Errorf("名单企业 %s：缺少编号", t.Name)
		}
		if err := t.Validate(); err != nil {
			return msg.Errorf("名单企业 %s：%w", t.Name, err)
		}
	}
	if err := CheckAllocations(c.Allocations, nil); err != nil {
		return err
	}
	if err := CheckForms(c.Forms); err != nil {
		return err
	}
	if err := CheckDecisions(c.Decisions); err != nil {
		return err
	}
	return CheckRates(c.Rates)
}

// CheckForms refuses survey form definitions a terminal cannot use, with
// the reason: each must pass survey.Definition.Check, be version 2 or
// later (V1 is the built-in form) and come once.
func CheckForms(forms []survey.Definition) error {
	seen := map[int]bool{}
	for _, d := range forms {
		if d.Version <= 1 {
			return msg.Errorf("调查表单 v%d：%w：第1版为内置表单，下发的版本须从2开始", d.Version, survey.ErrDefinition)
		}
		if seen[d.Version] {
			return msg.Errorf("调查表单 v%d：%w：同一版本重复", d.Version, survey.ErrDefinition)
		}
		seen[d.Version] = true
		if err := d.Check(); err != nil {
			return msg.Errorf("调查表单 v%d：%w", d.Version, err)
		}
	}
	return nil
}

// Audit actions written by sync.
const (
	AuditExport  = "sync_export"
	AuditReceipt = "sync_receipt"
	AuditConfig  = "sync_config"
	AuditRekey   = "sync_rekey"
)
