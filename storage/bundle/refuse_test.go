package bundle

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"maps"
	"slices"
	"testing"

	"filippo.io/age"

	"branchdesk/domain/sync"
	"branchdesk/storage/sqlstore"
)

// plainOf decrypts a bundle with head office's key.
func (r *rig) plainOf(data []byte) *Bundle {
	r.t.Helper()
	plain, err := Unseal(data, r.hq.age)
	if err != nil {
		r.t.Fatal(err)
	}
	b, err := Unpack(plain)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

func (r *rig) seal(plain []byte) []byte {
	r.t.Helper()
	data, err := Seal(plain, r.hq.age.Recipient())
	if err != nil {
		r.t.Fatal(err)
	}
	return data
}

// forge rebuilds a good bundle with edits, signed by key: the files are
// edited and described honestly, then the manifest is edited.
func (r *rig) forge(good []byte, key ed25519.PrivateKey, files func(map[string][]byte), manifest func(*sync.Manifest)) []byte {
	r.t.Helper()
	b := r.plainOf(good)
	fs := maps.Clone(b.Files)
	if files != nil {
		files(fs)
	}
	names := slices.Sorted(maps.Keys(fs))
	m := b.Manifest
	m.Files = sync.Describe(names, fs)
	if manifest != nil {
		manifest(&m)
	}
	plain, _, err := packManifest(m, names, fs, key)
	if err != nil {
		r.t.Fatal(err)
	}
	return r.seal(plain)
}

// retar writes a bundle's parts as they are, signature included.
func (r *rig) retar(b *Bundle, raw, sig []byte, files map[string][]byte) []byte {
	r.t.Helper()
	ents := []entry{{sync.ManifestName, raw}}
	for _, n := range slices.Sorted(maps.Keys(files)) {
		ents = append(ents, entry{n, files[n]})
	}
	if sig != nil {
		ents = append(ents, entry{sync.SignatureName, sig})
	}
	var buf bytesBuffer
	if err := writeTar(&buf, b.Manifest, ents); err != nil {
		r.t.Fatal(err)
	}
	return r.seal(buf.b)
}

type bytesBuffer struct{ b []byte }

func (w *bytesBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

func flip(data []byte, i int) []byte {
	out := slices.Clone(data)
	out[i] ^= 0x01
	return out
}

// refused imports data and wants err, with head office's store unchanged.
func (r *rig) refused(t *testing.T, data []byte, want ...error) {
	t.Helper()
	before := snapshot(t, r.hq.DB())
	_, err := r.hq.Import(context.Background(), data)
	if err == nil {
		t.Fatal("accepted")
	}
	ok := false
	for _, w := range want {
		ok = ok || errors.Is(err, w)
	}
	if !ok {
		t.Fatalf("refused with %v, want one of %v", err, want)
	}
	if after := snapshot(t, r.hq.DB()); after != before {
		t.Fatalf("refusal (%v) changed the store", err)
	}
	t.Logf("拒收：%v", err)
}

// Every way a bundle can be bad is refused with a clear message, and
// head office's store is left exactly as it was.
func TestRefusals(t *testing.T) {
	r := newRig(t)
	day(t, r.svc)
	good := r.export()
	b := r.plainOf(good)
	key := r.term.key
	data := "entries.ndjson"

	t.Run("flipped ciphertext byte", func(t *testing.T) {
		for i := 0; i < len(good); i += max(1, len(good)/60) {
			r.refused(t, flip(good, i), sync.ErrCorrupt, sync.ErrWrongRecipient, sync.ErrNotEncrypted)
		}
		r.refused(t, flip(good, len(good)-1), sync.ErrCorrupt)
	})
	t.Run("flipped manifest byte", func(t *testing.T) {
		i := len(b.Raw) / 2
		r.refused(t, r.retar(b, flip(b.Raw, i), b.Sig, b.Files), sync.ErrSignature, sync.ErrManifest)
	})
	t.Run("flipped signature byte", func(t *testing.T) {
		r.refused(t, r.retar(b, b.Raw, flip(b.Sig, 7), b.Files), sync.ErrSignature)
	})
	t.Run("flipped data byte", func(t *testing.T) {
		fs := maps.Clone(b.Files)
		fs[data] = flip(fs[data], len(fs[data])/2)
		r.refused(t, r.retar(b, b.Raw, b.Sig, fs), sync.ErrManifest)
	})
	t.Run("truncated file", func(t *testing.T) {
		for _, n := range []int{0, 20, 100, len(good) / 2, len(good) - 16, len(good) - 1} {
			r.refused(t, good[:n], sync.ErrCorrupt, sync.ErrNotEncrypted)
		}
	})
	t.Run("unsigned", func(t *testing.T) {
		r.refused(t, r.retar(b, b.Raw, nil, b.Files), sync.ErrUnsigned)
	})
	t.Run("wrong recipient", func(t *testing.T) {
		other, _ := age.GenerateX25519Identity()
		plain, _ := Unseal(good, r.hq.age)
		data, _ := Seal(plain, other.Recipient())
		r.refused(t, data, sync.ErrWrongRecipient)
	})
	t.Run("unknown terminal", func(t *testing.T) {
		_, stranger, _ := ed25519.GenerateKey(rand.Reader)
		r.refused(t, r.forge(good, stranger, nil, func(m *sync.Manifest) { m.Terminal = "T99" }), sync.ErrUnknownTerminal)
	})
	t.Run("signed by another key", func(t *testing.T) {
		_, stranger, _ := ed25519.GenerateKey(rand.Reader)
		r.refused(t, r.forge(good, stranger, nil, nil), sync.ErrSignature)
	})
	t.Run("another branch", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Branch = "0999" }), sync.ErrOtherBranch)
	})
	t.Run("future schema", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Schema = sqlstore.SchemaVersion() + 1 }), sync.ErrFutureSchema)
	})
	t.Run("counts do not match", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Files[0].Records++ }), sync.ErrManifest)
	})
	t.Run("hash does not match", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Files[0].SHA256 = m.Files[1].SHA256 }), sync.ErrManifest)
	})
	t.Run("file missing from manifest", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Files = m.Files[1:] }), sync.ErrManifest)
	})
	t.Run("does not follow the chain", func(t *testing.T) {
		r.refused(t, r.forge(good, key, nil, func(m *sync.Manifest) { m.Prev = "deadbeef" }), sync.ErrChain)
	})

	r.importOK(good)
	t.Run("replayed sequence", func(t *testing.T) {
		// Same number, other content, properly signed: a restored backup or a forgery.
		r.refused(t, r.forge(good, key, func(fs map[string][]byte) { delete(fs, "legs.ndjson") }, nil), sync.ErrReplay)
	})
	t.Run("same bundle twice", func(t *testing.T) {
		r.refused(t, good, sync.ErrAlreadyImported)
	})
}

