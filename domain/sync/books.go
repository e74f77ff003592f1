package sync

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"branchdesk/domain/audit"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
)

// Reasons head office refuses a journal entry record for.
var (
	ErrEntryDigest  = errors.New("分录与其审计记录的摘要不符（分录被改动）")
	ErrEntryNoAudit = errors.New("分录没有审计记录")
)

// entryRecord is an "entries" record as the terminal's table holds it.
type entryRecord struct {
	ID            int64  `json:"id"`
	Branch        string `json:"branch_id"`
	BusinessDate  string `json:"business_date"`
	Teller        string `json:"teller"`
	Seq           int    `json:"seq"`
	Kind          string `json:"kind"`
	Amount        int64  `json:"amount"`
	Account       string `json:"account"`
	Counterparty  string `json:"counterparty"`
	Memo          string `json:"memo"`
	PolicyVersion int    `json:"policy_version"`
	AuthB         string `json:"auth_b"`
	AuthA         string `json:"auth_a"`
	Reverses      *int64 `json:"reverses"`
	Reason        string `json:"reason"`
	PostedAt      string `json:"posted_at"`
	Settles       *int64 `json:"settles"`
	Responsible   string `json:"responsible"`
	CustIDType    string `json:"cust_id_type"`
	CustIDNo      string `json:"cust_id_no"`
	AgentName     string `json:"agent_name"`
	AgentIDType   string `json:"agent_id_type"`
	AgentIDNo     string `json:"agent_id_no"`
}

type legRecord struct {
	EntryID int64  `json:"entry_id"`
	Line    int    `json:"line"`
	Account string `json:"account"`
	Side    string `json:"side"`
	Amount  int64  `json:"amount"`
}

// AuditDetail is an "audit" record's detail; "" if the record has none.
func AuditDetail(rec []byte) string {
	var r struct {
		Detail string `json:"detail"`
	}
	_ = json.Unmarshal(rec, &r)
	return r.Detail
}

// EntryCheck holds a bundle's journal entries against its legs and audit
// records: the same digest and balance the terminal's audit verify checks.
type EntryCheck struct {
	digests map[int64]string // entry → digest its audit record sealed; "" for one before digests
	legs    map[int64][]ledger.Leg
}

// NewEntryCheck reads the bundle's legs and audit records.
func NewEntryCheck(legs, audits [][]byte) *EntryCheck {
	c := &EntryCheck{digests: map[int64]string{}, legs: map[int64][]ledger.Leg{}}
	for _, rec := range audits {
		if id, d := audit.PostedEntry(AuditDetail(rec)); id != 0 {
			c.digests[id] = d
		}
	}
	for _, rec := range legs {
		var l legRecord
		if json.Unmarshal(rec, &l) == nil {
			c.legs[l.EntryID] = append(c.legs[l.EntryID], ledger.Leg{Account: l.Account, Side: ledger.Side(l.Side), Amount: money.Amount(l.Amount)})
		}
	}
	return c
}

// Earlier finds what an earlier bundle of the terminal brought: the
// detail of the audit record of an entry's posting, and the entry's legs.
type Earlier interface {
	PostingDetail(entry int64) (detail string, ok bool)
	Legs(entry int64) [][]byte
}

