package bundle

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/sync"
)

// hqSuspenseTables keep head office's decisions on the branches' suspense
// items (第十四条: 报上级业务管理部门批准) — a refusal, an approval, or a
// refusal then an approval (ledger.Decision.Follows) — and the config
// version each went down in: both insert-only.
var hqSuspenseTables = []string{
	`CREATE TABLE suspense_decisions (branch_id TEXT NOT NULL, item INTEGER NOT NULL, terminal TEXT NOT NULL,
		kind TEXT NOT NULL, amount INTEGER NOT NULL, business_date TEXT NOT NULL, approved INTEGER NOT NULL,
		decided_by TEXT NOT NULL, ref TEXT NOT NULL, reason TEXT NOT NULL, decided_at TEXT NOT NULL,
		PRIMARY KEY (branch_id, item, approved))`,
	`CREATE TABLE suspense_decisions_sent (branch_id TEXT NOT NULL, item INTEGER NOT NULL, approved INTEGER NOT NULL,
		config_version INTEGER NOT NULL, PRIMARY KEY (branch_id, item, approved),
		FOREIGN KEY (branch_id, item, approved) REFERENCES suspense_decisions (branch_id, item, approved))`,
	hqImmutable("suspense_decisions", "UPDATE"), hqImmutable("suspense_decisions", "DELETE"),
	hqImmutable("suspense_decisions_sent", "UPDATE"), hqImmutable("suspense_decisions_sent", "DELETE"),
}

func hqImmutable(table, what string) string {
	return fmt.Sprintf(`CREATE TRIGGER %[1]s_no_%[2]s BEFORE %[3]s ON %[1]s BEGIN SELECT RAISE(ABORT, '%[1]s: decisions are never changed or deleted'); END`,
		table, strings.ToLower(what), what)
}

// HQSuspenseItem is a branch's suspense item as head office holds it: the
// overage or shortage entry the branch sent up, what the branch reported
// resolving of it, and head office's decision.
type HQSuspenseItem struct {
	Branch, Terminal string
	Item             int64
	Kind             ledger.Kind
	Amount, Resolved money.Amount
	BusinessDate     string
	Teller, Reason   string
	Decision         *ledger.Decision // nil: 待上级批准
	SentIn           int64            // the config version the decision went down in; 0 not yet
}

// Open is what the branch has not reported resolving.
func (i HQSuspenseItem) Open() money.Amount { return i.Amount - i.Resolved }

// SuspenseItems lists every branch's suspense items (one branch's when
// branch is not ""), by branch and item, with head office's decisions.
func (h *HQ) SuspenseItems(ctx context.Context, branch string) ([]HQSuspenseItem, error) {
	return h.suspenseItems(ctx, h.db, branch, 0)
}

// rowsQuerier is the store or a transaction of it.
type rowsQuerier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (h *HQ) suspenseItems(ctx context.Context, q rowsQuerier, branch string, item int64) ([]HQSuspenseItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.branch, r.terminal, r.rid, json_extract(r.data, '$.kind'), json_extract(r.data, '$.amount'),
			json_extract(r.data, '$.business_date'), IFNULL(json_extract(r.data, '$.teller'), ''), IFNULL(json_extract(r.data, '$.reason'), ''),
			(SELECT IFNULL(SUM(json_extract(s.data, '$.amount')), 0) FROM records s
				WHERE s.terminal = r.terminal AND s.type = 'entries' AND json_extract(s.data, '$.settles') = r.rid),
			d.approved, IFNULL(d.decided_by, ''), IFNULL(d.ref, ''), IFNULL(d.reason, ''), IFNULL(d.decided_at, ''),
			IFNULL(d.kind, ''), IFNULL(d.amount, 0), IFNULL(d.business_date, ''), IFNULL(x.config_version, 0)
		FROM records r
		LEFT JOIN suspense_decisions d ON d.branch_id = r.branch AND d.item = r.rid AND d.terminal = r.terminal
			AND d.approved = (SELECT MAX(approved) FROM suspense_decisions m
				WHERE m.branch_id = r.branch AND m.item = r.rid AND m.terminal = r.terminal)
		LEFT JOIN suspense_decisions_sent x ON x.branch_id = d.branch_id AND x.item = d.item AND x.approved = d.approved
		WHERE r.type = 'entries' AND json_extract(r.data, '$.kind') IN (?, ?)
			AND (? = '' OR r.branch = ?) AND (? = 0 OR r.rid = ?)
		ORDER BY r.branch, r.rid, r.terminal`,
		string(ledger.CashOverage), string(ledger.CashShortage), branch, branch, item, item)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	var out []HQSuspenseItem
	for rows.Next() {
		var i HQSuspenseItem
		var kind, by, ref, reason, at, dKind, dDate string
		var approved sql.NullBool
		var dAmount int64
		if err := rows.Scan(&i.Branch, &i.Terminal, &i.Item, &kind, &i.Amount, &i.BusinessDate, &i.Teller, &i.Reason, &i.Resolved,
			&approved, &by, &ref, &reason, &at, &dKind, &dAmount, &dDate, &i.SentIn); err != nil {
			return nil, fmt.Errorf("bundle: 总行库中的挂账记录缺少字段：%w", err)
		}
		i.Kind = ledger.Kind(kind)
		if approved.Valid {
			t, _ := time.Parse(time.RFC3339Nano, at)
			i.Decision = &ledger.Decision{Item: i.Item, Terminal: i.Terminal, Kind: ledger.Kind(dKind), Amount: money.Amount(dAmount), BusinessDate: dDate,
				Approved: approved.Bool, By: by, Ref: ref, Reason: reason, At: t}
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// DecisionsSentIn counts the decisions config version of branch carried:
// a refusal and the approval that followed it are two.
func (h *HQ) DecisionsSentIn(ctx context.Context, branch string, version int64) (int, error) {
	var n int
	if err := h.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM suspense_decisions_sent WHERE branch_id = ? AND config_version = ?`,
		branch, version).Scan(&n); err != nil {
		return 0, fmt.Errorf("bundle: %w", err)
	}
	return n, nil
}

