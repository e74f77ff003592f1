package pdf

import (
	"fmt"
	"io"

	"branchdesk/assets"
	"branchdesk/domain/appraisal"
	"branchdesk/domain/finance"
)

// quarterNote says what the evaluation counts, under the table
// (appraisal.Evaluate has it in full).
const quarterNote = "说明：各项为“分子/分母（比率）”，名单按当时所列。名单覆盖率 = 季度内日登或调查过的积极、正常进入类名单企业 ÷ 季度末名单企业；" +
	"日登完整率 = 季度内已过各周中有日登的名单企业周数 ÷ 名单企业周数；周清及时率 = 营销时限在季度内且已过、在时限前一周内日登的名单企业 ÷ 营销时限已过的名单企业；" +
	"融资业务促成率 = 季度内对接、对接后30日内放款的笔数 ÷ 季度内对接笔数（30日未满且未放款、未拒绝的暂不计）；企业满意率 = 回访平均评分 ÷ 5；投诉及时办结率 = 7日内反馈办结 ÷ 受理投诉；" +
	"名单客户授信占比 = 季度内获得放款、放款时在名单内的企业户数 ÷ 季度内获得放款的企业户数（一户多笔计一户）。" + appraisal.NoDataText + "；得分相同者名次并列。"

// WriteQuarter writes a branch's quarterly evaluation (名单制 第十四条 排队
// 通报) on A4 landscape: a table of the officers in their ranking and the
// branch's line, the weights it was scored with, and a bar chart of the
// scores with the branch's as a dashed line.
func WriteQuarter(w io.Writer, rep finance.QuarterReport) error {
	font, err := assets.LoadFont()
	if err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	doc, err := newSizedDocument(font, a4Landscape)
	if err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	first, last := rep.Quarter.Days()
	if err := doc.header("季度考核排名表", fmt.Sprintf("%s（%s 至 %s）", rep.Quarter, first, last), false); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	headers := []string{"排名", "服务官"}
	widths := []float64{0.6, 1.3}
	for _, m := range appraisal.Measures() {
		headers, widths = append(headers, m.Title()), append(widths, 1.5)
	}
	headers, widths = append(headers, "得分"), append(widths, 0.8)
	rows := make([][]string, 0, len(rep.Officers)+1)
	bars := make([]chartBar, 0, len(rep.Officers))
	for _, r := range rep.Officers {
		rows = append(rows, r.Cells(officerTitle(r.Officer, r.Name)))
		label := r.Name
		if label == "" {
			label = r.Officer
		}
		bars = append(bars, scoreBar(label, r.Score))
	}
	rows = append(rows, rep.Branch.Cells("全行"))
	if err := doc.drawGrid(grid{headers: headers, widths: widths, rows: rows, totals: 1}); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	if err := doc.note("权重（" + rep.WeightsSource() + "）：" + appraisal.WeightsText(rep.Weights) + "，合计 100。"); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	if err := doc.note(quarterNote); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	if err := doc.barChart("季度考核得分（满分100）", "", bars, scoreBar("全行", rep.Branch.Score)); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	if err := doc.finish(w); err != nil {
		return fmt.Errorf("pdf: quarter: %w", err)
	}
	return nil
}

// scoreBar is the bar of a score out of 100: a hundredth of a point is a
// basis point of the full height.
func scoreBar(label string, p appraisal.Points) chartBar {
	return chartBar{label: label, value: p.String(), bp: max(p.Hundredths, 0), ok: p.OK}
}
