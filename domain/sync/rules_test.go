package sync_test

import (
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/sync"
)

type hist struct {
	imported map[int64]string // seq → hash; each names the one before as prev
	prev     map[int64]string // where prev is not the hash of seq-1 here
	held     map[int64]string
	skipped  map[int64]bool
	aside    map[string]bool
}

func (h hist) Imported(seq int64) (sync.Seen, bool) {
	s, ok := h.imported[seq]
	p, named := h.prev[seq]
	if !named {
		p = h.imported[seq-1]
	}
	return sync.Seen{Hash: s, Prev: p}, ok
}
func (h hist) Held(seq int64) (string, bool) { s, ok := h.held[seq]; return s, ok }
func (h hist) Skipped(seq int64) bool        { return h.skipped[seq] }
func (h hist) SetAside(hash string) bool     { return h.aside[hash] }

// Sequence numbers per terminal start at 1, never repeat and never skip;
// a bundle after a gap is held; a bundle accepted as lost may come late.
func TestCheckUp(t *testing.T) {
	term := sync.Terminal{ID: "T01", Branch: "0101", Last: 3, LastHash: "h3"}
	h := hist{imported: map[int64]string{1: "h1", 2: "h2", 3: "h3"}, skipped: map[int64]bool{}}
	up := func(seq int64, prev string) sync.Manifest {
		return sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: seq, Prev: prev, Schema: 4}
	}
	for _, tc := range []struct {
		name   string
		m      sync.Manifest
		hash   string
		t      sync.Terminal
		h      hist
		accept bool
		next   sync.Next
		err    error
	}{
		{"next in chain", up(4, "h3"), "h4", term, h, false, sync.Apply, nil},
		{"first bundle", up(1, ""), "h1", sync.Terminal{ID: "T01", Branch: "0101"}, hist{}, false, sync.Apply, nil},
		{"first bundle with a prev", up(1, "x"), "h1", sync.Terminal{ID: "T01", Branch: "0101"}, hist{}, false, sync.Apply, sync.ErrChain},
		{"broken chain", up(4, "h2"), "h4", term, h, false, sync.Apply, sync.ErrChain},
		{"same bundle again", up(3, "h2"), "h3", term, h, false, sync.Apply, sync.ErrAlreadyImported},
		{"replayed number", up(3, "h2"), "other", term, h, false, sync.Apply, sync.ErrReplay},
		{"zero", up(0, ""), "h0", term, h, false, sync.Apply, sync.ErrManifest},
		{"one past the next", up(5, "h4"), "h5", term, h, false, sync.Hold, sync.ErrGap},
		{"gap accepted", up(5, "h4"), "h5", term, h, true, sync.Apply, nil},
		{"late after gap accepted", up(2, "h1"), "h2", sync.Terminal{ID: "T01", Branch: "0101", Last: 3, LastHash: "h3"},
			hist{imported: map[int64]string{1: "h1", 3: "h3"}, prev: map[int64]string{3: "h2"}, skipped: map[int64]bool{2: true}}, false, sync.Apply, nil},
		{"late, but the next one names another", up(2, "h1"), "h2x", sync.Terminal{ID: "T01", Branch: "0101", Last: 3, LastHash: "h3"},
			hist{imported: map[int64]string{1: "h1", 3: "h3"}, prev: map[int64]string{3: "h2"}, skipped: map[int64]bool{2: true}}, false, sync.Apply, sync.ErrChain},
		{"held again, same bundle", up(5, "h4"), "h5", term, hist{imported: h.imported, held: map[int64]string{5: "h5"}}, false, sync.Hold, sync.ErrGap},
		{"held number, other bundle", up(5, "h4"), "h5x", term, hist{imported: h.imported, held: map[int64]string{5: "h5"}}, false, sync.Apply, sync.ErrHeldConflict},
		{"next number, but another bundle is held under it", up(4, "h3"), "h4x", term, hist{imported: h.imported, held: map[int64]string{4: "h4"}}, false, sync.Apply, sync.ErrHeldConflict},
		{"next number, the held one itself", up(4, "h3"), "h4", term, hist{imported: h.imported, held: map[int64]string{4: "h4"}}, false, sync.Apply, nil},
		{"as far ahead as allowed", up(3+sync.MaxAhead, "x"), "hx", term, h, false, sync.Hold, sync.ErrGap},
		{"one further", up(4+sync.MaxAhead, "x"), "hx", term, h, false, sync.Apply, sync.ErrTooFarAhead},
		{"one further, gap accepted", up(4+sync.MaxAhead, "x"), "hx", term, h, true, sync.Apply, sync.ErrTooFarAhead},
		{"late but not accepted", up(2, "h1"), "h2", sync.Terminal{ID: "T01", Branch: "0101", Last: 3, LastHash: "h3"},
			hist{imported: map[int64]string{1: "h1", 3: "h3"}}, false, sync.Apply, sync.ErrReplay},
		{"revoked", up(4, "h3"), "h4", sync.Terminal{ID: "T01", Branch: "0101", Last: 3, LastHash: "h3", Revoked: true}, h, false, sync.Apply, sync.ErrRevoked},
		{"another branch", sync.Manifest{Kind: sync.Up, Branch: "0102", Terminal: "T01", Seq: 4, Prev: "h3", Schema: 4}, "h4", term, h, false, sync.Apply, sync.ErrOtherBranch},
		{"future schema", sync.Manifest{Kind: sync.Up, Branch: "0101", Terminal: "T01", Seq: 4, Prev: "h3", Schema: 5}, "h4", term, h, false, sync.Apply, sync.ErrFutureSchema},
		{"set aside, at the next number", up(4, "h3"), "h4", term, hist{imported: h.imported, aside: map[string]bool{"h4": true}}, false, sync.Apply, sync.ErrSetAside},
		{"set aside, after a gap", up(6, "h5"), "h6", term, hist{imported: h.imported, aside: map[string]bool{"h6": true}}, false, sync.Apply, sync.ErrSetAside},
		{"another bundle set aside under the number", up(4, "h3"), "h4", term, hist{imported: h.imported, aside: map[string]bool{"h4x": true}}, false, sync.Apply, nil},
		{"a config bundle", sync.Manifest{Kind: sync.Config, Branch: "0101", Terminal: "T01", Seq: 4, Schema: 4}, "h4", term, h, false, sync.Apply, sync.ErrKind},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next, err := sync.CheckUp(tc.m, tc.hash, tc.t, tc.h, 4, tc.accept)
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if (err == nil || tc.next == sync.Hold) && next != tc.next {
				t.Fatalf("next %v, want %v", next, tc.next)
			}
		})
	}
}