// Check tells whether an entry record may be taken: its digest is the one
// its audit record sealed, and its legs balance and come to its amount.
// The audit record and legs not in this bundle are looked for in earlier.
func (c *EntryCheck) Check(rec []byte, earlier Earlier) (entry int64, err error) {
	var r entryRecord
	if err := json.Unmarshal(rec, &r); err != nil || r.ID < 1 {
		return 0, errors.New("分录记录无法读取")
	}
	at, err := time.Parse(time.RFC3339Nano, r.PostedAt)
	if err != nil {
		return r.ID, errors.New("分录记账时间无法读取")
	}
	e := ledger.Entry{
		ID: r.ID, Branch: r.Branch, BusinessDate: r.BusinessDate, Teller: r.Teller, Seq: r.Seq,
		Kind: ledger.Kind(r.Kind), Amount: money.Amount(r.Amount), Account: r.Account, Counterparty: r.Counterparty,
		Memo: r.Memo, PolicyVersion: r.PolicyVersion, AuthB: r.AuthB, AuthA: r.AuthA, Reason: r.Reason,
		PostedAt: at, Legs: c.legs[r.ID], Responsible: r.Responsible,
		Presenter: ledger.Presenter{
			Customer: ledger.IDDoc{Type: ledger.IDType(r.CustIDType), No: r.CustIDNo},
			Agent:    ledger.Agent{Name: r.AgentName, Doc: ledger.IDDoc{Type: ledger.IDType(r.AgentIDType), No: r.AgentIDNo}},
		},
	}
	if r.Settles != nil {
		e.Settles = *r.Settles
	}
	if len(e.Legs) == 0 {
		e.Legs = NewEntryCheck(earlier.Legs(e.ID), nil).legs[e.ID]
	}
	if r.Reverses != nil {
		e.Reverses = *r.Reverses
	}
	d, ok := c.digests[e.ID]
	if !ok {
		var detail string
		if detail, ok = earlier.PostingDetail(e.ID); ok {
			var id int64
			if id, d = audit.PostedEntry(detail); id != e.ID {
				ok = false
			}
		}
	}
	switch {
	case !ok:
		return e.ID, fmt.Errorf("第 %d 笔%w", e.ID, ErrEntryNoAudit)
	case d != "" && d != e.Digest():
		return e.ID, fmt.Errorf("第 %d 笔%w", e.ID, ErrEntryDigest)
	}
	if err := ledger.CheckPosted(e); err != nil {
		return e.ID, fmt.Errorf("第 %d 笔分录%w", e.ID, err)
	}
	return e.ID, nil
}

// LegEntry is the entry a "legs" record belongs to, or 0.
func LegEntry(rec []byte) int64 {
	var l legRecord
	_ = json.Unmarshal(rec, &l)
	return l.EntryID
}

// AuditRow reads an "audit" record.
func AuditRow(rec []byte) (audit.Row, error) {
	var r struct {
		ID     int64  `json:"id"`
		At     string `json:"at"`
		Actor  string `json:"actor"`
		Action string `json:"action"`
		Detail string `json:"detail"`
		Prev   string `json:"prev"`
		Hash   string `json:"hash"`
	}
	if err := json.Unmarshal(rec, &r); err != nil || r.ID < 1 {
		return audit.Row{}, errors.New("审计记录无法读取")
	}
	at, err := time.Parse(time.RFC3339Nano, r.At)
	if err != nil {
		return audit.Row{}, errors.New("审计记录时间无法读取")
	}
	return audit.Row{ID: r.ID, At: at, Actor: r.Actor, Action: r.Action, Detail: r.Detail, Prev: r.Prev, Hash: r.Hash}, nil
}

// ErrAuditFork refuses audit records that do not continue the chain head
// office already holds of the terminal: the trail was rewritten.
var ErrAuditFork = errors.New("审计链分叉")

// ContinueChain checks a bundle's audit records, in id order, against the
// chain: each must be sealed as written and follow the row before it,
// whose hash before gives when head office holds it. It returns how many
// records continue the chain; the rest are refused with the error.
func ContinueChain(rows []audit.Row, before func(id int64) (hash string, ok bool)) (int, error) {
	for i, r := range rows {
		if audit.Seal(r) != r.Hash {
			return i, fmt.Errorf("%w：第 %d 条审计记录的哈希与内容不符", ErrAuditFork, r.ID)
		}
		prev, ok := "", r.ID == 1
		if i > 0 && rows[i-1].ID == r.ID-1 {
			prev, ok = rows[i-1].Hash, true
		} else if !ok {
			prev, ok = before(r.ID - 1)
		}
		if ok && r.Prev != prev {
			return i, fmt.Errorf("%w：第 %d 条审计记录不接续总行已收到的第 %d 条（终端的审计记录被改写）", ErrAuditFork, r.ID, r.ID-1)
		}
	}
	return len(rows), nil
}
