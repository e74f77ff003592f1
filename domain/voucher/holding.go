package voucher

import (
	"errors"
	"slices"

	"branchdesk/domain/msg"
)

// Holding is one teller's vouchers of one type, as the service reads them
// from storage.
type Holding struct {
	Teller string
	Type   Type
	// Ranges are the ranges issued to Teller. They may overlap when
	// returned numbers were issued again.
	Ranges []Range
	// WrittenOff has the latest state of each number of Ranges that is no
	// longer a blank in the teller's hands: Used, Sold, Voided or Returned.
	// A number absent (or Issued) is a blank the teller holds.
	WrittenOff map[int64]State
}

// Errors of a teller's use of vouchers.
var (
	ErrSkipped        = errors.New("须按顺序使用凭证")
	ErrAlreadyUsed    = errors.New("凭证号码已使用，不能重复使用")
	ErrVoided         = errors.New("凭证号码已作废")
	ErrNotYours       = errors.New("凭证号码不在本柜员领用的凭证中")
	ErrExhausted      = errors.New("本柜员该种凭证已用完，请向凭证保管人领用")
	ErrSealNotChecked = errors.New("出售重要空白凭证须核对客户预留银行签章，并记录核对人")
	ErrVoidReason     = errors.New("作废凭证须注明原因")
	ErrVoidNeedsAuth  = errors.New("作废凭证须经本人以外的业务主管（A级）授权")
)

// SkippedError refuses a number that is not the next in sequence.
// errors.Is(err, ErrSkipped) holds for it.
type SkippedError struct {
	Type   Type
	Number int64 // the number the teller tried
	Next   int64 // the number that must be used first
}

// Error names the next number, e.g. "须按顺序使用，下一张应为 现金支票 00000012（不是 00000015）".
func (e *SkippedError) Error() string { return e.Message().String() }

// Message is the refusal with the next number and the one tried.
func (e *SkippedError) Message() msg.Text {
	return msg.Sprintf("须按顺序使用，下一张应为 %s %s（不是 %s）",
		e.Type.Name, e.Type.Format(e.Next), e.Type.Format(e.Number))
}

// Unwrap returns ErrSkipped.
func (e *SkippedError) Unwrap() error { return ErrSkipped }

// blank reports whether n is a blank in the teller's hands, given that it
// lies in one of the ranges.
func (h Holding) blank(n int64) bool {
	s, ok := h.WrittenOff[n]
	return !ok || s == Issued
}

// NextNumber is the lowest blank number in the teller's ranges: the one
// the next voucher must carry (第十条: 顺序使用，逐份销号).
func NextNumber(h Holding) (int64, error) {
	best := int64(0)
	for _, r := range h.Ranges {
		if r.Type != h.Type.Code || r.Empty() {
			continue
		}
		// Each pass either finds a blank or steps over a written-off
		// number, so this is bounded by len(WrittenOff).
		for n := r.From; ; n++ {
			if best != 0 && n >= best {
				break
			}
			if h.blank(n) {
				best = n
				break
			}
			if n == r.To {
				break
			}
		}
	}
	if best == 0 {
		return 0, msg.Errorf("%w（%s）", ErrExhausted, h.Type.Name)
	}
	return best, nil
}

// checkBlank refuses a range unless every number of it is a blank the
// teller holds, naming the lowest number that is not.
func checkBlank(h Holding, r Range) error {
	if err := r.Validate(); err != nil {
		return err
	}
	name := func(n int64) string { return h.Type.Name + " " + h.Type.Format(n) }
	if r.Type != h.Type.Code || !Covers(h.Ranges, r) {
		return msg.Errorf("%w：%s %s", ErrNotYours, h.Type.Name, h.Type.FormatRange(r))
	}
	var taken []int64
	for n := range h.WrittenOff {
		if r.Contains(n) && !h.blank(n) {
			taken = append(taken, n)
		}
	}
	if len(taken) == 0 {
		return nil
	}
	n := slices.Min(taken)
	switch h.WrittenOff[n] {
	case Voided:
		return msg.Errorf("%w：%s", ErrVoided, name(n))
	case Used, Sold:
		return msg.Errorf("%w：%s（%s）", ErrAlreadyUsed, name(n), h.WrittenOff[n].Title())
	}
	return msg.Errorf("%w：%s（%s）", ErrNotYours, name(n), h.WrittenOff[n].Title())
}

// checkSequence refuses a start other than the next number.
func checkSequence(h Holding, from int64) error {
	next, err := NextNumber(h)
	if err != nil {
		return err
	}
	if from != next {
		return &SkippedError{Type: h.Type, Number: from, Next: next}
	}
	return nil
}

// CheckUse allows the teller to write voucher n for an entry: n must be a
// blank the teller holds and the next in sequence. A number of another
// teller or never issued is ErrNotYours; a used or sold one ErrAlreadyUsed;
// a voided one ErrVoided; a later one a *SkippedError.
func CheckUse(h Holding, n int64) error {
	if err := checkBlank(h, Range{Type: h.Type.Code, From: n, To: n}); err != nil {
		return err
	}
	return checkSequence(h, n)
}

// CheckSell allows the teller to sell the vouchers of r to a customer (a
// cheque book is a range): they must be blanks the teller holds, starting
// at the next number, and someone must have checked the customer's
// reserved seal (第十条: 出售重要空白凭证，必须核对客户提供的预留银行签章).
func CheckSell(h Holding, r Range, sealCheckedBy string) error {
	if err := checkSeal(sealCheckedBy); err != nil {
		return err
	}
	if err := checkBlank(h, r); err != nil {
		return err
	}
	return checkSequence(h, r.From)
}

func checkSeal(by string) error {
	if by == "" {
		return ErrSealNotChecked
	}
	return nil
}

// CheckVoid allows the teller to void blank n (spoiled while being
// written, or damaged): with a reason and an authorizer other than the
// teller. A void need not be in sequence: the spoiled form is stamped
// 作废 and attached to the day's off-balance record (第十条).
func CheckVoid(h Holding, n int64, reason, authorizer string) error {
	if err := checkVoid(h.Teller, reason, authorizer); err != nil {
		return err
	}
	return checkBlank(h, Range{Type: h.Type.Code, From: n, To: n})
}

func checkVoid(by, reason, authorizer string) error {
	if reason == "" {
		return ErrVoidReason
	}
	if authorizer == "" || authorizer == by {
		return ErrVoidNeedsAuth
	}
	return nil
}

// CheckReturn allows the teller to hand the blanks of r back to the
// keeper's stock: only unused numbers of the teller's own ranges.
func CheckReturn(h Holding, r Range) error {
	return checkBlank(h, r)
}
