package finance

import (
	"context"
	"fmt"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/domain/support"
)

// auditServiceVoucher is the audit action of the service-voucher register.
const auditServiceVoucher = "service_voucher"

// VoucherRegister is the branch's service-voucher register (服务补贴券登记簿),
// replayed from its rows; the applicants' revenue and assets are left as
// ranges on the applications of officers whose figures the viewer may not
// see (confidential.go).
func (s *Service) VoucherRegister(ctx context.Context, sess *counter.Session) (*support.Register, error) {
	u, err := officer(sess)
	if err != nil {
		return nil, err
	}
	var out *support.Register
	err = s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = register(tx, sess.Branch().ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.BandFigures(func(by string) bool { return SeesFigures(u, by) })
	return out, nil
}

// VoucherSize is the size class an applicant's industry and figures give
// by the branch's table, and the reason the register would refuse it, for
// the form to show before the application (support.VoucherApplicant.SizeCheck).
func (s *Service) VoucherSize(v support.VoucherApplicant) (enterprise.Size, error) {
	return v.SizeCheck(s.sizes)
}

func register(tx Tx, branch string) (*support.Register, error) {
	es, err := tx.ServiceVoucherEvents(branch)
	if err != nil {
		return nil, err
	}
	return support.ReplayRegister(es)
}

// voucherWork decides on the register in one transaction and appends
// what it decided, each row audited.
func (s *Service) voucherWork(ctx context.Context, sess *counter.Session, needA bool,
	decide func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error)) ([]support.RegisterEvent, error) {
	u, err := officer(sess)
	if err != nil {
		return nil, err
	}
	if needA && u.Level != staff.LevelA {
		return nil, counter.ErrNeedLevelA
	}
	var out []support.RegisterEvent
	err = s.store.Tx(ctx, func(tx Tx) error {
		r, err := register(tx, sess.Branch().ID)
		if err != nil {
			return err
		}
		out, err = decide(r, support.Stamp{On: sess.Branch().BusinessDate, By: u.ID, At: s.clock.Now()})
		if err != nil {
			return err
		}
		for _, e := range out {
			if err := tx.InsertServiceVoucherEvent(sess.Branch().ID, e); err != nil {
				return err
			}
			if err := s.audit(tx, u.ID, auditServiceVoucher, voucherDetail(e)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// voucherDetail is an event as the audit trail reads it.
func voucherDetail(e support.RegisterEvent) string {
	switch e.Kind {
	case support.EventApply:
		return fmt.Sprintf("服务补贴券申请登记 %s：%s %s（%d 年，%s）", e.Ref, e.Name, e.Code, e.Year, applicantDetail(e))
	case support.EventIssue:
		return fmt.Sprintf("发放服务补贴券 %s：%s %d 张 %s，有效期至 %s", e.Ref, e.Code, len(e.Vouchers), e.Amount, e.Expires)
	case support.EventRedeem:
		return fmt.Sprintf("服务补贴券兑用 %s：%s 券号 %s 共 %s，%s 合同 %s 金额 %s", e.Ref, e.App,
			strings.Join(e.Numbers, "、"), e.Amount, e.Institution, e.ContractNo, e.ContractAmount)
	case support.EventSettle:
		return fmt.Sprintf("服务补贴券结算 %s：%s %s", e.Ref, e.Institution, e.Amount)
	case support.EventCancel:
		return fmt.Sprintf("服务补贴券作废 %s：%s，原因：%s", e.Ref, e.Code, e.Reason)
	case support.EventBudget:
		return fmt.Sprintf("服务补贴券 %d 年度额度增加 %s", e.Year, e.Amount)
	}
	return string(e.Kind)
}

// applicantDetail is what an application was accepted on, for the audit
// trail: the facts and the size class, without the figures.
func applicantDetail(e support.RegisterEvent) string {
	if e.Applicant == nil {
		return "未记录补贴对象条件"
	}
	out := fmt.Sprintf("本市注册登记、独立法人，%s，%s企业", enterprise.IndustryFor(e.Applicant.Section, e.Applicant.Division).Title(), e.Size.Title())
	if e.Applicant.Young(e.On) {
		out += "，创办三年以内"
	}
	return out
}

// ApplyVouchers registers an enterprise's application for service
// vouchers against its contracts, once the register finds it an enterprise
// the vouchers are for (support.Register.Apply, 第五条) by the branch's
// size table: issued at once when the year's budget holds it and nobody
// waits, else it waits in order. It returns the register's new rows (the
// application, and any issues).
func (s *Service) ApplyVouchers(ctx context.Context, sess *counter.Session, q support.ApplyRequest) ([]support.RegisterEvent, error) {
	q.ID = s.ids("FW")
	return s.voucherWork(ctx, sess, false, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.Apply(q, s.sizes, st)
	})
}

// AddVoucherBudget increases the year's budget (an A), issuing what now
// fits of the waiting applications in order.
func (s *Service) AddVoucherBudget(ctx context.Context, sess *counter.Session, year int, amount money.Amount) ([]support.RegisterEvent, error) {
	return s.voucherWork(ctx, sess, true, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.AddBudget(year, amount, st)
	})
}

// RedeemVouchers records vouchers a service institution presents with
// its contract.
func (s *Service) RedeemVouchers(ctx context.Context, sess *counter.Session, q support.RedeemRequest) ([]support.RegisterEvent, error) {
	q.ID = s.ids("DY")
	return s.voucherWork(ctx, sess, false, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.Redeem(q, st)
	})
}

// SettleVouchers records a redemption settled with its institution.
func (s *Service) SettleVouchers(ctx context.Context, sess *counter.Session, redemption string) ([]support.RegisterEvent, error) {
	return s.voucherWork(ctx, sess, false, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.Settle(redemption, st)
	})
}

// CancelVouchers voids an application's vouchers for fraud (an A), with
// the reason.
func (s *Service) CancelVouchers(ctx context.Context, sess *counter.Session, app, reason string) ([]support.RegisterEvent, error) {
	return s.voucherWork(ctx, sess, true, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.Cancel(app, reason, st)
	})
}
