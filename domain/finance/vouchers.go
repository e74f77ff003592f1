package finance

import (
	"context"
	"fmt"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/domain/support"
)

// auditServiceVoucher is the audit action of the service-voucher register.
const auditServiceVoucher = "service_voucher"

// VoucherRegister is the branch's service-voucher register (服务补贴券登记簿),
// replayed from its rows.
func (s *Service) VoucherRegister(ctx context.Context, sess *counter.Session) (*support.Register, error) {
	if _, err := officer(sess); err != nil {
		return nil, err
	}
	var out *support.Register
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = register(tx, sess.Branch().ID)
		return err
	})
	return out, err
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
		return fmt.Sprintf("服务补贴券申请登记 %s：%s %s（%d 年）", e.Ref, e.Name, e.Code, e.Year)
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

// ApplyVouchers registers an enterprise's application for service
// vouchers against its contracts: issued at once when the year's budget
// holds it and nobody waits, else it waits in order. It returns the
// register's new rows (the application, and any issues).
func (s *Service) ApplyVouchers(ctx context.Context, sess *counter.Session, code, name string, contracts []support.Contract) ([]support.RegisterEvent, error) {
	id := s.ids("FW")
	return s.voucherWork(ctx, sess, false, func(r *support.Register, st support.Stamp) ([]support.RegisterEvent, error) {
		return r.Apply(id, code, name, contracts, st)
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
