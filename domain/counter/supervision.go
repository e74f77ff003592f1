package counter

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// 第七条四 事后监督: before the branch's day end a B or A who did not make
// them checks every teller's business of the day, item by item or a whole
// day at once with its exceptions seen one by one.

// SettingSupervisionNextMorning on makes 事后监督 next-morning, as banks
// do: the close does not wait for it, the next day's sign-ins do. Default off.
const SettingSupervisionNextMorning = "supervision_next_morning"

// SupervisionPendingError refuses a sign-in while the previous business
// day's journals are not supervised (next-morning supervision).
type SupervisionPendingError struct {
	Date    string
	Pending int
}

func (e *SupervisionPendingError) Error() string { return e.Message().String() }

// Message is the refusal with the day and how many entries wait.
func (e *SupervisionPendingError) Message() msg.Text {
	return msg.Sprintf("上一营业日 %s 的柜员流水尚未完成事后监督（%d 笔未监督），今日不能签到：请B级或A级柜员先在“复核监督”中完成监督", e.Date, e.Pending)
}

// Unwrap is ErrSupervisionPending.
func (e *SupervisionPendingError) Unwrap() error { return ErrSupervisionPending }

// CheckSupervisor is 事后监督's: a B or an A who is not the maker.
func CheckSupervisor(u staff.User, teller string) error {
	if u.Level == staff.LevelC {
		return ErrNotSupervisor
	}
	if u.ID == teller {
		return ErrSuperviseOwn
	}
	return nil
}

// SupervisedEntry is one entry of a teller's journal under 事后监督.
type SupervisedEntry struct {
	Entry      ledger.Entry
	Exceptions []string // why it must be looked at one by one
	Why        msg.List // the Exceptions with their figures apart, for a screen in another language
	By         string   // who supervised it; "" while not
}

// TellerJournal is one teller's business of a day under 事后监督.
type TellerJournal struct {
	Teller       string
	Name         string
	BusinessDate string
	Entries      []SupervisedEntry
}

// Pending is how many entries are not supervised yet.
func (j TellerJournal) Pending() int {
	n := 0
	for _, e := range j.Entries {
		if e.By == "" {
			n++
		}
	}
	return n
}

// Exceptions are the entries with exceptions, which a whole-day
// supervision must see one by one.
func (j TellerJournal) Exceptions() []SupervisedEntry {
	var out []SupervisedEntry
	for _, e := range j.Entries {
		if len(e.Exceptions) > 0 {
			out = append(out, e)
		}
	}
	return out
}

