package sqlstore

import (
	"fmt"

	"branchdesk/domain/counter"
)

// migrateTellerTerminals records where each teller is signed in: one row a
// teller, not a day, so a sign-in left from an earlier day still counts.
func migrateTellerTerminals(m migration) error {
	return m.exec(`CREATE TABLE teller_terminals (
		teller TEXT PRIMARY KEY REFERENCES users(id), terminal TEXT NOT NULL, since TEXT NOT NULL)`)
}

// TerminalSignIn reads the terminal where a teller is signed in.
func (t *Tx) TerminalSignIn(teller string) (counter.TerminalSignIn, error) {
	s := counter.TerminalSignIn{Teller: teller}
	var since string
	err := t.row(`SELECT terminal, since FROM teller_terminals WHERE teller = ?`, teller).Scan(&s.Terminal, &since)
	s.Since = parseStamp(since)
	return s, notFound(err)
}

// PutTerminalSignIn records the terminal where a teller is signed in.
func (t *Tx) PutTerminalSignIn(s counter.TerminalSignIn) error {
	return t.exec(`INSERT INTO teller_terminals VALUES (?, ?, ?)
		ON CONFLICT(teller) DO UPDATE SET terminal = excluded.terminal, since = excluded.since`,
		s.Teller, s.Terminal, stamp(s.Since))
}

// DeleteTerminalSignIn forgets where a teller is signed in.
func (t *Tx) DeleteTerminalSignIn(teller string) error {
	return t.exec(`DELETE FROM teller_terminals WHERE teller = ?`, teller)
}

// TerminalSignIns lists where a branch's tellers are signed in.
func (t *Tx) TerminalSignIns(branch string) ([]counter.TerminalSignIn, error) {
	rows, err := t.query(`SELECT s.teller, s.terminal, s.since FROM teller_terminals s
		JOIN users u ON u.id = s.teller WHERE u.branch_id = ? ORDER BY s.teller`, branch)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.TerminalSignIn
	for rows.Next() {
		var s counter.TerminalSignIn
		var since string
		if err := rows.Scan(&s.Teller, &s.Terminal, &since); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		s.Since = parseStamp(since)
		out = append(out, s)
	}
	return out, rows.Err()
}
