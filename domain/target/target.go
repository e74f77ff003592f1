// Package target is list-based marketing (名单制营销, seed 003 part 1): the
// target enterprises a branch markets to, their class, the officer who
// answers for each and by when, and the daily log that is cleared weekly
// and summarized monthly (日登、周清、月结).
package target

import (
	"errors"
	"strings"
	"time"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
)

// Class is how the bank classifies a target enterprise (第九条).
type Class string

// The four classes; only the first two are marketed.
const (
	Preferred Class = "preferred" // 积极进入类（优质客户）
	Normal    Class = "normal"    // 正常进入类（重点客户）
	Cautious  Class = "cautious"  // 审慎进入类
	Exit      Class = "exit"      // 退出类
)

// Classes lists the classes in order.
func Classes() []Class { return []Class{Preferred, Normal, Cautious, Exit} }

// Title is the class's Chinese name.
func (c Class) Title() string {
	switch c {
	case Preferred:
		return "积极进入类"
	case Normal:
		return "正常进入类"
	case Cautious:
		return "审慎进入类"
	case Exit:
		return "退出类"
	}
	return string(c)
}

// ParseClass reads a class by code or Chinese name.
func ParseClass(s string) (Class, error) {
	s = strings.TrimSpace(s)
	for _, c := range Classes() {
		if string(c) == s || c.Title() == s {
			return c, nil
		}
	}
	return "", msg.Errorf("%w：%q", ErrClass, s)
}

// Marketable reports whether the bank markets to the class: 原则上只对
// 积极进入类、正常进入类的客户进行营销 (第九条).
func (c Class) Marketable() bool { return c == Preferred || c == Normal }

// Target is one enterprise on the list, with the seed's list fields
// (第六条 一) and details (第六条 二).
type Target struct {
	ID           string
	Cluster      string // 所属圈链
	SubBranch    string // 所属支行
	Name         string // 企业名称
	CreditCode   string // 统一社会信用代码
	Industry     string // 行业分类
	MainBusiness string // 主营业务
	Size         string // 企业规模
	WithUs       bool   // 是否与本行有往来
	WithOthers   bool   // 是否与其他银行往来
	Needs        string // 金融产品需求
	LegalRep     string // 法定代表人
	Contact      string // 联系方式
	Operating    string // 企业经营状况
	Class        Class
	Officer      string // 责任人
	Deadline     string // 营销时限, YYYY-MM-DD
	// Listed is the date (YYYY-MM-DD) this version of the row was put on
	// the list: imported by the branch's A or applied from head office's
	// config. "" on rows listed before the date was kept: they count as
	// listed since before any quarter evaluated.
	Listed string `json:",omitempty"`
}

