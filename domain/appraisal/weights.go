package appraisal

import (
	"errors"
	"fmt"
	"strings"
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
)

// Measures lists the measures in order.
func Measures() []Measure {
	return []Measure{Coverage, DailyLog, WeeklyClear, Success, Satisfaction, Complaints}
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
	}
	return string(m)
}

// Weights are the points each measure carries in the score; head office
// sends them down in config bundles. They sum to 100.
type Weights map[Measure]int

// DefaultWeights apply until head office sends its own. The seeds give
// no numbers: the plan names 促成率 and 满意度 first (工作业绩), so they
// weigh most; list coverage is 第十四条's own concern (名单客户是否按计划
// 进度进行了营销); 日登、周清 (第八条(五)) and complaints (监督管理) share
// the rest.
func DefaultWeights() Weights {
	return Weights{Coverage: 20, DailyLog: 15, WeeklyClear: 15, Success: 25, Satisfaction: 15, Complaints: 10}
}

// ErrWeights refuses a weighting that does not add up; it is wrapped with
// the reason.
var ErrWeights = errors.New("季度考核权重无效")

// Validate checks that every measure has a weight of 0 to 100, that no
// unknown measure is named, and that the weights sum to exactly 100.
func (w Weights) Validate() error {
	known := map[Measure]bool{}
	sum := 0
	var missing []string
	for _, m := range Measures() {
		known[m] = true
		v, ok := w[m]
		if !ok {
			missing = append(missing, m.Title()+"（"+string(m)+"）")
			continue
		}
		if v < 0 || v > 100 {
			return fmt.Errorf("%w：%s的权重 %d 须在 0 至 100 之间", ErrWeights, m.Title(), v)
		}
		sum += v
	}
	for m := range w {
		if !known[m] {
			return fmt.Errorf("%w：没有名为 %q 的考核指标", ErrWeights, string(m))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w：缺少%s的权重", ErrWeights, strings.Join(missing, "、"))
	}
	if sum != 100 {
		return fmt.Errorf("%w：各项权重合计须为 100，现为 %d", ErrWeights, sum)
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
