package postgres_test

import (
	"branchdesk/storage/demo"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/postgres"
)

// How the cutter treats the next COMMIT a client sends.
const (
	passCommit   = iota
	cutAfterSend // COMMIT reaches the server, its answer never reaches the client
	cutBeforeSend
)

// cutter is a TCP proxy between pgx and the throwaway server's Unix
// socket that reads the client's side of the PostgreSQL protocol and,
// when armed, cuts the connection at the next COMMIT: after handing it
// to the server (the transaction is kept, the answer lost) or before (the
// server sees the connection drop inside the transaction and rolls back).
// Either way the client sees only a connection lost during COMMIT.
type cutter struct {
	t      *testing.T
	ln     net.Listener
	socket string

	mu    sync.Mutex
	mode  int
	cuts  int // COMMITs cut so far
	trips int // round trips: each ends with a simple query (Q) or a Sync (S)
}

func newCutter(t *testing.T, socket string) *cutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{t: t, ln: ln, socket: socket}
	t.Cleanup(func() { ln.Close() })
	go c.serve()
	return c
}

// url is the database db on the server, reached through the proxy.
func (c *cutter) url(db string) string {
	return fmt.Sprintf("postgres://postgres@%s/%s?sslmode=disable", c.ln.Addr(), db)
}

// arm has the next COMMIT cut in mode m; once only.
func (c *cutter) arm(m int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mode = m
}

func (c *cutter) cutCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cuts
}

// roundTrips is how many times the clients have waited for the server.
func (c *cutter) roundTrips() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trips
}

// take reports the mode for a COMMIT seen now, and disarms.
func (c *cutter) take() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.mode
	if m != passCommit {
		c.mode = passCommit
		c.cuts++
	}
	return m
}

func (c *cutter) serve() {
	for {
		client, err := c.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("unix", c.socket)
		if err != nil {
			client.Close()
			continue
		}
		go func() { _, _ = io.Copy(client, server); client.Close() }()
		go c.forward(client, server)
	}
}

