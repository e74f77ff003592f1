package counter

import (
	"context"
	"errors"
	"slices"
	"time"

	"branchdesk/domain/cash"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
)

// Errors of reports.
var (
	ErrReportDates     = errors.New("报表日期须为 YYYY-MM-DD，且起始日期不能晚于截止日期")
	ErrNotBranchTeller = errors.New("柜员不属于本网点")
)

// Person is someone a report names: the id, and the name if the user is known.
type Person struct {
	ID, Name string
}

// Label is "1001 张三", the bare id for an unknown user, "" for nobody.
func (p Person) Label() string {
	if p.Name == "" {
		return p.ID
	}
	return p.ID + " " + p.Name
}

// person resolves a user id to a name; a user since deleted keeps the id.
func person(tx Tx, id string) (Person, error) {
	if id == "" {
		return Person{}, nil
	}
	u, err := tx.User(id)
	if errors.Is(err, ErrNotFound) {
		return Person{ID: id}, nil
	}
	if err != nil {
		return Person{}, err
	}
	return Person{ID: u.ID, Name: u.Name}, nil
}

// CashLine is one denomination of a count: pieces and what they are worth.
type CashLine struct {
	Denomination cash.Denomination
	Pieces       int64
	Amount       money.Amount
}

// cashLines lists every regular denomination, and an optional one only
// when it has pieces, in the order of cash.Denominations.
func cashLines(c cash.Count) []CashLine {
	var out []CashLine
	for _, d := range cash.Denominations() {
		n := c[d.Code]
		if d.Optional && n == 0 {
			continue
		}
		out = append(out, CashLine{Denomination: d, Pieces: n, Amount: d.Face * money.Amount(n)})
	}
	return out
}

// MoveLine is a cash movement as a report shows it, with its parties in
// words and its people named.
type MoveLine struct {
	Move     CashMove
	From, To string // "总库", "柜员钱箱 1001 张三", "支行 0100"
	Keeper   Person // the vault keeper who operated it
	Teller   Person // the teller who confirmed it
	Approver Person // the A who approved a transfer with the sub-branch, or a difference
	SignedB  Person // the B who signed a vault difference off
}

func moveLine(tx Tx, m CashMove) (MoveLine, error) {
	out := MoveLine{Move: m}
	var err error
	if out.From, err = partyLabel(tx, m.From); err != nil {
		return out, err
	}
	if out.To, err = partyLabel(tx, m.To); err != nil {
		return out, err
	}
	if out.Keeper, err = person(tx, m.Keeper); err != nil {
		return out, err
	}
	if out.Teller, err = person(tx, m.Teller); err != nil {
		return out, err
	}
	if out.Approver, err = person(tx, m.Approver); err != nil {
		return out, err
	}
	if (m.Kind == ledger.CashShortage || m.Kind == ledger.CashOverage) && m.EntryID != 0 {
		e, err := tx.Entry(m.EntryID)
		if err != nil {
			return out, err
		}
		out.SignedB, err = person(tx, e.AuthB)
		return out, err
	}
	return out, nil
}

func partyLabel(tx Tx, p cash.Party) (string, error) {
	switch p.Kind {
	case cash.Vault, cash.Suspense:
		return p.Kind.Title(), nil
	case cash.TellerBox:
		who, err := person(tx, p.ID)
		return p.Kind.Title() + " " + who.Label(), err
	}
	return p.Kind.Title() + " " + p.ID, nil
}

// KindLine is one kind of business in a day's figures: the entries posted
// and, counted apart, the reversals (冲正) of that kind.
type KindLine struct {
	Kind           ledger.Kind // "" on the totals line
	Count          int
	Amount         money.Amount
	Reversals      int
	ReversedAmount money.Amount
}

// VoucherSummary is what a teller did with one voucher type on a day.
type VoucherSummary struct {
	Type               voucher.Type
	Used, Sold, Voided int64
	OnHand             int64 // blanks in hand at the balance, or now on the open day; -1 if unknown
	Counted            int64 // blanks counted at the balance; -1 if not balanced
}

