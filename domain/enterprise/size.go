package enterprise

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Size is an enterprise's size class (企业规模). The zero value is no class.
type Size int

// The size classes of 工信部联企业〔2011〕300号, largest first.
const (
	Large  Size = iota + 1 // 大型
	Medium                 // 中型
	Small                  // 小型
	Micro                  // 微型
)

// Title is the size in Chinese, e.g. "小型"; "" for no class.
func (s Size) Title() string {
	switch s {
	case Large:
		return "大型"
	case Medium:
		return "中型"
	case Small:
		return "小型"
	case Micro:
		return "微型"
	}
	return ""
}

// Errors of SizeTable.Classify. Their text is shown to the officer as is.
var (
	// ErrSizeNegative reports a negative headcount, revenue or asset total.
	ErrSizeNegative = errors.New("从业人员、营业收入和资产总额不能为负数")
	// ErrSizeIndustry reports an industry the table has no row for, such as
	// Unspecified: the industry code must be completed first.
	ErrSizeIndustry = errors.New("行业未确定或不在划型标准中，无法划分企业规模")
	// ErrSizeTable reports a row that cannot classify anything: a bound
	// list is empty, names an unknown measure or has a negative value.
	ErrSizeTable = errors.New("企业规模划型标准配置有误")
)

// Measure is an indicator of size.
type Measure int

// The indicators of the notice.
const (
	Employees Measure = iota + 1 // X, 从业人员, in persons
	Revenue                      // Y, 营业收入, in 万元
	Assets                       // Z, 资产总额, in 万元
)

// Title is the indicator's Chinese name, e.g. "营业收入".
func (m Measure) Title() string {
	switch m {
	case Employees:
		return "从业人员"
	case Revenue:
		return "营业收入"
	case Assets:
		return "资产总额"
	}
	return ""
}

// Bound is one threshold of a size row.
type Bound struct {
	// Measure is the indicator compared.
	Measure Measure
	// Value is the threshold: persons for Employees, 万元 (1,000,000 fen)
	// for Revenue and Assets.
	Value int64
}

// SizeRow holds the thresholds of one industry.
type SizeRow struct {
	// SME lists the "中小微型企业" bounds: an enterprise below any one of
	// them is small or medium-sized (or micro); otherwise it is large.
	SME []Bound
	// Medium lists the bounds an SME must meet, every one, to be medium.
	Medium []Bound
	// Small lists the bounds an SME must meet, every one, to be small;
	// below any of them it is micro.
	Small []Bound
}

// SizeTable is a version of the size standard, kept as data so a revision
// replaces the table, not the code.
type SizeTable struct {
	// Effective is the date the standard took effect, YYYY-MM-DD.
	Effective string
	// Rows holds the thresholds of each industry.
	Rows map[Industry]SizeRow
}

// wan is one 万元 in fen.
const wan = 1_000_000

// Default returns the standard of 工信部联企业〔2011〕300号 (中小企业划型标准
// 规定), issued and in force since 2011-06-18. X is employees, Y revenue and
// Z total assets, in 万元. Each call returns a fresh table.
func Default() SizeTable {
	x := func(v int64) Bound { return Bound{Employees, v} }
	y := func(v int64) Bound { return Bound{Revenue, v} }
	z := func(v int64) Bound { return Bound{Assets, v} }
	b := func(bs ...Bound) []Bound { return bs }
	return SizeTable{
		Effective: "2011-06-18",
		Rows: map[Industry]SizeRow{
			Agriculture:           {SME: b(y(20000)), Medium: b(y(500)), Small: b(y(50))},
			Industrial:            {SME: b(x(1000), y(40000)), Medium: b(x(300), y(2000)), Small: b(x(20), y(300))},
			Construction:          {SME: b(y(80000), z(80000)), Medium: b(y(6000), z(5000)), Small: b(y(300), z(300))},
			Wholesale:             {SME: b(x(200), y(40000)), Medium: b(x(20), y(5000)), Small: b(x(5), y(1000))},
			Retail:                {SME: b(x(300), y(20000)), Medium: b(x(50), y(500)), Small: b(x(10), y(100))},
			Transport:             {SME: b(x(1000), y(30000)), Medium: b(x(300), y(3000)), Small: b(x(20), y(200))},
			Warehousing:           {SME: b(x(200), y(30000)), Medium: b(x(100), y(1000)), Small: b(x(20), y(100))},
			Postal:                {SME: b(x(1000), y(30000)), Medium: b(x(300), y(2000)), Small: b(x(20), y(100))},
			Accommodation:         {SME: b(x(300), y(10000)), Medium: b(x(100), y(2000)), Small: b(x(10), y(100))},
			InfoTransmission:      {SME: b(x(2000), y(100000)), Medium: b(x(100), y(1000)), Small: b(x(10), y(100))},
			Software:              {SME: b(x(300), y(10000)), Medium: b(x(100), y(1000)), Small: b(x(10), y(50))},
			RealEstateDevelopment: {SME: b(y(200000), z(10000)), Medium: b(y(1000), z(5000)), Small: b(y(100), z(2000))},
			PropertyManagement:    {SME: b(x(1000), y(5000)), Medium: b(x(300), y(1000)), Small: b(x(100), y(500))},
			Leasing:               {SME: b(x(300), z(120000)), Medium: b(x(100), z(8000)), Small: b(x(10), z(100))},
			Others:                {SME: b(x(300)), Medium: b(x(100)), Small: b(x(10))},
		},
	}
}

// Classify returns the size of an enterprise of industry ind with employees
// staff, prior-year revenue and total assets in fen. Indicators the row does
// not use are ignored, but none may be negative.
//
// The enterprise is large unless it is below any SME bound ("<"); an SME is
// medium if it meets every Medium bound ("≥"), else small if it meets every
// Small bound, else micro. The errors are ErrSizeNegative, ErrSizeIndustry
// and ErrSizeTable.
func (t SizeTable) Classify(ind Industry, employees int, revenue, assets money.Amount) (Size, error) {
	if employees < 0 || revenue < 0 || assets < 0 {
		return 0, ErrSizeNegative
	}
	row, ok := t.Rows[ind]
	if !ok {
		return 0, msg.Errorf("%w（%s）", ErrSizeIndustry, ind.Title())
	}
	if err := row.valid(); err != nil {
		return 0, msg.Errorf("%w（%s）", err, ind.Title())
	}
	// In whole persons and whole 万元: for a whole threshold v,
	// amount ≥ v万元 exactly when ⌊amount / 1万元⌋ ≥ v, with no overflow.
	have := map[Measure]int64{
		Employees: int64(employees),
		Revenue:   int64(revenue / wan),
		Assets:    int64(assets / wan),
	}
	meets := func(b Bound) bool { return have[b.Measure] >= b.Value }
	all := func(bs []Bound) bool {
		for _, b := range bs {
			if !meets(b) {
				return false
			}
		}
		return true
	}
	switch {
	case all(row.SME):
		return Large, nil
	case all(row.Medium):
		return Medium, nil
	case all(row.Small):
		return Small, nil
	}
	return Micro, nil
}

// valid reports ErrSizeTable for a row that cannot classify.
func (r SizeRow) valid() error {
	for _, bs := range [][]Bound{r.SME, r.Medium, r.Small} {
		if len(bs) == 0 {
			return ErrSizeTable
		}
		for _, b := range bs {
			if b.Measure.Title() == "" || b.Value < 0 {
				return ErrSizeTable
			}
		}
	}
	return nil
}
