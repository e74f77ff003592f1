package main

import (
	"branchdesk/domain/audit"
	"branchdesk/storage/demo"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
)

var (
	pgOnce   sync.Once
	pgServer *pgtest.Server
	pgErr    error
)

// branchServer is a throwaway PostgreSQL for this package's tests. It is
// stopped by TestMain. Without PostgreSQL the tests skip, except under CI,
// where they fail.
func branchServer(t *testing.T) *pgtest.Server {
	t.Helper()
	pgOnce.Do(func() { pgServer, pgErr = pgtest.Start(pgtest.Options{}) })
	if pgErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is needed under CI: %v", pgErr)
		}
		t.Skipf("no PostgreSQL here: %v", pgErr)
	}
	return pgServer
}

// pcKey is a counter PC's own key that signs the audit head.
func pcKey(t *testing.T, name string) audit.Signer {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return audit.Signer{Name: name, Key: k}
}

func TestMain(m *testing.M) {
	// bdctl keeps this PC's key for the branch server in the user's data
	// directory: the tests' own, not the user's.
	data, err := os.MkdirTemp("", "bdctl-data-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_DATA_HOME", data)
	code := m.Run()
	os.RemoveAll(data)
	if pgServer != nil {
		pgServer.Stop()
	}
	os.Exit(code)
}

// bdctl works on the branch server as on a file: init --demo makes the
// schema and the branch, the commands read and write it, and after two
// PCs post at once `audit verify` finds one whole chain.
func TestBranchServerRound(t *testing.T) {
	srv := branchServer(t)
	ctx := context.Background()
	url, err := srv.NewDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fails(t, url, "数据库不存在或为空", "user", "list")
	// The command it suggests can be typed as it stands: the URL quoted, no label in it.
	fails(t, url, "先运行 bdctl --db 'postgres://postgres@/", "user", "list")
	out := ok(t, url, "init", "--demo", "--date", today)
	contains(t, out, "已载入演示数据", "分行服务器 postgres://")
	contains(t, ok(t, url, "user", "list"), "1001", "张三")

	var wg sync.WaitGroup
	for _, teller := range []string{"1001", "1002"} {
		db, err := postgres.Open(ctx, url, false)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		db.SetSigner(pcKey(t, "0101-PC-"+teller)) // as branchdesk does with its own key
		svc := counter.New(db, nil, "0101-PC-"+teller)
		sess, err := svc.Login(ctx, teller, "pass"+teller)
		if err == nil {
			err = svc.SignIn(ctx, sess, nil)
		}
		if err != nil {
			t.Fatalf("%s: %v", teller, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 8 {
				d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: money.Amount(5000)})
				if err == nil {
					_, err = svc.Post(ctx, d)
				}
				if err != nil {
					t.Errorf("%s: %v", teller, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	// This PC checks its own signature; the two counter PCs' keys are theirs.
	contains(t, ok(t, url, "audit", "verify"), "OK", "未能核对的签名", "终端 0101-PC-1001", "终端 0101-PC-1002")
	contains(t, ok(t, url, "journal", "--date", today), "1001", "1002")
}

// Bad targets get a Chinese message that names the problem, exit 1, and
// never show the password.
func TestBranchServerBadTargets(t *testing.T) {
	srv := branchServer(t)
	ctx := context.Background()
	if err := srv.Exec(ctx, `CREATE ROLE teller LOGIN PASSWORD 'right-pass'`); err != nil {
		t.Fatal(err)
	}
	// The app's role signs in with scram-sha-256, as on a branch LAN.
	hba := filepath.Join(srv.Dir, "data", "pg_hba.conf")
	conf, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(hba, append([]byte("local all teller scram-sha-256\n"), conf...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := srv.Exec(ctx, `SELECT pg_reload_conf()`); err != nil {
		t.Fatal(err)
	}
	empty, _ := srv.NewDB(ctx)
	other, _ := srv.NewDB(ctx)
	if err := pgExec(ctx, other, `CREATE TABLE invoices (no TEXT)`); err != nil {
		t.Fatal(err)
	}
	newer, _ := srv.NewDB(ctx)
	ok(t, newer, "init", "--branch", "0101", "--name", "示范支行")
	if err := pgExec(ctx, newer, `UPDATE branchdesk_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	wrongPass := strings.Replace(empty, "postgres://postgres@", "postgres://teller:wrong-pass@", 1)
	for _, tc := range []struct{ name, url, want string }{
		{"bad url", "postgres://[::1", "地址有误"},
		{"wrong password", wrongPass, "用户名或密码错误"},
		{"unreachable", strings.Replace(empty, "host=", "host=%2Fnonexistent", 1), "分行服务器连接中断"},
		{"another program", other, "不是 BranchDesk 的数据库"},
		{"newer schema", newer, "数据库版本高于本程序"},
		{"not initialized", empty, "数据库不存在或为空"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := bdctl(t, tc.url, "", "user", "list")
			if r.code != 1 || !strings.Contains(r.errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit 1 and %q", r.code, r.errOut, tc.want)
			}
			if strings.Contains(r.errOut+r.out, "wrong-pass") {
				t.Fatalf("the password was printed: %s", r.errOut)
			}
		})
	}
	var tables int
	if err := query(ctx, empty, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`, &tables); err != nil || tables != 0 {
		t.Fatalf("a refused command wrote %d tables: %v", tables, err)
	}
}

func pgExec(ctx context.Context, url, q string) error { return pgtest.Exec(ctx, url, q) }

func query(ctx context.Context, url, q string, dest ...any) error {
	return pgtest.QueryRow(ctx, url, q, dest...)
}

// The counter programs' role posts and reads, but cannot change or
// delete a posted row, truncate the trail, or switch its guards off: the
// attacks of issue #11, tried as that role, all fail.
func TestBranchServerAppRoleCannotChangeBooks(t *testing.T) {
	srv := branchServer(t)
	ctx := context.Background()
	url, err := srv.NewDB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ok(t, url, "init", "--demo", "--date", today)
	if err := srv.Exec(ctx, `CREATE ROLE counter_app LOGIN`); err != nil {
		t.Fatal(err)
	}
	fails(t, url, "grant 只用于分行服务器", "--db", filepath.Join(t.TempDir(), "x.db"), "grant", "--role", "counter_app")
	contains(t, ok(t, url, "grant", "--role", "counter_app"), "已授权角色 counter_app")
	app := strings.Replace(url, "postgres://postgres@", "postgres://counter_app@", 1)

	db, err := postgres.Open(ctx, app, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetSigner(pcKey(t, "0101-T01"))
	svc := counter.New(db, nil, "0101-T01")
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err == nil {
		err = svc.SignIn(ctx, sess, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 100})
	if err == nil {
		_, err = svc.Post(ctx, d)
	}
	if err != nil {
		t.Fatalf("the app's role cannot post: %v", err)
	}
	for _, q := range []string{
		`UPDATE entries SET amount = 99999900`,
		`DELETE FROM legs`,
		`DELETE FROM audit WHERE id > 3`,
		`TRUNCATE audit`,
		`ALTER TABLE entries DISABLE TRIGGER USER`,
		`DROP TRIGGER audit_no_update ON audit`,
		`UPDATE cash_moves SET keeper = 'x'`,
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "42501") && !strings.Contains(err.Error(), "must be owner") {
			t.Errorf("%s as the app's role: %v", q, err)
		}
	}
	contains(t, ok(t, app, "audit", "verify"), "OK")
}
