package ui

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
)

// demandsView is the 需求跟踪 sub-tab: every demand the user answers for
// with its stage, and the chosen demand's history, each change with its
// time. The actions offered are the next steps the pipeline allows; the
// pipeline's rules decide.
type demandsView struct {
	d        *financeView
	table    *widget.Table
	rows     []pipeline.DemandState
	items    []finance.QueueItem // rows with their standing on the list, same order
	names    map[string]string   // survey id → enterprise name
	selected int
	events   *widget.Table
	chosen   *widget.Label

	match    *button
	support  *button // 扶持政策: which public support the enterprise can claim
	start    *button
	raise    *button
	solve    *button
	fund     *button
	decline  *button
	follow   *button
	approve  *button // 名单审批: an A lets a 审慎进入类 demand go on
	propose  *button // 提请入名单: the officer proposes an unlisted enterprise
	attached *button // 附件: the demand's photos and documents
	files    *attachPanel
	listNote *widget.Label
	products *button        // the catalogue; an A adds to it
	pick     *widget.Select // in the catalogue: the product being changed
	retire   *button        // in the catalogue: retire the chosen product
	reload   *button
	message  *widget.Label
	form     *deskForm // the open action dialog, if any
	content  fyne.CanvasObject

	supportForms  map[string]*supportForm // by demand, kept while the app runs
	supportForm   *supportForm            // the one last opened
	supportResult *widget.Label           // the assessment last shown
	why           *widget.Label           // in 对接产品: why the chosen product fits
}

var demandColumns = []column{
	{key("需求编号"), 150}, {key("企业名称"), 200}, {key("拟融资金额"), 130}, {key("期限"), 76}, {key("阶段"), 80},
	{key("对接产品"), 150}, {key("未解决问题"), 86}, {key("最近变更"), 170}, {key("名单"), 150},
}

var eventColumns = []column{{key("时间"), 170}, {key("阶段"), 80}, {key("经办"), 90}, {key("内容"), 820}}

func newDemandsView(d *financeView) *demandsView {
	a := d.a
	v := &demandsView{d: d, selected: -1, names: map[string]string{}, supportForms: map[string]*supportForm{}}
	v.table = deskTable(demandColumns, func() int { return len(v.rows) }, v.cell, nil)
	v.table.OnSelected = func(id widget.TableCellID) { a.touch(); v.choose(id.Row) }
	v.events = deskTable(eventColumns, func() int {
		if st, ok := v.current(); ok {
			return len(st.Events)
		}
		return 0
	}, v.eventCell, nil)
	v.chosen = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.match = newButton(a, tr("对接产品"), theme.SearchIcon(), v.askMatch)
	v.support = newButton(a, tr("扶持政策"), theme.InfoIcon(), v.askSupport)
	v.start = newButton(a, tr("开始办理"), theme.MediaPlayIcon(), v.doStart)
	v.raise = newButton(a, tr("登记问题"), theme.WarningIcon(), v.askRaise)
	v.solve = newButton(a, tr("解决问题"), theme.ConfirmIcon(), v.askSolve)
	v.fund = newButton(a, tr("登记放款"), theme.ContentAddIcon(), v.askFund)
	v.decline = newButton(a, tr("未获融资"), theme.CancelIcon(), v.askDecline)
	v.follow = newButton(a, tr("回访"), theme.AccountIcon(), v.askFollow)
	v.products = newButton(a, tr("产品目录"), theme.ListIcon(), v.showProducts)
	v.reload = newButton(a, tr("刷新"), theme.ViewRefreshIcon(), v.refresh)
	v.approve = newButton(a, tr("名单审批"), theme.ConfirmIcon(), v.askApprove)
	v.propose = newButton(a, tr("提请入名单"), theme.ContentAddIcon(), v.askPropose)
	proposals := newButton(a, tr("名单提请"), theme.ListIcon(), v.showProposals)
	v.attached = newButton(a, tr("附件"), theme.FileImageIcon(), v.showFiles)
	v.listNote = messageLabel()
	v.message = deskStatus()
	v.choose(-1)
	actions := container.NewHBox(v.match, v.support, v.start, v.raise, v.solve, v.fund, v.decline, v.follow, v.approve, v.propose, v.attached)
	top := container.NewBorder(container.NewHBox(v.reload, v.products, proposals,
		widget.NewLabel(tr("转入需求：在“调查表”中打开已定稿的调查表，点击“转入需求跟踪”"))), nil, nil, nil, v.table)
	bottom := container.NewBorder(container.NewVBox(widget.NewSeparator(), v.chosen, v.listNote, actions, v.message), nil, nil, nil, v.events)
	split := container.NewVSplit(top, bottom)
	split.Offset = 0.45
	v.content = split
	return v
}