// exceptions say why an entry must be looked at by itself: authorized,
// reversed or reversing, cash at or above the C limit, a day-end difference.
func exceptions(tx Tx, limits map[ledger.Kind]money.Amount, e ledger.Entry) (msg.List, error) {
	var out msg.List
	if Authorized(e) {
		out = append(out, msg.Sprintf("授权业务（B:%s A:%s）", dash(e.AuthB), dash(e.AuthA)))
	}
	if e.IsReversal() {
		out = append(out, msg.Sprintf("冲正 #%d", e.Reverses))
	}
	if e.ReversedBy != 0 {
		out = append(out, msg.Sprintf("已被 #%d 冲正", e.ReversedBy))
	}
	if e.Kind.IsBusiness() && e.Kind.IsCash() {
		l, ok := limits[e.Kind]
		if !ok {
			_, lim, err := tx.LimitAt(e.BusinessDate, e.Kind)
			if err != nil {
				return nil, err
			}
			l = lim.CLimit
			limits[e.Kind] = l
		}
		if e.Amount >= l {
			out = append(out, msg.Sprintf("大额现金（达到C级限额 %s）", l))
		}
	}
	vault := e.OnVault()
	switch {
	case e.Kind == ledger.CashOverage && vault:
		out = append(out, msg.Sprintf("碰库差错：长款挂账"))
	case e.Kind == ledger.CashShortage && vault:
		out = append(out, msg.Sprintf("碰库差错：短款挂账"))
	case e.Kind == ledger.CashOverage:
		out = append(out, msg.Sprintf("轧账差错：长款挂账"))
	case e.Kind == ledger.CashShortage:
		out = append(out, msg.Sprintf("轧账差错：短款挂账"))
	}
	return out, nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// supervision is every teller's journal of a branch's day, by teller.
func supervision(tx Tx, branch, date string) ([]TellerJournal, error) {
	entries, reviews, err := reviewedDay(tx, branch, date)
	if err != nil {
		return nil, err
	}
	item := map[int64]string{}
	through := map[string]Review{} // teller → their latest whole-day supervision
	for _, r := range reviews {
		switch r.Kind {
		case SupervisedItem:
			item[r.Entry] = r.By
		case SupervisedDay:
			if r.Through >= through[r.Teller].Through {
				through[r.Teller] = r
			}
		}
	}
	limits := map[ledger.Kind]money.Amount{}
	var out []TellerJournal
	at := map[string]int{}
	for _, e := range entries {
		i, ok := at[e.Teller]
		if !ok {
			i = len(out)
			at[e.Teller] = i
			j := TellerJournal{Teller: e.Teller, Name: e.Teller, BusinessDate: date}
			if u, err := tx.User(e.Teller); err == nil {
				j.Name = u.Name
			}
			out = append(out, j)
		}
		se := SupervisedEntry{Entry: e, By: item[e.ID]}
		if d := through[e.Teller]; se.By == "" && d.ID != 0 && e.ID <= d.Through {
			se.By = d.By
		}
		if se.Why, err = exceptions(tx, limits, e); err != nil {
			return nil, err
		}
		for _, x := range se.Why {
			se.Exceptions = append(se.Exceptions, x.String())
		}
		out[i].Entries = append(out[i].Entries, se)
	}
	slices.SortFunc(out, func(a, b TellerJournal) int { return strings.Compare(a.Teller, b.Teller) })
	return out, nil
}

func pendingOfDay(tx Tx, branch, date string) (int, error) {
	js, err := supervision(tx, branch, date)
	n := 0
	for _, j := range js {
		n += j.Pending()
	}
	return n, err
}

// previousDate is the business date the branch closed to open today, if any.
func previousDate(tx Tx, b Branch) (string, bool, error) {
	closes, err := tx.BranchCloses(b.ID)
	if err != nil {
		return "", false, err
	}
	for i := len(closes) - 1; i >= 0; i-- {
		if closes[i].NextDate == b.BusinessDate {
			return closes[i].BusinessDate, true, nil
		}
	}
	return "", false, nil
}

func nextMorning(tx Tx) (bool, error) {
	return boolSetting(tx, SettingSupervisionNextMorning, false)
}

// leftOver is, when 事后监督 is next-morning, the previous business day and
// how many of its entries are not supervised yet; n is 0 otherwise.
func leftOver(tx Tx, b Branch) (date string, n int, err error) {
	nm, err := nextMorning(tx)
	if err != nil || !nm {
		return "", 0, err
	}
	date, ok, err := previousDate(tx, b)
	if err != nil || !ok {
		return "", 0, err
	}
	n, err = pendingOfDay(tx, b.ID, date)
	return date, n, err
}

// supervisedGate refuses the first sign-in of a day while the previous
// day's journals wait for next-morning supervision.
func supervisedGate(tx Tx, b Branch) error {
	prev, n, err := leftOver(tx, b)
	if err != nil || n == 0 {
		return err
	}
	return &SupervisionPendingError{Date: prev, Pending: n}
}

// SupervisionDue is the day whose journals are to be supervised now:
// next-morning, the previous business day while anything of it is left;
// otherwise today.
func (s *Service) SupervisionDue(ctx context.Context, sess *Session) (string, error) {
	var date string
	err := s.reviewing(ctx, sess, true, func(tx Tx, _ staff.User, b Branch) (err error) {
		date, err = dueDate(tx, b)
		return err
	})
	return date, err
}

func dueDate(tx Tx, b Branch) (string, error) {
	prev, n, err := leftOver(tx, b)
	if err != nil || n == 0 {
		return b.BusinessDate, err
	}
	return prev, nil
}

// Supervision is every teller's journal of a day ("" for the day due),
// with each entry's exceptions and who supervised it.
func (s *Service) Supervision(ctx context.Context, sess *Session, date string) ([]TellerJournal, error) {
	var out []TellerJournal
	err := s.reviewing(ctx, sess, true, func(tx Tx, _ staff.User, b Branch) (err error) {
		if date == "" {
			if date, err = dueDate(tx, b); err != nil {
				return err
			}
		}
		out, err = supervision(tx, b.ID, date)
		return err
	})
	return out, err
}

// SuperviseEntry records the supervision of one entry (逐笔).
func (s *Service) SuperviseEntry(ctx context.Context, sess *Session, entry int64, note string) error {
	return s.reviewing(ctx, sess, false, func(tx Tx, u staff.User, b Branch) error {
		e, err := branchEntry(tx, b, entry)
		if err != nil {
			return err
		}
		if err := CheckSupervisor(u, e.Teller); err != nil {
			return err
		}
		js, err := supervision(tx, b.ID, e.BusinessDate)
		if err != nil {
			return err
		}
		for _, j := range js {
			for _, se := range j.Entries {
				if se.Entry.ID == e.ID && se.By != "" {
					return ErrAlreadySupervised
				}
			}
		}
		r := Review{Branch: b.ID, BusinessDate: e.BusinessDate, Kind: SupervisedItem, Entry: e.ID, Teller: e.Teller,
			Note: trimNote(note), By: u.ID, At: s.clock.Now()}
		if err := tx.InsertReview(&r); err != nil {
			return err
		}
		return s.appendAudit(tx, u.ID, "supervise_entry", "事后监督（逐笔）"+entryWords(e))
	})
}

// SuperviseTeller records the supervision of a teller's whole day at
// once (按柜员): every exception of it must be among seen, and each is
// recorded as seen; entries posted later are left for another look.
func (s *Service) SuperviseTeller(ctx context.Context, sess *Session, date, teller string, seen []int64) error {
	return s.reviewing(ctx, sess, false, func(tx Tx, u staff.User, b Branch) error {
		if err := CheckSupervisor(u, teller); err != nil {
			return err
		}
		js, err := supervision(tx, b.ID, date)
		if err != nil {
			return err
		}
		var j TellerJournal
		for _, x := range js {
			if x.Teller == teller {
				j = x
			}
		}
		if j.Pending() == 0 {
			return ErrNothingToSupervise
		}
		var missed []string
		for _, x := range j.Exceptions() {
			if x.By == "" && !slices.Contains(seen, x.Entry.ID) {
				missed = append(missed, fmt.Sprintf("#%d", x.Entry.ID))
			}
		}
		if len(missed) > 0 {
			return msg.Errorf("%w：未查看 %v", ErrExceptionNotSeen, missed)
		}
		now := s.clock.Now()
		for _, x := range j.Exceptions() {
			if x.By != "" {
				continue
			}
			r := Review{Branch: b.ID, BusinessDate: date, Kind: SupervisedItem, Entry: x.Entry.ID, Teller: teller,
				Note: "整日监督时逐项查看", By: u.ID, At: now}
			if err := tx.InsertReview(&r); err != nil {
				return err
			}
		}
		last := j.Entries[len(j.Entries)-1].Entry.ID
		r := Review{Branch: b.ID, BusinessDate: date, Kind: SupervisedDay, Teller: teller, Through: last, By: u.ID, At: now}
		if err := tx.InsertReview(&r); err != nil {
			return err
		}
		return s.appendAudit(tx, u.ID, "supervise_day", fmt.Sprintf("事后监督（整日）柜员 %s 营业日 %s 流水 %d 笔（至 #%d），例外事项 %d 笔逐项查看",
			teller, date, len(j.Entries), last, len(j.Exceptions())))
	})
}

// SupervisionNextMorning reports whether 事后监督 is next-morning.
func (s *Service) SupervisionNextMorning(ctx context.Context) bool {
	on := false
	_ = s.store.View(ctx, func(tx Tx) (err error) {
		on, err = nextMorning(tx)
		return err
	})
	return on
}
