package counter_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"branchdesk/domain/audit"
	"branchdesk/domain/authz"
	"branchdesk/domain/cash"
	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
	"branchdesk/domain/voucher"
	"branchdesk/storage/sqlstore"
)

// refusable is a business signed at the teller's or the keeper's terminal
// that the one signing may refuse, with a reason (RULES §2: the authorizer
// approves or refuses with a reason; the same for who takes cash or
// vouchers in hand, or checks a box).
type refusable struct {
	sign    func(counter.Credential) error
	by      string // who signs or refuses
	wrongPw error  // what a wrong password is, refusing or not
	as      error  // the refusal, an authz.ErrRefused
	named   string // how the refusal names who refused
	others  []refuser
	// state is what the business changes (a count, a balance), and done
	// what it is once signed.
	state func(t *testing.T) int64
	done  int64
}

// refuser is someone whom the rules do not let sign, refusing: they are
// told the rule, not taken as a refusal.
type refuser struct {
	id   string
	want error
}

// refusedThenSigned has r refused without a reason, with a wrong password
// and by those the rules keep out, none taken as a refusal; then refused
// with a reason, which the trail keeps and the maker reads; each leaves
// r's state as it was. Then r is signed, which does it.
func refusedThenSigned(t *testing.T, db *sqlstore.DB, r refusable) {
	t.Helper()
	before := r.state(t)
	unchanged := func(what string) {
		t.Helper()
		if got := r.state(t); got != before {
			t.Fatalf("after %s: %d, was %d", what, got, before)
		}
	}
	tail := auditTail(t, db).ID
	if err := r.sign(*refuse(r.by, "  ")); !errors.Is(err, counter.ErrReasonRequired) {
		t.Fatalf("refused without a reason: %v", err)
	}
	if got := auditTail(t, db).ID; got != tail {
		t.Fatalf("a refusal without a reason wrote %d audit rows", got-tail)
	}
	unchanged("a refusal without a reason")

	wrong := *refuse(r.by, "现金不符")
	wrong.Password = "wrong"
	if err := r.sign(wrong); !errors.Is(err, r.wrongPw) || errors.Is(err, authz.ErrRefused) {
		t.Fatalf("refused with a wrong password: %v", err)
	}
	if a := auditTail(t, db); a.Action == audit.AuthRefuse {
		t.Fatalf("a wrong password taken as a refusal: %+v", a)
	}
	unchanged("a wrong password")

	for _, o := range r.others {
		if err := r.sign(*refuse(o.id, "不是我的")); !errors.Is(err, o.want) || errors.Is(err, authz.ErrRefused) {
			t.Fatalf("%s refuses: %v, want %v", o.id, err, o.want)
		}
		if a := auditTail(t, db); a.Action == audit.AuthRefuse {
			t.Fatalf("%s's refusal taken: %+v", o.id, a)
		}
		unchanged(o.id + " refusing")
	}

	err := r.sign(*refuse(r.by, " 与实物不符 "))
	if !errors.Is(err, authz.ErrRefused) || !errors.Is(err, r.as) ||
		!strings.Contains(err.Error(), r.named) || !strings.Contains(err.Error(), "原因：与实物不符）") {
		t.Fatalf("refused with a reason: %v", err)
	}
	if a := auditTail(t, db); a.Action != audit.AuthRefuse || a.Actor != r.by || !strings.Contains(a.Detail, "原因：与实物不符") {
		t.Fatalf("trail after the refusal: %+v", a)
	}
	unchanged("the refusal")

	if err := r.sign(approve(r.by)); err != nil {
		t.Fatalf("signed after the refusals: %v", err)
	}
	if got := r.state(t); got != r.done {
		t.Fatalf("signed: %d, want %d", got, r.done)
	}
}

