package ui

import (
	"errors"
	"fmt"
	"log"
	"strings"

	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// vaultMove is one kind of movement the vault keeper keys: which side is
// the vault and whether the other is a teller box or the sub-branch.
type vaultMove struct {
	title    string
	party    string // the other side's field label
	hint     string
	other    cash.PartyKind
	toVault  bool
	okPrefix string
}

var vaultMoves = []vaultMove{
	{key("出库：总库 → 柜员钱箱"), key("领款柜员"), key("柜员号，如 1001"), cash.TellerBox, false, key("出库成功")},
	{key("入库：柜员钱箱 → 总库"), key("交款柜员"), key("柜员号，如 1001"), cash.TellerBox, true, key("入库成功")},
	{key("调拨入库：支行 → 总库"), key("调出支行"), key("支行机构号，如 0100"), cash.SubBranch, true, key("调拨入库成功")},
	{key("调拨出库：总库 → 支行"), key("调入支行"), key("支行机构号，如 0100"), cash.SubBranch, false, key("调拨出库成功")},
}

func (v *vaultView) move() vaultMove {
	if i := v.kind.SelectedIndex(); i >= 0 {
		return vaultMoves[i]
	}
	return vaultMoves[0]
}

func (v *vaultView) kindChanged() {
	if v.form == nil {
		return
	}
	m := v.move()
	v.form.Items[1].Text = tr(m.party)
	v.form.Refresh()
	v.party.PlaceHolder = tr(m.hint)
	v.party.SetText("")
	v.party.Refresh()
	v.message.SetText("")
}

// lookup names the teller typed, with what their box holds.
func (v *vaultView) lookup() {
	id := strings.TrimSpace(v.party.Text)
	v.partyInfo.Importance = widget.MediumImportance
	v.partyName = id
	if id == "" {
		v.partyInfo.SetText("")
		return
	}
	if v.move().other == cash.SubBranch {
		v.partyName = tr("支行 ") + id
		v.partyInfo.SetText(v.partyName)
		return
	}
	label, err := tellerLabel(v.a, id)
	if err != nil {
		v.partyInfo.Importance = widget.DangerImportance
		v.partyInfo.SetText(errorText(err))
		return
	}
	v.partyName = label
	text := label
	if bal, err := v.a.svc.BoxBalance(v.a.ctx, v.a.sess, id); err == nil {
		text += tr(" 钱箱 ") + bal.String()
	}
	// Said now, not after the teller has typed their password.
	st, err := v.a.svc.DayOf(v.a.ctx, v.a.sess, id)
	switch {
	case errors.Is(err, counter.ErrNotSignedIn):
		v.partyInfo.Importance = widget.WarningImportance
		text += tr("（今日尚未签到，不能领缴现金）")
	case err == nil && st != counter.DayOpen:
		v.partyInfo.Importance = widget.WarningImportance
		text += "（" + tr(st.Title()) + tr("，不能领缴现金）")
	}
	v.partyInfo.SetText(text)
}

// checkAmount shows the amount in capitals and whether the count adds up to it.
func (v *vaultView) checkAmount() {
	if v.capital == nil {
		return
	}
	s := strings.TrimSpace(v.amount.Text)
	v.capital.Importance = widget.MediumImportance
	if s == "" {
		v.capital.SetText("")
		return
	}
	amt, err := money.Parse(s)
	if err != nil {
		v.capital.Importance = widget.DangerImportance
		v.capital.SetText(errorText(err))
		return
	}
	text := money.Capital(amt)
	if c, err := v.grid.count(); err == nil {
		if err := cash.CheckDeclared(c, amt); err != nil {
			v.capital.Importance = widget.DangerImportance
			text += "\n" + errorText(err)
		} else {
			v.capital.Importance = widget.SuccessImportance
			text += tr("\n与券别合计相符")
		}
	}
	v.capital.SetText(text)
}

// request builds the movement from the form, or says what is missing.
func (v *vaultView) request() (counter.MoveRequest, error) {
	m := v.move()
	id := strings.TrimSpace(v.party.Text)
	if id == "" {
		return counter.MoveRequest{}, msg.Errorf(tr("请输入%s"), tr(m.party))
	}
	c, err := v.grid.count()
	if err != nil {
		return counter.MoveRequest{}, err
	}
	amt, err := money.Parse(v.amount.Text)
	if err != nil {
		return counter.MoveRequest{}, msg.Errorf(tr("金额：%w"), err)
	}
	if err := cash.CheckDeclared(c, amt); err != nil {
		return counter.MoveRequest{}, err
	}
	vault := cash.Party{Kind: cash.Vault, ID: v.a.sess.Branch().ID}
	other := cash.Party{Kind: m.other, ID: id}
	r := counter.MoveRequest{From: vault, To: other, Count: c, Amount: amt}
	if m.toVault {
		r.From, r.To = other, vault
	}
	return r, nil
}

// doMove checks the movement and asks the teller (or an A) to confirm it.
func (v *vaultView) doMove() {
	a := v.a
	r, err := v.request()
	if err != nil {
		tell(v.message, err, "")
		return
	}
	// Without a credential the service checks everything but the
	// confirmation, so a refusal shows before anyone types a password.
	_, err = a.svc.MoveCash(a.ctx, a.sess, r, counter.Credential{})
	if err != nil && !errors.Is(err, counter.ErrWrongConfirmer) && !errors.Is(err, counter.ErrNeedApproval) {
		log.Printf("ui: cash move: %v", err)
		tell(v.message, err, "")
		return
	}
	m := v.move()
	summary := fmt.Sprintf(tr("%s\n%s：%s\n券别：%s\n金额 %s　大写 %s"),
		tr(m.title), tr(m.party), v.partyText(), describeCount(r.Count), r.Amount, money.Capital(r.Amount))
	req := credentialRequest{
		summary:   summary,
		cancelled: func() { warn(v.message, tr("已取消，现金未调拨")); a.win.Canvas().Focus(v.amount) },
		refused: func(err error) {
			v.confirm = nil
			tell(v.message, err, "")
			a.win.Canvas().Focus(v.amount)
		},
	}
	if m.other == cash.TellerBox {
		req.title = tr("柜员确认")
		req.need = fmt.Sprintf(tr("请%s %s 本人在本终端输入柜员号和密码，确认券别和金额"), tr(m.party), v.partyText())
		req.who = tr("确认柜员号")
	} else {
		req.title = tr("调拨审批")
		req.need = errorText(counter.ErrNeedApproval) + tr("：请A级柜员在本终端输入柜员号和密码")
		req.who = tr("审批人柜员号")
		req.action = tr("同意")
	}
	var done counter.CashMove
	req.sign = func(c counter.Credential) error {
		mv, err := a.svc.MoveCash(a.ctx, a.sess, r, c)
		done = mv
		return err
	}
	req.done = func() {
		v.confirm = nil
		who := v.partyText()
		if done.Approver != "" {
			who += tr("　A级审批 ") + a.userLabel(done.Approver)
		}
		v.resetMove()
		tell(v.message, nil, fmt.Sprintf(tr("%s：记账编号 #%d　%s　金额 %s\n%s"), tr(m.okPrefix), done.EntryID, who, done.Amount, describeCount(done.Count)))
		v.refresh()
		a.win.Canvas().Focus(v.party)
	}
	warn(v.message, tr("待确认：")+req.need)
	v.confirm = a.askCredential(req)
}

// doHandOver offers the movement to the teller, who confirms it at their
// own terminal; nothing moves until then.
func (v *vaultView) doHandOver() {
	a := v.a
	if v.move().other != cash.TellerBox {
		warn(v.message, tr("与支行调拨须A级审批，请用“提交”"))
		return
	}
	r, err := v.request()
	if err != nil {
		tell(v.message, err, "")
		return
	}
	h, err := a.svc.OfferCash(a.ctx, a.sess, r)
	if err != nil {
		log.Printf("ui: cash hand-over: %v", err)
		tell(v.message, err, "")
		return
	}
	who := v.partyText()
	v.resetMove()
	v.refresh()
	tell(v.message, nil, fmt.Sprintf(tr("已发起交接 #%d：%s　金额 %s，待柜员 %s 在本人终端输入密码确认（确认前不入账）"),
		h.ID, tr(v.move().title), h.Amount, who))
}

func (v *vaultView) partyText() string { return v.partyName }

// tellerLabel is "1001 张三" for a typed teller id, or why it is not one.
func tellerLabel(a *App, id string) (string, error) {
	u, err := a.svc.User(a.ctx, id)
	if errors.Is(err, counter.ErrNotFound) {
		return "", msg.Errorf(tr("无此柜员：%s"), id)
	}
	if err != nil {
		return "", err
	}
	return u.Label(), nil
}

// resetMove clears the count and the amount, keeping the kind.
func (v *vaultView) resetMove() {
	v.party.SetText("")
	v.grid.setCount(nil)
	v.amount.SetText("")
	v.message.SetText("")
}

// describeCount is a count in words on screen: "100元纸币×100 50元纸币×20",
// the denominations in the screen's language.
func describeCount(c cash.Count) string {
	var parts []string
	for _, d := range cash.Denominations() {
		if n := c[d.Code]; n != 0 {
			parts = append(parts, fmt.Sprintf("%s×%d", tr(d.Name), n))
		}
	}
	if len(parts) == 0 {
		return tr("（无）")
	}
	return strings.Join(parts, " ")
}