// VoucherLine is one event of the voucher register (登记簿), with its
// number as printed and its people named.
type VoucherLine struct {
	Event         voucher.Event
	Type          voucher.Type
	Number        string // as printed, e.g. "CZ00000012"
	Teller        Person // the teller holding it
	By            Person // who did the step
	SealCheckedBy Person // sold: who checked the customer's reserved seal
	Authorizer    Person // voided: who authorized the void
}

func voucherLine(tx Tx, types map[string]voucher.Type, e voucher.Event) (VoucherLine, error) {
	t, ok := types[e.Type]
	if !ok { // a type since removed: its code stands for its name
		t = voucher.Type{Code: e.Type, Name: e.Type, Digits: 1, Unit: "张"}
	}
	l := VoucherLine{Event: e, Type: t, Number: t.Format(e.Number)}
	var err error
	if l.Teller, err = person(tx, e.Teller); err != nil {
		return l, err
	}
	if l.By, err = person(tx, e.By); err != nil {
		return l, err
	}
	if l.SealCheckedBy, err = person(tx, e.SealCheckedBy); err != nil {
		return l, err
	}
	l.Authorizer, err = person(tx, e.Authorizer)
	return l, err
}

func typeMap(tx Tx) ([]voucher.Type, map[string]voucher.Type, error) {
	types, err := tx.VoucherTypes()
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]voucher.Type, len(types))
	for _, t := range types {
		m[t.Code] = t
	}
	return types, m, nil
}

// TellerDayReport is a teller's end-of-day report (柜员日终报表): the box in
// figures, the count by denomination against the expected total, the cash
// moved with the vault, the business done, the vouchers written off, and
// the difference with who signed it.
type TellerDayReport struct {
	Branch Branch
	Date   string
	Teller Person
	State  DayState // "" if the teller never signed in that day

	// Position is the box as the system has it. Its Expected includes any
	// suspense entry of a difference; Balance.Expected is before it.
	Position Position
	// Balance is the day's latest balance (轧账), or nil if not balanced.
	Balance   *TellerBalance
	SignedB   Person // who signed the difference off
	ApprovedA Person // who approved the suspense entry
	// Cash is the balance's count by denomination; the system knows only
	// the expected total, not what it is made of.
	Cash     []CashLine
	Expected money.Amount // what the box should hold before any difference
	Counted  money.Amount
	Diff     cash.Difference

	Moves          []MoveLine // the box's movements with the vault
	Business       []KindLine // by kind, in ledger.Kinds order
	BusinessTotal  KindLine
	Vouchers       []VoucherSummary
	VoucherNumbers []VoucherLine // used, sold and voided, in order
}

// Balanced reports whether the teller balanced the box that day.
func (r TellerDayReport) Balanced() bool { return r.Balance != nil }

// GatherTellerDay reads a teller's day for the end-of-day report; date ""
// is the branch's business date.
func GatherTellerDay(tx Tx, branch, teller, date string) (TellerDayReport, error) {
	b, err := tx.Branch(branch)
	if err != nil {
		return TellerDayReport{}, msg.Errorf("%w：网点 %s", err, branch)
	}
	if date == "" {
		date = b.BusinessDate
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return TellerDayReport{}, msg.Errorf("%w：%q", ErrReportDates, date)
	}
	u, err := tx.User(teller)
	if err != nil {
		return TellerDayReport{}, msg.Errorf("%w：柜员 %s", err, teller)
	}
	if u.Branch != b.ID {
		return TellerDayReport{}, msg.Errorf("%w：柜员 %s", ErrNotBranchTeller, u.Label())
	}
	r := TellerDayReport{Branch: b, Date: date, Teller: Person{ID: u.ID, Name: u.Name}}
	switch d, err := tx.Day(teller, date); {
	case err == nil:
		r.State = d.State
	case !errors.Is(err, ErrNotFound):
		return r, err
	}
	day := b
	day.BusinessDate = date
	if r.Position, err = position(tx, day, teller); err != nil {
		return r, err
	}
	r.Expected = r.Position.Expected
	if bal := r.Position.Latest; bal != nil {
		r.Balance = bal
		r.Expected, r.Counted, r.Diff = bal.Expected, bal.Counted, cash.Difference{Amount: bal.Diff}
		if r.SignedB, err = person(tx, bal.SignedB); err != nil {
			return r, err
		}
		if r.ApprovedA, err = person(tx, bal.ApprovedA); err != nil {
			return r, err
		}
	}
	var count cash.Count
	if r.Balance != nil {
		count = r.Balance.Count
	}
	r.Cash = cashLines(count)

	moves, err := tx.CashMoves(b.ID, date, date)
	if err != nil {
		return r, err
	}
	for _, m := range moves {
		if (m.From.Kind != cash.TellerBox || m.From.ID != teller) && (m.To.Kind != cash.TellerBox || m.To.ID != teller) {
			continue
		}
		ml, err := moveLine(tx, m)
		if err != nil {
			return r, err
		}
		r.Moves = append(r.Moves, ml)
	}

	if r.Business, r.BusinessTotal, err = businessByKind(tx, b.ID, teller, date); err != nil {
		return r, err
	}
	if r.Vouchers, r.VoucherNumbers, err = tellerVouchers(tx, b, r.Position, r.Balance); err != nil {
		return r, err
	}
	return r, nil
}