func TestRefusesRevokedTerminal(t *testing.T) {
	r := newRig(t)
	day(t, r.svc)
	good := r.export()
	if err := r.hq.Revoke(context.Background(), "T01"); err != nil {
		t.Fatal(err)
	}
	r.refused(t, good, sync.ErrRevoked)
	// The revoked key cannot be enrolled again (TestRekeyAfterRevocation
	// enrolls a new one).
	if _, err := r.hq.Enroll(context.Background(), mustEnrollment(t, r.term)); !errors.Is(err, sync.ErrRevoked) {
		t.Fatalf("the revoked key enrolled again: %v", err)
	}
}

func mustEnrollment(t *testing.T, term *Terminal) []byte {
	e, err := term.Enrollment()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A bundle after a gap is held, status names the gap, and the missing
// bundle releases it.
func TestGapHeldUntilFilled(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	b1, b2, b3 := r.threeBundles()
	r.importOK(b1)
	before := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records`)
	_, err := r.hq.Import(ctx, b3)
	var gap *sync.GapError
	if !errors.As(err, &gap) || gap.Want != 2 || gap.Got != 3 {
		t.Fatalf("gap: %v", err)
	}
	t.Log(err)
	if count(t, r.hq.DB(), `SELECT COUNT(*) FROM records`) != before {
		t.Fatal("a held bundle was applied")
	}
	st, _ := r.hq.Status(ctx)
	if len(st) != 1 || st[0].Last != 1 || len(st[0].Missing) != 1 || st[0].Missing[0] != (sync.Range{2, 2}) || !slices.Equal(st[0].Held, []int64{3}) {
		t.Fatalf("status %+v", st)
	}
	rs := r.importOK(b2)
	if len(rs) != 2 || rs[0].Seq != 2 || rs[1].Seq != 3 {
		t.Fatalf("filling the gap: %+v", rs)
	}
	st, _ = r.hq.Status(ctx)
	if st[0].Last != 3 || len(st[0].Held) != 0 || len(st[0].Missing) != 0 {
		t.Fatalf("status %+v", st)
	}
}

// Head office may accept a gap explicitly; the missing bundle, if it
// turns up after all, is still imported and nothing is lost.
func TestGapAcceptedExplicitly(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	_, b2, _ := r.heldAfterGap()
	rs, err := r.hq.AcceptGap(ctx, "T01")
	if err != nil || len(rs) != 1 || rs[0].Seq != 3 {
		t.Fatalf("accept gap: %+v %v", rs, err)
	}
	st, _ := r.hq.Status(ctx)
	if st[0].Last != 3 || !slices.Equal(st[0].Skipped, []int64{2}) {
		t.Fatalf("status %+v", st)
	}
	rs = r.importOK(b2)
	if len(rs) != 1 || !rs[0].Late {
		t.Fatalf("late bundle: %+v", rs)
	}
	st, _ = r.hq.Status(ctx)
	if len(st[0].Skipped) != 0 || st[0].Bundles != 3 {
		t.Fatalf("status %+v", st)
	}
	var exported int64
	if err := r.db.QueryRow(context.Background(), `SELECT SUM(records) FROM sync_exports`).Scan(&exported); err != nil {
		t.Fatal(err)
	}
	if got := count(t, r.hq.DB(), `SELECT COUNT(*) FROM records`); got != exported {
		t.Fatalf("head office has %d records, branch exported %d", got, exported)
	}
}
