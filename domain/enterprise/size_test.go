package enterprise

import (
	"errors"
	"fmt"
	"testing"

	"branchdesk/domain/money"
)

// The indicators as the notice names them.
const (
	X = Employees // persons
	Y = Revenue   // 万元
	Z = Assets    // 万元
)

// wanFen is n 万元 in fen.
func wanFen(n int64) money.Amount { return money.Amount(n) * 1_000_000 }

// boundaries lists every threshold of every row of 工信部联企业〔2011〕300号
// as tabled in RULES §7, transcribed from that table. Each case gives the
// enterprise exactly at the threshold, in whole persons and 万元, and the
// size one unit below (one person, one fen), at, and one unit above the
// indicator it varies. The other indicators sit at the same column's
// threshold, so only the varied one decides:
//   - "中小微 X<n": below any one SME bound the enterprise is an SME (here
//     medium, as it meets the medium bounds); at or above all, large.
//   - "中型 X≥n": an SME meeting every medium bound is medium; one unit short,
//     it drops to small.
//   - "小型 X≥n": meeting every small bound is small; one unit short, micro.
var boundaries = []struct {
	row              string
	ind              Industry
	x                int
	y, z             int64 // 万元
	vary             Measure
	below, at, above Size
}{
	{"农、林、牧、渔业 中小微 Y<20000", Agriculture, 0, 20000, 0, Y, Medium, Large, Large},
	{"农、林、牧、渔业 中型 Y≥500", Agriculture, 0, 500, 0, Y, Small, Medium, Medium},
	{"农、林、牧、渔业 小型 Y≥50", Agriculture, 0, 50, 0, Y, Micro, Small, Small},
	{"工业 中小微 X<1000", Industrial, 1000, 40000, 0, X, Medium, Large, Large},
	{"工业 中小微 Y<40000", Industrial, 1000, 40000, 0, Y, Medium, Large, Large},
	{"工业 中型 X≥300", Industrial, 300, 2000, 0, X, Small, Medium, Medium},
	{"工业 中型 Y≥2000", Industrial, 300, 2000, 0, Y, Small, Medium, Medium},
	{"工业 小型 X≥20", Industrial, 20, 300, 0, X, Micro, Small, Small},
	{"工业 小型 Y≥300", Industrial, 20, 300, 0, Y, Micro, Small, Small},
	{"建筑业 中小微 Y<80000", Construction, 0, 80000, 80000, Y, Medium, Large, Large},
	{"建筑业 中小微 Z<80000", Construction, 0, 80000, 80000, Z, Medium, Large, Large},
	{"建筑业 中型 Y≥6000", Construction, 0, 6000, 5000, Y, Small, Medium, Medium},
	{"建筑业 中型 Z≥5000", Construction, 0, 6000, 5000, Z, Small, Medium, Medium},
	{"建筑业 小型 Y≥300", Construction, 0, 300, 300, Y, Micro, Small, Small},
	{"建筑业 小型 Z≥300", Construction, 0, 300, 300, Z, Micro, Small, Small},
	{"批发业 中小微 X<200", Wholesale, 200, 40000, 0, X, Medium, Large, Large},
	{"批发业 中小微 Y<40000", Wholesale, 200, 40000, 0, Y, Medium, Large, Large},
	{"批发业 中型 X≥20", Wholesale, 20, 5000, 0, X, Small, Medium, Medium},
	{"批发业 中型 Y≥5000", Wholesale, 20, 5000, 0, Y, Small, Medium, Medium},
	{"批发业 小型 X≥5", Wholesale, 5, 1000, 0, X, Micro, Small, Small},
	{"批发业 小型 Y≥1000", Wholesale, 5, 1000, 0, Y, Micro, Small, Small},
	{"零售业 中小微 X<300", Retail, 300, 20000, 0, X, Medium, Large, Large},
	{"零售业 中小微 Y<20000", Retail, 300, 20000, 0, Y, Medium, Large, Large},
	{"零售业 中型 X≥50", Retail, 50, 500, 0, X, Small, Medium, Medium},
	{"零售业 中型 Y≥500", Retail, 50, 500, 0, Y, Small, Medium, Medium},
	{"零售业 小型 X≥10", Retail, 10, 100, 0, X, Micro, Small, Small},
	{"零售业 小型 Y≥100", Retail, 10, 100, 0, Y, Micro, Small, Small},
	{"交通运输业 中小微 X<1000", Transport, 1000, 30000, 0, X, Medium, Large, Large},
	{"交通运输业 中小微 Y<30000", Transport, 1000, 30000, 0, Y, Medium, Large, Large},
	{"交通运输业 中型 X≥300", Transport, 300, 3000, 0, X, Small, Medium, Medium},
	{"交通运输业 中型 Y≥3000", Transport, 300, 3000, 0, Y, Small, Medium, Medium},
	{"交通运输业 小型 X≥20", Transport, 20, 200, 0, X, Micro, Small, Small},
	{"交通运输业 小型 Y≥200", Transport, 20, 200, 0, Y, Micro, Small, Small},
	{"仓储业 中小微 X<200", Warehousing, 200, 30000, 0, X, Medium, Large, Large},
	{"仓储业 中小微 Y<30000", Warehousing, 200, 30000, 0, Y, Medium, Large, Large},
	{"仓储业 中型 X≥100", Warehousing, 100, 1000, 0, X, Small, Medium, Medium},
	{"仓储业 中型 Y≥1000", Warehousing, 100, 1000, 0, Y, Small, Medium, Medium},
	{"仓储业 小型 X≥20", Warehousing, 20, 100, 0, X, Micro, Small, Small},
	{"仓储业 小型 Y≥100", Warehousing, 20, 100, 0, Y, Micro, Small, Small},
	{"邮政业 中小微 X<1000", Postal, 1000, 30000, 0, X, Medium, Large, Large},
	{"邮政业 中小微 Y<30000", Postal, 1000, 30000, 0, Y, Medium, Large, Large},
	{"邮政业 中型 X≥300", Postal, 300, 2000, 0, X, Small, Medium, Medium},
	{"邮政业 中型 Y≥2000", Postal, 300, 2000, 0, Y, Small, Medium, Medium},
	{"邮政业 小型 X≥20", Postal, 20, 100, 0, X, Micro, Small, Small},
	{"邮政业 小型 Y≥100", Postal, 20, 100, 0, Y, Micro, Small, Small},
	{"住宿和餐饮业 中小微 X<300", Accommodation, 300, 10000, 0, X, Medium, Large, Large},
	{"住宿和餐饮业 中小微 Y<10000", Accommodation, 300, 10000, 0, Y, Medium, Large, Large},
	{"住宿和餐饮业 中型 X≥100", Accommodation, 100, 2000, 0, X, Small, Medium, Medium},
	{"住宿和餐饮业 中型 Y≥2000", Accommodation, 100, 2000, 0, Y, Small, Medium, Medium},
	{"住宿和餐饮业 小型 X≥10", Accommodation, 10, 100, 0, X, Micro, Small, Small},
	{"住宿和餐饮业 小型 Y≥100", Accommodation, 10, 100, 0, Y, Micro, Small, Small},
	{"信息传输业 中小微 X<2000", InfoTransmission, 2000, 100000, 0, X, Medium, Large, Large},
	{"信息传输业 中小微 Y<100000", InfoTransmission, 2000, 100000, 0, Y, Medium, Large, Large},
	{"信息传输业 中型 X≥100", InfoTransmission, 100, 1000, 0, X, Small, Medium, Medium},
	{"信息传输业 中型 Y≥1000", InfoTransmission, 100, 1000, 0, Y, Small, Medium, Medium},
	{"信息传输业 小型 X≥10", InfoTransmission, 10, 100, 0, X, Micro, Small, Small},
	{"信息传输业 小型 Y≥100", InfoTransmission, 10, 100, 0, Y, Micro, Small, Small},
	{"软件和信息技术服务业 中小微 X<300", Software, 300, 10000, 0, X, Medium, Large, Large},
	{"软件和信息技术服务业 中小微 Y<10000", Software, 300, 10000, 0, Y, Medium, Large, Large},
	{"软件和信息技术服务业 中型 X≥100", Software, 100, 1000, 0, X, Small, Medium, Medium},
	{"软件和信息技术服务业 中型 Y≥1000", Software, 100, 1000, 0, Y, Small, Medium, Medium},
	{"软件和信息技术服务业 小型 X≥10", Software, 10, 50, 0, X, Micro, Small, Small},
	{"软件和信息技术服务业 小型 Y≥50", Software, 10, 50, 0, Y, Micro, Small, Small},
	{"房地产开发经营 中小微 Y<200000", RealEstateDevelopment, 0, 200000, 10000, Y, Medium, Large, Large},
	{"房地产开发经营 中小微 Z<10000", RealEstateDevelopment, 0, 200000, 10000, Z, Medium, Large, Large},
	{"房地产开发经营 中型 Y≥1000", RealEstateDevelopment, 0, 1000, 5000, Y, Small, Medium, Medium},
	{"房地产开发经营 中型 Z≥5000", RealEstateDevelopment, 0, 1000, 5000, Z, Small, Medium, Medium},
	{"房地产开发经营 小型 Y≥100", RealEstateDevelopment, 0, 100, 2000, Y, Micro, Small, Small},
	{"房地产开发经营 小型 Z≥2000", RealEstateDevelopment, 0, 100, 2000, Z, Micro, Small, Small},
	{"物业管理 中小微 X<1000", PropertyManagement, 1000, 5000, 0, X, Medium, Large, Large},
	{"物业管理 中小微 Y<5000", PropertyManagement, 1000, 5000, 0, Y, Medium, Large, Large},
	{"物业管理 中型 X≥300", PropertyManagement, 300, 1000, 0, X, Small, Medium, Medium},
	{"物业管理 中型 Y≥1000", PropertyManagement, 300, 1000, 0, Y, Small, Medium, Medium},
	{"物业管理 小型 X≥100", PropertyManagement, 100, 500, 0, X, Micro, Small, Small},
	{"物业管理 小型 Y≥500", PropertyManagement, 100, 500, 0, Y, Micro, Small, Small},
	{"租赁和商务服务业 中小微 X<300", Leasing, 300, 0, 120000, X, Medium, Large, Large},
	{"租赁和商务服务业 中小微 Z<120000", Leasing, 300, 0, 120000, Z, Medium, Large, Large},
	{"租赁和商务服务业 中型 X≥100", Leasing, 100, 0, 8000, X, Small, Medium, Medium},
	{"租赁和商务服务业 中型 Z≥8000", Leasing, 100, 0, 8000, Z, Small, Medium, Medium},
	{"租赁和商务服务业 小型 X≥10", Leasing, 10, 0, 100, X, Micro, Small, Small},
	{"租赁和商务服务业 小型 Z≥100", Leasing, 10, 0, 100, Z, Micro, Small, Small},
	{"其他未列明行业 中小微 X<300", Others, 300, 0, 0, X, Medium, Large, Large},
	{"其他未列明行业 中型 X≥100", Others, 100, 0, 0, X, Small, Medium, Medium},
	{"其他未列明行业 小型 X≥10", Others, 10, 0, 0, X, Micro, Small, Small},
}