// value is v, failing t on err: a state read for refusedThenSigned.
func value[T any](t *testing.T, v T, err error) T {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// cheques1001 is 1001 signed in holding cash cheques 1–5 from the voucher
// keeper 2002, also signed in.
func cheques1001(t *testing.T) (svc *counter.Service, db *sqlstore.DB, vkeeper, t1 *counter.Session) {
	svc, db = newCounter(t)
	vkeeper, t1 = signedIn(t, svc, "2002"), signedIn(t, svc, "1001")
	if err := svc.IssueVouchers(context.Background(), vkeeper, voucher.Range{Type: voucher.CashCheque, From: 1, To: 5}, "1001"); err != nil {
		t.Fatal(err)
	}
	return svc, db, vkeeper, t1
}

// An A refuses a void: the number stays the teller's next. The teller
// cannot refuse her own void as its authorizer, nor a B a void.
func TestVoidRefused(t *testing.T) {
	svc, db, _, t1 := cheques1001(t)
	ctx := context.Background()
	refusedThenSigned(t, db, refusable{
		sign: func(c counter.Credential) error {
			return svc.VoidVoucher(ctx, t1, voucher.CashCheque, 1, "填写错误", c)
		},
		by: "3001", wrongPw: authz.ErrAuthorizerPassword, as: authz.ErrRefused, named: "A级 3001 王五",
		others: []refuser{{"1001", voucher.ErrVoidNeedsAuth}, {"2001", voucher.ErrVoidNeedsAuth}},
		state: func(t *testing.T) int64 {
			n, _, err := svc.NextVoucher(ctx, t1, voucher.CashCheque)
			return value(t, n, err)
		},
		done: 2,
	})
	if a := auditTail(t, db); !strings.Contains(a.Detail, "授权 3001") {
		t.Fatalf("trail after the void: %+v", a)
	}
}

// An A refuses a transfer with the sub-branch: the vault keeps its cash.
// A clerk or the keeper themselves cannot refuse it as its A.
func TestSubBranchTransferRefused(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	out := move(vault, cash.Party{Kind: cash.SubBranch, ID: "0100"}, cash.Count{"N100": 10})
	stock := func(t *testing.T) int64 {
		c, _, err := svc.VaultStock(ctx, keeper)
		return value(t, c, err)["N100"]
	}
	refusedThenSigned(t, db, refusable{
		sign: func(c counter.Credential) error {
			_, err := svc.MoveCash(ctx, keeper, out, c)
			return err
		},
		by: "3001", wrongPw: authz.ErrAuthorizerPassword, as: authz.ErrRefused, named: "A级 3001 王五",
		others: []refuser{{"1001", authz.ErrClerkCannotAuthorize}, {"2001", authz.ErrSelfAuthorization}},
		state:  stock,
		done:   stock(t) - 10,
	})
}

// The teller counting the cash the keeper hands her refuses to confirm
// it: nothing moves. Another teller cannot refuse it for her.
func TestCashHandOverRefused(t *testing.T) {
	svc, db := newCounter(t)
	ctx := context.Background()
	keeper := signedIn(t, svc, "2001")
	signedIn(t, svc, "1001")
	signedIn(t, svc, "1002")
	refusedThenSigned(t, db, refusable{
		sign: func(c counter.Credential) error {
			_, err := svc.MoveCash(ctx, keeper, issueReq("1001", 10), c)
			return err
		},
		by: "1001", wrongPw: staff.ErrWrongPassword, as: counter.ErrCashRefused, named: "C级 1001 张三",
		others: []refuser{{"1002", counter.ErrWrongConfirmer}},
		state: func(t *testing.T) int64 {
			bal, err := svc.BoxBalance(ctx, keeper, "1001")
			return int64(value(t, bal, err))
		},
		done: 1_000_00,
	})
}

// The voucher keeper counting the returned vouchers refuses to take them
// back: the teller keeps them. A B who keeps no vouchers cannot refuse
// them for her, nor the teller herself.
func TestReturnRefused(t *testing.T) {
	svc, db, vkeeper, t1 := cheques1001(t)
	ctx := context.Background()
	refusedThenSigned(t, db, refusable{
		sign: func(c counter.Credential) error {
			return svc.ReturnVouchers(ctx, t1, voucher.Range{Type: voucher.CashCheque, From: 4, To: 5}, c)
		},
		by: "2002", wrongPw: staff.ErrWrongPassword, as: counter.ErrReturnRefused, named: "B级 2002 赵敏",
		others: []refuser{{"2001", counter.ErrNotVoucherKeeper}, {"1001", counter.ErrReturnToSelf}},
		state: func(t *testing.T) int64 {
			ps, err := svc.VoucherPlaces(ctx, vkeeper)
			for _, p := range value(t, ps, err) {
				if p.Teller == "1001" {
					return p.Count
				}
			}
			return 0
		},
		done: 3,
	})
}

// The B checking the box refuses to seal it (现金不符), with no seal
// number: nothing is sealed. The teller cannot refuse her own box, nor a
// clerk.
func TestSealRefused(t *testing.T) {
	svc, db, teller := boxDay(t)
	ctx := context.Background()
	refusedThenSigned(t, db, refusable{
		sign: func(c counter.Credential) error {
			in := counter.BoxSealInput{Checker: c, PostedVouchers: 3}
			if c.Approve {
				in.SealNo = "FQ0001"
			}
			_, err := svc.SealBox(ctx, teller, in)
			return err
		},
		by: "2002", wrongPw: authz.ErrAuthorizerPassword, as: counter.ErrSealRefused, named: "B级 2002 赵敏",
		others: []refuser{{"1001", counter.ErrSelfCheck}, {"1002", counter.ErrCheckerLevel}},
		state:  func(t *testing.T) int64 { return int64(boxSeals(t, db)) },
		done:   1,
	})
	if err := svc.SignOut(ctx, teller); err != nil {
		t.Fatalf("sign-out after the seal: %v", err)
	}
}