func (v *demandsView) cell(row, col int) string {
	if row >= len(v.rows) {
		return ""
	}
	st := v.rows[row]
	switch col {
	case 0:
		return st.ID
	case 1:
		return v.names[st.Need.SurveyID]
	case 2:
		return st.Figure(st.Need.Amount)
	case 3:
		return fmt.Sprintf(tr("%d个月"), st.Need.TermMonths)
	case 4:
		return tr(st.Stage.Title())
	case 5:
		if st.Product != nil {
			return st.Product.Code + " " + st.Product.Name
		}
	case 6:
		if n := st.OpenProblems(); n > 0 {
			return strconv.Itoa(n)
		}
	case 7:
		if len(st.Events) > 0 {
			return deskTime(st.Events[len(st.Events)-1].At)
		}
	case 8:
		return listText(v.items[row])
	}
	return ""
}

func (v *demandsView) eventCell(row, col int) string {
	st, ok := v.current()
	if !ok || row >= len(st.Events) {
		return ""
	}
	e := st.Events[row]
	switch col {
	case 0:
		return deskTime(e.At)
	case 1:
		return tr(e.Stage.Title())
	case 2:
		return v.d.a.userLabel(e.By)
	case 3:
		return eventText(st, e)
	}
	return ""
}

// eventText says what an event of demand st recorded, its amounts as
// the viewer may see them.
func eventText(st pipeline.DemandState, e pipeline.Event) string {
	if p := e.Problem; p != nil {
		if p.Action == pipeline.Raise {
			return fmt.Sprintf(tr("提出问题 %s：%s"), p.ID, p.Text)
		}
		return fmt.Sprintf(tr("解决问题 %s：%s"), p.ID, p.Text)
	}
	switch e.Stage {
	case pipeline.Collected:
		if n := e.Need; n != nil {
			return fmt.Sprintf(tr("采集自调查表 %s：拟融资 %s，期限 %d 个月，用途 %s"), n.SurveyID, st.Figure(n.Amount), n.TermMonths, tr(n.Purpose.Title()))
		}
	case pipeline.Matched:
		if p := e.Product; p != nil {
			return fmt.Sprintf(tr("对接 %s %s（%s，年利率 %s）；方案：%s"), p.Code, p.Name, p.Institution, p.Rate(), e.Plan)
		}
	case pipeline.InProgress:
		return tr("开始跟踪办理")
	case pipeline.Funded:
		return fmt.Sprintf(tr("放款 %s，放款日期 %s"), st.Figure(e.FundedAmount), e.FundedDate)
	case pipeline.Declined:
		return tr("未获融资：") + e.DeclineReason
	case pipeline.FollowedUp:
		s := fmt.Sprintf(tr("回访：满意度 %d 分"), e.Satisfaction)
		if e.Suggestions != "" {
			s += tr("；意见建议：") + e.Suggestions
		}
		return s
	}
	return ""
}