// forward copies the client's messages to the server one by one, looking
// for COMMIT in simple queries (Q) and in statements bound (B) for the
// extended protocol, as a pipeline sends it.
func (c *cutter) forward(client, server net.Conn) {
	defer client.Close()
	defer server.Close()
	// The startup packet, and an SSL or GSS request before it, have no
	// type byte.
	for {
		var n uint32
		if err := binary.Read(client, binary.BigEndian, &n); err != nil || n < 8 {
			return
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(client, body); err != nil {
			return
		}
		code := binary.BigEndian.Uint32(body)
		if code == 80877102 {
			// A cancel request, which pgx sends on a new connection when
			// one breaks under a query: it would travel the same cut
			// line, and let through it may stop a pipeline the server
			// is still running before its COMMIT (that is the "not
			// kept" case, tested on its own). Dropped.
			return
		}
		head := binary.BigEndian.AppendUint32(nil, n)
		if _, err := server.Write(append(head, body...)); err != nil {
			return
		}
		if code != 80877103 && code != 80877104 {
			break
		}
	}
	// The statements prepared as COMMIT on this connection, by name: a
	// pipeline runs a COMMIT prepared once by binding its name.
	commits := map[string]bool{}
	lastSync := false // after the COMMIT, up to the pipeline's Sync
	for {
		var head [5]byte
		if _, err := io.ReadFull(client, head[:]); err != nil {
			return
		}
		n := binary.BigEndian.Uint32(head[1:])
		if n < 4 {
			return
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(client, body); err != nil {
			return
		}
		msg := append(head[:], body...)
		if head[0] == 'P' {
			name, q := cstring(body, 0), cstring(body, 1)
			commits[name] = isCommit(q)
		}
		commit := head[0] == 'Q' && isCommit(cstring(body, 0)) || head[0] == 'B' && commits[cstring(body, 1)]
		if commit && !lastSync {
			switch c.take() {
			case cutBeforeSend:
				return // both sides closed: the server rolls back
			case cutAfterSend:
				if head[0] == 'Q' {
					_, _ = server.Write(msg)
					return // the server commits; its answer goes nowhere
				}
				lastSync = true
			}
		}
		if head[0] == 'Q' || head[0] == 'S' {
			c.mu.Lock()
			c.trips++
			c.mu.Unlock()
		}
		if _, err := server.Write(msg); err != nil {
			return
		}
		if lastSync && head[0] == 'S' {
			return // the pipeline with its COMMIT went through; its answers go nowhere
		}
	}
}

// cstring is the i-th NUL-terminated string of a message's body.
func cstring(body []byte, i int) string {
	for ; i > 0; i-- {
		j := bytes.IndexByte(body, 0)
		if j < 0 {
			return ""
		}
		body = body[j+1:]
	}
	if j := bytes.IndexByte(body, 0); j >= 0 {
		body = body[:j]
	}
	return string(body)
}

// isCommit tells a COMMIT's text.
func isCommit(q string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	return q == "commit" || q == "commit;" || q == "end" || q == "end;"
}

// A connection really cut during COMMIT, between pgx and the branch
// server (issue #10 item 6): the counter settles the posting by the
// draft's key, asking under the writer lock, which waits for the commit
// in flight. Kept: Post returns that entry, the journal holds it once.
// Not kept: the teller is told, in Chinese, that it was not posted and may
// be submitted again, and the second 提交 posts it once.
func TestConnectionCutDuringCommit(t *testing.T) {
	s := ownServer(t)
	u := seeded(t, s)
	ctx := context.Background()
	name := dbName(u)
	proxy := newCutter(t, filepath.Join(s.Dir, ".s.PGSQL.5432"))
	db, err := postgres.Open(ctx, proxy.url(name), false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	direct, err := postgres.Open(ctx, u, false) // beside the proxy, to look
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	svc := counter.New(db, nil, "0101-T01")
	sess, err := svc.Login(ctx, "1001", "pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SignIn(ctx, sess, nil); err != nil {
		t.Fatal(err)
	}
	const acct = "6217000000000001"
	withKey := func(key string) (n int) {
		t.Helper()
		if err := direct.QueryRow(ctx, `SELECT COUNT(*) FROM entries WHERE draft_key = ?`, key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	balance := func() ledger.Account {
		t.Helper()
		a, err := counter.New(direct, nil, "0101-T01").Account(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	deposit := func() *counter.Draft {
		t.Helper()
		d, err := svc.Prepare(ctx, sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit, Account: acct, Amount: 100_00})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}

	t.Run("kept", func(t *testing.T) {
		before := balance()
		d := deposit()
		proxy.arm(cutAfterSend)
		cuts := proxy.cutCount()
		e, err := svc.Post(ctx, d)
		if proxy.cutCount() != cuts+1 {
			t.Fatal("the COMMIT was not cut")
		}
		if err != nil || e.ID == 0 || e.DraftKey != d.Key() {
			t.Fatalf("a kept commit whose answer was lost: %+v %v", e, err)
		}
		if n := withKey(d.Key()); n != 1 {
			t.Fatalf("%d entries with the draft's key", n)
		}
		if _, err := svc.Post(ctx, d); !errors.Is(err, counter.ErrDraftPosted) {
			t.Fatalf("posting again: %v", err)
		}
		if a := balance(); a.Balance != before.Balance+100_00 {
			t.Fatalf("balance %s, want %s", a.Balance, before.Balance+100_00)
		}
	})

	t.Run("not kept", func(t *testing.T) {
		before := balance()
		d := deposit()
		proxy.arm(cutBeforeSend)
		cuts := proxy.cutCount()
		_, err := svc.Post(ctx, d)
		if proxy.cutCount() != cuts+1 {
			t.Fatal("the COMMIT was not cut")
		}
		if !errors.Is(err, counter.ErrNotPosted) || !errors.Is(err, counter.ErrUnreachable) {
			t.Fatalf("a cut commit that was not kept: %v", err)
		}
		// What the teller reads under the form (ui shows err.Error()).
		msg := err.Error()
		t.Logf("the teller reads: %s", msg)
		if msg != "该笔业务未记账（提交时与分行服务器的连接中断），可再次提交" {
			t.Fatalf("teller's message %q", msg)
		}
		if n := withKey(d.Key()); n != 0 {
			t.Fatalf("%d entries after a rolled-back commit", n)
		}
		if a := balance(); a.Balance != before.Balance {
			t.Fatalf("balance moved to %s by a rolled-back commit", a.Balance)
		}
		// 提交 again: the same draft, the same key, posted once.
		e, err := svc.Post(ctx, d)
		if err != nil || e.DraftKey != d.Key() {
			t.Fatalf("posting again: %+v %v", e, err)
		}
		if n := withKey(d.Key()); n != 1 {
			t.Fatalf("%d entries with the draft's key", n)
		}
		if a := balance(); a.Balance != before.Balance+100_00 {
			t.Fatalf("balance %s, want %s", a.Balance, before.Balance+100_00)
		}
	})

	// Many cuts in a row, alternating: nothing lost, nothing doubled.
	t.Run("again and again", func(t *testing.T) {
		acked := map[int64]bool{}
		for i := range 10 {
			d := deposit()
			proxy.arm([]int{cutAfterSend, cutBeforeSend}[i%2])
			e, err := svc.Post(ctx, d)
			for errors.Is(err, counter.ErrNotPosted) {
				e, err = svc.Post(ctx, d)
			}
			if err != nil {
				t.Fatalf("press %d: %v", i, err)
			}
			if acked[e.ID] || withKey(d.Key()) != 1 {
				t.Fatalf("press %d: entry %d acknowledged twice or stored %d times", i, e.ID, withKey(d.Key()))
			}
			acked[e.ID] = true
		}
		checkBooks(t, direct, nil, false)
	})
}
