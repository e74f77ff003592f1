package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/finance"
	"branchdesk/domain/target"
)

// listText is a demand's standing on the target list, as the queue's
// 名单 column shows it (名单制第十、十二条).
func listText(it finance.QueueItem) string {
	t := tr(it.List.Title())
	switch {
	case it.List.Standing == target.Approval && it.Approval == nil:
		t += tr("（待审批）")
	case it.List.Standing == target.Approval:
		t += tr("（已审批）")
	case it.List.Standing == target.Refused:
		t += tr("（不予受理）")
	case !it.List.Listed && it.Proposed:
		t += tr("（已提请）")
	case !it.List.Listed:
		t += tr("（请提请入名单）")
	}
	return t
}

// showStanding says under the chosen demand what the list asks of it and
// offers the matching step: the A's approval, or the proposal.
func (v *demandsView) showStanding(row int) {
	ok := row >= 0 && row < len(v.items)
	var it finance.QueueItem
	if ok {
		it = v.items[row]
	}
	setEnabled(v.approve, ok && v.d.manager() && it.List.Standing == target.Approval && it.Approval == nil)
	setEnabled(v.propose, ok && !it.List.Listed && !it.Proposed)
	switch {
	case !ok:
		v.listNote.SetText("")
	case it.Approval != nil:
		sayNote(v.listNote, fmt.Sprintf(tr("审慎进入类：已由 %s 审批同意，理由：%s"), v.d.a.userLabel(it.Approval.Approver), it.Approval.Reason))
	case it.Held() != nil:
		sayRefused(v.listNote, errorText(it.Held()))
	case !it.List.Listed && it.Proposed:
		sayNote(v.listNote, tr("该企业未入目标客户名单，已提请纳入名单，待业务主管处理"))
	case !it.List.Listed:
		sayRefused(v.listNote, tr("该企业未入目标客户名单：请点击“提请入名单”，说明理由后提请业务主管纳入名单"))
	default:
		sayNote(v.listNote, fmt.Sprintf(tr("名单客户（%s）：优先受理"), tr(it.List.Title())))
	}
}

// askApprove lets the A approve a 审慎进入类 demand, with the reason.
func (v *demandsView) askApprove() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	reason := newField(a, tr("审批理由，如：抵押物足值，风险可控"))
	intro := fmt.Sprintf(tr("需求 %s　%s：该企业列为审慎进入类，同意后方可继续办理"), st.ID, v.names[st.Need.SurveyID])
	v.form = a.askDeskForm(tr("名单审批"), intro, tr("同意继续办理"), []*widget.FormItem{widget.NewFormItem(tr("理由"), reason)}, reason, func() error {
		if err := v.d.svc.ApproveDemand(a.ctx, a.sess, st.ID, reason.Text); err != nil {
			return err
		}
		v.refresh()
		deskSay(v.message, fmt.Sprintf(tr("需求 %s 已审批同意继续办理"), st.ID), nil)
		return nil
	})
}

// askPropose lets the officer propose the enterprise of a demand, not on
// the list, for the list.
func (v *demandsView) askPropose() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	reason := newField(a, tr("提请理由，如：新开户企业，经营稳定，有融资需求"))
	v.form = a.askDeskForm(tr("提请纳入目标客户名单"), v.names[st.Need.SurveyID], tr("提请"), []*widget.FormItem{widget.NewFormItem(tr("理由"), reason)}, reason, func() error {
		if err := v.d.svc.ProposeForList(a.ctx, a.sess, st.ID, reason.Text); err != nil {
			return err
		}
		v.refresh()
		deskSay(v.message, fmt.Sprintf(tr("已提请将 %s 纳入目标客户名单"), v.names[st.Need.SurveyID]), nil)
		return nil
	})
}

// showProposals lists the proposals the user may see: the A all the
// branch's, an officer their own.
func (v *demandsView) showProposals() {
	a := v.d.a
	ps, err := v.d.svc.Proposals(a.ctx, a.sess)
	if err != nil {
		deskSay(v.message, "", err)
		return
	}
	if len(ps) == 0 {
		a.showInfo(tr("名单提请"), tr("没有提请纳入名单的企业"))
		return
	}
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = fmt.Sprintf(tr("%s　%s %s　提请人 %s　理由：%s（需求 %s）"), deskTime(p.At), p.Name, p.CreditCode, a.userLabel(p.Officer), p.Reason, p.Demand)
	}
	a.showInfo(tr("名单提请"), strings.Join(lines, "\n"))
}