// refresh reloads the demands and the names of their enterprises.
func (v *demandsView) refresh() {
	a := v.d.a
	items, err := v.d.svc.Queue(a.ctx, a.sess)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	rows := make([]pipeline.DemandState, len(items))
	for i, it := range items {
		rows[i] = it.Demand
		v.names[it.Demand.Need.SurveyID] = it.Name
	}
	if recs, err := v.d.svc.Surveys(a.ctx, a.sess); err == nil {
		for _, r := range recs {
			v.names[r.ID] = r.Survey.Name
		}
	}
	id := ""
	if st, ok := v.current(); ok {
		id = st.ID
	}
	v.rows, v.items = rows, items
	v.table.Refresh()
	v.choose(slices.IndexFunc(rows, func(st pipeline.DemandState) bool { return st.ID == id && id != "" }))
}

func (v *demandsView) current() (pipeline.DemandState, bool) {
	if v.selected < 0 || v.selected >= len(v.rows) {
		return pipeline.DemandState{}, false
	}
	return v.rows[v.selected], true
}

// choose shows a demand's history and the steps it may take next.
func (v *demandsView) choose(row int) {
	v.selected = row
	st, ok := v.current()
	next := st.Stage.Next()
	can := func(s pipeline.Stage) bool { return ok && slices.Contains(next, s) }
	setEnabled(v.match, can(pipeline.Matched) && v.items[row].Held() == nil)
	v.showStanding(row)
	setEnabled(v.support, ok)
	setEnabled(v.attached, ok)
	v.countFiles(st.ID, ok)
	setEnabled(v.start, can(pipeline.InProgress))
	setEnabled(v.raise, ok && st.Stage == pipeline.InProgress)
	setEnabled(v.solve, ok && st.Stage == pipeline.InProgress && st.OpenProblems() > 0)
	setEnabled(v.fund, can(pipeline.Funded))
	setEnabled(v.decline, can(pipeline.Declined))
	setEnabled(v.follow, can(pipeline.FollowedUp))
	if !ok {
		v.chosen.SetText(pickHint(len(v.rows), tr("请在上表选择一笔融资需求"), tr("尚无融资需求")))
	} else {
		v.chosen.SetText(fmt.Sprintf(tr("需求 %s　%s　%s　当前阶段：%s"), st.ID, v.names[st.Need.SurveyID], st.Figure(st.Need.Amount), tr(st.Stage.Title())))
	}
	v.events.Refresh()
}

// advance records e and shows the demand after it.
func (v *demandsView) advance(e pipeline.Event) error {
	a := v.d.a
	st, err := v.d.svc.Advance(a.ctx, a.sess, e)
	if err != nil {
		return err
	}
	v.refresh()
	deskSay(v.message, fmt.Sprintf(tr("需求 %s 已登记：%s"), st.ID, tr(st.Stage.Title())), nil)
	return nil
}

func (v *demandsView) doStart() {
	st, ok := v.current()
	if !ok {
		return
	}
	if err := v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.InProgress}); err != nil {
		deskSay(v.message, "", err)
	}
}

// fitText is why a product fits, one reason a line, in the screen's
// language; a product offered though it does not fit has no reasons.
func fitText(f pipeline.Fit) string {
	if len(f.Reasons) == 0 {
		return tr("不完全符合，须与机构个别协商")
	}
	return strings.Join(texts(f.Reasons), "\n")
}

