// Package seal holds the register of a branch's seals, name stamps and
// authority cards (第十二条 印章使用、权限卡管理; 第十一条 印、押、证分管分用):
// what each item is, who may keep it, and the hand-overs and daily checks
// that keep its keeper known.
package seal

import (
	"errors"
	"strings"
	"time"

	"branchdesk/domain/msg"
	"branchdesk/domain/staff"
)

// Kind is what a registered item is.
type Kind string

// The kinds the register holds.
const (
	Business Kind = "business" // 业务专用章, borne by every voucher
	CashPaid Kind = "cash"     // 现金讫章
	Transfer Kind = "transfer" // 转讫章
	Name     Kind = "name"     // 名章: one person's name stamp
	Card     Kind = "card"     // 授权卡: a B's or an A's authority card
)

// Kinds lists the kinds in the order screens show them.
func Kinds() []Kind { return []Kind{Business, CashPaid, Transfer, Name, Card} }

// Title is the kind in Chinese.
func (k Kind) Title() string {
	switch k {
	case Business:
		return "业务专用章"
	case CashPaid:
		return "现金讫章"
	case Transfer:
		return "转讫章"
	case Name:
		return "名章"
	case Card:
		return "授权卡"
	}
	return string(k)
}

// Item is one registered seal, name stamp or card, with who keeps it now
// and the last business day it was checked.
type Item struct {
	ID           int64
	Branch       string
	Kind         Kind
	No           string      // 编号, as engraved or printed on it
	Owner        string      // a name stamp's person (user id)
	Level        staff.Level // an authority card's level: B or A
	RegisteredBy string
	At           time.Time

	Keeper    string // who keeps it now
	LastCheck string // business date of its latest daily check, "" if never
}

// Title is the item in words: "业务专用章 YW-01", "名章 1001".
func (it Item) Title() string { return it.Message().String() }

// Message is Title with its figures apart, for a screen to translate.
func (it Item) Message() msg.Text {
	switch it.Kind {
	case Name:
		return msg.Sprintf("%s %s（%s）", it.Kind.Title(), it.No, it.Owner)
	case Card:
		return msg.Sprintf("%s %s（%s级）", it.Kind.Title(), it.No, it.Level)
	}
	return msg.Sprintf("%s %s", it.Kind.Title(), it.No)
}

// Errors of the register, each naming the rule it keeps.
var (
	ErrKind          = errors.New("印章种类不明：应为业务专用章、现金讫章、转讫章、名章或授权卡")
	ErrNo            = errors.New("印章或授权卡须登记编号")
	ErrNoOwner       = errors.New("名章须登记是谁的名章")
	ErrCardLevel     = errors.New("授权卡须登记级别：B级或A级")
	ErrNameStamp     = errors.New("名章只能由本人保管（第十二条：经办人员名章、主管人员名章各由本人使用）")
	ErrCardHolder    = errors.New("授权卡只能由与卡同级的柜员保管（第十二条 权限卡）")
	ErrVoucherKeeper = errors.New("重要空白凭证保管人不能保管业务专用章（第十一条：印、证分管分用）")
	ErrKeeperOff     = errors.New("保管人已停用，不能保管印章或授权卡")
	ErrOtherBranch   = errors.New("保管人不属于本网点")
	ErrSameKeeper    = errors.New("交出人与接收人是同一人，无需交接")
)

// Validate checks what a registration must say.
func (it Item) Validate() error {
	if it.Kind.Title() == string(it.Kind) {
		return ErrKind
	}
	if strings.TrimSpace(it.No) == "" {
		return ErrNo
	}
	switch {
	case it.Kind == Name && it.Owner == "":
		return ErrNoOwner
	case it.Kind == Card && it.Level != staff.LevelB && it.Level != staff.LevelA:
		return ErrCardLevel
	}
	return nil
}

// CheckKeeper tells whether u may keep it; voucherKeeper says whether u
// keeps the branch's blank vouchers (第十条), who may not also hold the
// seal that makes them good (第十一条).
func CheckKeeper(it Item, u staff.User, voucherKeeper bool) error {
	if !u.Active {
		return msg.Errorf("%w：%s", ErrKeeperOff, u.Label())
	}
	if u.Branch != it.Branch {
		return msg.Errorf("%w：%s", ErrOtherBranch, u.Label())
	}
	switch it.Kind {
	case Name:
		if u.ID != it.Owner {
			return msg.Errorf("%w：%s 不能保管 %s 的名章", ErrNameStamp, u.Label(), it.Owner)
		}
	case Card:
		if u.Level != it.Level {
			return msg.Errorf("%w：%s级授权卡不能由%s级柜员 %s 保管", ErrCardHolder, it.Level, u.Level, u.Label())
		}
	case Business:
		if voucherKeeper {
			return msg.Errorf("%w：%s", ErrVoucherKeeper, u.Label())
		}
	}
	return nil
}

// Move is one hand-over of an item from one keeper to another, both
// having signed with their passwords; the first of an item has no From:
// its registration.
type Move struct {
	ID           int64
	Seal         int64
	BusinessDate string
	From, To     string
	Leave        int64 // the leave hand-over (第十三条) it was part of, or 0
	At           time.Time
}

// Check is an item's daily check (每日核对) by its keeper, confirmed by a
// B or an A who is not the keeper (第七条二.3).
type Check struct {
	ID           int64
	Seal         int64
	BusinessDate string
	Keeper       string
	ConfirmedBy  string
	At           time.Time
}

// Errors of the daily check.
var (
	ErrChecked       = errors.New("该印章今日已核对")
	ErrConfirmer     = errors.New("印章核对须由B级或A级柜员确认（第七条二.3）")
	ErrSelfConfirmed = errors.New("保管人不能自己确认自己保管的印章核对")
)

// CheckConfirmer checks who confirms a daily check of it.
func CheckConfirmer(it Item, u staff.User) error {
	if u.ID == it.Keeper {
		return ErrSelfConfirmed
	}
	if u.Level != staff.LevelB && u.Level != staff.LevelA {
		return msg.Errorf("%w：%s 是%s级", ErrConfirmer, u.Label(), u.Level)
	}
	if u.Branch != it.Branch {
		return msg.Errorf("%w：%s", ErrOtherBranch, u.Label())
	}
	return nil
}
