package counter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"branchdesk/domain/ledger"
)

// Faults of the store a counter posts through: the branch server gone,
// and a commit whose answer was lost with it. A counter keeps no private
// copy of branch business, so it refuses while the server is away, and a
// posting whose outcome is unknown is settled by its draft's key, never
// by posting again blindly.
var (
	// ErrUnreachable is the branch server not answering. Storage puts it
	// in the chain of every error caused by a lost connection.
	ErrUnreachable = errors.New("分行服务器连接中断")
	// ErrOutcomeUnknown is a commit whose answer never came: the
	// transaction may or may not have been kept. Storage puts it in the
	// chain of a failed COMMIT.
	ErrOutcomeUnknown = errors.New("记账结果未知：提交时与分行服务器的连接中断。连接恢复后请再次提交同一笔业务，系统按业务编号核对，不会重复记账")
	// ErrNotPosted is a posting whose commit failed and that the journal,
	// asked by the draft's key, does not hold: it may be posted again.
	ErrNotPosted = errors.New("该笔业务未记账（提交时与分行服务器的连接中断），可再次提交")
)

// Keys makes the idempotency keys of drafts (one per draft, unique in the
// journal); tests give their own.
type Keys interface{ NewKey() string }

// RandomKeys makes 128-bit random keys.
type RandomKeys struct{}

// NewKey is 32 hex digits from crypto/rand.
func (RandomKeys) NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24)
	return hex.EncodeToString(b[:])
}

// SetKeys replaces the source of draft keys.
func (s *Service) SetKeys(k Keys) { s.keys = k }

// newDraft makes a draft with its own key.
func (s *Service) newDraft(d Draft) *Draft {
	d.st = &draftState{}
	d.key = s.keys.NewKey()
	return &d
}

// Key is the draft's idempotency key: the entry it posts carries it, and
// the journal holds at most one entry with it.
func (d *Draft) Key() string { return d.key }

// postedByKey is the entry posted from a draft with this key, if any.
func postedByKey(tx Tx, key string) (ledger.Entry, bool, error) {
	if key == "" {
		return ledger.Entry{}, false, nil
	}
	e, err := tx.EntryByKey(key)
	if errors.Is(err, ErrNotFound) {
		return ledger.Entry{}, false, nil
	}
	if err != nil {
		return ledger.Entry{}, false, err
	}
	return e, true, nil
}

// Resolve asks the journal whether d was posted, by its key: after a
// posting whose outcome is unknown, the teller's screen calls it (or
// simply Post again, which asks the same first) once the server is back.
func (s *Service) Resolve(ctx context.Context, d *Draft) (ledger.Entry, bool, error) {
	if d == nil || d.st == nil {
		return ledger.Entry{}, false, ErrNoSession
	}
	d.st.mu.Lock()
	defer d.st.mu.Unlock()
	e, found, err := s.lookup(ctx, d)
	if found {
		d.st.posted = true
	}
	return e, found, err
}

func (s *Service) lookup(ctx context.Context, d *Draft) (e ledger.Entry, found bool, err error) {
	err = s.store.View(ctx, func(tx Tx) error {
		e, found, err = postedByKey(tx, d.key)
		return err
	})
	return e, found, err
}

// settle finishes a Post whose commit failed with its outcome unknown:
// the journal, asked once by the draft's key, says whether it was kept.
// If the journal cannot be asked either, the outcome stays unknown and
// the next Post of the draft asks again before writing anything.
func (s *Service) settle(ctx context.Context, d *Draft, cause error) (ledger.Entry, error) {
	// Asked under the writer lock: a commit the server is still finishing
	// (its answer already lost) holds the lock until it is kept, so the
	// answer is never "not posted" for a posting about to appear.
	var e ledger.Entry
	var found bool
	err := s.store.Tx(ctx, func(tx Tx) (err error) {
		e, found, err = postedByKey(tx, d.key)
		return err
	})
	switch {
	case err != nil:
		return ledger.Entry{}, cause
	case found:
		return e, nil
	}
	return ledger.Entry{}, &notPosted{cause}
}

// notPosted is ErrNotPosted for a commit the journal says was not kept:
// the teller reads only that (the server answers again, so the lost
// connection's advice to check the cable would mislead); the cause stays
// in the chain for the log and the status bar.
type notPosted struct{ cause error }

func (e *notPosted) Error() string   { return ErrNotPosted.Error() }
func (e *notPosted) Unwrap() []error { return []error{ErrNotPosted, e.cause} }