// askMatch offers the catalogue's products that fit the need (all of
// them if none fits) and asks for the plan.
func (v *demandsView) askMatch() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	as, err := v.d.svc.Assess(a.ctx, a.sess, st.ID)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	if err := finance.MatchRefused(as); err != nil {
		deskSay(v.message, "", err)
		return
	}
	fit := as.Fits
	intro := fmt.Sprintf(tr("以下 %d 个产品符合该需求和企业的条件（按利率从低到高）"), len(fit))
	if len(fit) == 0 {
		catalogue, err := v.d.svc.Products(a.ctx)
		for _, p := range catalogue {
			if !p.Retired {
				fit = append(fit, pipeline.Fit{Product: p})
			}
		}
		if err != nil || len(fit) == 0 {
			none := tr("产品目录中没有在售产品：请业务主管先在“产品目录”中添加产品")
			if err != nil {
				none = errorText(err) + "\n" + none
			}
			sayError(v.message, none)
			return
		}
		intro = tr("没有完全符合该需求和企业条件的产品，以下为全部在售产品")
	}
	if len(as.Warnings) > 0 {
		intro += tr("\n注意：\n· ") + strings.Join(texts(as.Warnings), "\n· ")
	}
	titles := make([]string, len(fit))
	for i, f := range fit {
		p := f.Product
		titles[i] = fmt.Sprintf(tr("%s %s（%s，年利率%s）"), p.Code, p.Name, p.Institution, p.Rate())
	}
	v.why = widget.NewLabel("")
	v.why.Wrapping = fyne.TextWrapWord
	product := newSelect(titles, func(chosen string) {
		if i := slices.Index(titles, chosen); i >= 0 {
			v.why.SetText(fitText(fit[i]))
		}
	})
	product.SetSelectedIndex(0)
	plan := newField(a, tr("个性化融资方案，如：房产抵押加保证，额度200万元，期限12个月"))
	v.form = a.askDeskForm(tr("对接金融产品"), intro, tr("确定对接"), []*widget.FormItem{
		widget.NewFormItem(tr("金融产品"), product), widget.NewFormItem(tr("符合理由"), v.why), widget.NewFormItem(tr("融资方案"), plan),
	}, plan, func() error {
		i := product.SelectedIndex()
		if i < 0 {
			return pipeline.ErrNoProduct
		}
		p := fit[i].Product
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.Matched, Product: &p, Plan: plan.Text})
	})
}

func (v *demandsView) askRaise() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	text := newField(a, tr("如：抵押物评估报告未出"))
	id := strconv.Itoa(len(st.Problems) + 1)
	v.form = a.askDeskForm(tr("登记问题"), tr("问题编号 ")+id, tr("登记"), []*widget.FormItem{widget.NewFormItem(tr("问题"), text)}, text, func() error {
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.InProgress,
			Problem: &pipeline.Problem{ID: id, Action: pipeline.Raise, Text: text.Text}})
	})
}

func (v *demandsView) askSolve() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	var open []pipeline.ProblemRecord
	var titles []string
	for _, p := range st.Problems {
		if !p.Solved() {
			open = append(open, p)
			titles = append(titles, p.ID+"　"+p.Text+"（"+deskTime(p.RaisedAt)+tr(" 提出）"))
		}
	}
	which := newSelect(titles, nil)
	if len(titles) > 0 {
		which.SetSelectedIndex(0)
	}
	how := newField(a, tr("如：评估公司已出具报告"))
	v.form = a.askDeskForm(tr("解决问题"), "", tr("登记解决"), []*widget.FormItem{
		widget.NewFormItem(tr("问题"), which), widget.NewFormItem(tr("解决办法"), how),
	}, how, func() error {
		i := which.SelectedIndex()
		if i < 0 {
			return errors.New(tr("请选择要解决的问题"))
		}
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.InProgress,
			Problem: &pipeline.Problem{ID: open[i].ID, Action: pipeline.Solve, Text: how.Text}})
	})
}

func (v *demandsView) askFund() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	amount := newField(a, tr("元"))
	amount.SetText(yuanText(st.Need.Amount))
	date := newField(a, "YYYY-MM-DD")
	date.SetText(businessDay(a).Format(time.DateOnly))
	v.form = a.askDeskForm(tr("登记放款"), "", tr("登记放款"), []*widget.FormItem{
		widget.NewFormItem(tr("放款金额（元）"), amount), widget.NewFormItem(tr("放款日期"), date),
	}, amount, func() error {
		amt, err := money.Parse(foldDigits(amount.Text))
		if err != nil {
			return err
		}
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.Funded, FundedAmount: amt, FundedDate: strings.TrimSpace(date.Text)})
	})
}

func (v *demandsView) askDecline() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	reason := newField(a, tr("如：企业负债率过高，银行审批未通过"))
	v.form = a.askDeskForm(tr("未获融资"), "", tr("登记"), []*widget.FormItem{widget.NewFormItem(tr("原因"), reason)}, reason, func() error {
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.Declined, DeclineReason: reason.Text})
	})
}