// DecideSuspense records head office's decision on item d.Item of branch:
// the item must be an overage or shortage entry head office received from
// the branch, and d must follow the decision it has (an approval after a
// refusal; ledger.Decision.Follows). Who decided, the reference or the
// reason are d's; the item's kind, amount, date and the time are filled
// in. Nothing is changed on a refusal.
func (h *HQ) DecideSuspense(ctx context.Context, branch string, d ledger.Decision) (HQSuspenseItem, error) {
	d.By, d.Ref, d.Reason = strings.TrimSpace(d.By), strings.TrimSpace(d.Ref), strings.TrimSpace(d.Reason)
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		return HQSuspenseItem{}, fmt.Errorf("bundle: %w", err)
	}
	defer tx.Rollback()
	var kind, elsewhere string
	err = tx.QueryRowContext(ctx, `SELECT IFNULL(json_extract(data, '$.kind'), '') FROM records WHERE type = 'entries' AND branch = ? AND rid = ?
		ORDER BY json_extract(data, '$.kind') IN (?, ?) DESC LIMIT 1`,
		branch, d.Item, string(ledger.CashOverage), string(ledger.CashShortage)).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		// Another branch's item of that number is not this branch's.
		_ = tx.QueryRowContext(ctx, `SELECT IFNULL(group_concat(DISTINCT branch), '') FROM records
			WHERE type = 'entries' AND rid = ? AND json_extract(data, '$.kind') IN (?, ?)`,
			d.Item, string(ledger.CashOverage), string(ledger.CashShortage)).Scan(&elsewhere)
		if elsewhere != "" {
			return HQSuspenseItem{}, msg.Errorf("%w（网点 %s 挂账 #%d；该编号的挂账属网点 %s）", sync.ErrSuspenseUnknown, branch, d.Item, elsewhere)
		}
		return HQSuspenseItem{}, msg.Errorf("%w（网点 %s 挂账 #%d）", sync.ErrSuspenseUnknown, branch, d.Item)
	}
	if err != nil {
		return HQSuspenseItem{}, fmt.Errorf("bundle: %w", err)
	}
	if k := ledger.Kind(kind); !k.IsSuspense() {
		return HQSuspenseItem{}, msg.Errorf("%w（网点 %s #%d 为%s）", ledger.ErrNotSuspense, branch, d.Item, k.Title())
	}
	items, err := h.suspenseItems(ctx, tx, branch, d.Item)
	if err != nil {
		return HQSuspenseItem{}, err
	}
	if len(items) != 1 {
		return HQSuspenseItem{}, msg.Errorf("%w（网点 %s 挂账 #%d，%d 台终端）", sync.ErrSuspenseAmbiguous, branch, d.Item, len(items))
	}
	i := items[0]
	if err := d.Follows(i.Decision); err != nil {
		return HQSuspenseItem{}, msg.Errorf("%w（网点 %s 挂账 #%d：%s）", err, branch, d.Item, i.Decision.Message())
	}
	d.Terminal, d.Kind, d.Amount, d.BusinessDate, d.At = i.Terminal, i.Kind, i.Amount, i.BusinessDate, h.clock.Now().UTC()
	if err := d.Validate(); err != nil {
		return HQSuspenseItem{}, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO suspense_decisions (branch_id, item, terminal, kind, amount, business_date, approved,
		decided_by, ref, reason, decided_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		branch, d.Item, i.Terminal, string(d.Kind), int64(d.Amount), d.BusinessDate, d.Approved, d.By, d.Ref, d.Reason,
		d.At.Format(time.RFC3339Nano)); err != nil {
		return HQSuspenseItem{}, fmt.Errorf("bundle: %w", err)
	}
	i.Decision = &d
	return i, tx.Commit()
}

// unsentDecisions are branch's decisions no config bundle carried yet,
// by item, a refusal before the approval that followed it.
func unsentDecisions(ctx context.Context, tx *sql.Tx, branch string) ([]ledger.Decision, error) {
	rows, err := tx.QueryContext(ctx, `SELECT item, terminal, kind, amount, business_date, approved, decided_by, ref, reason, decided_at
		FROM suspense_decisions d WHERE branch_id = ?
		AND NOT EXISTS (SELECT 1 FROM suspense_decisions_sent x WHERE x.branch_id = d.branch_id AND x.item = d.item
			AND x.approved = d.approved)
		ORDER BY item, approved`, branch)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	defer rows.Close()
	var out []ledger.Decision
	for rows.Next() {
		var d ledger.Decision
		var kind, at string
		if err := rows.Scan(&d.Item, &d.Terminal, &kind, &d.Amount, &d.BusinessDate, &d.Approved, &d.By, &d.Ref, &d.Reason, &at); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		d.Kind = ledger.Kind(kind)
		if d.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