// A config version only grows, one at a time: the next after v3 is v4.
func TestCheckConfig(t *testing.T) {
	m := func(v int64) sync.Manifest {
		return sync.Manifest{Kind: sync.Config, Branch: "0101", Version: v, Schema: 4}
	}
	for _, tc := range []struct {
		v    int64
		want error
	}{{4, nil}, {5, sync.ErrConfigGap}, {9, sync.ErrConfigGap}, {3, sync.ErrConfigApplied}, {2, sync.ErrConfigOld}} {
		if err := sync.CheckConfig(m(tc.v), "0101", 3, 4); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("v%d after v3: %v, want %v", tc.v, err, tc.want)
		}
	}
	// A terminal's first config is v1, whenever it enrolled.
	if err := sync.CheckConfig(m(1), "0101", 0, 4); err != nil {
		t.Errorf("v1 first: %v", err)
	}
	if err := sync.CheckConfig(m(2), "0101", 0, 4); !errors.Is(err, sync.ErrConfigGap) {
		t.Errorf("v2 first: %v", err)
	}
	if err := sync.CheckConfig(m(4), "0102", 3, 4); !errors.Is(err, sync.ErrOtherBranch) {
		t.Errorf("another branch: %v", err)
	}
}

func TestCheckReceipt(t *testing.T) {
	m := sync.Manifest{Kind: sync.Receipt, Branch: "0101", Terminal: "T01", Seq: 2, Bundle: "h2"}
	e := sync.Exported{Seq: 2, Hash: "h2"}
	for _, tc := range []struct {
		name  string
		e     sync.Exported
		found bool
		want  error
	}{
		{"good", e, true, nil},
		{"never exported", e, false, sync.ErrUnknownBundle},
		{"other hash", sync.Exported{Seq: 2, Hash: "x"}, true, sync.ErrUnknownBundle},
		{"twice", sync.Exported{Seq: 2, Hash: "h2", Acked: true}, true, sync.ErrAlreadyImported},
	} {
		if err := sync.CheckReceipt(m, "0101", "T01", tc.e, tc.found); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// A receipt must account for every record of the bundle it answers.
func TestCheckReceiptCounts(t *testing.T) {
	files := []sync.File{{Name: "entries.ndjson", Records: 3}, {Name: "audit.ndjson", Records: 2}}
	acc := func(m map[string][]sync.Range) map[string][]sync.Range { return m }
	for _, tc := range []struct {
		name string
		body sync.ReceiptBody
		want error
	}{
		{"all accepted", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}, "audit": {{7, 8}}})}, nil},
		{"one refused with a reason", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 1}, {3, 3}}, "audit": {{7, 8}}}),
			Rejected: []sync.Rejection{sync.RejectRecord("entries", 2, "坏")}}, nil},
		{"a line refused", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 2}}, "audit": {{7, 8}}}),
			Rejected: []sync.Rejection{sync.RejectLine("entries", 3, "坏")}}, nil},
		{"a whole file refused", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}}),
			Rejected: []sync.Rejection{sync.RejectFile("audit.ndjson", "未知")}}, nil},
		{"one record missing", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 2}}, "audit": {{7, 8}}})}, sync.ErrReceiptCount},
		{"one record too many", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 4}}, "audit": {{7, 8}}})}, sync.ErrReceiptCount},
		{"a file missing", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}})}, sync.ErrReceiptCount},
		{"a type never sent", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}, "audit": {{7, 8}}, "legs": {{1, 1}}})}, sync.ErrReceiptCount},
		{"a refusal of a type never sent", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}, "audit": {{7, 8}}}),
			Rejected: []sync.Rejection{sync.RejectRecord("legs", 1, "坏")}}, sync.ErrReceiptCount},
		{"a backwards range", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 4}, {6, 5}}, "audit": {{7, 8}}})}, sync.ErrReceiptCount},
		{"a file both refused and accepted", sync.ReceiptBody{Accepted: acc(map[string][]sync.Range{"entries": {{1, 3}}, "audit": {{7, 8}}}),
			Rejected: []sync.Rejection{sync.RejectFile("audit.ndjson", "未知")}}, sync.ErrReceiptCount},
	} {
		if err := sync.CheckReceiptCounts(files, tc.body); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// A terminal trusts head office's keys only when their fingerprint is the
// one head office read out.
func TestCheckFirstKeys(t *testing.T) {
	k := sync.HQKeys{Sign: []byte("0123456789abcdef0123456789abcdef")}
	fp := sync.Fingerprint(k.Sign)
	if len(fp) != 19 || strings.Count(fp, " ") != 3 {
		t.Fatalf("fingerprint %q", fp)
	}
	other := []byte(fp)
	other[0] ^= 1
	for _, tc := range []struct {
		typed string
		want  error
	}{
		{fp, nil},
		{strings.ToUpper(strings.ReplaceAll(fp, " ", "-")), nil},
		{strings.ReplaceAll(fp, " ", ""), nil},
		{"", sync.ErrNeedFingerprint},
		{"  ", sync.ErrNeedFingerprint},
		{string(other), sync.ErrFingerprint},
		{fp[:18], sync.ErrFingerprint},
	} {
		if err := sync.CheckFirstKeys(k, tc.typed); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%q: %v, want %v", tc.typed, err, tc.want)
		}
	}
}

