package counter

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// 第七条三 滞后复核: a B re-checks every business that needed an
// authorization after it posted. The reviews of both 滞后复核 and 事后监督
// (supervision.go) are rows of one append-only table.

// ReviewKind is what one review row records.
type ReviewKind string

// The kinds of review row.
const (
	ReviewChecked  ReviewKind = "checked" // 滞后复核：复核无误
	ReviewQuery    ReviewKind = "query"   // 滞后复核：提出查询
	ReviewAnswer   ReviewKind = "answer"  // 查询的答复、关闭
	SupervisedItem ReviewKind = "item"    // 事后监督：逐笔
	SupervisedDay  ReviewKind = "day"     // 事后监督：柜员整日
)

// Review is one tick, query, answer or supervision. Rows are only added.
type Review struct {
	ID           int64
	Branch       string
	BusinessDate string // the business date of what was reviewed
	Kind         ReviewKind
	Entry        int64  // the entry reviewed; 0 for a teller's whole day
	Teller       string // whose business it is
	Answers      int64  // the query an answer closes
	Through      int64  // a whole day: the last entry of it the supervisor saw
	Note         string
	By           string
	At           time.Time
}

// ReviewTx is the storage of reviews.
type ReviewTx interface {
	// InsertReview records one review; r.ID is set.
	InsertReview(r *Review) error
	// Reviews lists the reviews of a branch's business day, oldest first.
	Reviews(branch, date string) ([]Review, error)
}

// Errors of review and supervision.
var (
	ErrReviewOwn          = errors.New("复核人不能是该笔业务的经办人")
	ErrReviewAuthorized   = errors.New("复核人不能是该笔业务的授权人")
	ErrSuperviseOwn       = errors.New("事后监督须由经办人以外的B级或A级柜员办理，不能监督本人的流水")
	ErrNotForReview       = errors.New("该笔业务未经授权，不在滞后复核之列")
	ErrAlreadyReviewed    = errors.New("该笔业务已复核")
	ErrQueryOpen          = errors.New("该笔业务的查询尚未答复：请先答复关闭查询")
	ErrNoOpenQuery        = errors.New("该笔业务没有待答复的查询")
	ErrQueryReason        = errors.New("提出查询须填写原因")
	ErrAnswerNote         = errors.New("答复查询须填写说明")
	ErrAlreadySupervised  = errors.New("该笔流水已监督")
	ErrNothingToSupervise = errors.New("该柜员当日流水已全部监督，或当日无流水")
	ErrReviewNoEntry      = errors.New("流水不存在或不属于本网点")
	ErrExceptionNotSeen   = errors.New("整日监督须逐项查看每一笔例外事项")
	ErrSupervisionPending = errors.New("上一营业日的柜员流水尚未完成事后监督")
)

// CheckReviewer is 滞后复核's separation of duties: the reviewer is a B or
// an A, neither the maker nor an authorizer of the business.
func CheckReviewer(u staff.User, e ledger.Entry) error {
	if u.Level == staff.LevelC {
		return ErrNotSupervisor
	}
	if u.ID == e.Teller {
		return ErrReviewOwn
	}
	if u.ID == e.AuthB || u.ID == e.AuthA {
		return ErrReviewAuthorized
	}
	return nil
}

// Authorized reports whether a business needed an authorization, so
// that 滞后复核 covers it.
func Authorized(e ledger.Entry) bool { return e.AuthB != "" || e.AuthA != "" }

// LateItem is one authorized business in the 滞后复核 list.
type LateItem struct {
	Entry   ledger.Entry
	Checked *Review // the tick, if any
	Query   *Review // the latest query, if any
	Answer  *Review // the answer that closed it, if any
}

// Done reports whether the business is reviewed: ticked, or its query
// answered and closed.
func (i LateItem) Done() bool { return i.Checked != nil || (i.Query != nil && i.Answer != nil) }

// Open reports whether a query waits for an answer.
func (i LateItem) Open() bool { return i.Query != nil && i.Answer == nil }

// State is where the item stands, in words.
func (i LateItem) State() string {
	switch {
	case i.Checked != nil:
		return "已复核（" + i.Checked.By + "）"
	case i.Open():
		return "查询待答复：" + i.Query.Note
	case i.Answer != nil:
		return "查询已答复（" + i.Answer.By + "）：" + i.Answer.Note
	}
	return "待复核"
}