func TestClassifyAtEveryBoundary(t *testing.T) {
	table := Default()
	covered := map[Industry]int{}
	for _, b := range boundaries {
		covered[b.ind]++
		for _, step := range []struct {
			name  string
			delta int64
			want  Size
		}{{"below", -1, b.below}, {"at", 0, b.at}, {"above", +1, b.above}} {
			x, y, z := b.x, wanFen(b.y), wanFen(b.z)
			switch b.vary {
			case X:
				x += int(step.delta)
			case Y:
				y += money.Amount(step.delta)
			case Z:
				z += money.Amount(step.delta)
			}
			t.Run(fmt.Sprintf("%s/%s", b.row, step.name), func(t *testing.T) {
				got, err := table.Classify(b.ind, x, y, z)
				if err != nil || got != step.want {
					t.Errorf("Classify(%s, X=%d, Y=%d分, Z=%d分) = %s, %v; want %s",
						b.ind, x, y, z, got.Title(), err, step.want.Title())
				}
			})
		}
	}
	// Every row, and every bound of it, has its cases.
	for ind, row := range table.Rows {
		if n := len(row.SME) + len(row.Medium) + len(row.Small); covered[ind] != n {
			t.Errorf("%s: %d boundary cases for %d bounds", ind.Title(), covered[ind], n)
		}
	}
	if len(table.Rows) != len(Industries()) {
		t.Errorf("table has %d rows, want %d", len(table.Rows), len(Industries()))
	}
}

