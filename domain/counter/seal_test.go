package counter_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/storetest"
)

// signedBooks is a demo branch whose every write signs the audit head
// with a terminal key, with a deposit and a withdrawal posted; it
// returns the key and the deposit.
func signedBooks(t *testing.T) (*counter.Service, *sqlstore.DB, ed25519.PrivateKey, ledger.Entry) {
	t.Helper()
	ctx := context.Background()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	db := storetest.Open(t)
	db.SetSigner(audit.Signer{Name: "0101-T01", Key: key})
	svc := counter.New(db, &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}, "0101-T01")
	if err := demo.Seed(ctx, svc, today); err != nil {
		t.Fatal(err)
	}
	sess := signedIn(t, svc, "1001")
	var first ledger.Entry
	for i, k := range []ledger.Kind{ledger.SavingsCashDeposit, ledger.SavingsCashWithdrawal} {
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: k, Account: "6217000000000001", Amount: 1_00})
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.Post(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = e
		}
	}
	if err := svc.Logout(ctx, sess); err != nil {
		t.Fatal(err)
	}
	return svc, db, key, first
}

func pubOf(k ed25519.PrivateKey) audit.Keys { return audit.NewKeys(k.Public().(ed25519.PublicKey)) }

// checked runs audit verify's two checks with keys: the chain must hold
// (each attack reseals it); it returns the findings, one a line.
func checked(t *testing.T, svc *counter.Service, keys audit.Keys) (counter.BookCheck, string) {
	t.Helper()
	ctx := context.Background()
	if _, brk, err := svc.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("chain: %v %v", brk, err)
	}
	c, err := svc.CheckBooks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, f := range c.Findings {
		msgs = append(msgs, f.Msg)
	}
	return c, strings.Join(msgs, "\n")
}

// rewriteEntry changes an entry's memo behind the application's back and
// does all an attacker who knows the algorithms can: the entry's new
// digest into its audit row, every hash after it resealed, the head moved.
func rewriteEntry(t *testing.T, db *sqlstore.DB, id int64) {
	t.Helper()
	ctx := context.Background()
	storetest.Unguard(t, db, "entries", "audit")
	run(t, db, `UPDATE entries SET memo = '改过' WHERE id = `+itoa(id))
	var e ledger.Entry
	if err := db.View(ctx, func(tx counter.Tx) (err error) { e, err = tx.Entry(id); return err }); err != nil {
		t.Fatal(err)
	}
	reseal(t, db, func(r *audit.Row) {
		if got, _ := audit.PostedEntry(r.Detail); got == id {
			i := strings.LastIndex(r.Detail, " 〔摘要 ")
			r.Detail = audit.WithDigest(r.Detail[:i], audit.EntrySubject(id), e.Digest())
		}
	})
}

// lastRow is the id and hash of the trail's last row.
func lastRow(t *testing.T, db *sqlstore.DB) audit.Head {
	t.Helper()
	var h audit.Head
	if err := db.QueryRow(context.Background(), `SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1`).Scan(&h.ID, &h.Hash); err != nil {
		t.Fatal(err)
	}
	return h
}

// resign puts a signature over the head now into the key's seal: what
// only the key's holder can do.
func resign(t *testing.T, db *sqlstore.DB, key ed25519.PrivateKey) {
	t.Helper()
	s := audit.Signer{Name: "0101-T01", Key: key}.Sign(lastRow(t, db))
	if _, err := db.Exec(context.Background(), `UPDATE audit_seals SET id = ?, hash = ?, sig = ? WHERE key_id = ?`,
		s.Head.ID, s.Head.Hash, hex.EncodeToString(s.Sig), s.Key); err != nil {
		t.Fatal(err)
	}
}