// businessByKind counts the teller's business of the day by kind; a
// reversal counts on its own line, never against the original.
func businessByKind(tx Tx, branch, teller, date string) ([]KindLine, KindLine, error) {
	entries, err := tx.Journal(JournalFilter{Branch: branch, BusinessDate: date, Teller: teller})
	if err != nil {
		return nil, KindLine{}, err
	}
	byKind := map[ledger.Kind]*KindLine{}
	var total KindLine
	for _, e := range entries {
		if !e.Kind.IsBusiness() {
			continue // vault movements and suspense entries are shown apart
		}
		l := byKind[e.Kind]
		if l == nil {
			l = &KindLine{Kind: e.Kind}
			byKind[e.Kind] = l
		}
		if e.IsReversal() {
			l.Reversals++
			l.ReversedAmount += e.Amount
			total.Reversals++
			total.ReversedAmount += e.Amount
			continue
		}
		l.Count++
		l.Amount += e.Amount
		total.Count++
		total.Amount += e.Amount
	}
	var out []KindLine
	for _, k := range ledger.Kinds {
		if l := byKind[k]; l != nil {
			out = append(out, *l)
		}
	}
	return out, total, nil
}

// tellerVouchers is what the teller wrote off of each type on the day of
// p, number by number. What is in hand comes from the balance, or, without
// one, from the holding now if that day is the open business day.
func tellerVouchers(tx Tx, b Branch, p Position, bal *TellerBalance) ([]VoucherSummary, []VoucherLine, error) {
	teller, date := p.Teller, p.BusinessDate
	types, byCode, err := typeMap(tx)
	if err != nil {
		return nil, nil, err
	}
	events, err := tx.VoucherEvents(b.ID, "", date, date)
	if err != nil {
		return nil, nil, err
	}
	var lines []VoucherLine
	sums := map[string]*VoucherSummary{}
	for _, e := range events {
		if e.Teller != teller || !e.State.Final() {
			continue
		}
		l, err := voucherLine(tx, byCode, e)
		if err != nil {
			return nil, nil, err
		}
		lines = append(lines, l)
		s := sums[e.Type]
		if s == nil {
			s = &VoucherSummary{}
			sums[e.Type] = s
		}
		switch e.State {
		case voucher.Used:
			s.Used++
		case voucher.Sold:
			s.Sold++
		case voucher.Voided:
			s.Voided++
		}
	}
	counted := map[string]VoucherCount{}
	if bal != nil {
		for _, v := range bal.Vouchers {
			counted[v.Type] = v
		}
	}
	var out []VoucherSummary
	for _, t := range types {
		s := VoucherSummary{OnHand: -1, Counted: -1}
		if got := sums[t.Code]; got != nil {
			s = *got
			s.OnHand, s.Counted = -1, -1
		}
		s.Type = t
		if v, ok := counted[t.Code]; ok {
			s.OnHand, s.Counted = v.System, v.Physical
		} else if bal != nil {
			s.OnHand, s.Counted = 0, 0 // balanced with none of this type in hand
		} else if date == b.BusinessDate {
			s.OnHand = 0
			for _, vp := range p.Vouchers {
				if vp.Type.Code == t.Code {
					s.OnHand = vp.OnHand
				}
			}
		}
		if s.Used != 0 || s.Sold != 0 || s.Voided != 0 || s.OnHand > 0 || s.Counted > 0 {
			out = append(out, s)
		}
	}
	return out, lines, nil
}

