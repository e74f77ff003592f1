package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

func partyString(p cash.Party) string { return string(p.Kind) + ":" + p.ID }

func parseParty(s string) cash.Party {
	k, id, _ := strings.Cut(s, ":")
	return cash.Party{Kind: cash.PartyKind(k), ID: id}
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// InsertCashMove records a movement and its denominations; m.ID is set.
func (t *Tx) InsertCashMove(m *counter.CashMove) error {
	var err error
	if m.ID, err = t.insert(`INSERT INTO cash_moves (entry_id, branch_id, business_date, kind, from_party, to_party, keeper, teller, approver, at)
		VALUES (?,?,?,?,?,?,?,?,?,?)`, m.EntryID, m.Branch, m.BusinessDate, string(m.Kind), partyString(m.From), partyString(m.To),
		m.Keeper, m.Teller, m.Approver, stamp(m.At)); err != nil {
		return err
	}
	for code, n := range m.Count {
		if n == 0 {
			continue
		}
		if err := t.exec(`INSERT INTO cash_move_lines VALUES (?,?,?)`, m.ID, code, n); err != nil {
			return err
		}
	}
	return nil
}

// CashMoves lists a branch's movements between two business dates.
func (t *Tx) CashMoves(branch, from, to string) ([]counter.CashMove, error) {
	out, err := t.moves(`SELECT m.id, m.entry_id, m.branch_id, m.business_date, m.kind, m.from_party, m.to_party,
		m.keeper, m.teller, m.approver, m.at, e.amount FROM cash_moves m JOIN entries e ON e.id = m.entry_id
		WHERE m.branch_id = ? AND m.business_date BETWEEN ? AND ? ORDER BY m.id`, branch, from, to)
	if err != nil {
		return nil, err
	}
	for i := range out {
		c, err := t.countOf(`SELECT denom, pieces FROM cash_move_lines WHERE move_id = ?`, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Count = c
	}
	return out, nil
}

// moves runs a query of cash_moves' columns, with the entry's amount
// last, and reads the movements without their counts.
func (t *Tx) moves(q string, args ...any) ([]counter.CashMove, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.CashMove
	for rows.Next() {
		var m counter.CashMove
		var kind, fp, tp, at string
		if err := rows.Scan(&m.ID, &m.EntryID, &m.Branch, &m.BusinessDate, &kind, &fp, &tp, &m.Keeper, &m.Teller, &m.Approver, &at, &m.Amount); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		m.Kind, m.From, m.To, m.At = ledger.Kind(kind), parseParty(fp), parseParty(tp), parseStamp(at)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return out, nil
}

func (t *Tx) countOf(q string, args ...any) (cash.Count, error) {
	rows, err := t.query(q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	c := cash.Count{}
	for rows.Next() {
		var code string
		var n int64
		if err := rows.Scan(&code, &n); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		c[code] += n
	}
	return c, rows.Err()
}

// VaultStock adds up every movement into and out of the vault by denomination.
func (t *Tx) VaultStock(branch string) (cash.Count, error) {
	vault := partyString(cash.Party{Kind: cash.Vault, ID: branch})
	return t.countOf(`SELECT l.denom, CAST(SUM(CASE WHEN m.to_party = ?1 THEN l.pieces ELSE -l.pieces END) AS BIGINT)
		FROM cash_move_lines l JOIN cash_moves m ON m.id = l.move_id
		WHERE m.branch_id = ?2 AND (m.to_party = ?1 OR m.from_party = ?1) GROUP BY l.denom`, vault, branch)
}

// LastCashMove is the newest movement of a branch, or 0.
func (t *Tx) LastCashMove(branch string) (int64, error) {
	var id int64
	err := t.row(`SELECT COALESCE(MAX(id), 0) FROM cash_moves WHERE branch_id = ?`, branch).Scan(&id)
	return id, notFound(err)
}

// CashFlows is an internal (asset) account's balance before date, and the
// debits and credits each kind of entry made to it on date.
func (t *Tx) CashFlows(account, date string) (money.Amount, []counter.Flow, error) {
	var opening money.Amount
	err := t.row(`SELECT CAST(COALESCE(SUM(CASE l.side WHEN 'D' THEN l.amount ELSE -l.amount END), 0) AS BIGINT)
		FROM legs l JOIN entries e ON e.id = l.entry_id WHERE l.account = ? AND e.business_date < ?`, account, date).Scan(&opening)
	if err := notFound(err); err != nil {
		return 0, nil, err
	}
	rows, err := t.query(`SELECT e.kind, l.side, CAST(SUM(l.amount) AS BIGINT), COUNT(*) FROM legs l JOIN entries e ON e.id = l.entry_id
		WHERE l.account = ? AND e.business_date = ? GROUP BY e.kind, l.side ORDER BY e.kind, l.side`, account, date)
	if err != nil {
		return 0, nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var flows []counter.Flow
	for rows.Next() {
		var f counter.Flow
		var kind, side string
		if err := rows.Scan(&kind, &side, &f.Amount, &f.Count); err != nil {
			return 0, nil, fmt.Errorf("store: %w", err)
		}
		f.Kind, f.Side = ledger.Kind(kind), ledger.Side(side)
		flows = append(flows, f)
	}
	return opening, flows, rows.Err()
}

// LastEntryTouching is the newest entry with a leg on account, or 0.
func (t *Tx) LastEntryTouching(account string) (int64, error) {
	var id int64
	err := t.row(`SELECT COALESCE(MAX(entry_id), 0) FROM legs WHERE account = ?`, account).Scan(&id)
	return id, notFound(err)
}

// PutBoxLimit sets a teller's cash-box limit.
func (t *Tx) PutBoxLimit(teller string, max money.Amount) error {
	return t.exec(`INSERT INTO box_limits VALUES (?, ?) ON CONFLICT(teller) DO UPDATE SET max = excluded.max`, teller, int64(max))
}

// Days lists the teller days of a branch on a date.
func (t *Tx) Days(branch, date string) ([]counter.TellerDay, error) {
	rows, err := t.query(`SELECT teller, state, sign_ins FROM teller_days WHERE branch_id = ? AND business_date = ? ORDER BY teller`, branch, date)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	var out []counter.TellerDay
	for rows.Next() {
		d := counter.TellerDay{Branch: branch, BusinessDate: date}
		var st string
		if err := rows.Scan(&d.Teller, &st, &d.SignIns); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		d.State = counter.DayState(st)
		out = append(out, d)
	}
	return out, rows.Err()
}