func TestCheckFiles(t *testing.T) {
	files := map[string][]byte{"entries.ndjson": []byte("{\"_rowid\":1}\n{\"_rowid\":2}\n"), "audit.ndjson": nil}
	m := sync.Manifest{Format: sync.Format, Files: sync.Describe([]string{"audit.ndjson", "entries.ndjson"}, files)}
	if err := m.CheckFiles(files); err != nil {
		t.Fatal(err)
	}
	if m.Files[1].Records != 2 {
		t.Fatalf("records %d", m.Files[1].Records)
	}
	for name, edit := range map[string]func(sync.Manifest, map[string][]byte) (sync.Manifest, map[string][]byte){
		"count": func(m sync.Manifest, f map[string][]byte) (sync.Manifest, map[string][]byte) {
			m.Files = append([]sync.File(nil), m.Files...)
			m.Files[1].Records = 3
			return m, f
		},
		"extra file": func(m sync.Manifest, f map[string][]byte) (sync.Manifest, map[string][]byte) {
			return m, map[string][]byte{"entries.ndjson": files["entries.ndjson"], "audit.ndjson": nil, "legs.ndjson": nil}
		},
		"missing file": func(m sync.Manifest, f map[string][]byte) (sync.Manifest, map[string][]byte) {
			return m, map[string][]byte{"audit.ndjson": nil}
		},
		"no final newline": func(m sync.Manifest, f map[string][]byte) (sync.Manifest, map[string][]byte) {
			g := map[string][]byte{"entries.ndjson": []byte("{\"_rowid\":1}\n{}"), "audit.ndjson": nil}
			m.Files = sync.Describe([]string{"audit.ndjson", "entries.ndjson"}, g)
			m.Files[1].Records = 2
			return m, g
		},
		"format": func(m sync.Manifest, f map[string][]byte) (sync.Manifest, map[string][]byte) {
			m.Format = 2
			return m, f
		},
	} {
		mm, ff := edit(m, files)
		if err := mm.CheckFiles(ff); !errors.Is(err, sync.ErrManifest) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestRanges(t *testing.T) {
	got := sync.Ranges([]int64{5, 1, 2, 3, 7, 8, 3})
	want := []sync.Range{{1, 3}, {5, 5}, {7, 8}}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v", got)
		}
	}
}