// Enterprises an officer meets.
func TestClassifyExamples(t *testing.T) {
	table := Default()
	tests := []struct {
		name            string
		ind             Industry
		employees       int
		revenue, assets money.Amount
		want            Size
	}{
		{"服装厂：150人，营业收入5000万元", Industrial, 150, wanFen(5000), wanFen(3000), Small},
		{"机械厂：500人，营业收入3亿元", Industrial, 500, wanFen(30000), wanFen(20000), Medium},
		{"钢厂：1200人，营业收入5亿元", Industrial, 1200, wanFen(50000), wanFen(90000), Large},
		{"钢厂人多但营业收入3.9亿元：仍属中小微", Industrial, 5000, wanFen(39000), 0, Medium},
		{"小作坊：8人，营业收入200万元", Industrial, 8, wanFen(200), wanFen(50), Micro},
		{"批发商：4人但营业收入2亿元", Wholesale, 4, wanFen(20000), 0, Micro},
		{"批发商：250人，营业收入3亿元", Wholesale, 250, wanFen(30000), 0, Medium},
		{"小饭馆：8人，营业收入80万元", Accommodation, 8, wanFen(80), 0, Micro},
		{"连锁酒店：120人，营业收入2500万元", Accommodation, 120, wanFen(2500), 0, Medium},
		{"软件公司：120人，营业收入1500万元", Software, 120, wanFen(1500), 0, Medium},
		{"软件工作室：12人，营业收入60万元", Software, 12, wanFen(60), 0, Small},
		{"家庭农场：营业收入300万元", Agriculture, 6, wanFen(300), wanFen(800), Small},
		{"农业公司人再多也只看营业收入", Agriculture, 5000, wanFen(300), wanFen(90000), Small},
		{"装修公司：营业收入500万元，资产200万元", Construction, 30, wanFen(500), wanFen(200), Micro},
		{"房地产开发：营业收入5000万元，资产8000万元", RealEstateDevelopment, 40, wanFen(5000), wanFen(8000), Medium},
		{"咨询公司：60人，资产500万元", Leasing, 60, 0, wanFen(500), Small},
		{"律师事务所（其他）：12人", Others, 12, wanFen(3000), 0, Small},
		{"新设企业：0人，无收入", Others, 0, 0, 0, Micro},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := table.Classify(tt.ind, tt.employees, tt.revenue, tt.assets)
			if err != nil || got != tt.want {
				t.Errorf("Classify = %s, %v; want %s", got.Title(), err, tt.want.Title())
			}
		})
	}
}