// VaultLine is one denomination of the vault over a date range: stock at
// the start, pieces in and out, and stock at the end.
type VaultLine struct {
	Denomination              cash.Denomination
	Opening, In, Out, Closing int64
}

// VaultCheck is one count of the vault against the system (碰库), line
// by line.
type VaultCheck struct {
	Count  VaultCount
	Keeper Person
	Lines  []cash.Line
}

// VaultReport is the vault's report (总库报表) over a date range: stock by
// denomination at both ends, every movement with its people, and each
// day's latest vault count.
type VaultReport struct {
	Branch                    Branch
	From, To                  string
	Keeper                    Person // the vault keeper named in the settings, if one is
	Lines                     []VaultLine
	Opening, In, Out, Closing money.Amount
	Moves                     []MoveLine
	Checks                    []VaultCheck
}

// reportRange checks a date range; "" is the branch's business date.
func reportRange(b Branch, from, to string) (string, string, error) {
	if from == "" {
		from = b.BusinessDate
	}
	if to == "" {
		to = b.BusinessDate
	}
	f, err1 := time.Parse(time.DateOnly, from)
	t, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return "", "", msg.Errorf("%w：%s 至 %s", ErrReportDates, from, to)
	}
	return from, to, nil
}

// GatherVault reads the vault's movements and counts between two business
// dates ("" for the branch's business date).
func GatherVault(tx Tx, branch, from, to string) (VaultReport, error) {
	b, err := tx.Branch(branch)
	if err != nil {
		return VaultReport{}, msg.Errorf("%w：网点 %s", err, branch)
	}
	if from, to, err = reportRange(b, from, to); err != nil {
		return VaultReport{}, err
	}
	r := VaultReport{Branch: b, From: from, To: to}
	if id, err := settingOr(tx, SettingVaultKeeper, ""); err != nil {
		return r, err
	} else if r.Keeper, err = person(tx, id); err != nil {
		return r, err
	}
	// Every movement up to the end: those before the range make the opening stock.
	moves, err := tx.CashMoves(b.ID, "0000-01-01", to)
	if err != nil {
		return r, err
	}
	vault := cash.Party{Kind: cash.Vault, ID: b.ID}
	opening, in, out := cash.Count{}, cash.Count{}, cash.Count{}
	dates := map[string]bool{}
	for _, m := range moves {
		sign := int64(0)
		switch vault {
		case m.To:
			sign = 1
		case m.From:
			sign = -1
		}
		if m.BusinessDate < from {
			for code, n := range m.Count {
				opening[code] += sign * n
			}
			continue
		}
		dates[m.BusinessDate] = true
		for code, n := range m.Count {
			if sign > 0 {
				in[code] += n
			} else if sign < 0 {
				out[code] += n
			}
		}
		ml, err := moveLine(tx, m)
		if err != nil {
			return r, err
		}
		r.Moves = append(r.Moves, ml)
	}
	for _, d := range cash.Denominations() {
		l := VaultLine{Denomination: d, Opening: opening[d.Code], In: in[d.Code], Out: out[d.Code]}
		l.Closing = l.Opening + l.In - l.Out
		if d.Optional && l.Opening == 0 && l.In == 0 && l.Out == 0 {
			continue
		}
		r.Lines = append(r.Lines, l)
		r.Opening += d.Face * money.Amount(l.Opening)
		r.In += d.Face * money.Amount(l.In)
		r.Out += d.Face * money.Amount(l.Out)
		r.Closing += d.Face * money.Amount(l.Closing)
	}

	// The vault is counted only on an open business day: a closed one, or today.
	closes, err := tx.BranchCloses(b.ID)
	if err != nil {
		return r, err
	}
	dates[b.BusinessDate] = true
	for _, c := range closes {
		dates[c.BusinessDate] = true
	}
	var days []string
	for d := range dates {
		if d >= from && d <= to {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	for _, d := range days {
		c, err := tx.LatestVaultCount(b.ID, d)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return r, err
		}
		chk := VaultCheck{Count: c}
		if chk.Lines, err = cash.CompareByDenomination(c.System, c.Physical); err != nil {
			return r, err
		}
		if chk.Keeper, err = person(tx, c.Keeper); err != nil {
			return r, err
		}
		r.Checks = append(r.Checks, chk)
	}
	return r, nil
}

// StateCount is how many events of one state a register holds.
type StateCount struct {
	State voucher.State
	Count int
}

// VoucherRegisterReport is the blank-voucher register (重要空白凭证登记簿)
// of one type, or all, between two business dates.
type VoucherRegisterReport struct {
	Branch   Branch
	Type     *voucher.Type // nil for every type
	From, To string
	Lines    []VoucherLine
	ByState  []StateCount // in the order of a number's life; states with no event left out
}

// GatherVoucherRegister reads every voucher event of typ ("" for all)
// between two business dates ("" for the branch's business date).
func GatherVoucherRegister(tx Tx, branch, typ, from, to string) (VoucherRegisterReport, error) {
	b, err := tx.Branch(branch)
	if err != nil {
		return VoucherRegisterReport{}, msg.Errorf("%w：网点 %s", err, branch)
	}
	if from, to, err = reportRange(b, from, to); err != nil {
		return VoucherRegisterReport{}, err
	}
	r := VoucherRegisterReport{Branch: b, From: from, To: to}
	_, byCode, err := typeMap(tx)
	if err != nil {
		return r, err
	}
	if typ != "" {
		t, ok := byCode[typ]
		if !ok {
			return r, msg.Errorf("%w：%s", voucher.ErrUnknownType, typ)
		}
		r.Type = &t
	}
	events, err := tx.VoucherEvents(b.ID, typ, from, to)
	if err != nil {
		return r, err
	}
	counts := map[voucher.State]int{}
	for _, e := range events {
		l, err := voucherLine(tx, byCode, e)
		if err != nil {
			return r, err
		}
		r.Lines = append(r.Lines, l)
		counts[e.State]++
	}
	for _, s := range []voucher.State{voucher.Received, voucher.Issued, voucher.Used, voucher.Sold, voucher.Voided, voucher.Returned} {
		if counts[s] > 0 {
			r.ByState = append(r.ByState, StateCount{State: s, Count: counts[s]})
		}
	}
	return r, nil
}

// TellerDayReport is the end-of-day report of a teller ("" for oneself)
// on the branch's business date. A clerk sees only their own; a B or A
// any teller's of the branch.
func (s *Service) TellerDayReport(ctx context.Context, sess *Session, teller string) (TellerDayReport, error) {
	if sess == nil {
		return TellerDayReport{}, ErrNoSession
	}
	if teller == "" {
		teller = sess.user.ID
	}
	if teller != sess.user.ID && sess.user.Level == staff.LevelC {
		return TellerDayReport{}, ErrNotPermitted
	}
	var r TellerDayReport
	err := s.store.View(ctx, func(tx Tx) (err error) {
		r, err = GatherTellerDay(tx, sess.branch.ID, teller, "")
		return err
	})
	return r, err
}

// VaultReport is the vault's report between two business dates, for a B or A.
func (s *Service) VaultReport(ctx context.Context, sess *Session, from, to string) (VaultReport, error) {
	if sess == nil {
		return VaultReport{}, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return VaultReport{}, ErrNotSupervisor
	}
	var r VaultReport
	err := s.store.View(ctx, func(tx Tx) (err error) {
		r, err = GatherVault(tx, sess.branch.ID, from, to)
		return err
	})
	return r, err
}

// VoucherRegisterReport is the voucher register of typ ("" for all)
// between two business dates, for a B or A.
func (s *Service) VoucherRegisterReport(ctx context.Context, sess *Session, typ, from, to string) (VoucherRegisterReport, error) {
	if sess == nil {
		return VoucherRegisterReport{}, ErrNoSession
	}
	if sess.user.Level == staff.LevelC {
		return VoucherRegisterReport{}, ErrNotSupervisor
	}
	var r VoucherRegisterReport
	err := s.store.View(ctx, func(tx Tx) (err error) {
		r, err = GatherVoucherRegister(tx, sess.branch.ID, typ, from, to)
		return err
	})
	return r, err
}
