package main

import (
	"branchdesk/storage/demo"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/storage/sqlite"
)

const today = "2026-11-23"

// result is what one bdctl invocation did.
type result struct {
	code        int
	out, errOut string
}

// bdctl runs the command in-process on the database at db.
func bdctl(t *testing.T, db, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(append([]string{"--db", db}, args...), strings.NewReader(stdin), &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

// ok runs bdctl and fails the test unless it exits 0.
func ok(t *testing.T, db string, args ...string) string {
	t.Helper()
	r := bdctl(t, db, "", args...)
	if r.code != 0 {
		t.Fatalf("bdctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.out, r.errOut)
	}
	return r.out
}

// fails runs bdctl, wants exit 1 and a message containing want on stderr.
func fails(t *testing.T, db, want string, args ...string) {
	t.Helper()
	r := bdctl(t, db, "", args...)
	if r.code != 1 || !strings.Contains(r.errOut, want) {
		t.Fatalf("bdctl %s: exit %d, stderr %q; want exit 1 and %q", strings.Join(args, " "), r.code, r.errOut, want)
	}
}

// demoDB makes a fresh database with the demo data.
func demoDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "bd.db")
	out := ok(t, db, "init", "--demo", "--date", today)
	if !strings.Contains(out, "已载入演示数据") {
		t.Fatalf("init --demo said %q", out)
	}
	return db
}

func contains(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}

func TestUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bd.db")
	if r := bdctl(t, db, ""); r.code != 1 || !strings.Contains(r.errOut, "用法 (usage)") {
		t.Errorf("no command: %+v", r)
	}
	if r := bdctl(t, db, "", "help"); r.code != 0 || !strings.Contains(r.out, "audit") {
		t.Errorf("help: %+v", r)
	}
	if r := bdctl(t, db, "", "user", "add", "-h"); r.code != 0 || !strings.Contains(r.errOut, "--level") && !strings.Contains(r.errOut, "-level") {
		t.Errorf("user add -h: %+v", r)
	}
	fails(t, db, "未知命令", "frobnicate")
	fails(t, db, "未知命令", "user", "frobnicate")
	fails(t, db, "数据库", "user", "list") // no init yet
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a command other than init created the database: %v", err)
	}
	fails(t, db, "--branch", "init", "--name", "城东支行")
	fails(t, db, "YYYY-MM-DD", "init", "--branch", "0201", "--name", "城东支行", "--date", "23/11/2026")
}

func TestInitBranch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bd.db")
	out := ok(t, db, "init", "--branch", "0201", "--name", "城东支行", "--date", today)
	contains(t, out, "0201", "城东支行", today)
	ok(t, db, "user", "add", "--id", "5001", "--name", "周强", "--level", "A", "--password", "first1234")
	contains(t, ok(t, db, "user", "list"), "5001", "周强", "A 业务主管", "须修改密码")
	// A second branch makes --branch necessary.
	ok(t, db, "init", "--branch", "0202", "--name", "城西支行", "--date", today)
	fails(t, db, "--branch", "user", "list")
	contains(t, ok(t, db, "user", "list", "--branch", "0202"), "共 0 名")
}

func TestUserAddAndList(t *testing.T) {
	db := demoDB(t)
	out := ok(t, db, "user", "list", "--branch", "0101")
	contains(t, out, "1001", "张三", "2001", "李四", "3002", "刘洋", "共 6 名")

	// The initial password comes from stdin.
	r := bdctl(t, db, "init1234\n", "user", "add", "--id", "1003", "--name", "孙丽", "--level", "C", "--branch", "0101")
	if r.code != 0 {
		t.Fatalf("user add: %+v", r)
	}
	contains(t, r.out, "1003 孙丽", "首次登录须修改密码")
	ok(t, db, "user", "add", "--id", "2003", "--name", "钱进", "--level", "b", "--branch", "0101", "--officer", "--password", "init5678")

	out = ok(t, db, "user", "list", "--branch", "0101")
	contains(t, out, "1003", "孙丽", "C 业务经办", "2003", "钱进", "须修改密码", "共 8 名")

	svc, close := service(t, db)
	defer close()
	if _, err := svc.Login(context.Background(), "1003", "init1234"); !errors.Is(err, counter.ErrMustChange) {
		t.Errorf("login with the initial password: %v, want ErrMustChange", err)
	}
	u, err := svc.User(context.Background(), "2003")
	if err != nil || u.Level != staff.LevelB || !u.Officer {
		t.Errorf("2003 = %+v, %v", u, err)
	}

	fails(t, db, "柜员号已存在", "user", "add", "--id", "1003", "--name", "孙丽", "--level", "C", "--branch", "0101", "--password", "init1234")
	fails(t, db, staff.ErrWeakPassword.Error(), "user", "add", "--id", "1004", "--name", "吴用", "--level", "C", "--branch", "0101", "--password", "short")
	fails(t, db, "柜员级别", "user", "add", "--id", "1004", "--name", "吴用", "--level", "D", "--branch", "0101", "--password", "init1234")
	fails(t, db, "--password", "user", "add", "--id", "1004", "--name", "吴用", "--level", "C", "--branch", "0101")
	fails(t, db, "记录不存在", "user", "add", "--id", "1004", "--name", "吴用", "--level", "C", "--branch", "9999", "--password", "init1234")
	fails(t, db, "多余的参数", "user", "add", "--id", "1004", "extra")
}