func TestClassifyErrors(t *testing.T) {
	table := Default()
	for _, tt := range []struct {
		name string
		ind  Industry
		x    int
		y, z money.Amount
		want error
	}{
		{"negative employees", Industrial, -1, 0, 0, ErrSizeNegative},
		{"negative revenue", Industrial, 10, -1, 0, ErrSizeNegative},
		{"negative assets, though the row ignores assets", Industrial, 10, 0, -1, ErrSizeNegative},
		{"unspecified industry", Unspecified, 10, 0, 0, ErrSizeIndustry},
		{"unknown industry", Industry("mining"), 10, 0, 0, ErrSizeIndustry},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := table.Classify(tt.ind, tt.x, tt.y, tt.z)
			if !errors.Is(err, tt.want) || got != 0 {
				t.Errorf("Classify = %v, %v; want %v", got, err, tt.want)
			}
		})
	}

	broken := SizeTable{Rows: map[Industry]SizeRow{
		Others:      {SME: nil, Medium: []Bound{{X, 100}}, Small: []Bound{{X, 10}}},
		Retail:      {SME: []Bound{{Measure(9), 1}}, Medium: []Bound{{X, 100}}, Small: []Bound{{X, 10}}},
		Wholesale:   {SME: []Bound{{X, 300}}, Medium: []Bound{{X, -1}}, Small: []Bound{{X, 10}}},
		Agriculture: {SME: []Bound{{Y, 20000}}, Medium: []Bound{{Y, 500}}},
	}}
	for ind := range broken.Rows {
		if _, err := broken.Classify(ind, 1, 1, 1); !errors.Is(err, ErrSizeTable) {
			t.Errorf("%s: %v, want ErrSizeTable", ind, err)
		}
	}
	var empty SizeTable
	if _, err := empty.Classify(Others, 1, 1, 1); !errors.Is(err, ErrSizeIndustry) {
		t.Errorf("zero table: %v", err)
	}
}

// Amounts far beyond any threshold must neither overflow nor misclassify.
func TestClassifyExtremes(t *testing.T) {
	const maxAmount = money.Amount(1<<63 - 1)
	got, err := Default().Classify(Industrial, int(^uint(0)>>1), maxAmount, maxAmount)
	if err != nil || got != Large {
		t.Errorf("Classify(max) = %v, %v", got, err)
	}
	huge := SizeTable{Rows: map[Industry]SizeRow{
		Others: {SME: []Bound{{Y, 1 << 62}}, Medium: []Bound{{Y, 1 << 61}}, Small: []Bound{{Y, 1 << 60}}},
	}}
	if got, err := huge.Classify(Others, 0, maxAmount, 0); err != nil || got != Micro {
		t.Errorf("huge thresholds = %v, %v", got, err)
	}
}

func TestDefaultIsFresh(t *testing.T) {
	a := Default()
	a.Rows[Others].SME[0].Value = 1
	delete(a.Rows, Retail)
	b := Default()
	if b.Rows[Others].SME[0].Value != 300 || len(b.Rows) != len(Industries()) || b.Effective != "2011-06-18" {
		t.Error("Default must return a fresh table")
	}
}

func TestTitles(t *testing.T) {
	for s, want := range map[Size]string{Large: "大型", Medium: "中型", Small: "小型", Micro: "微型", 0: ""} {
		if s.Title() != want {
			t.Errorf("%d.Title() = %q, want %q", s, s.Title(), want)
		}
	}
	for m, want := range map[Measure]string{X: "从业人员", Y: "营业收入", Z: "资产总额", 0: ""} {
		if m.Title() != want {
			t.Errorf("%d.Title() = %q, want %q", m, m.Title(), want)
		}
	}
}