// Issue #11 item 2: the head is signed with the terminal's key. Someone
// with the database but not the key who rewrites the chain, or cuts its
// tail, passes every check but the signature; with the key, re-signing
// passes it too: the key is what protects.
func TestHeadSignature(t *testing.T) {
	t.Run("intact", func(t *testing.T) {
		svc, db, key, _ := signedBooks(t)
		c, got := checked(t, svc, pubOf(key))
		if got != "" || c.Seals.Covered != lastRow(t, db).ID || c.Seals.NoKey || len(c.Seals.Unchecked) != 0 {
			t.Fatalf("intact chain: %+v\n%s", c.Seals, got)
		}
	})
	t.Run("entry rewritten and chain resealed, no key", func(t *testing.T) {
		svc, db, key, e := signedBooks(t)
		sealed := lastRow(t, db)
		rewriteEntry(t, db, e.ID)
		if _, got := checked(t, svc, nil); got != "" {
			t.Fatalf("without the signature the rewrite would pass; found:\n%s", got)
		}
		want := "审计链被改写：第 " + itoa(sealed.ID) + " 条记录与终端 0101-T01 签名时不同"
		if _, got := checked(t, svc, pubOf(key)); !strings.Contains(got, want) {
			t.Fatalf("want %q in:\n%s", want, got)
		}
	})
	t.Run("entry rewritten, resealed and re-signed with the key", func(t *testing.T) {
		svc, db, key, e := signedBooks(t)
		rewriteEntry(t, db, e.ID)
		resign(t, db, key)
		if c, got := checked(t, svc, pubOf(key)); got != "" || c.Seals.Covered != lastRow(t, db).ID {
			t.Fatalf("re-signed with the key: %+v\n%s", c.Seals, got)
		}
	})
	t.Run("seal made to point at the rewritten head", func(t *testing.T) {
		svc, db, key, e := signedBooks(t)
		rewriteEntry(t, db, e.ID)
		h := lastRow(t, db)
		run(t, db, `UPDATE audit_seals SET hash = '`+h.Hash+`'`)
		want := "终端 0101-T01 对审计链第 " + itoa(h.ID) + " 条的签名无效"
		if _, got := checked(t, svc, pubOf(key)); !strings.Contains(got, want) {
			t.Fatalf("want %q in:\n%s", want, got)
		}
	})
	t.Run("tail cut and head moved", func(t *testing.T) {
		svc, db, key, _ := signedBooks(t)
		sealed := lastRow(t, db)
		storetest.Unguard(t, db, "audit")
		keep := itoa(sealed.ID - 1)
		run(t, db, `DELETE FROM audit WHERE id > `+keep,
			`UPDATE audit_head SET id = `+keep+`, hash = (SELECT hash FROM audit WHERE id = `+keep+`)`)
		if _, got := checked(t, svc, nil); got != "" {
			t.Fatalf("without the signature the cut would pass; found:\n%s", got)
		}
		want := "审计记录比终端 0101-T01 签名时少：签名时到第 " + itoa(sealed.ID) + " 条，现只到第 " + keep + " 条"
		if _, got := checked(t, svc, pubOf(key)); !strings.Contains(got, want) {
			t.Fatalf("want %q in:\n%s", want, got)
		}
		// Taking the seal away too leaves the chain unsigned.
		run(t, db, `DELETE FROM audit_seals`)
		if _, got := checked(t, svc, pubOf(key)); !strings.Contains(got, "审计链没有终端签名") {
			t.Fatalf("seal removed:\n%s", got)
		}
	})
	t.Run("rows appended after the signed head", func(t *testing.T) {
		svc, db, key, _ := signedBooks(t)
		db.SetSigner(nil) // a program without the key writes on
		if _, err := svc.Login(context.Background(), "1002", "pass1002"); err != nil {
			t.Fatal(err)
		}
		h := lastRow(t, db)
		want := "第 " + itoa(h.ID) + " 条没有终端签名"
		if _, got := checked(t, svc, pubOf(key)); !strings.Contains(got, want) {
			t.Fatalf("want %q in:\n%s", want, got)
		}
	})
	t.Run("another PC's key", func(t *testing.T) {
		svc, _, _, _ := signedBooks(t)
		_, mine, _ := ed25519.GenerateKey(rand.Reader)
		c, got := checked(t, svc, pubOf(mine))
		if !strings.Contains(got, "本机密钥 "+audit.KeyID(mine.Public().(ed25519.PublicKey))+" 的签名记录不见了") ||
			len(c.Seals.Unchecked) != 1 || !strings.Contains(c.Seals.Unchecked[0], "终端 0101-T01") {
			t.Fatalf("unknown signer: %+v\n%s", c.Seals, got)
		}
	})
}

// On the branch server each PC signs with its own key: one seal per key.
// A PC checks the seals whose keys it holds and names the others.
func TestHeadSignedByTwoPCs(t *testing.T) {
	ctx := context.Background()
	target := storetest.Target(t)
	_, k1, _ := ed25519.GenerateKey(rand.Reader)
	_, k2, _ := ed25519.GenerateKey(rand.Reader)
	db1, db2 := storetest.OpenTarget(t, target), storetest.OpenTarget(t, target)
	db1.SetSigner(audit.Signer{Name: "0101-T01", Key: k1})
	db2.SetSigner(audit.Signer{Name: "0101-T02", Key: k2})
	clock := &fakeClock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	pc1, pc2 := counter.New(db1, clock, "0101-T01"), counter.New(db2, clock, "0101-T02")
	if err := demo.Seed(ctx, pc1, today); err != nil {
		t.Fatal(err)
	}
	post := func(svc *counter.Service, teller string) {
		sess := signedIn(t, svc, teller)
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: "6217000000000003", Amount: 1_00})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Post(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	post(pc1, "1001")
	post(pc2, "1002")
	last := lastRow(t, db1).ID
	// PC 2 wrote last: it checks the whole chain with its own key.
	c, got := checked(t, pc2, pubOf(k2))
	if got != "" || c.Seals.Covered != last || len(c.Seals.Unchecked) != 1 || !strings.Contains(c.Seals.Unchecked[0], "0101-T01") {
		t.Fatalf("PC 2: %+v\n%s", c.Seals, got)
	}
	// PC 1 checks up to its own last write and names PC 2's seal.
	c, got = checked(t, pc1, pubOf(k1))
	if got != "" || c.Seals.Covered >= last || len(c.Seals.Unchecked) != 1 || !strings.Contains(c.Seals.Unchecked[0], "0101-T02") {
		t.Fatalf("PC 1: %+v\n%s", c.Seals, got)
	}
	// Both keys known: whole.
	if c, got = checked(t, pc1, audit.NewKeys(k1.Public().(ed25519.PublicKey), k2.Public().(ed25519.PublicKey))); got != "" || c.Seals.Covered != last {
		t.Fatalf("both: %+v\n%s", c.Seals, got)
	}
	// Cutting back to PC 1's seal and taking PC 2's away: PC 2 sees it.
	storetest.Unguard(t, db1, "audit")
	var s1 int64
	if err := db1.QueryRow(ctx, `SELECT id FROM audit_seals WHERE signer = '0101-T01'`).Scan(&s1); err != nil {
		t.Fatal(err)
	}
	keep := itoa(s1)
	run(t, db1, `DELETE FROM audit WHERE id > `+keep,
		`UPDATE audit_head SET id = `+keep+`, hash = (SELECT hash FROM audit WHERE id = `+keep+`)`,
		`DELETE FROM audit_seals WHERE signer = '0101-T02'`)
	if _, got := checked(t, pc2, pubOf(k2)); !strings.Contains(got, "的签名记录不见了") {
		t.Fatalf("PC 2 after the cut:\n%s", got)
	}
}