// ReviewCount is what is left of both for a day, for the close screen.
type ReviewCount struct {
	Late         int    // authorized business not reviewed (open queries too)
	Queries      int    // of which queries wait for an answer
	Unsupervised int    // entries not supervised on SupervisionDate
	Date         string // the day whose supervision is due
	NextMorning  bool
}

// entryWords names an entry for lists and the trail.
func entryWords(e ledger.Entry) string { return entryMessage(e).String() }

// entryMessage is entryWords with its figures apart.
func entryMessage(e ledger.Entry) msg.Text {
	return msg.Sprintf("#%d 柜员 %s 流水 %d %s %s", e.ID, e.Teller, e.Seq, e.Title(), e.Amount)
}

// reviewedDay is a branch's journal of a day and the reviews of it.
func reviewedDay(tx Tx, branch, date string) ([]ledger.Entry, []Review, error) {
	entries, err := tx.Journal(JournalFilter{Branch: branch, BusinessDate: date})
	if err != nil {
		return nil, nil, err
	}
	reviews, err := tx.Reviews(branch, date)
	return entries, reviews, err
}

// lateItems is the 滞后复核 list of a branch's day.
func lateItems(tx Tx, branch, date string) ([]LateItem, error) {
	entries, reviews, err := reviewedDay(tx, branch, date)
	if err != nil {
		return nil, err
	}
	var out []LateItem
	for _, e := range entries {
		if !Authorized(e) {
			continue
		}
		it := LateItem{Entry: e}
		for _, r := range reviews {
			if r.Entry != e.ID {
				continue
			}
			switch r.Kind {
			case ReviewChecked:
				it.Checked = &r
			case ReviewQuery:
				it.Query, it.Answer = &r, nil
			case ReviewAnswer:
				if it.Query != nil && r.Answers == it.Query.ID {
					it.Answer = &r
				}
			}
		}
		out = append(out, it)
	}
	return out, nil
}

func trimNote(s string) string { return strings.TrimSpace(s) }

// reviewBlockers is what of 滞后复核 and 事后监督 stops the close: every
// authorized business of the day reviewed, and — unless supervision is
// next-morning — every teller's journal supervised; next-morning, the
// previous day's must be by now.
func reviewBlockers(tx Tx, b Branch) ([]msg.Text, error) {
	var out []msg.Text
	items, err := lateItems(tx, b.ID, b.BusinessDate)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		switch {
		case it.Open():
			out = append(out, msg.Sprintf("滞后复核：%v 查询待答复（%s）", entryMessage(it.Entry), it.Query.Note))
		case !it.Done():
			out = append(out, msg.Sprintf("滞后复核：%v 未复核", entryMessage(it.Entry)))
		}
	}
	nm, err := nextMorning(tx)
	if err != nil {
		return nil, err
	}
	if nm {
		prev, n, err := leftOver(tx, b)
		if n > 0 {
			out = append(out, msg.Sprintf("事后监督：上一营业日 %s 尚有 %d 笔流水未监督", prev, n))
		}
		return out, err
	}
	js, err := supervision(tx, b.ID, b.BusinessDate)
	if err != nil {
		return nil, err
	}
	for _, j := range js {
		if n := j.Pending(); n > 0 {
			out = append(out, msg.Sprintf("事后监督：柜员 %s %s 当日流水尚有 %d 笔未监督", j.Teller, j.Name, n))
		}
	}
	return out, nil
}

// reviewing runs fn for a signed-in B or A, as they stand now.
func (s *Service) reviewing(ctx context.Context, sess *Session, read bool, fn func(tx Tx, u staff.User, b Branch) error) error {
	if sess == nil {
		return ErrNoSession
	}
	run := s.store.Tx
	if read {
		run = s.store.View
	}
	return run(ctx, func(tx Tx) error {
		u, err := tx.User(sess.user.ID)
		if err != nil {
			return err
		}
		if err := u.Usable(); err != nil {
			return err
		}
		if u.Level == staff.LevelC {
			return ErrNotSupervisor
		}
		b, err := tx.Branch(sess.branch.ID)
		if err != nil {
			return err
		}
		return fn(tx, u, b)
	})
}