func TestUserResetUnlockDisable(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	svc, close := service(t, db)
	for range staff.MaxFailures {
		svc.Login(ctx, "1001", "wrong-password1")
	}
	close()
	contains(t, ok(t, db, "user", "list"), "锁定")
	ok(t, db, "user", "unlock", "--id", "1001")

	svc, close = service(t, db)
	if _, err := svc.Login(ctx, "1001", "pass1001"); err != nil {
		t.Fatalf("login after unlock: %v", err)
	}
	close()

	out := ok(t, db, "user", "reset", "--id", "1002")
	m := regexp.MustCompile(`临时密码 \(temporary password\): (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reset printed no password: %q", out)
	}
	svc, close = service(t, db)
	if _, err := svc.Login(ctx, "1002", m[1]); !errors.Is(err, counter.ErrMustChange) {
		t.Errorf("login with the temporary password: %v, want ErrMustChange", err)
	}
	close()

	// 2001 keeps the vault, 1001 holds register items (seals): someone
	// else named first, a hand-over first.
	fails(t, db, counter.ErrDisableKeeper.Error(), "user", "disable", "--id", "2001")
	fails(t, db, counter.ErrDisableHolding.Error(), "user", "disable", "--id", "1001")
	ok(t, db, "user", "add", "--id", "2003", "--name", "钱进", "--level", "B", "--branch", "0101", "--password", "init5678")
	ok(t, db, "user", "disable", "--id", "2003")
	contains(t, ok(t, db, "user", "list"), "停用")
	svc, close = service(t, db)
	if _, err := svc.Login(ctx, "2003", "init5678"); !errors.Is(err, staff.ErrInactive) {
		t.Errorf("login while disabled: %v", err)
	}
	close()
	ok(t, db, "user", "enable", "--id", "2003")
	svc, close = service(t, db)
	if _, err := svc.Login(ctx, "2003", "init5678"); err != nil && !errors.Is(err, counter.ErrMustChange) {
		t.Errorf("login after enable: %v", err)
	}
	close()
	fails(t, db, "记录不存在", "user", "unlock", "--id", "9999")
}

// Issue #10: an A releases, with their password and a reason, the
// sign-in of a teller whose terminal died; user list shows where each
// teller is signed in.
func TestUserRelease(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	svc, close := service(t, db)
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err == nil {
		err = svc.SignIn(ctx, sess, nil)
	}
	close()
	if err != nil {
		t.Fatal(err)
	}
	contains(t, ok(t, db, "user", "list"), "0101-T01")
	fails(t, db, "--reason", "user", "release", "--teller", "1001", "--by", "3001", "--password", "pass3001")
	fails(t, db, "A级", "user", "release", "--teller", "1001", "--by", "2001", "--password", "pass2001", "--reason", "死机")
	fails(t, db, "本人", "user", "release", "--teller", "1001", "--by", "1001", "--password", "pass1001", "--reason", "死机")
	r := bdctl(t, db, "pass3001\n", "user", "release", "--teller", "1001", "--by", "3001", "--reason", "T01 死机")
	if r.code != 0 || strings.Contains(r.out, "pass3001") {
		t.Fatalf("user release: %+v", r)
	}
	contains(t, r.out, "1001", "已释放")
	if strings.Contains(ok(t, db, "user", "list"), "0101-T01") {
		t.Fatal("still listed at 0101-T01")
	}
	contains(t, ok(t, db, "audit", "list"), "terminal_release", "T01 死机")
	fails(t, db, "未在任何终端签到", "user", "release", "--teller", "1001", "--by", "3001", "--password", "pass3001", "--reason", "再次")
}

func TestAccountOpen(t *testing.T) {
	db := demoDB(t)
	fails(t, db, "户主身份证号码：身份证号码校验位不符", "account", "open", "--no", "6217000000000009", "--type", "savings", "--holder", "周敏", "--id", "420102199001011235")
	out := ok(t, db, "account", "open", "--no", "6217000000000009", "--type", "savings", "--holder", "周敏", "--branch", "0101", "--balance", "12,345.67", "--id", "420102199001011236")
	contains(t, out, "6217000000000009", "¥12,345.67")
	ok(t, db, "account", "open", "--no", "4100000000000009", "--type", "对公", "--holder", "示范物流有限公司")
	contains(t, ok(t, db, "account", "list"), "6217000000000009", "周敏", "¥12,345.67", "4100000000000009", "¥0.00", "共 7 个")
	fails(t, db, "savings", "account", "open", "--no", "1", "--type", "loan", "--holder", "x")
	fails(t, db, "金额格式不正确", "account", "open", "--no", "1", "--type", "savings", "--holder", "x", "--balance", "12,34")
	fails(t, db, "UNIQUE", "account", "open", "--no", "6217000000000009", "--type", "savings", "--holder", "周敏")
}

func TestPolicyAddAndList(t *testing.T) {
	db := demoDB(t)
	out := ok(t, db, "policy", "list")
	contains(t, out, "第 1 版", "储蓄现金存款", "¥50,000.00", "¥200,000.00", "对公转账", "¥100,000.00")

	out = ok(t, db, "policy", "add", "--effective", "2026-12-01",
		"--kind", "savings_cash_deposit", "--c", "60000", "--b", "250000",
		"--kind", "对公转账", "--b", "300,000")
	contains(t, out, "第 2 版", "2026-12-01", "¥60,000.00", "¥250,000.00", "¥300,000.00")

	out = ok(t, db, "policy", "list")
	contains(t, out, "第 1 版", "第 2 版", "2026-12-01", "¥60,000.00", "¥300,000.00")

	svc, close := service(t, db)
	defer close()
	ps, err := svc.Policies(context.Background())
	if err != nil || len(ps) != 2 {
		t.Fatalf("policies %v, %v", ps, err)
	}
	v2 := ps[1].Limits
	for k, want := range map[ledger.Kind][2]money.Amount{
		ledger.SavingsCashDeposit:    {60_000_00, 250_000_00},
		ledger.CorporateTransfer:     {100_000_00, 300_000_00}, // C limit copied
		ledger.SavingsCashWithdrawal: {50_000_00, 200_000_00},  // copied
		ledger.SavingsTransfer:       {100_000_00, 200_000_00}, // copied
	} {
		if got := v2[k]; got.CLimit != want[0] || got.BLimit != want[1] {
			t.Errorf("v2 %s = %v / %v, want %v / %v", k, got.CLimit, got.BLimit, want[0], want[1])
		}
	}

	fails(t, db, "--kind", "policy", "add", "--effective", "2026-12-01", "--c", "1000")
	fails(t, db, "未知的业务种类", "policy", "add", "--effective", "2026-12-01", "--kind", "loan", "--c", "1000")
	fails(t, db, "--c 或 --b", "policy", "add", "--effective", "2026-12-01", "--kind", "savings_transfer")
	fails(t, db, "授权策略不完整", "policy", "add", "--effective", "2026-12-01", "--kind", "savings_transfer", "--c", "300000")
	fails(t, db, "YYYY-MM-DD", "policy", "add", "--effective", "tomorrow", "--kind", "savings_transfer", "--c", "1000")
}

func TestSettings(t *testing.T) {
	db := demoDB(t)
	contains(t, ok(t, db, "setting", "list"), "idle_minutes", "5（默认", "blind_rekey_ba", "on（默认", "amount_ceiling", "¥9,999,999,999.99")
	ok(t, db, "setting", "set", "idle_minutes", "10")
	ok(t, db, "setting", "set", "blind_rekey_b", "on")
	ok(t, db, "setting", "set", "amount_ceiling", "1,000,000")
	out := ok(t, db, "setting", "list")
	contains(t, out, "10", "¥1,000,000.00")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "idle_minutes ") && strings.Contains(line, "默认") {
			t.Errorf("idle_minutes still shown as default:\n%s", out)
		}
	}
	svc, close := service(t, db)
	if m := svc.IdleMinutes(context.Background()); m != 10 {
		t.Errorf("IdleMinutes = %d", m)
	}
	close()
	fails(t, db, "1 到 1440", "setting", "set", "idle_minutes", "abc")
	fails(t, db, "on 或 off", "setting", "set", "blind_rekey_b", "maybe")
	fails(t, db, "未知参数", "setting", "set", "colour", "blue")
	fails(t, db, "需要 2 个参数", "setting", "set", "idle_minutes")
	contains(t, ok(t, db, "setting", "set", "vault_keeper", "2002"), "2002 赵敏")
	fails(t, db, "记录不存在", "setting", "set", "vault_keeper", "9999")
	contains(t, ok(t, db, "setting", "list"), "box_limit", "¥300,000.00（默认")
	contains(t, ok(t, db, "audit", "list", "--limit", "3"), "setting_change", "amount_ceiling = 100000000")
}

func TestJournalAndReceipt(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	svc, close := service(t, db)
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	post := func(amount money.Amount, approvers ...string) ledger.Entry {
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000001", Amount: amount})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range approvers {
			if err := svc.Authorize(ctx, d, counter.Credential{UserID: id, Password: "pass" + id, Approve: true, Amount: amount}); err != nil {
				t.Fatal(err)
			}
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	post(1_000_00)
	big := post(60_000_00, "2001")
	close()

	out := ok(t, db, "journal", "--teller", "1001")
	contains(t, out, today, "000001", "000002", "1001", "储蓄现金存款", "6217000000000001", "¥1,000.00", "¥60,000.00", "2001", "共 2 笔")
	contains(t, ok(t, db, "journal"), "储蓄现金存款", "¥60,000.00")
	contains(t, ok(t, db, "journal", "--teller", "1002"), "共 0 笔")
	contains(t, ok(t, db, "journal", "--date", "2026-11-22"), "共 0 笔")
	contains(t, ok(t, db, "journal", "--date", "all", "--teller", "1001"), "共 2 笔")

	if _, err := assets.LoadFont(); err != nil {
		t.Skipf("no CJK font for the receipt: %v", err)
	}
	pdfPath := filepath.Join(t.TempDir(), "receipt.pdf")
	out = ok(t, db, "receipt", "--entry", itoa(big.ID), "--out", pdfPath)
	contains(t, out, pdfPath)
	data, err := os.ReadFile(pdfPath)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("receipt is not a PDF: %v %.20q", err, data)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		contains(t, string(text), "6217000000000001", "张伟", "2001 李四", "示范支行营业部")
	}
	fails(t, db, "不存在", "receipt", "--entry", "999", "--out", filepath.Join(t.TempDir(), "x.pdf"))
	fails(t, db, "正整数", "receipt", "--entry", "abc", "--out", filepath.Join(t.TempDir(), "x.pdf"))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestAuditVerifyOK(t *testing.T) {
	db := demoDB(t)
	r := bdctl(t, db, "", "audit", "verify")
	if r.code != 0 || !regexp.MustCompile(`审计链完整：\d+ 条记录 OK`).MatchString(r.out) {
		t.Fatalf("audit verify on an untouched database: %+v", r)
	}
	out := ok(t, db, "audit", "list", "--limit", "2")
	contains(t, out, "编号", "显示 2 条")
	if n := strings.Count(out, "\n"); n != 4 {
		t.Errorf("audit list --limit 2 printed %d lines:\n%s", n, out)
	}
	contains(t, ok(t, db, "audit", "list", "--limit", "0"), "user_add", "account_open")
}

// TestAuditTamper changes the file behind the application's back, as
// someone with the file and an SQLite shell could, and wants verify to
// name the row and exit 1.
func TestAuditTamper(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  func(maxID int64, lastHash string) []string
		want func(maxID int64) string
	}{
		{"modified", func(int64, string) []string {
			return []string{`DROP TRIGGER audit_no_update`, `UPDATE audit SET detail='x' WHERE id=3`}
		}, func(int64) string { return "第 3 条记录被修改" }},
		{"deleted", func(int64, string) []string {
			return []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id=3`}
		}, func(int64) string { return "第 4 条记录之前有记录被删除" }},
		{"deleted last", func(maxID int64, _ string) []string {
			return []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id=` + itoa(maxID)}
		}, func(maxID int64) string { return "现存记录只到第 " + itoa(maxID-1) + " 条" }},
		{"inserted", func(maxID int64, lastHash string) []string {
			// Linked to the real last row, with a made-up hash.
			return []string{`INSERT INTO audit VALUES (` + itoa(maxID+1) + `, '2026-11-23T10:00:00Z', '3001', 'post', '伪造的记录', '` +
				lastHash + `', '` + strings.Repeat("ab", 32) + `')`}
		}, func(maxID int64) string { return "第 " + itoa(maxID+1) + " 条记录是插入的" }},
		// Issue #11: the journal changed, the trail left alone.
		{"entry amount", func(int64, string) []string {
			return []string{`DROP TRIGGER entries_no_update`, `UPDATE entries SET amount=99999900 WHERE id=1`}
		}, func(int64) string { return "第 1 笔分录被改动" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := demoDB(t)
			ok(t, db, "audit", "verify")
			want := tc.want(tamper(t, db, tc.sql))
			r := bdctl(t, db, "", "audit", "verify")
			if r.code != 1 || !strings.Contains(r.errOut, want) || strings.Contains(r.out, "OK") {
				t.Fatalf("audit verify after tampering: exit %d\nstdout %q\nstderr %q\nwant exit 1 and %q", r.code, r.out, r.errOut, want)
			}
		})
	}
}