func TestParseRecord(t *testing.T) {
	for line, want := range map[string]int64{
		`{"_rowid":1}`:                    1,
		`{"_rowid":42,"memo":"现金"}`:       42,
		`{"_rowid":0}`:                    0,
		`{"_rowid":-1}`:                   0,
		`{"_rowid":01}`:                   0,
		`{"_rowid":1,`:                    0,
		`{"id":1,"_rowid":1}`:             0,
		`{"_rowid":99999999999999999999}`: 0,
		`[]`:                              0,
		`{"_rowid":3,"data":"{\"a\":[1,{\"b\":2}]}","x":null}`: 3,
		`{"_rowid":3,"memo":"引号\"与{括号["}`:                      3,
		`{"_rowid":3,"data":{"a":1}}`:                          0,
		`{"_rowid":3,"list":[1,2]}`:                            0,
		`{"_rowid":3,"s":"\\","t":[]}`:                         0,
	} {
		got, err := sync.ParseRecord([]byte(line))
		if got != want || (want == 0) != (err != nil) {
			t.Errorf("%s: %d %v, want %d", line, got, err, want)
		}
	}
}

// FuzzParseRecord: any line either parses to a positive id or is refused,
// without panicking.
func FuzzParseRecord(f *testing.F) {
	f.Add([]byte(`{"_rowid":1,"a":"b"}`))
	f.Add([]byte(`{"_rowid":9223372036854775807}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		id, err := sync.ParseRecord(line)
		if err == nil && id < 1 {
			t.Fatalf("id %d accepted", id)
		}
	})
}
