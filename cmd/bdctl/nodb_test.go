package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Only init makes a database: a read on a missing or empty (0-byte) file
// refuses, names the init to run and leaves the file as it was.
func TestReadsNeverCreateTheDatabase(t *testing.T) {
	for _, empty := range []bool{false, true} {
		db := filepath.Join(t.TempDir(), "z.db")
		if empty {
			if err := os.WriteFile(db, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		for _, args := range [][]string{{"audit", "verify"}, {"user", "list"}, {"sync", "status"}, {"journal"}} {
			fails(t, db, "数据库不存在或为空（"+db+"）：先运行 bdctl --db "+db+" init", args...)
			st, err := os.Stat(db)
			switch {
			case !empty && !os.IsNotExist(err):
				t.Fatalf("%v made %s: %v", args, db, err)
			case empty && (err != nil || st.Size() != 0):
				t.Fatalf("%v wrote into the empty file: %v %v", args, st, err)
			}
		}
		if _, err := os.Stat(db + "-wal"); !os.IsNotExist(err) {
			t.Fatalf("a read left %s-wal: %v", db, err)
		}
		// init takes the empty file, as it takes a missing one.
		ok(t, db, "init", "--branch", "0101", "--name", "城东支行")
		if out := ok(t, db, "audit", "verify"); out == "" {
			t.Fatal("audit verify said nothing after init")
		}
	}
}

// SQLite's and the system's failures reach the administrator in Chinese,
// naming the file, with one "bdctl:" before them.
func TestFailuresSpeakChinese(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "g.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("garbage\n", 512)), 0o600); err != nil {
		t.Fatal(err)
	}
	db := demoDB(t)
	for _, c := range []struct {
		db   string
		want string
		args []string
	}{
		{garbage, "文件 " + garbage + " 不是 BranchDesk 数据库", []string{"audit", "verify"}},
		{dir, "无法打开数据库 " + dir, []string{"user", "list"}},
		{db, filepath.Join(dir, "no", "r.pdf") + " 不存在", []string{"receipt", "--entry", "1", "--out", filepath.Join(dir, "no", "r.pdf")}},
		{db, filepath.Join(dir, "no", "e.json"), []string{"sync", "enroll", "--out", filepath.Join(dir, "no", "e.json")}},
	} {
		r := bdctl(t, c.db, "", c.args...)
		if r.code != 1 || !strings.Contains(r.errOut, c.want) || strings.Count(r.errOut, "bdctl:") != 1 ||
			regexp.MustCompile(`such file|not a database|unable to|\(\d+\)`).MatchString(r.errOut) {
			t.Errorf("bdctl %v: exit %d, %q; want %q", c.args, r.code, r.errOut, c.want)
		}
	}
}
