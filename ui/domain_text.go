package ui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
)

// domainNames are the names domain/ gives to what the counter's screens
// show most: the business kinds, account types and state, a teller's day
// and level.
// They are keys like the screens' own text, translated by tr where they
// are shown; TestDomainNamesAreKeys keeps the list whole. The domain's
// messages are shown through errorText.
var domainNames = []string{
	key("储蓄现金存款"), key("储蓄现金取款"), key("对公现金存款"), key("对公现金取款"), key("储蓄转账"), key("对公转账"),
	key("储蓄"), key("对公"), key("现金"), key("挂账"),
	key("已签到"), key("临时签退"), key("已正式签退"), key("未签到"),
	key("业务经办"), key("业务主办"), key("业务主管"),
	key("无需授权"), key("需B级授权"), key("需B级、A级二次授权"), key("需A级（业务主管）审批"), // authz.Need.Title
	key("正常"), // an account with nothing frozen
	// the bank's own cash and suspense moves (ledger's internal kinds)
	key("现金出库"), key("现金入库"), key("调拨入库"), key("调拨出库"), key("长款挂账"), key("短款挂账"),
	key("长款退还"), key("短款找回"), key("短款赔偿"), key("长款核销"), key("短款核销"),
	// a payment order's states (payment.State.Title; 待复核 is the late review's too)
	key("待复核"), key("待编押"), key("待发送"), key("已发送"), key("已退回（录入冲正）"),
	// the denominations of the cash count grids (cash.Denominations)
	key("100元纸币"), key("50元纸币"), key("20元纸币"), key("10元纸币"), key("5元纸币"), key("1元纸币"), key("1元硬币"),
	key("5角纸币"), key("5角硬币"), key("1角纸币"), key("1角硬币"), key("5分硬币"), key("2分硬币"), key("1分硬币"),
	// the credit desk's attachment kinds and complaint channels
	key("营业执照"), key("抵押物照片"), key("走访照片"), key("签字表格"), key("其他"),
	key("电话"), key("邮件"), key("现场"),
	// what an attachment's content is (attach.TypeText)
	key("JPEG 图片"), key("PNG 图片"), key("PDF 文件"), key("未知类型"),
	// seal kinds, voucher types and states, remote authorization states
	key("业务专用章"), key("现金讫章"), key("转讫章"), key("名章"), key("授权卡"),
	key("现金支票"), key("转账支票"), key("存折"), key("存单"), key("银行卡"), key("业务委托书"), key("张"), key("本"),
	key("在库"), key("已领用"), key("已使用"), key("已出售"), key("已作废"), key("已退回"),
	key("等待授权…"), key("已授权"), key("已拒绝"), key("已过期"), key("已记账"), key("已撤回"),
	// the credit desk's survey status, company sizes, list classes, financing
	// purposes, pipeline stages and complaint steps
	key("草稿"), key("已定稿"), key("大型"), key("中型"), key("小型"), key("微型"),
	key("积极进入类"), key("正常进入类"), key("审慎进入类"), key("退出类"),
	key("流动资金"), key("固定资产"), key("项目"),
	key("1年期LPR"), key("5年期以上LPR"), // sync.Term.Title, a base rate's term
	// the survey form's choices: ownership, repayment record, operating
	// state, urgency and security
	key("国有及国有控股"), key("集体"), key("民营"), key("外商投资"), key("港澳台投资"), key("个体工商户"),
	key("无逾期记录"), key("近两年有逾期，已结清"), key("当前有逾期未还"),
	key("正常经营"), key("经营困难"), key("停产、歇业"),
	key("急需（1个月内）"), key("较急（3个月内）"), key("不急（3个月以上）"),
	key("房产、土地抵押"), key("股权质押"), key("存货质押"), key("应收账款质押"), key("知识产权质押"), key("存单质押"),
	key("保证担保"), key("信用（无担保）"),
	key("未登记"), key("已收集"), key("已对接"), key("跟踪办理"), key("已放款"), key("未获融资"), key("已回访"),
	key("受理"), key("调查核实"), key("处理"), key("反馈"),
	// the support schemes, the founders' groups, the service vouchers'
	// items and the size standards' industries
	key("微型企业创业扶持贷款"), key("融资担保费补助"), key("贷款贴息"), key("小微企业服务补贴券"),
	key("高校毕业生"), key("返乡农民工"), key("失业人员"), key("军队复员人员"), key("其他人员"),
	key("财税代理服务"), key("融资服务"), key("法律顾问服务"), key("电子商务服务"),
	key("农、林、牧、渔业"), key("工业"), key("建筑业"), key("批发业"), key("零售业"), key("交通运输业"), key("仓储业"), key("邮政业"),
	key("住宿和餐饮业"), key("信息传输业"), key("软件和信息技术服务业"), key("房地产开发经营"), key("物业管理"), key("租赁和商务服务业"),
	key("其他未列明行业"), key("未确定行业"),
	// a service voucher application's state, an enterprise not on the list
	key("候补"), key("已发放"), key("未入名单"), // 已作废 is a voucher's state too
	// the identity documents a customer or agent shows (ledger.IDTypes)
	key("居民身份证"), key("临时居民身份证"), key("护照"), key("港澳居民来往内地通行证"), key("台湾居民来往大陆通行证"),
	key("外国人永久居留身份证"), key("军官证"),
	// the quarterly assessment's 无数据, its weights' source and rule
	key("无数据"), key("默认，季度末前总行未下发"), key("季度末前总行下发"),
	key("无数据时：日登、周清、促成率、满意率、名单客户授信占比计 0 分，投诉及时办结率计满分，名单为空时名单覆盖率不计入得分"),
	// a KPI figure withheld from an officer (pipeline.Withheld, WithheldNote)
	key("保密"), key("“保密”：全行含其他服务官的业务，服务官只见其比率，不见笔数和金额。"),
}

