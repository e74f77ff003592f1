package appraisal

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"branchdesk/domain/msg"
)

// Measure is one of the quarter's measures.
type Measure string

// The measures, in the table's order. Evaluate says what each counts.
const (
	Coverage     Measure = "coverage"     // 名单覆盖率
	DailyLog     Measure = "daily_log"    // 日登完整率
	WeeklyClear  Measure = "weekly_clear" // 周清及时率
	Success      Measure = "success"      // 融资业务促成率
	Satisfaction Measure = "satisfaction" // 企业满意率
	Complaints   Measure = "complaints"   // 投诉及时办结率
	ListShare    Measure = "list_share"   // 名单客户授信占比
)

// Measures lists the measures in order.
func Measures() []Measure {
	return []Measure{Coverage, DailyLog, WeeklyClear, Success, Satisfaction, Complaints, ListShare}
}

// NoDataRule is how a measure with nothing to count (无数据) enters the
// score.
type NoDataRule int

// The three rules. A measure of activity scores 0 without any, so doing
// less never scores more; a measure of faults scores full without any;
// coverage of an empty list is left out and the others carry its weight.
const (
	NoDataZero NoDataRule = iota // 日登、周清、促成率、满意度、名单客户授信占比
	NoDataFull                   // 投诉及时办结率: no complaint, nothing late
	NoDataOut                    // 名单覆盖率: no list to cover
)

// NoDataText says the NoData rules, for the screen and the reports.
const NoDataText = "无数据时：日登、周清、促成率、满意率、名单客户授信占比计 0 分，投诉及时办结率计满分，名单为空时名单覆盖率不计入得分"

// NoData is the measure's NoDataRule.
func (m Measure) NoData() NoDataRule {
	switch m {
	case Complaints:
		return NoDataFull
	case Coverage:
		return NoDataOut
	}
	return NoDataZero
}

// Title is the measure's Chinese name.
func (m Measure) Title() string {
	switch m {
	case Coverage:
		return "名单覆盖率"
	case DailyLog:
		return "日登完整率"
	case WeeklyClear:
		return "周清及时率"
	case Success:
		return "融资业务促成率"
	case Satisfaction:
		return "企业满意率"
	case Complaints:
		return "投诉及时办结率"
	case ListShare:
		return "名单客户授信占比"
	}
	return string(m)
}

// Weights are the points each measure carries in the score; head office
// sends them down in config bundles. They sum to 100.
type Weights map[Measure]int

// DefaultWeights apply until head office sends its own. The seeds give
// no numbers: the plan names 促成率 and 满意度 first (工作业绩), so they
// weigh most; list coverage and the listed customers' share of new credit
// are 第十四条's own concerns (三、四); 日登、周清 (第八条(五)) and complaints
// (监督管理) share the rest.
func DefaultWeights() Weights {
	return Weights{Coverage: 15, DailyLog: 15, WeeklyClear: 10, Success: 25, Satisfaction: 15, Complaints: 10, ListShare: 10}
}

// Issued is a weighting head office issued, with the time it issued it
// (zero when not known: issued before any quarter's end).
type Issued struct {
	At      time.Time
	Weights Weights
}

// InForce is the weighting in force at before — the last of issued, in
// the order issued, issued before it — or nil when none was. A quarter
// is scored with the weighting in force at its end, so weights head
// office sends later do not rescore a past quarter; the branch and head
// office both read the issue time, so both score alike.
func InForce(issued []Issued, before time.Time) Weights {
	var w Weights
	for _, i := range issued {
		if i.At.Before(before) {
			w = i.Weights
		}
	}
	return w
}

// ErrWeights refuses a weighting that does not add up; it is wrapped with
// the reason.
var ErrWeights = errors.New("季度考核权重无效")

// Validate checks that every measure has a weight of 0 to 100, that no
// unknown measure is named, and that the weights sum to exactly 100. A
// weighting may leave out ListShare, measured since after the first
// weightings were sent: it then weighs 0.
func (w Weights) Validate() error {
	known := map[Measure]bool{}
	sum := 0
	var missing []string
	for _, m := range Measures() {
		known[m] = true
		v, ok := w[m]
		if !ok && m != ListShare {
			missing = append(missing, m.Title()+"（"+string(m)+"）")
			continue
		}
		if v < 0 || v > 100 {
			return msg.Errorf("%w：%s的权重 %d 须在 0 至 100 之间", ErrWeights, m.Title(), v)
		}
		sum += v
	}
	for m := range w {
		if !known[m] {
			return msg.Errorf("%w：没有名为 %q 的考核指标", ErrWeights, string(m))
		}
	}
	if len(missing) > 0 {
		return msg.Errorf("%w：缺少%s的权重", ErrWeights, msg.Series(missing...))
	}
	if sum != 100 {
		return msg.Errorf("%w：各项权重合计须为 100，现为 %d", ErrWeights, sum)
	}
	return nil
}

// WeightsText names the weights in the measures' order, e.g.
// "名单覆盖率 20、日登完整率 15、…", for the audit trail and the screen.
func WeightsText(w Weights) string {
	parts := make([]string, 0, len(Measures()))
	for _, m := range Measures() {
		parts = append(parts, fmt.Sprintf("%s %d", m.Title(), w[m]))
	}
	return strings.Join(parts, "、")
}
