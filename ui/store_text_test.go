package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"branchdesk/assets"
	"branchdesk/storage/bundle"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/store"
	"branchdesk/ui/uitext"
)

// TestUnsignableAuditRefusedInWords: when this PC's key file may be read
// by others, signing in (an audited write) is refused and nothing is
// written; the login screen says why in Chinese, or in English on an
// English screen, never in the store's own words, and the key file's
// path is kept.
func TestUnsignableAuditRefusedInWords(t *testing.T) {
	tm := terminalOn(t, filepath.Join(t.TempDir(), "bd.db"), "0101-T01")
	ctx := context.Background()
	if err := demo.Seed(ctx, tm.svc, businessDate); err != nil {
		t.Fatal(err)
	}
	if err := store.Sign(ctx, tm.db, tm.db0, "0101-T01"); err != nil {
		t.Fatal(err)
	}
	key, err := store.SigningKeyPath(ctx, tm.db, tm.db0)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bundle.LoadOrCreateKey(key); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	before := auditLength(t, tm)

	tm.login("1001", "pass1001")
	if tm.a.ws != nil {
		t.Fatal("signed in though the audit chain cannot be signed")
	}
	got := tm.a.login.message.Text
	if !strings.HasPrefix(got, "无法以本机密钥签署审计链，未写入任何记录："+key+"：私钥文件权限过宽") {
		t.Errorf("Chinese login says %q", got)
	}
	if latin := regexp.MustCompile(`[A-Za-z]{3,}`).FindString(strings.ReplaceAll(got, key, "")); latin != "" {
		t.Errorf("Chinese login says %q: English word %q", got, latin)
	}
	if n := auditLength(t, tm); n != before {
		t.Errorf("the refused sign-in wrote %d audit records", n-before)
	}

	t.Cleanup(func() { useCatalog(assets.Chinese) })
	tm.a.login.lang.SetSelected("English")
	tm.login("1001", "pass1001")
	got = tm.a.login.message.Text
	want := "This PC cannot sign the audit chain with its key, so nothing was written: " + key + ": The private key file may be read by others"
	if !strings.HasPrefix(got, want) || uitext.HasHan(got) {
		t.Errorf("English login says %q, want %q…", got, want)
	}
	if sqlstore.SealFailed != storeMessages[0] || bundle.ErrKeyMode.Error() != storeMessages[1] {
		t.Error("storeMessages are not storage's messages")
	}
	var src []byte
	for _, f := range []string{"../storage/sqlstore/books.go", "../storage/bundle/keys.go"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	for _, m := range storeMessages {
		if !strings.Contains(string(src), strconv.Quote(m)) {
			t.Errorf("%q is no longer a message of storage/", m)
		}
	}
}

// auditLength is how many records the audit trail holds.
func auditLength(t *testing.T, tm *terminal) int {
	t.Helper()
	var n int
	if err := tm.db.SQL().QueryRow(`SELECT COUNT(*) FROM audit`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
