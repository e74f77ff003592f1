package fault_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"branchdesk/storage/fault"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/wholefile"
)

// explained wants err put into words containing every part of want, with
// no English from the system left and the original kept in the chain.
func explained(t *testing.T, err error, db string, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	got := fault.Explain(err, db)
	var fe *fault.Error
	if !errors.As(got, &fe) || !errors.Is(got, err) {
		t.Fatalf("%q not explained (%v)", err, got)
	}
	for _, w := range want {
		if !strings.Contains(got.Error(), w) {
			t.Errorf("%q lacks %q (from %q)", got, w, err)
		}
	}
	for _, en := range []string{"database", "file", "such", "unable", "store:"} {
		if strings.Contains(got.Error(), en) {
			t.Errorf("%q keeps the system's English", got)
		}
	}
	if !fault.IsSystem(err) {
		t.Errorf("%q is not a system fault", err)
	}
}

func newDB(t *testing.T, path string) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestNotADatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(p, []byte(strings.Repeat("这不是数据库 not a database\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := sqlite.OpenExisting(context.Background(), p)
	explained(t, err, p, p, "不是 BranchDesk 数据库", "--db")
}

func TestCorruptDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bd.db")
	newDB(t, p)
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Page 1 after its 100-byte header holds the schema.
	if _, err := f.WriteAt([]byte(strings.Repeat("\xa5", 3000)), 100); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = sqlite.OpenExisting(context.Background(), p)
	explained(t, err, p, p, "已损坏", "备份")
}

func TestCannotOpen(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "missing", "bd.db")
	_, err := sqlite.Open(context.Background(), p)
	explained(t, err, p, "无法打开数据库 "+p, "目录")
	// A directory where the database should be.
	_, err = sqlite.OpenExisting(context.Background(), dir)
	explained(t, err, dir, dir)
}

func TestBusy(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out SQLite's 5 s busy timeout")
	}
	p := filepath.Join(t.TempDir(), "bd.db")
	newDB(t, p)
	other, err := sql.Open("sqlite", sqlite.DSN(p))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	hold, err := other.Begin() // _txlock=immediate: the write lock, held
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback()
	db, err := sqlite.Open(context.Background(), p)
	if err == nil {
		_, err = db.SQL().Exec(`INSERT INTO settings (key, value) VALUES ('busy', '1')`)
		db.Close()
	}
	explained(t, err, p, p, "另一个程序", "重试")
}

// mountTmpfs mounts a tmpfs of size at a new directory, or skips: only
// root may, and only where mount works.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mount: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

func TestReadOnly(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	p := filepath.Join(dir, "bd.db")
	newDB(t, p)
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("remount: %v %s", err, out)
	}
	db, err := sqlite.Open(context.Background(), p)
	if err == nil {
		_, err = db.SQL().Exec(`INSERT INTO settings (key, value) VALUES ('ro', '1')`)
		db.Close()
	}
	explained(t, err, p, p)
	_, err = os.Create(filepath.Join(dir, "new.pdf"))
	explained(t, err, "", "只读")
}

// A full disk, forced on a small tmpfs, is said as such for the database
// and for a file.
func TestDiskFull(t *testing.T) {
	dir := mountTmpfs(t, "1m")
	p := filepath.Join(dir, "bd.db")
	newDB(t, p)
	db, err := sqlite.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fill := wholefile.Write(filepath.Join(dir, "filler"), 0o600, func(w io.Writer) error {
		_, err := w.Write(make([]byte, 2<<20))
		return err
	})
	explained(t, fill, "", "磁盘空间不足", filepath.Join(dir, "filler"))
	// What the failed write freed, a real file takes up again.
	f, _ := os.Create(filepath.Join(dir, "hog"))
	_, _ = f.Write(make([]byte, 2<<20))
	f.Close()
	big := strings.Repeat("满", 100_000)
	for i := 0; i < 20 && err == nil; i++ {
		_, err = db.SQL().Exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, "full"+string(rune('a'+i)), big)
	}
	explained(t, err, p, "磁盘已满", p, "未生效")
}

// The file system's errors, forced where root can force them; root reads
// and writes whatever the permission bits say, so EACCES goes through
// the mapper as a value.
func TestFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "enroll.json")
	_, err := os.ReadFile(missing)
	explained(t, err, "", missing+" 不存在")
	_, err = os.Stat(missing)
	explained(t, err, "", missing+" 不存在")
	_, err = os.ReadFile(dir)
	explained(t, err, "", dir+" 是一个目录")
	f, err := os.OpenFile(filepath.Join(dir, "k"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = os.OpenFile(filepath.Join(dir, "k"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	explained(t, err, "", "已存在")
	err = os.Rename(filepath.Join(dir, "k"), filepath.Join(dir, "nodir", "k"))
	explained(t, err, "", filepath.Join(dir, "nodir", "k")+" 不存在")
	err = &fs.PathError{Op: "open", Path: "/media/usb/a.bdsync", Err: syscall.EACCES}
	explained(t, err, "", "没有权限", "/media/usb/a.bdsync")
}

// An error already in Chinese, the system's reason kept out of its text,
// stays as it was; one that is not a fault is not touched.
func TestChineseMessagesKept(t *testing.T) {
	_, cause := os.ReadFile(filepath.Join(t.TempDir(), "x"))
	kept := &fault.Error{Msg: "第 3 号数据包已保存在本机，但写入失败：请 sync pending", Err: cause}
	if got := fault.Explain(kept, ""); got != kept {
		t.Fatalf("rewrote %q as %q", kept, got)
	}
	plain := errors.New("余额不足")
	if got := fault.Explain(plain, "bd.db"); got != plain || fault.IsSystem(plain) {
		t.Fatalf("touched %q: %q", plain, got)
	}
}
