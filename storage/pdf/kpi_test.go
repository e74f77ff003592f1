package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"branchdesk/assets"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/target"
)

// kpiOf fills in the rates as pipeline.Compute does.
func kpiOf(k pipeline.KPI) pipeline.KPI {
	k.SuccessByCount = pipeline.Ratio{Num: int64(k.Funded), Den: int64(k.Matched)}
	k.SuccessByAmount = pipeline.Ratio{Num: int64(k.FundedAmount), Den: int64(k.MatchedAmount)}
	k.Satisfaction = pipeline.Ratio{Num: int64(k.AvgSatisfaction * k.FollowUps / 100), Den: 5 * int64(k.FollowUps)}
	k.Solving = k.ProblemsSolved > 0
	return k
}

// kpiSample is a month of three officers: 张三 funded 2 of 4 (50.00%),
// 李四 3 of 3 and lent more than was sought (104.00% by amount), 2003 has
// filed a survey and nothing else; the branch funded 5 of 7 (71.43%).
func kpiSample() (pipeline.KPI, []finance.KPIRow) {
	const wan = money.Amount(1_000_000)
	officers := []finance.KPIRow{
		{Officer: "2001", Name: "张三", KPI: kpiOf(pipeline.KPI{SurveysFiled: 5,
			Matched: 4, MatchedAmount: 400 * wan, Funded: 2, FundedAmount: 150 * wan,
			FollowUps: 3, AvgSatisfaction: 367, ProblemsSolved: 2, AvgSolve: 26*time.Hour + 30*time.Minute,
			ComplaintsReceived: 1, ComplaintsClosed: 1})},
		{Officer: "2002", Name: "李四", KPI: kpiOf(pipeline.KPI{SurveysFiled: 3,
			Matched: 3, MatchedAmount: 250 * wan, Funded: 3, FundedAmount: 260 * wan,
			FollowUps: 2, AvgSatisfaction: 450, ProblemsSolved: 1, AvgSolve: 4 * time.Hour})},
		{Officer: "2003", KPI: kpiOf(pipeline.KPI{SurveysFiled: 1})},
	}
	branch := kpiOf(pipeline.KPI{SurveysFiled: 9,
		Matched: 7, MatchedAmount: 650 * wan, Funded: 5, FundedAmount: 410 * wan,
		FollowUps: 5, AvgSatisfaction: 400, ProblemsSolved: 3, AvgSolve: 19 * time.Hour,
		ComplaintsReceived: 1, ComplaintsClosed: 1})
	return branch, officers
}

func TestKPIText(t *testing.T) {
	branch, officers := kpiSample()
	text := extractKept(t, "kpi", func(w io.Writer) error {
		return WriteKPI(w, "信用融资服务官 KPI 报表", "2025-06-01 至 2025-06-30", branch, officers)
	})
	// Each row whole and in column order.
	mustContain(t, text, "信用融资服务官 KPI 报表", "2025-06-01 至 2025-06-30",
		"2001 张三 5 4 ¥4,000,000.00 2 ¥1,500,000.00 50.00% 37.50% 3 3.67 2 26.5 1 1",
		"2002 李四 3 3 ¥2,500,000.00 3 ¥2,600,000.00 100.00% 104.00% 2 4.50 1 4.0 0 0",
		"2003 1 0 ¥0.00 0 ¥0.00 — — 0 — 0 — 0 0",
		"全行 9 7 ¥6,500,000.00 5 ¥4,100,000.00 71.43% 63.08% 5 4.00 3 19.0 1 1",
		"融资业务促成率（按笔数）", "说明：")
	// The chart shows the same rates: each a second time, over its bar.
	flat := squeeze(text)
	for _, rate := range []string{"50.00%", "100.00%", "71.43%"} {
		if n := strings.Count(flat, rate); n != 2 {
			t.Errorf("%s printed %d times, want table and chart", rate, n)
		}
	}
	// 李四's 104% by amount is not charted; by count the scale stops at 100%.
	if strings.Contains(flat, "125%") {
		t.Error("chart scaled beyond 100% for rates by count")
	}
}