// AsOf is the list as it stood at the end of day (YYYY-MM-DD): of the
// versions of each row listed on or before day, the one listed last — by
// its date, versions of one date in the order given (the order they were
// put on the list at one terminal). Head office gets the versions of
// several terminals of one branch one terminal after the other, so the
// date decides, not the order. A row first listed after day is not on
// it. The result is in ID order.
func AsOf(versions []Target, day string) []Target {
	latest := map[string]Target{}
	for _, t := range versions {
		if t.Listed > day {
			continue
		}
		if kept, ok := latest[t.ID]; !ok || t.Listed >= kept.Listed {
			latest[t.ID] = t
		}
	}
	out := make([]Target, 0, len(latest))
	for _, t := range latest {
		out = append(out, t)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].ID < out[j-1].ID; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Errors of the list.
var (
	ErrClass       = errors.New("客户分类须为 积极进入类、正常进入类、审慎进入类 或 退出类")
	ErrName        = errors.New("企业名称必填")
	ErrOfficer     = errors.New("须指定责任人")
	ErrDeadline    = errors.New("营销时限须为有效日期（YYYY-MM-DD）")
	ErrNotMarketed = errors.New("审慎进入类、退出类客户不开展营销")
	ErrLogText     = errors.New("请填写当日营销进展")
)

// Validate checks a target before it is listed.
func (t Target) Validate() error {
	if strings.TrimSpace(t.Name) == "" {
		return ErrName
	}
	if err := checkName(t.Name); err != nil {
		return err
	}
	if _, err := ParseClass(string(t.Class)); err != nil {
		return err
	}
	if strings.TrimSpace(t.Officer) == "" {
		return ErrOfficer
	}
	if _, err := time.Parse(time.DateOnly, t.Deadline); err != nil {
		return ErrDeadline
	}
	if t.CreditCode != "" {
		if err := enterprise.CheckCreditCode(t.CreditCode); err != nil && !enterprise.IsOverridable(err) {
			return err
		}
	}
	return nil
}

// Log is one day's progress with a listed customer (日登).
type Log struct {
	Target  string
	Date    string // YYYY-MM-DD
	Officer string
	Text    string
	At      time.Time
}

// CheckLog refuses a log for a customer the bank does not market to.
func CheckLog(t Target, l Log) error {
	if !t.Class.Marketable() {
		return msg.Errorf("%w：%s（%s）", ErrNotMarketed, t.Name, t.Class.Title())
	}
	if strings.TrimSpace(l.Text) == "" {
		return ErrLogText
	}
	if _, err := time.Parse(time.DateOnly, l.Date); err != nil {
		return ErrDeadline
	}
	return nil
}

// Due is a marketed target whose deadline falls in a week, or has passed
// (周清).
type Due struct {
	Target  Target
	Overdue bool
	LastLog string // date of the latest log, "" if none
}

// WeekDue lists the marketed targets due in the 7 days from day (or
// already past their deadline), oldest deadline first.
func WeekDue(ts []Target, logs []Log, day time.Time) []Due {
	last := map[string]string{}
	for _, l := range logs {
		if l.Date > last[l.Target] {
			last[l.Target] = l.Date
		}
	}
	start := day.Format(time.DateOnly)
	var out []Due
	for _, t := range ts {
		if !t.Class.Marketable() || !(t.Deadline < start || t.DueWeekOf(start)) {
			continue
		}
		out = append(out, Due{Target: t, Overdue: t.Deadline < start, LastLog: last[t.ID]})
	}
	sortDue(out)
	return out
}

// DueWeekOf tells whether day (YYYY-MM-DD) is in the target's due week
// (周清): the 7 days ending on its deadline, the deadline itself included.
// WeekDue lists a target on those days, and a log made on one of them
// clears it on time.
func (t Target) DueWeekOf(day string) bool {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return false
	}
	return t.Deadline >= day && t.Deadline < d.AddDate(0, 0, 7).Format(time.DateOnly)
}

func sortDue(ds []Due) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Target.Deadline < ds[j-1].Target.Deadline; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// Month is the monthly summary for head office (月结), per officer.
type Month struct {
	Month   string // YYYY-MM
	Officer string
	Listed  int // marketed targets the officer answers for
	Logged  int // of them, logged at least once in the month
	Logs    int // log entries in the month
	Overdue int // past deadline at month end
	WithUs  int // already doing business with the bank
}

// Total adds up the officers' rows of a month: the 合计 line of the
// monthly summary. Its Officer is empty.
func Total(rows []Month) Month {
	var t Month
	for _, r := range rows {
		t.Month = r.Month
		t.Listed += r.Listed
		t.Logged += r.Logged
		t.Logs += r.Logs
		t.Overdue += r.Overdue
		t.WithUs += r.WithUs
	}
	return t
}

// Logged is the targets with a log (日登) dated from first to last, both
// included: the month's 已日登 and the quarter's 名单覆盖率 count them.
func Logged(logs []Log, first, last string) map[string]bool {
	out := map[string]bool{}
	for _, l := range logs {
		if l.Date >= first && l.Date <= last {
			out[l.Target] = true
		}
	}
	return out
}

// Summarize adds up a month (YYYY-MM) per officer, in officer order.
func Summarize(ts []Target, logs []Log, month string) ([]Month, error) {
	start, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, msg.Errorf("月份须为 YYYY-MM：%q", month)
	}
	monthEnd := start.AddDate(0, 1, -1).Format(time.DateOnly)
	byOfficer := map[string]*Month{}
	var order []string
	get := func(o string) *Month {
		if m, ok := byOfficer[o]; ok {
			return m
		}
		m := &Month{Month: month, Officer: o}
		byOfficer[o] = m
		order = append(order, o)
		return m
	}
	for _, l := range logs {
		if strings.HasPrefix(l.Date, month) {
			get(l.Officer).Logs++
		}
	}
	logged := Logged(logs, month+"-01", monthEnd)
	for _, t := range ts {
		if !t.Class.Marketable() {
			continue
		}
		m := get(t.Officer)
		m.Listed++
		if logged[t.ID] {
			m.Logged++
		}
		if t.Deadline < monthEnd {
			m.Overdue++
		}
		if t.WithUs {
			m.WithUs++
		}
	}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && order[j] < order[j-1]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	out := make([]Month, 0, len(order))
	for _, o := range order {
		out = append(out, *byOfficer[o])
	}
	return out, nil
}