// tamper runs raw SQL on the file, outside the application, and returns
// the last row's id as it was.
func tamper(t *testing.T, path string, stmts func(maxID int64, lastHash string) []string) int64 {
	t.Helper()
	raw, err := sql.Open("sqlite", sqlite.DSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var maxID int64
	var lastHash string
	if err := raw.QueryRow(`SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&maxID, &lastHash); err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts(maxID, lastHash) {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return maxID
}

// service opens the database as the app does, for checks bdctl cannot make.
func service(t *testing.T, path string) (*counter.Service, func()) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return counter.New(db, counter.SystemClock{}, "0101-T01"), func() { db.Close() }
}

// TestUserQualifyAndCertificates: bdctl records a teller's 第五条 record and
// lists the certificates due: the demo's 1002 ends in 20 days; a teller
// whose certificate lapses yesterday is listed first, and refused cash.
func TestUserQualifyAndCertificates(t *testing.T) {
	db := demoDB(t)
	out := ok(t, db, "user", "certificates")
	contains(t, out, "1002", "王芳", "还有 20 天到期")
	if strings.Contains(out, "1001") {
		t.Fatalf("1001's certificate runs to 2028 yet is listed:\n%s", out)
	}
	contains(t, ok(t, db, "user", "qualify", "--id", "1001", "--trained", "2020-03-15", "--counter-since", "2019-07-01",
		"--cert-no", "FJB-2024-0009", "--cert-expires", "2026-11-22"), "已登记柜员 1001")
	out = ok(t, db, "user", "certificates")
	if i, j := strings.Index(out, "1001"), strings.Index(out, "1002"); i < 0 || j < 0 || i > j {
		t.Fatalf("the expired certificate is not listed first:\n%s", out)
	}
	contains(t, out, "已于 2026-11-22 过期")
	fails(t, db, staff.ErrCertificateHalf.Error(), "user", "qualify", "--id", "1001", "--cert-no", "FJB-1")
	fails(t, db, "YYYY-MM-DD", "user", "qualify", "--id", "1001", "--trained", "2020/03/15")
	fails(t, db, "记录不存在", "user", "qualify", "--id", "9999", "--trained", "2020-03-15")

	svc, close := service(t, db)
	defer close()
	ctx := context.Background()
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 1})
	if !errors.Is(err, staff.ErrCertificateExpired) {
		t.Fatalf("cash with a lapsed certificate: %v", err)
	}
}

// Issue #11 item 2: bdctl signs the head with the terminal key it makes
// beside the file at init; audit verify checks it with that key file. The
// tail cut and the head moved passes every other check; the signature
// catches it, and without the key file verify says it could not check.
func TestAuditVerifySignedHead(t *testing.T) {
	db := demoDB(t)
	if info, err := os.Stat(db + ".terminal.key"); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key made at init: %v %v", info, err)
	}
	contains(t, ok(t, db, "audit", "verify"), "终端签名有效：审计链至第")
	maxID := tamper(t, db, func(maxID int64, _ string) []string {
		keep := itoa(maxID - 1)
		return []string{`DROP TRIGGER audit_no_delete`, `DELETE FROM audit WHERE id = ` + itoa(maxID),
			`UPDATE audit_head SET id = ` + keep + `, hash = (SELECT hash FROM audit WHERE id = ` + keep + `)`}
	})
	fails(t, db, "签名时到第 "+itoa(maxID)+" 条，现只到第 "+itoa(maxID-1)+" 条（末尾被删除）", "audit", "verify")
	if err := os.Rename(db+".terminal.key", db+".elsewhere"); err != nil {
		t.Fatal(err)
	}
	contains(t, ok(t, db, "audit", "verify"), "未核对终端签名：本机没有签名密钥 "+db+".terminal.key")
}