func (v *demandsView) askFollow() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	score := newSelect([]string{tr("5 非常满意"), tr("4 满意"), tr("3 一般"), tr("2 不满意"), tr("1 非常不满意")}, nil)
	suggestions := newField(a, tr("企业的意见和建议（可不填）"))
	v.form = a.askDeskForm(tr("回访"), "", tr("登记回访"), []*widget.FormItem{
		widget.NewFormItem(tr("满意度"), score), widget.NewFormItem(tr("意见建议"), suggestions),
	}, suggestions, func() error {
		n := 0
		if i := score.SelectedIndex(); i >= 0 {
			n = 5 - i
		}
		return v.advance(pipeline.Event{DemandID: st.ID, Stage: pipeline.FollowedUp, Satisfaction: n, Suggestions: suggestions.Text})
	})
}

// showProducts lists the catalogue; an A may add a product, change one
// still offered (chosen from the list, its fields filled in) or retire it.
func (v *demandsView) showProducts() {
	a := v.d.a
	ps, err := v.d.svc.Products(a.ctx)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	var lines, codes []string
	for _, p := range ps {
		var cs []string
		for _, c := range p.Collateral {
			cs = append(cs, tr(c.Title()))
		}
		line := fmt.Sprintf(tr("【%s】%s（%s）%s–%s，%d个月，年利率%s，%s"), p.Code, p.Name, p.Institution,
			p.MinAmount, p.MaxAmount, p.TermMonths, p.Rate(), strings.Join(cs, tr("、")))
		if len(p.Purposes) > 0 {
			var us []string
			for _, u := range p.Purposes {
				us = append(us, tr(u.Title()))
			}
			line += tr("，限") + strings.Join(us, tr("、"))
		}
		if len(p.TaxGrades) > 0 {
			line += fmt.Sprintf(tr("，纳税信用%s级"), msgText(pipeline.TaxGrades(p.TaxGrades)))
		}
		if p.Retired {
			line += fmt.Sprintf(tr("（已停用：%s）"), p.RetiredReason)
		} else {
			codes = append(codes, p.Code)
		}
		lines = append(lines, line)
	}
	list := tr("产品目录为空：业务主管可在下面添加产品，添加后服务官即可为需求对接产品")
	if len(lines) > 0 {
		list = strings.Join(lines, "\n")
	}
	if !v.d.manager() {
		a.showInfo(tr("产品目录"), list+tr("\n\n（产品由业务主管维护）"))
		return
	}
	code := newField(a, tr("如 P01"))
	name := newField(a, tr("如 小微快贷"))
	inst := newField(a, tr("发放机构"))
	minAmt := newField(a, tr("元"))
	maxAmt := newField(a, tr("元"))
	term := newField(a, tr("月"))
	rate := newField(a, tr("年利率%，如 3.85"))
	checks, boxes := checkGrid(3, survey.Collaterals(), survey.Collateral.Title)
	purposes, purposeBoxes := checkGrid(4, survey.Purposes(), survey.Purpose.Title)
	grades, gradeBoxes := checkGrid(5, survey.TaxGrades(), func(g survey.TaxGrade) string { return string(g) + tr("级") })
	// Choosing a product fills the form with it: saving changes it.
	v.pick = newSelect(codes, func(c string) {
		for _, p := range ps {
			if p.Code != c {
				continue
			}
			code.SetText(p.Code)
			name.SetText(p.Name)
			inst.SetText(p.Institution)
			minAmt.SetText(yuanText(p.MinAmount))
			maxAmt.SetText(yuanText(p.MaxAmount))
			term.SetText(strconv.Itoa(p.TermMonths))
			rate.SetText(strings.TrimSuffix(p.Rate(), "%"))
			setChecks(boxes, p.Collateral)
			setChecks(purposeBoxes, p.Purposes)
			setChecks(gradeBoxes, p.TaxGrades)
		}
	})
	v.pick.PlaceHolder = tr("新产品（或选择已有产品修改）")
	reason := newField(a, tr("停用原因，如：机构停办该产品"))
	v.retire = newButton(a, tr("停用所选产品"), theme.DeleteIcon(), func() {
		c := v.pick.Selected
		if c == "" {
			v.form.message.SetText(tr("请先在“修改产品”中选择要停用的产品"))
			return
		}
		if err := v.d.svc.RetireProduct(a.ctx, a.sess, c, reason.Text); err != nil {
			v.form.message.SetText(errorText(err))
			return
		}
		a.closeModal(v.form.m)
		deskSay(v.message, fmt.Sprintf(tr("已停用产品 %s，不再参与对接"), c), nil)
	})
	v.retire.Importance = widget.DangerImportance
	v.form = a.askDeskForm(tr("产品目录"), list, tr("保存产品"), []*widget.FormItem{
		widget.NewFormItem(tr("修改产品"), v.pick),
		widget.NewFormItem(tr("产品编号"), code), widget.NewFormItem(tr("产品名称"), name), widget.NewFormItem(tr("发放机构"), inst),
		widget.NewFormItem(tr("额度下限（元）"), minAmt), widget.NewFormItem(tr("额度上限（元）"), maxAmt),
		widget.NewFormItem(tr("最长期限（月）"), term), widget.NewFormItem(tr("年利率（%）"), rate), widget.NewFormItem(tr("担保方式"), checks),
		widget.NewFormItem(tr("适用用途"), purposes), widget.NewFormItem(tr("纳税信用等级"), grades),
		widget.NewFormItem(tr("停用"), container.NewBorder(nil, nil, nil, v.retire, reason)),
	}, code, func() error {
		lo, err := parseYuan(minAmt.Text)
		if err != nil {
			return msg.Errorf(tr("额度下限：%w"), err)
		}
		hi, err := parseYuan(maxAmt.Text)
		if err != nil {
			return msg.Errorf(tr("额度上限：%w"), err)
		}
		months, err := parseCount(term.Text)
		if err != nil {
			return errors.New(tr("期限应为整数（月）"))
		}
		bp, err := pipeline.ParseRate(rate.Text)
		if err != nil {
			return err
		}
		p := pipeline.Product{Code: strings.TrimSpace(code.Text), Name: strings.TrimSpace(name.Text), Institution: strings.TrimSpace(inst.Text),
			MinAmount: lo, MaxAmount: hi, TermMonths: months, RateBP: bp}
		p.Collateral, p.Purposes, p.TaxGrades = checkedOf(survey.Collaterals(), boxes),
			checkedOf(survey.Purposes(), purposeBoxes), checkedOf(survey.TaxGrades(), gradeBoxes)
		if err := v.d.svc.AddProduct(a.ctx, a.sess, p); err != nil {
			return err
		}
		deskSay(v.message, tr("已保存产品 ")+p.Code+" "+p.Name, nil)
		return nil
	})
}

// checkGrid is a row of check boxes, one for each choice, in columns.
func checkGrid[T comparable](columns int, choices []T, title func(T) string) (*fyne.Container, map[T]*widget.Check) {
	grid := container.NewGridWithColumns(columns)
	boxes := make(map[T]*widget.Check, len(choices))
	for _, c := range choices {
		boxes[c] = widget.NewCheck(title(c), nil)
		grid.Add(boxes[c])
	}
	return grid, boxes
}

// setChecks ticks the boxes of the chosen and clears the others.
func setChecks[T comparable](boxes map[T]*widget.Check, chosen []T) {
	for c, b := range boxes {
		b.SetChecked(slices.Contains(chosen, c))
	}
}

// checkedOf lists the choices whose boxes are ticked, in the choices' order.
func checkedOf[T comparable](choices []T, boxes map[T]*widget.Check) []T {
	var out []T
	for _, c := range choices {
		if boxes[c].Checked {
			out = append(out, c)
		}
	}
	return out
}
