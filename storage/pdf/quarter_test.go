package pdf

import (
	"io"
	"strings"
	"testing"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/finance"
	"branchdesk/domain/pipeline"
)

func quarterSample() finance.QuarterReport {
	ratios := func(num, den int64) map[appraisal.Measure]pipeline.Ratio {
		out := map[appraisal.Measure]pipeline.Ratio{}
		for _, m := range appraisal.Measures() {
			out[m] = pipeline.Ratio{Num: num, Den: den}
		}
		out[appraisal.Complaints] = pipeline.Ratio{}
		return out
	}
	return finance.QuarterReport{
		Quarter: appraisal.Quarter{Year: 2026, Q: 4},
		Weights: appraisal.DefaultWeights(),
		Default: true,
		// As an officer sees it: percentages only.
		Branch: appraisal.Row{Ratios: ratios(5, 8), Score: appraisal.Points{Hundredths: 6250, OK: true}}.PercentOnly(),
		Officers: []appraisal.Row{
			{Officer: "2001", Name: "李四", Ratios: ratios(3, 4), Score: appraisal.Points{Hundredths: 7500, OK: true}, Rank: 1},
			{Officer: "2002", Name: "赵敏", Ratios: ratios(2, 4), Score: appraisal.Points{Hundredths: 5000, OK: true}, Rank: 2},
			{Officer: "2003", Ratios: ratios(0, 0)},
		},
	}
}

// TestQuarterPDFText: the quarterly evaluation's PDF carries every row
// whole and in order (rank, officer, each measure's numerator and
// denominator, 无数据, the score), the weights and their source, the note,
// and the chart's scores a second time over their bars.
func TestQuarterPDFText(t *testing.T) {
	text := extractKept(t, "quarter", func(w io.Writer) error { return WriteQuarter(w, quarterSample()) })
	mustContain(t, text, "季度考核排名表", "2026年第4季度（2026-10-01 至 2026-12-31）",
		"排名 服务官 名单覆盖率 日登完整率 周清及时率 融资业务促成率 企业满意率 投诉及时办结率 名单客户授信占比 得分",
		"1 2001 李四 3/4（75.00%） 3/4（75.00%） 3/4（75.00%） 3/4（75.00%） 3/4（75.00%） 无数据 3/4（75.00%） 75.00",
		"2 2002 赵敏 2/4（50.00%） 2/4（50.00%） 2/4（50.00%） 2/4（50.00%） 2/4（50.00%） 无数据 2/4（50.00%） 50.00",
		"— 2003 无数据 无数据 无数据 无数据 无数据 无数据 无数据 无数据",
		"— 全行 62.50% 62.50% 62.50% 62.50% 62.50% 无数据 62.50% 62.50",
		"权重（默认，季度末前总行未下发）：名单覆盖率 15、日登完整率 15、周清及时率 10、融资业务促成率 25、企业满意率 15、投诉及时办结率 10、名单客户授信占比 10，合计 100。",
		quarterNote, "季度考核得分（满分100）")
	// 第十四条(四) counts 授信户数 (appraisal.Evaluate), and so says the note.
	mustContain(t, text, "名单客户授信占比 = 季度内获得放款、放款时在名单内的企业户数 ÷ 季度内获得放款的企业户数（一户多笔计一户）")
	flat := squeeze(text)
	for _, score := range []string{"75.00", "50.00", "62.50"} {
		if n := strings.Count(flat, score) - strings.Count(flat, score+"%"); n != 2 {
			t.Errorf("%s printed %d times, want table and chart", score, n)
		}
	}
	if strings.Contains(flat, "100%") {
		t.Error("the score chart's scale is in per cent")
	}
}
