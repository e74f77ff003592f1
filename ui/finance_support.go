package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/support"
	"branchdesk/domain/sync"
)

// supportForm holds the questions of the 扶持政策 dialog that the survey
// does not answer. A demand keeps its form while the app runs, so the
// officer can change an answer and look again.
type supportForm struct {
	local, legal, fraud, encouraged, licence, guarantee *widget.RadioGroup

	fraudOn, staff, investment, fee, interest, contract *field

	founder, item *widget.Select
}

// radio is a yes-or-no question answered by a tap; yes is the first
// option, and nothing is chosen until the officer answers.
func radio(yes, no string) *widget.RadioGroup {
	r := widget.NewRadioGroup([]string{yes, no}, nil)
	r.Horizontal = true
	return r
}

func newSupportForm(a *App) *supportForm {
	f := &supportForm{
		local: radio(tr("是"), tr("否")), legal: radio(tr("是"), tr("否")), fraud: radio(tr("有"), tr("无")), encouraged: radio(tr("是"), tr("否")), licence: radio(tr("是"), tr("否")),
		guarantee:  radio(tr("是"), tr("否")),
		fraudOn:    newField(a, tr("有记录时填写处理日期，如 2024-03-15")),
		staff:      newField(a, tr("人，含投资者")),
		investment: newField(a, tr("元")),
		fee:        newField(a, tr("年费率%，如 1.8")),
		interest:   newField(a, tr("元，企业每年实际支付的贷款利息")),
		contract:   newField(a, tr("元，与签约服务机构的合同金额")),
	}
	f.founder = newSelect(titles(support.Founders(), support.Founder.Title), nil)
	f.item = newSelect(titles(support.ServiceItems(), support.ServiceItem.Title), nil)
	return f
}

func (f *supportForm) items() []*widget.FormItem {
	it := widget.NewFormItem
	return []*widget.FormItem{
		it(tr("本地注册登记"), f.local), it(tr("近三年骗取财政资金"), f.fraud), it(tr("处理日期"), f.fraudOn),
		it(tr("鼓励类产业"), f.encouraged),
		it(tr("雇员（含投资者）"), f.staff), it(tr("创业者投资额（元）"), f.investment),
		it(tr("执照标注“微型企业”"), f.licence), it(tr("创业者身份"), f.founder),
		it(tr("担保机构新增担保"), f.guarantee), it(tr("担保费率（%）"), f.fee),
		it(tr("每年实付利息（元）"), f.interest),
		it(tr("独立法人资格"), f.legal), it(tr("服务项目"), f.item), it(tr("服务合同金额（元）"), f.contract),
	}
}

// answer reads a radio group: its first option is yes; nothing chosen is
// unanswered.
func answer(r *widget.RadioGroup) support.Answer {
	switch r.Selected {
	case "":
		return support.Unknown
	case r.Options[0]:
		return support.Yes
	}
	return support.No
}

// givenYuan reads an amount field: empty is not given, "0" is zero.
func givenYuan(f *field, what string) (support.Given[money.Amount], error) {
	if strings.TrimSpace(f.Text) == "" {
		return support.Given[money.Amount]{}, nil
	}
	v, err := parseYuan(f.Text)
	if err != nil {
		return support.Given[money.Amount]{}, msg.Errorf("%s：%w", what, err)
	}
	return support.Give(v), nil
}

// answers reads the form; a figure that cannot be read is an error, a
// blank one is left unanswered.
func (f *supportForm) answers() (support.Answers, error) {
	a := support.Answers{
		// The fraud question reads 有/无: 有 is a record.
		Applicant:  support.Applicant{Local: answer(f.local), Fraud: answer(f.fraud), FraudOn: strings.TrimSpace(foldDigits(f.fraudOn.Text))},
		Encouraged: answer(f.encouraged), LegalPerson: answer(f.legal),
		Founding:  support.Founding{Licence: answer(f.licence)},
		Guarantee: support.Guarantee{New: answer(f.guarantee)},
		// Whether this year's vouchers were had, the register says.
	}
	if i := f.founder.SelectedIndex(); i >= 0 {
		a.Founding.Founder = support.Founders()[i]
	}
	if s := strings.TrimSpace(foldDigits(f.staff.Text)); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return a, errors.New(tr("雇员人数应为整数"))
		}
		a.Founding.Staff = support.Give(n)
	}
	var err error
	if a.Founding.Investment, err = givenYuan(f.investment, tr("创业者投资额")); err != nil {
		return a, err
	}
	if a.InterestPaid, err = givenYuan(f.interest, tr("每年实付利息")); err != nil {
		return a, err
	}
	if s := strings.TrimSpace(foldDigits(f.fee.Text)); s != "" {
		bp, err := pipeline.ParseRate(s)
		if err != nil {
			return a, msg.Errorf(tr("担保费率：%w"), err)
		}
		a.Guarantee.FeeBP = support.Give(bp)
	}
	amount, err := givenYuan(f.contract, tr("服务合同金额"))
	if err != nil {
		return a, err
	}
	if amount.OK {
		i := f.item.SelectedIndex()
		if i < 0 {
			return a, errors.New(tr("请选择服务合同的服务项目"))
		}
		a.Contracts = []support.Contract{{Item: support.ServiceItems()[i], Amount: amount.Value}}
	}
	return a, nil
}

