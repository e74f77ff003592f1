package ui

import (
	"fmt"

	"branchdesk/domain/ledger"
)

// domainNames are the names domain/ gives to what the counter's screens
// show most: the business kinds, account types and state, a teller's day
// and level.
// They are keys like the screens' own text, translated by tr where they
// are shown; TestDomainNamesAreKeys keeps the list whole. Other names and
// the domain's messages are shown as domain/ writes them, in Chinese.
var domainNames = []string{
	key("储蓄现金存款"), key("储蓄现金取款"), key("对公现金存款"), key("对公现金取款"), key("储蓄转账"), key("对公转账"),
	key("储蓄"), key("对公"), key("现金"), key("挂账"),
	key("已签到"), key("临时签退"), key("已正式签退"), key("未签到"),
	key("业务经办"), key("业务主办"), key("业务主管"),
	key("正常"), // an account with nothing frozen
}

// entryTitle is an entry's business name on screen, 冲正· marking a
// reversal, as ledger.Entry.Title writes it in Chinese.
func entryTitle(e ledger.Entry) string {
	if e.IsReversal() {
		return fmt.Sprintf(tr("冲正·%s"), tr(e.Kind.Title()))
	}
	return tr(e.Kind.Title())
}

// deskHeadings are the headings of the credit desk's tables that domain/
// and storage/ name: the quarterly assessment's measures
// (appraisal.Measure.Title) and the monthly summary's columns
// (csvio.MonthHeader). Keys translated where the table shows them;
// TestEnglishDeskHeadings keeps the list whole.
var deskHeadings = []string{
	key("名单覆盖率"), key("日登完整率"), key("周清及时率"), key("融资业务促成率"), key("企业满意率"), key("投诉及时办结率"), key("名单客户授信占比"),
	key("名单户数"), key("当月已登记户数"), key("当月登记次数"), key("月末逾期户数"), key("已在我行开展业务户数"),
}