// surveyFormText is the text of the built-in survey form (survey.V1) that
// domainNames does not hold: its sections' names, its fields' labels and
// hints, the industry sections and tax grades offered. Keys translated
// where the form shows them; a form head office issues later reads as it
// is written where it says something else. TestSurveyFormTextIsKeys keeps
// the list whole.
var surveyFormText = []string{
	key("企业基本信息"), key("企业名称"), key("统一社会信用代码"), key("18位，如 91350100M000100Y43"), key("校验位存疑说明"), key("仅在校验位不符、已核对营业执照原件时填写"),
	key("成立日期"), key("如 2016-04-08"), key("法定代表人"), key("法定代表人身份证号码"), key("18位身份证号码"), key("经营地址"), key("行业门类"), key("A 农、林、牧、渔业"),
	key("B 采矿业"), key("C 制造业"), key("D 电力、热力、燃气及水生产和供应业"), key("E 建筑业"), key("F 批发和零售业"), key("G 交通运输、仓储和邮政业"), key("H 住宿和餐饮业"),
	key("I 信息传输、软件和信息技术服务业"), key("J 金融业"), key("K 房地产业"), key("L 租赁和商务服务业"), key("M 科学研究和技术服务业"), key("N 水利、环境和公共设施管理业"),
	key("O 居民服务、修理和其他服务业"), key("P 教育"), key("Q 卫生和社会工作"), key("R 文化、体育和娱乐业"), key("S 公共管理、社会保障和社会组织"), key("T 国际组织"), key("行业代码"),
	key("两位大类或三位中类代码，如 52"), key("主营业务"), key("企业性质"), key("经营规模"), key("从业人员"), key("人"), key("上年营业收入"), key("元"), key("资产总额"),
	key("负债总额"), key("经营状况"), key("现有融资"), key("纳税信用等级"), key("A级"), key("B级"), key("C级"), key("D级"), key("M级（新设立，未评级）"),
	key("征信逾期情况"), key("在我行有贷款"), key("有"), key("在我行贷款余额"), key("在他行有贷款"), key("在他行贷款余额"), key("融资需求"), key("拟融资金额"), key("融资用途"),
	key("用途说明"), key("用途为“其他”时必填"), key("融资期限（月）"), key("月，1至360"), key("紧急程度"), key("担保方式"), key("其他担保方式说明"), key("勾选“其他”时必填"),
	key("联系人及授权"), key("联系人"), key("联系人手机号码"), key("11位手机号码"), key("信息使用授权"), key("企业已同意将所填信息用于融资服务"), key("调查信息"), key("调查人"),
	key("调查日期"), key("如 2025-06-15"),
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

// lateState is where a late-review item stands, as counter.LateItem.State
// writes it in Chinese, in the screen's language.
func lateState(it counter.LateItem) string {
	switch {
	case it.Checked != nil:
		return fmt.Sprintf(tr("已复核（%s）"), it.Checked.By)
	case it.Open():
		return fmt.Sprintf(tr("查询待答复：%s"), it.Query.Note)
	case it.Answer != nil:
		return fmt.Sprintf(tr("查询已答复（%s）：%s"), it.Answer.By, it.Answer.Note)
	}
	return tr("待复核")
}

// quarterLabel is a quarter as appraisal.Quarter.String writes it,
// "2026年第4季度", in the screen's language.
func quarterLabel(q appraisal.Quarter) string {
	return fmt.Sprintf(tr("%d年第%d季度"), q.Year, q.Q)
}

// weightsLine is the quarterly assessment's weights and its rule for
// 无数据, as the quarter's PDF states them, in the screen's language.
func weightsLine(source string, w appraisal.Weights) string {
	parts := make([]string, 0, len(appraisal.Measures()))
	for _, m := range appraisal.Measures() {
		parts = append(parts, fmt.Sprintf("%s %d", tr(m.Title()), w[m]))
	}
	return fmt.Sprintf(tr("权重（%s）：%s；%s"), tr(source), strings.Join(parts, tr("、")), tr(appraisal.NoDataText))
}

// differenceText is a cash difference as cash.Difference.Title writes it,
// "长款 ¥10.00", "短款 ¥10.00" or "平", in the screen's language.
func differenceText(d cash.Difference) string {
	switch {
	case d.Amount > 0:
		return fmt.Sprintf(tr("长款 %s"), d.Amount)
	case d.Amount < 0:
		return fmt.Sprintf(tr("短款 %s"), -d.Amount)
	}
	return tr("平")
}

// errorText is err as the screens show it, in their language: a fixed
// message of the domain (a sentinel's) is a key; one with figures
// (msg.Carrier) has its format translated and its figures put in, each
// figure that is itself a message or a domain name translated too. Any
// other error reads as it is written. A screen that puts its own words
// before a refusal makes it msg.Errorf(tr("额度下限：%w"), err), not
// fmt.Errorf, so that the refusal it wraps is translated too (tr leaves
// a format already in the screen's language as it is).
func errorText(err error) string {
	var c msg.Carrier
	if errors.As(err, &c) && c.Error() == err.Error() {
		return msgText(c.Message())
	}
	return tr(err.Error())
}

// wrapVerb is a %w verb of an error's format, which Sprintf does not know.
var wrapVerb = regexp.MustCompile(`%(\[\d+\])?w`)

// msgText is a message with figures in the screens' language.
func msgText(t msg.Text) string {
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		switch a := a.(type) {
		case error:
			args[i] = errorText(a)
		case msg.Text:
			args[i] = msgText(a)
		case msg.List:
			args[i] = messagesText(a)
		case msg.Line:
			args[i] = lineText(a)
		case cash.Difference:
			args[i] = differenceText(a)
		case string:
			args[i] = tr(a)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(wrapVerb.ReplaceAllString(formatText(t.Format), "%${1}v"), args...)
}

// texts are messages, each in the screens' language.
func texts(ts []msg.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = msgText(t)
	}
	return out
}

// messagesText is messages shown together, in the screens' language.
func messagesText(l msg.List) string { return strings.Join(texts(l), tr("；")) }

// lineText is a summary written in parts, in the screens' language.
func lineText(l msg.Line) string { return strings.Join(texts(l), " ") }

// halfWidth writes Chinese punctuation the way English does.
var halfWidth = strings.NewReplacer("：", ": ", "（", " (", "）", ")", "，", ", ", "；", "; ", "、", ", ")

// formatText is a message's format in the screens' language. One with no
// words, only figures and punctuation ("%w：%s", a refusal and what it
// names), is no key: another language writes its punctuation its own way.
func formatText(format string) string {
	if f := tr(format); f != format || catalog == nil {
		return f
	}
	return halfWidth.Replace(format)
}

// needText is why a posting needs authorization (or not), in the screens'
// language when the reason is the policy's (a reversal's, or one read back
// from the store without its amount, reads in Chinese).
func needText(r authz.Requirement) string {
	if m := r.Message(); m.String() == r.Reason {
		return msgText(m)
	}
	return tr(r.Reason)
}

// titles are the names domain/ gives values (title of each), in the
// screens' language: a drop-down's options, which chosen maps back.
func titles[T any](values []T, title func(T) string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = tr(title(v))
	}
	return out
}

// chosen is the value of values whose title a drop-down of titles(values)
// shows; false when none is chosen.
func chosen[T any](s *widget.Select, values []T) (T, bool) {
	var none T
	i := s.SelectedIndex()
	if i < 0 || i >= len(values) {
		return none, false
	}
	return values[i], true
}
