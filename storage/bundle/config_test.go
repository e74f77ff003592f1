package bundle

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/authz"
	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/ledger"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/domain/target"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// branchSnapshot is what a config bundle or receipt may change at the branch.
func branchSnapshot(t *testing.T, r *rig) string {
	t.Helper()
	return dbSnapshot(t, r.db)
}

// dbSnapshot is what a config bundle or receipt may change at a branch.
func dbSnapshot(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, name, level, active, officer, locked, must_change, pw_hash FROM users ORDER BY id`,
		`SELECT version, effective FROM policies ORDER BY version`,
		`SELECT code, data FROM products ORDER BY code`,
		`SELECT id, data FROM targets ORDER BY id`,
		`SELECT hq_sign, hq_age, config_version, last_seq FROM sync_state`,
		`SELECT seq, acked_at FROM sync_exports ORDER BY seq`,
		`SELECT COUNT(*) FROM audit`,
	} {
		rows, err := db.SQL().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintf(&b, "%v\n", vals)
		}
		rows.Close()
	}
	return b.String()
}

func policyV2() authz.Policy {
	p := authz.Default()
	p.Version, p.Effective = 2, "2026-12-01"
	l := p.Limits[ledger.SavingsCashDeposit]
	l.CLimit = 30_000_00
	p.Limits[ledger.SavingsCashDeposit] = l
	return p
}

// A config bundle brings users and their levels and password resets,
// policy versions, products and targets, all at once.
func TestConfigApplied(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	reset, _ := staff.HashPassword("reset1001")
	newpw, _ := staff.HashPassword("first1003")
	set := sync.ConfigSet{
		Users: []sync.User{
			{ID: "1001", Name: "张三", Level: staff.LevelC, Active: true, ResetHash: reset},
			{ID: "1002", Name: "王芳", Level: staff.LevelB, Active: true, Officer: true},
			{ID: "1003", Name: "孙丽", Level: staff.LevelC, Active: true, ResetHash: newpw},
		},
		Policies: []authz.Policy{authz.Default(), policyV2()},
		Products: []pipeline.Product{{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
			TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty}, RateBP: 385}},
		Targets:         []target.Target{{ID: "T000001", Name: "武汉示范商贸有限公司", Class: target.Normal, Officer: "1002", Deadline: "2026-12-31"}},
		BankName:        "湖北示范农村商业银行",
		MaxBorrowingPct: 150,
	}
	r.configure(set)
	var bank, pct string
	if err := r.db.View(ctx, func(tx counter.Tx) (err error) {
		if bank, err = tx.Setting(counter.SettingBankName); err != nil {
			return err
		}
		pct, err = tx.Setting(finance.SettingBorrowingPct)
		return err
	}); err != nil || bank != "湖北示范农村商业银行" || pct != "150" {
		t.Fatalf("bank name and borrowing share after config: %q, %q, %v", bank, pct, err)
	}
	st, _ := r.db.SyncState(ctx)
	if st.ConfigVersion != 2 {
		t.Fatalf("config version %d", st.ConfigVersion)
	}
	if _, err := r.svc.Login(ctx, "1001", "pass1001"); err == nil {
		t.Fatal("old password still works after a reset")
	}
	if _, err := r.svc.Login(ctx, "1001", "reset1001"); err == nil || !strings.Contains(err.Error(), "修改密码") {
		t.Fatalf("reset password must be changed first: %v", err)
	}
	if u, err := r.svc.User(ctx, "1002"); err != nil || u.Level != staff.LevelB || !u.Officer {
		t.Fatalf("1002 after config: %+v %v", u, err)
	}
	if u, err := r.svc.User(ctx, "1003"); err != nil || !u.MustChange || u.Branch != demo.Branch {
		t.Fatalf("new user: %+v %v", u, err)
	}
	ps, _ := r.svc.Policies(ctx)
	if len(ps) != 2 || ps[1].Limits[ledger.SavingsCashDeposit].CLimit != 30_000_00 {
		t.Fatalf("policies %+v", ps)
	}
	if count(t, branchRows{r.db}, `SELECT COUNT(*) FROM products`) != 1 || count(t, branchRows{r.db}, `SELECT COUNT(*) FROM targets`) != 1 {
		t.Fatal("products or targets missing")
	}
}

// The branch refuses an unsigned, foreign, older or already-applied
// config bundle, one for another branch, and applies a bad one not at all.
func TestConfigRefusals(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	older, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	current, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{older, current} {
		if _, err := r.term.ApplyConfig(ctx, data, r.fingerprint()); err != nil {
			t.Fatal(err)
		}
	}
	to, _ := terminalRecipient(r.term.PublicKey())
	hqKeys := r.hq.PublicKeys()
	files, _ := encodeConfig(sync.ConfigSet{Keys: hqKeys})
	pack := func(m sync.Manifest, key ed25519.PrivateKey, sign bool) []byte {
		plain, _, err := Pack(m, files, key)
		if err != nil {
			t.Fatal(err)
		}
		if !sign {
			b, _ := Unpack(plain)
			plain = r.retarPlain(b, b.Raw, nil, b.Files)
		}
		data, err := Seal(plain, to)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	next := sync.Manifest{Kind: sync.Config, Branch: demo.Branch, Version: 5, Created: time.Now(), Schema: 1}
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	bad := sync.ConfigSet{
		Users:   []sync.User{{ID: "1002", Name: "王芳", Level: staff.LevelA, Active: true}},
		Targets: []target.Target{{ID: "X1", Name: "某公司", Class: target.Normal, Officer: "9999", Deadline: "2026-12-31"}},
	}
	badData, _, err := r.hq.ExportConfig(ctx, demo.Branch, bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"unsigned", pack(next, r.hq.sign, false), sync.ErrUnsigned},
		{"foreign", pack(next, stranger, true), sync.ErrSignature},
		{"older", older, sync.ErrConfigOld},
		{"a version skipped", func() []byte {
			// v5, while v4 (badData) was never applied
			d, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
			if err != nil {
				t.Fatal(err)
			}
			return d
		}(), sync.ErrConfigGap},
		{"already applied", current, sync.ErrConfigApplied},
		{"another branch", pack(sync.Manifest{Kind: sync.Config, Branch: "0999", Version: 9, Created: time.Now(), Schema: 1}, r.hq.sign, true), sync.ErrOtherBranch},
		{"future schema", pack(sync.Manifest{Kind: sync.Config, Branch: demo.Branch, Version: 9, Created: time.Now(), Schema: 99}, r.hq.sign, true), sync.ErrFutureSchema},
		{"not encrypted", func() []byte { p, _, _ := Pack(next, files, r.hq.sign); return p }(), sync.ErrNotEncrypted},
		{"flipped byte", flip(pack(next, r.hq.sign, true), 300), sync.ErrCorrupt},
		{"bad record applies nothing", badData, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := branchSnapshot(t, r)
			_, err := r.term.ApplyConfig(ctx, tc.data, r.fingerprint())
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if branchSnapshot(t, r) != before {
				t.Fatalf("refused config (%v) changed the branch", err)
			}
			t.Logf("拒收：%v", err)
		})
	}
}

// retarPlain is retar without encryption.
func (r *rig) retarPlain(b *Bundle, raw, sig []byte, files map[string][]byte) []byte {
	plain, err := Unseal(r.retar(b, raw, sig, files), r.hq.age)
	if err != nil {
		r.t.Fatal(err)
	}
	return plain
}

// A receipt counts only if head office signed it for this terminal's bundle.
func TestReceiptRefusals(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	day(t, r.svc)
	r.importOK(r.export())
	good, err := r.hq.Receipt(ctx, "T01", 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Unpack(good)
	_, stranger, _ := ed25519.GenerateKey(rand.Reader)
	resign := func(edit func(*sync.Manifest), key ed25519.PrivateKey) []byte {
		m := b.Manifest
		edit(&m)
		p, _, err := Pack(m, b.Files, key)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		data []byte
		want []error
	}{
		{"foreign", resign(func(*sync.Manifest) {}, stranger), []error{sync.ErrSignature}},
		{"flipped manifest byte", r.retarPlain(b, flip(b.Raw, 40), b.Sig, b.Files), []error{sync.ErrSignature, sync.ErrManifest}},
		{"flipped signature byte", r.retarPlain(b, b.Raw, flip(b.Sig, 3), b.Files), []error{sync.ErrSignature}},
		{"other terminal", resign(func(m *sync.Manifest) { m.Terminal = "T02" }, r.hq.sign), []error{sync.ErrOtherTerminal}},
		{"other bundle", resign(func(m *sync.Manifest) { m.Bundle = strings.Repeat("0", 64) }, r.hq.sign), []error{sync.ErrUnknownBundle}},
		{"truncated", good[:len(good)/2], []error{sync.ErrCorrupt, sync.ErrUnsigned}},
		{"truncated mid-file", good[:700], []error{sync.ErrCorrupt, sync.ErrUnsigned}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := branchSnapshot(t, r)
			_, _, err := r.term.ImportReceipt(ctx, tc.data)
			ok := false
			for _, w := range tc.want {
				ok = ok || errors.Is(err, w)
			}
			if !ok {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if branchSnapshot(t, r) != before {
				t.Fatal("refused receipt changed the branch")
			}
		})
	}
	if _, _, err := r.term.ImportReceipt(ctx, good); err != nil {
		t.Fatal(err)
	}
}

// A policy version the branch already has with other terms (its own v2,
// added with bdctl before head office issued its v2) stays as it is —
// postings name it — and head office's is not taken, but not silently:
// the audit trail's line for the bundle names the version not taken.
// The rest of the bundle applies, and the same v1 sent again is taken as
// the same.
func TestConfigPolicyVersionConflict(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	local := authz.Default()
	local.Effective = "2026-12-01"
	l := local.Limits[ledger.SavingsCashDeposit]
	l.CLimit = 40_000_00
	local.Limits[ledger.SavingsCashDeposit] = l
	if p, err := r.svc.AddPolicy(ctx, counter.CommandLine(), local); err != nil || p.Version != 2 {
		t.Fatalf("the branch's own v2: %+v, %v", p, err)
	}
	first, _ := staff.HashPassword("first1003")
	r.configure(sync.ConfigSet{
		Users:    []sync.User{{ID: "1003", Name: "孙丽", Level: staff.LevelC, Active: true, ResetHash: first}},
		Policies: []authz.Policy{authz.Default(), policyV2()},
	})
	if _, err := r.svc.User(ctx, "1003"); err != nil {
		t.Fatalf("the rest of the bundle: %v", err)
	}
	ps, _ := r.svc.Policies(ctx)
	if len(ps) != 2 || ps[1].Limits[ledger.SavingsCashDeposit].CLimit != 40_000_00 {
		t.Fatalf("policies: %+v", ps)
	}
	var detail string
	if err := r.db.QueryRow(ctx, `SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1`, sync.AuditConfig).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "未采用："+authz.ErrPolicyConflict.Error()+"（v2") || strings.Count(detail, "未采用") != 1 {
		t.Fatalf("the audit line of the bundle: %q", detail)
	}
}

// Head office's bundle disables a user only as a terminal does: 1001,
// who holds seals, stays enabled (the rest of their record is taken) and
// the bundle's audit line says why; a user who holds nothing is disabled.
func TestConfigDisablesOnlyAfterHandOver(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	first, _ := staff.HashPassword("first1003")
	r.configure(sync.ConfigSet{Users: []sync.User{{ID: "1003", Name: "孙丽", Level: staff.LevelC, Active: true, ResetHash: first}}})
	r.configure(sync.ConfigSet{Users: []sync.User{
		{ID: "1001", Name: "张三丰", Level: staff.LevelC, Active: false},
		{ID: "1003", Name: "孙丽", Level: staff.LevelC, Active: false},
	}})
	if u, err := r.svc.User(ctx, "1001"); err != nil || !u.Active || u.Name != "张三丰" {
		t.Fatalf("1001 after a bundle disabling them while holding seals: %+v, %v", u, err)
	}
	if u, err := r.svc.User(ctx, "1003"); err != nil || u.Active {
		t.Fatalf("1003, holding nothing, after the bundle: %+v, %v", u, err)
	}
	var detail string
	if err := r.db.QueryRow(ctx, `SELECT detail FROM audit WHERE action = ? ORDER BY id DESC LIMIT 1`, sync.AuditConfig).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(detail, "未采用：停用柜员 1001 张三："+counter.ErrDisableHolding.Error()) || strings.Contains(detail, "停用柜员 1003") {
		t.Fatalf("the audit line of the bundle: %q", detail)
	}
}
