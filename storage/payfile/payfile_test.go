package payfile_test

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/payment"
	"branchdesk/storage/payfile"
)

func batch() payment.Batch {
	o := func(id int64, amount int64, code string) payment.Order {
		return payment.Order{ID: id, PayerAccount: "4100000000000001", PayerName: "武汉示范商贸有限公司",
			PayeeAccount: "6222020200001234", PayeeName: "上海示范贸易有限公司", PayeeBank: "102100099996",
			Amount: money.Amount(amount), Purpose: "货款",
			Steps: []payment.Step{{Kind: payment.Seal, Code: code}}}
	}
	return payment.Batch{No: "0101-20261123-001", Branch: "0101", BusinessDate: "2026-11-23", Sender: "3002",
		At:     time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC),
		Orders: []payment.Order{o(1, 1234567, "0123456789ABCDEF"), o(2, 100, "FEDCBA9876543210")}}
}

// The batch file is one header line, one line per order and a trailer
// with the count and the total, exactly as the README documents it.
func TestPaymentFileFormat(t *testing.T) {
	want := "H|BDPAY1|0101-20261123-001|0101|2026-11-23|2026-11-23T15:04:05Z|3002\n" +
		"D|1|4100000000000001|武汉示范商贸有限公司|102100099996|6222020200001234|上海示范贸易有限公司|1234567|货款|0123456789ABCDEF\n" +
		"D|2|4100000000000001|武汉示范商贸有限公司|102100099996|6222020200001234|上海示范贸易有限公司|100|货款|FEDCBA9876543210\n" +
		"T|2|1234667\n"
	b := batch()
	if got := string(b.File()); got != want {
		t.Fatalf("file:\n%s\nwant:\n%s", got, want)
	}
	if b.FileName() != "PAY-0101-20261123-001.txt" {
		t.Fatal(b.FileName())
	}
	_, lines, err := payment.ReadFile([]byte(want))
	if err != nil || len(lines) != 2 || lines[0].Amount != 1234567 || lines[1].Code != "FEDCBA9876543210" {
		t.Fatalf("read back %+v %v", lines, err)
	}
	for _, bad := range []string{
		strings.Replace(want, "T|2|1234667", "T|2|1234666", 1),
		strings.Replace(want, "T|2|1234667", "T|3|1234667", 1),
		strings.TrimSuffix(want, "\n"),
		strings.Replace(want, "H|BDPAY1", "H|BDPAY2", 1),
		strings.Replace(want, "|100|", "|-100|", 1),
	} {
		if _, _, err := payment.ReadFile([]byte(bad)); !errors.Is(err, payment.ErrFile) {
			t.Errorf("%q read: %v", bad, err)
		}
	}
}

// One file per batch, signed beside it: the signature verifies with the
// sender's key, and not after any change or with another key.
func TestPaymentFileSignature(t *testing.T) {
	dir := t.TempDir()
	pub, key, _ := ed25519.GenerateKey(nil)
	path, release, err := payfile.Stage(dir, batch(), key)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "PAY-0101-20261123-001.txt") {
		t.Fatal(path)
	}
	// Staged, the file is not where the payment system picks it up.
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("staged file already out: %v", err)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	lines, err := payfile.Verify(path, pub)
	if err != nil || len(lines) != 2 {
		t.Fatalf("verify: %v %d", err, len(lines))
	}
	if _, _, err := payfile.Stage(dir, batch(), key); !errors.Is(err, payfile.ErrExists) {
		t.Fatalf("a second file for the batch: %v", err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	if _, err := payfile.Verify(path, other); !errors.Is(err, payfile.ErrSignature) {
		t.Fatalf("another key: %v", err)
	}
	data, _ := os.ReadFile(path)
	data[len(data)-3]++ // the total's last digit
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := payfile.Verify(path, pub); !errors.Is(err, payfile.ErrSignature) {
		t.Fatalf("a changed file: %v", err)
	}
}

// The 编押 key is made once, 0600, outside the database, and read back the same.
func TestPaymentKeyFile(t *testing.T) {
	path, err := payfile.KeyPath(filepath.Join(t.TempDir(), "bd.db"))
	if err != nil || !strings.HasSuffix(path, "bd.db.payment.key") {
		t.Fatal(path, err)
	}
	k1, err := payfile.Key(path, false)()
	if err != nil || len(k1) != payfile.KeySize {
		t.Fatal(len(k1), err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	k2, err := payfile.Key(path, false)()
	if err != nil || string(k1) != string(k2) {
		t.Fatal("the key changed on reading", err)
	}
	// A branch server's PC never makes its own: it is told to copy the
	// one key_init made, and reads it once copied.
	shared := filepath.Join(t.TempDir(), "branch.payment.key")
	if _, err := payfile.Key(shared, true)(); !errors.Is(err, payfile.ErrNoKey) {
		t.Fatalf("a PC of the branch server made its own key: %v", err)
	}
	if _, err := os.Stat(shared); err == nil {
		t.Fatal("the refused read left a key file")
	}
	fp, made, err := payfile.KeyInit(shared)
	if err != nil || !made || len(fp) != 16 {
		t.Fatal(fp, made, err)
	}
	k3, err := payfile.Key(shared, true)()
	if err != nil || payfile.Fingerprint(k3) != fp {
		t.Fatalf("after key-init: %v", err)
	}
	if fp2, made, err := payfile.KeyInit(shared); err != nil || made || fp2 != fp {
		t.Fatalf("a second key-init: %s %v %v", fp2, made, err)
	}
}
