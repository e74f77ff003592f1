package bundle

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// Each refusal says what is wrong with what was given, not something
// that merely looks alike.
func TestRefusalsSayWhatIsWrong(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)

	// Not JSON at all: not an enrollment file, not a bundle's manifest.
	if _, err := r.hq.Enroll(ctx, []byte("%PDF-1.7 not json")); err == nil || !strings.Contains(err.Error(), "不是终端登记文件") || strings.Contains(err.Error(), "清单") {
		t.Errorf("enroll a PDF: %v", err)
	}

	// A receipt before the first config bundle: the receipt cannot be
	// checked yet, and nothing is being exported.
	_, _, fresh := r.branch("T09")
	_, _, err := fresh.ImportReceipt(ctx, []byte("x"))
	if !errors.Is(err, sync.ErrNoHQKeys) || !strings.Contains(err.Error(), "无法核验回执") || strings.Contains(err.Error(), "导出") {
		t.Errorf("receipt before config: %v", err)
	}

	// A config bundle whose header was damaged is not one sealed to
	// another key.
	data, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{})
	if err != nil {
		t.Fatal(err)
	}
	// Every byte of the stanza but its key tag (a changed tag names
	// another key: it cannot be told apart).
	stanza := bytes.Index(data, []byte("-> "))
	tag := stanza + len("-> ssh-ed25519 ")
	damaged := 0
	for at := stanza; at < bytes.Index(data, []byte("\n---")); at++ {
		if at >= tag && at < tag+6 {
			continue
		}
		d := append([]byte(nil), data...)
		d[at] ^= 1
		_, err := r.term.ApplyConfig(ctx, d, r.fingerprint())
		if err == nil || strings.Contains(err.Error(), "不是加密给") {
			t.Fatalf("header byte %d damaged: %v", at, err)
		}
		if strings.Contains(err.Error(), "文件头已损坏") {
			damaged++
		}
	}
	if damaged == 0 {
		t.Error("no damaged header was called one")
	}

	// A directory where head office's age key should be is no key file,
	// whatever its mode.
	dir := filepath.Join(r.dir, "hq")
	r.hq.Close()
	key := filepath.Join(dir, HQAgeFile)
	if err := os.Rename(key, key+".bak"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(key, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenHQ(ctx, dir, nil); err == nil || !strings.Contains(err.Error(), "不是密钥文件") || errors.Is(err, ErrKeyMode) {
		t.Errorf("a directory for %s: %v", HQAgeFile, err)
	}
}
