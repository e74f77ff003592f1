package survey

// Ownership is the kind of enterprise (企业性质). The value is a stable key to
// store; Title is the Chinese name.
type Ownership string

// The kinds of enterprise on the form.
const (
	OwnershipState      Ownership = "state"      // 国有及国有控股
	OwnershipCollective Ownership = "collective" // 集体
	OwnershipPrivate    Ownership = "private"    // 民营
	OwnershipForeign    Ownership = "foreign"    // 外商投资
	OwnershipHKMOTW     Ownership = "hkmotw"     // 港澳台投资
	OwnershipIndividual Ownership = "individual" // 个体工商户
	OwnershipOther      Ownership = "other"      // 其他
)

// Ownerships returns the kinds of enterprise in the form's order.
func Ownerships() []Ownership {
	return []Ownership{OwnershipState, OwnershipCollective, OwnershipPrivate,
		OwnershipForeign, OwnershipHKMOTW, OwnershipIndividual, OwnershipOther}
}

// Title is the Chinese name, e.g. "民营"; "" for an unknown key.
func (o Ownership) Title() string {
	return map[Ownership]string{
		OwnershipState: "国有及国有控股", OwnershipCollective: "集体", OwnershipPrivate: "民营",
		OwnershipForeign: "外商投资", OwnershipHKMOTW: "港澳台投资",
		OwnershipIndividual: "个体工商户", OwnershipOther: "其他",
	}[o]
}

// TaxGrade is a tax credit grade (纳税信用等级): A, B, C, D, or M for an
// enterprise too new to be graded.
type TaxGrade string

// The tax credit grades.
const (
	TaxA TaxGrade = "A"
	TaxB TaxGrade = "B"
	TaxC TaxGrade = "C"
	TaxD TaxGrade = "D"
	TaxM TaxGrade = "M"
)

// TaxGrades returns the grades in the form's order.
func TaxGrades() []TaxGrade { return []TaxGrade{TaxA, TaxB, TaxC, TaxD, TaxM} }

// Overdue is the enterprise's repayment record as its credit report
// (征信报告) shows it (征信逾期情况).
type Overdue string

// The repayment records on the form.
const (
	OverdueNone    Overdue = "none"    // 无逾期记录
	OverduePast    Overdue = "past"    // 近两年有逾期，已结清
	OverdueCurrent Overdue = "current" // 当前有逾期未还
)

// Overdues returns the repayment records in the form's order.
func Overdues() []Overdue { return []Overdue{OverdueNone, OverduePast, OverdueCurrent} }

// Title is the Chinese name, e.g. "无逾期记录"; "" for an unknown key.
func (o Overdue) Title() string {
	return map[Overdue]string{
		OverdueNone: "无逾期记录", OverduePast: "近两年有逾期，已结清", OverdueCurrent: "当前有逾期未还",
	}[o]
}

// Operating is how the enterprise is trading when visited (经营状况).
type Operating string

// The operating states on the form.
const (
	OperatingNormal   Operating = "normal"   // 正常经营
	OperatingStrained Operating = "strained" // 经营困难
	OperatingHalted   Operating = "halted"   // 停产、歇业
)

// Operatings returns the operating states in the form's order.
func Operatings() []Operating {
	return []Operating{OperatingNormal, OperatingStrained, OperatingHalted}
}

// Title is the Chinese name, e.g. "正常经营"; "" for an unknown key.
func (o Operating) Title() string {
	return map[Operating]string{
		OperatingNormal: "正常经营", OperatingStrained: "经营困难", OperatingHalted: "停产、歇业",
	}[o]
}

// Purpose is what the financing is for (融资用途).
type Purpose string

// The purposes on the form.
const (
	PurposeWorkingCapital Purpose = "working" // 流动资金
	PurposeFixedAssets    Purpose = "fixed"   // 固定资产
	PurposeProject        Purpose = "project" // 项目
	PurposeOther          Purpose = "other"   // 其他, explained in PurposeNote
)

// Purposes returns the purposes in the form's order.
func Purposes() []Purpose {
	return []Purpose{PurposeWorkingCapital, PurposeFixedAssets, PurposeProject, PurposeOther}
}

// Title is the Chinese name, e.g. "流动资金"; "" for an unknown key.
func (p Purpose) Title() string {
	return map[Purpose]string{
		PurposeWorkingCapital: "流动资金", PurposeFixedAssets: "固定资产",
		PurposeProject: "项目", PurposeOther: "其他",
	}[p]
}

// Urgency is how soon the financing is needed (紧急程度).
type Urgency string

// The degrees of urgency on the form.
const (
	UrgencyHigh   Urgency = "high"   // 急需（1个月内）
	UrgencyMedium Urgency = "medium" // 较急（3个月内）
	UrgencyLow    Urgency = "low"    // 不急（3个月以上）
)

// Urgencies returns the degrees of urgency, most urgent first.
func Urgencies() []Urgency { return []Urgency{UrgencyHigh, UrgencyMedium, UrgencyLow} }

// Title is the Chinese name, e.g. "急需（1个月内）"; "" for an unknown key.
func (u Urgency) Title() string {
	return map[Urgency]string{
		UrgencyHigh: "急需（1个月内）", UrgencyMedium: "较急（3个月内）", UrgencyLow: "不急（3个月以上）",
	}[u]
}

// Collateral is a kind of security (担保方式) an enterprise can offer or a
// product accepts.
type Collateral string

// The kinds of security on the form.
const (
	CollateralProperty    Collateral = "property"    // 房产、土地抵押
	CollateralEquity      Collateral = "equity"      // 股权质押
	CollateralInventory   Collateral = "inventory"   // 存货质押
	CollateralReceivables Collateral = "receivables" // 应收账款质押
	CollateralIP          Collateral = "ip"          // 知识产权质押
	CollateralDeposit     Collateral = "deposit"     // 存单质押
	CollateralGuarantee   Collateral = "guarantee"   // 保证担保
	CollateralUnsecured   Collateral = "unsecured"   // 信用（无担保）
	CollateralOther       Collateral = "other"       // 其他, described in CollateralNote
)

// Collaterals returns the kinds of security in the form's order.
func Collaterals() []Collateral {
	return []Collateral{CollateralProperty, CollateralEquity, CollateralInventory,
		CollateralReceivables, CollateralIP, CollateralDeposit, CollateralGuarantee,
		CollateralUnsecured, CollateralOther}
}

// Title is the Chinese name, e.g. "知识产权质押"; "" for an unknown key.
func (c Collateral) Title() string {
	return map[Collateral]string{
		CollateralProperty: "房产、土地抵押", CollateralEquity: "股权质押",
		CollateralInventory: "存货质押", CollateralReceivables: "应收账款质押",
		CollateralIP: "知识产权质押", CollateralDeposit: "存单质押",
		CollateralGuarantee: "保证担保", CollateralUnsecured: "信用（无担保）",
		CollateralOther: "其他",
	}[c]
}