// TestKPIOfficerReport: an officer's report has their own row whole and
// the branch's line as the domain hands it to them (pipeline.KPI.
// PercentOnly, RULES §5 保密): every count and amount printed 保密, never 0
// or a figure, the rates and means as they are, and a note that says why.
func TestKPIOfficerReport(t *testing.T) {
	branch, officers := kpiSample()
	text := extractKept(t, "kpi-officer", func(w io.Writer) error {
		return WriteKPI(w, "", "2025-06-01 至 2025-06-30", branch.PercentOnly(), officers[:1])
	})
	mustContain(t, text, "信用融资服务官 KPI 报表", "2025-06-01 至 2025-06-30",
		"2001 张三 5 4 ¥4,000,000.00 2 ¥1,500,000.00 50.00% 37.50% 3 3.67 2 26.5 1 1",
		"全行 保密 保密 保密 保密 保密 71.43% 63.08% 保密 4.00 保密 19.0 保密 保密",
		kpiNote+pipeline.WithheldNote)
	flat := squeeze(text)
	for _, leak := range []string{"¥6,500,000.00", "¥4,100,000.00", "全行97"} {
		if strings.Contains(flat, leak) {
			t.Errorf("the branch's %s is printed", leak)
		}
	}
	// The manager's report, the branch in full, needs no such note.
	full := extract(t, func(w io.Writer) error { return WriteKPI(w, "", "2025-06", branch, officers) })
	if strings.Contains(squeeze(full), squeeze(pipeline.WithheldNote)) || strings.Contains(full, pipeline.Withheld) {
		t.Error("a manager's report says figures are withheld")
	}
}

// Many officers run the table over pages, the chart after it.
func TestKPISpillsOverPages(t *testing.T) {
	branch, _ := kpiSample()
	var officers []finance.KPIRow
	for i := range 36 {
		officers = append(officers, finance.KPIRow{Officer: fmt.Sprint(3000 + i), Name: "服务官" + fmt.Sprint(i),
			KPI: kpiOf(pipeline.KPI{Matched: 8, Funded: i % 9})})
	}
	text := extractKept(t, "kpi-long", func(w io.Writer) error { return WriteKPI(w, "", "2025年第二季度", branch, officers) })
	mustContain(t, text, "信用融资服务官 KPI 报表（续）", "第 1 页 共 3 页", "第 3 页 共 3 页", "3000 服务官0", "3035 服务官35",
		"全行", "融资业务促成率（按笔数）", "87.50%", "100.00%")
}

func TestKPIWithoutOfficers(t *testing.T) {
	text := extract(t, func(w io.Writer) error { return WriteKPI(w, "", "2025-06", pipeline.KPI{}, nil) })
	mustContain(t, text, "全行 0 0 ¥0.00 0 ¥0.00 — — 0 — 0 — 0 0", "无服务官数据")
}

func TestKPIAndMonthRefuseMissingGlyph(t *testing.T) {
	if _, err := assets.LoadFont(); err != nil {
		t.Skip(err)
	}
	branch, officers := kpiSample()
	officers[0].Name = "张\U0001F600三"
	if err := WriteKPI(io.Discard, "", "2025-06", branch, officers); !errors.Is(err, ErrMissingGlyph) {
		t.Errorf("WriteKPI: got %v", err)
	}
	rows := []target.Month{{Month: "2025-06", Officer: "2001", Listed: 1}}
	if err := WriteMonth(io.Discard, "2025-06", rows, map[string]string{"2001": "张\U0001F600三"}); !errors.Is(err, ErrMissingGlyph) {
		t.Errorf("WriteMonth: got %v", err)
	}
}

// An institution's row is in the table but not among the officers' bars.
func TestKPIInstitutionRow(t *testing.T) {
	branch, officers := kpiSample()
	inst := finance.KPIRow{Institution: "示范支行", Name: "示范支行", KPI: kpiOf(pipeline.KPI{Matched: 4, Funded: 1})}
	text := extractKept(t, "kpi-inst", func(w io.Writer) error {
		return WriteKPI(w, "", "2025-06", branch, append(officers, inst))
	})
	mustContain(t, text, "机构：示范支行 0 4 ¥0.00 1 ¥0.00 25.00%")
	if n := strings.Count(squeeze(text), "25.00%"); n != 1 {
		t.Fatalf("institution rate printed %d times, want the table only", n)
	}
}