// branchEntry reads an entry of the branch.
func branchEntry(tx Tx, b Branch, id int64) (ledger.Entry, error) {
	e, err := tx.Entry(id)
	if errors.Is(err, ErrNotFound) || (err == nil && e.Branch != b.ID) {
		return e, ErrReviewNoEntry
	}
	return e, err
}

// LateReviews is today's 滞后复核 list: every business of the day that
// needed an authorization, with where its review stands.
func (s *Service) LateReviews(ctx context.Context, sess *Session) ([]LateItem, error) {
	var out []LateItem
	err := s.reviewing(ctx, sess, true, func(tx Tx, _ staff.User, b Branch) (err error) {
		out, err = lateItems(tx, b.ID, b.BusinessDate)
		return err
	})
	return out, err
}

// late records one 滞后复核 step on an authorized entry, after checking
// the reviewer and where the item stands.
func (s *Service) late(ctx context.Context, sess *Session, id int64, kind ReviewKind, note string) error {
	return s.reviewing(ctx, sess, false, func(tx Tx, u staff.User, b Branch) error {
		e, err := branchEntry(tx, b, id)
		if err != nil {
			return err
		}
		if !Authorized(e) {
			return ErrNotForReview
		}
		if err := CheckReviewer(u, e); err != nil {
			return err
		}
		items, err := lateItems(tx, b.ID, e.BusinessDate)
		if err != nil {
			return err
		}
		var it LateItem
		for _, i := range items {
			if i.Entry.ID == e.ID {
				it = i
			}
		}
		r := Review{Branch: b.ID, BusinessDate: e.BusinessDate, Kind: kind, Entry: e.ID, Teller: e.Teller, Note: note, By: u.ID, At: s.clock.Now()}
		action, words := "late_review", "滞后复核无误"
		switch {
		case kind == ReviewAnswer && !it.Open():
			return ErrNoOpenQuery
		case kind == ReviewAnswer:
			r.Answers = it.Query.ID
			action, words = "late_answer", "答复关闭查询"
		case it.Open():
			return ErrQueryOpen
		case it.Done():
			return ErrAlreadyReviewed
		case kind == ReviewQuery:
			action, words = "late_query", "滞后复核提出查询"
		}
		if err := tx.InsertReview(&r); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %s", words, entryWords(e))
		if note != "" {
			detail += "：" + note
		}
		return s.appendAudit(tx, u.ID, action, detail)
	})
}

// CheckLate ticks an authorized business reviewed (滞后复核无误).
func (s *Service) CheckLate(ctx context.Context, sess *Session, entry int64, note string) error {
	return s.late(ctx, sess, entry, ReviewChecked, trimNote(note))
}

// QueryLate raises a query on an authorized business, with its reason; it
// stays open until a B or A answers it.
func (s *Service) QueryLate(ctx context.Context, sess *Session, entry int64, reason string) error {
	if reason = trimNote(reason); reason == "" {
		return ErrQueryReason
	}
	return s.late(ctx, sess, entry, ReviewQuery, reason)
}

// AnswerQuery answers and closes a business's open query with a note.
func (s *Service) AnswerQuery(ctx context.Context, sess *Session, entry int64, note string) error {
	if note = trimNote(note); note == "" {
		return ErrAnswerNote
	}
	return s.late(ctx, sess, entry, ReviewAnswer, note)
}

// ReviewCounts is what is left of 滞后复核 today and of the 事后监督 due.
func (s *Service) ReviewCounts(ctx context.Context, sess *Session) (ReviewCount, error) {
	var c ReviewCount
	err := s.reviewing(ctx, sess, true, func(tx Tx, _ staff.User, b Branch) error {
		items, err := lateItems(tx, b.ID, b.BusinessDate)
		if err != nil {
			return err
		}
		for _, it := range items {
			if !it.Done() {
				c.Late++
			}
			if it.Open() {
				c.Queries++
			}
		}
		if c.NextMorning, err = nextMorning(tx); err != nil {
			return err
		}
		if c.Date, err = dueDate(tx, b); err != nil {
			return err
		}
		c.Unsupervised, err = pendingOfDay(tx, b.ID, c.Date)
		return err
	})
	return c, err
}