// askSupport asks the questions the survey does not answer and shows
// which public support (RULES §8) the demand's enterprise can claim.
func (v *demandsView) askSupport() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	f := v.supportForms[st.ID]
	if f == nil {
		f = newSupportForm(a)
		v.supportForms[st.ID] = f
	}
	v.supportForm = f
	intro := fmt.Sprintf(tr("%s　拟融资 %s，期限 %d 个月。请按企业情况回答；未回答的条件视为不满足。"),
		v.names[st.Need.SurveyID], st.Need.Amount, st.Need.TermMonths)
	var form *deskForm
	form = a.askDeskForm(tr("扶持政策"), intro, tr("测算"), f.items(), f.staff, func() error {
		answers, err := f.answers()
		if err != nil {
			return err
		}
		as, err := v.d.svc.Support(a.ctx, a.sess, st.ID, answers)
		if err != nil {
			return err
		}
		// Closing a dialog closes those above it: close the questions
		// before the answer opens.
		a.closeModal(form.m)
		v.showSupport(st, as)
		return nil
	})
	v.form = form
}

// showSupport shows an assessment; 修改回答 goes back to the questions.
func (v *demandsView) showSupport(st pipeline.DemandState, as support.Assessment) {
	a := v.d.a
	v.supportResult = messageLabel()
	v.supportResult.SetText(supportText(v.names[st.Need.SurveyID], st, as))
	var m *modal
	again := newButton(a, tr("修改回答"), theme.DocumentCreateIcon(), func() { a.closeModal(m); v.askSupport() })
	done := newButton(a, tr("关闭"), theme.ConfirmIcon(), func() { a.closeModal(m) })
	done.Importance = widget.HighImportance
	scroll := container.NewVScroll(v.supportResult)
	scroll.SetMinSize(fyne.NewSize(0, 420))
	m = a.showModal(tr("扶持政策"), scroll, []fyne.CanvasObject{again, done}, 720, done, nil)
}

// rateText writes a base rate: "1年期LPR 3.00%（2025-05-20 起执行）".
func rateText(r sync.Rate) string {
	return fmt.Sprintf(tr("%s %s（%s 起执行）"), tr(r.Term.Title()), pipeline.FormatRate(r.RateBP), r.Effective)
}

// supportText is the assessment as the officer reads it, in Chinese.
func supportText(name string, st pipeline.DemandState, as support.Assessment) string {
	var b strings.Builder
	size := tr(as.Size.Title())
	if size == "" {
		size = tr("无法确定")
	}
	fmt.Fprintf(&b, tr("%s　拟融资 %s，期限 %d 个月；企业规模：%s\n"), name, st.Need.Amount, st.Need.TermMonths, size)
	if as.BaseErr != nil {
		fmt.Fprintf(&b, tr("同期限基准利率：%s\n"), errorText(as.BaseErr))
	} else {
		fmt.Fprintf(&b, tr("同期限基准利率：%s\n"), rateText(as.Base))
	}
	var yes, no []string
	for _, r := range as.Results {
		if r.Eligible() {
			yes = append(yes, schemeText(r.Scheme, as))
			continue
		}
		var why []string
		for _, e := range support.Reasons(r.Err) {
			why = append(why, errorText(e))
		}
		no = append(no, tr(r.Scheme.Title())+tr("：")+strings.Join(why, tr("；")))
	}
	b.WriteString(tr("\n【可申请】\n"))
	if len(yes) == 0 {
		b.WriteString(tr("暂无\n"))
	}
	for _, s := range yes {
		b.WriteString("·" + s + "\n")
	}
	b.WriteString(tr("\n【暂不适用】\n"))
	if len(no) == 0 {
		b.WriteString(tr("无\n"))
	}
	for _, s := range no {
		b.WriteString("·" + s + "\n")
	}
	fmt.Fprintf(&b, tr("\n提示：以上为测算结果，以主管部门审核为准；审核结果须公示不少于%d个工作日。"), support.NoticeWorkingDays)
	return b.String()
}

// schemeText says what an eligible scheme brings.
func schemeText(s support.Scheme, as support.Assessment) string {
	switch s {
	case support.Startup:
		l := as.Startup
		t := fmt.Sprintf(tr("%s：可贷 %s，期限 %d 个月（创业扶持贷款为2年期）"), tr(s.Title()), l.Amount, l.Months)
		if l.Capped {
			t += fmt.Sprintf(tr("（创业扶持贷款最高 %s）"), support.StartupMaxLoan)
		}
		if l.BaseErr != nil {
			t += tr("，执行同期限基准利率（") + errorText(l.BaseErr) + "）"
		} else {
			t += tr("，执行同期限基准利率 ") + rateText(l.Base)
		}
		return t + fmt.Sprintf(tr("；承贷银行可获财政奖励 %s（贷款额的1个百分点）"), l.Reward)
	case support.GuaranteeFee:
		return fmt.Sprintf(tr("%s：担保机构可获新增担保额0.5个百分点的补助，按拟融资金额约 %s"), tr(s.Title()), as.GuaranteeSubsidy)
	case support.Interest:
		sub := as.Subsidy
		var years []string
		for i, y := range sub.Years {
			years = append(years, fmt.Sprintf(tr("第%d年%d个月 %s"), i+1, y.Months, y.Subsidy))
		}
		return fmt.Sprintf(tr("%s：预计贴息 %s（%s），按同期限基准利率 %s的50%%测算，每年不超过实付利息及%s企业上限 %s"),
			tr(s.Title()), sub.Total, strings.Join(years, tr("，")), rateText(sub.Base), tr(as.Size.Title()), support.SubsidyCap(as.Size))
	case support.Vouchers:
		n := map[money.Amount]int{}
		for _, vc := range as.Vouchers.Vouchers {
			n[vc.Face]++
		}
		var faces []string
		for _, f := range support.Faces() {
			if n[f] > 0 {
				faces = append(faces, fmt.Sprintf("%s×%d", f, n[f]))
			}
		}
		return fmt.Sprintf(tr("%s：可领 %s（%s），每年限领一次"), tr(s.Title()), as.Vouchers.Total, strings.Join(faces, tr("，")))
	}
	return tr(s.Title())
}
