package ledger

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// IDThreshold is the cash amount from which the counter records who
// brought or took the cash: the customer's ID document and, when someone
// acts for the holder (代办), the agent's name and document. "以上" counts
// the number itself, as 第十五条 does for the same ¥50,000.00.
const IDThreshold money.Amount = 50_000_00

// IDType is a kind of identity document.
type IDType string

// The identity documents a counter accepts.
const (
	ResidentCard     IDType = "resident_card"      // 居民身份证
	TempResidentCard IDType = "temp_resident_card" // 临时居民身份证
	Passport         IDType = "passport"           // 护照
	HKMacauPermit    IDType = "hk_macau_permit"    // 港澳居民来往内地通行证
	TaiwanPermit     IDType = "taiwan_permit"      // 台湾居民来往大陆通行证
	ForeignerPR      IDType = "foreigner_pr"       // 外国人永久居留身份证
	OfficerCard      IDType = "officer_card"       // 军官证
)

// IDTypes lists the documents in the order a screen offers them.
var IDTypes = []IDType{ResidentCard, TempResidentCard, Passport, HKMacauPermit, TaiwanPermit, ForeignerPR, OfficerCard}

// Title is the document's Chinese name.
func (t IDType) Title() string {
	switch t {
	case ResidentCard:
		return "居民身份证"
	case TempResidentCard:
		return "临时居民身份证"
	case Passport:
		return "护照"
	case HKMacauPermit:
		return "港澳居民来往内地通行证"
	case TaiwanPermit:
		return "台湾居民来往大陆通行证"
	case ForeignerPR:
		return "外国人永久居留身份证"
	case OfficerCard:
		return "军官证"
	}
	return string(t)
}

// ParseIDType reads a document type by its code or its Chinese name.
func ParseIDType(s string) (IDType, error) {
	for _, t := range IDTypes {
		if string(t) == s || t.Title() == s {
			return t, nil
		}
	}
	return "", msg.Errorf("%w：%q", ErrIDType, s)
}

// IDDoc is one identity document as shown at the counter.
type IDDoc struct {
	Type IDType
	No   string
}

// Empty reports whether nothing was given.
func (d IDDoc) Empty() bool { return d.Type == "" && strings.TrimSpace(d.No) == "" }

// String is "居民身份证 420102199001011234", or "".
func (d IDDoc) String() string {
	if d.Empty() {
		return ""
	}
	return d.Type.Title() + " " + d.No
}

// Masked is String with the middle of the number hidden, "居民身份证
// 420102********1234": what the audit trail (which goes to head office),
// authorizers and the printed receipt show. The whole number stays with
// the entry only.
func (d IDDoc) Masked() string { return d.Message().String() }

// Message is the document masked with its type apart, for a screen to
// translate; empty for no document, as Masked.
func (d IDDoc) Message() msg.Text {
	if d.Empty() {
		return msg.Text{}
	}
	return msg.Sprintf("%s %s", d.Type.Title(), enterprise.MaskID(d.No))
}

// Agent is who does the business for the holder (代办人).
type Agent struct {
	Name string
	Doc  IDDoc
}

// Empty reports whether no one acted for the holder.
func (a Agent) Empty() bool { return strings.TrimSpace(a.Name) == "" && a.Doc.Empty() }

// Presenter is who is at the counter for a cash business: the customer's
// document, and the agent when someone acts for the holder.
type Presenter struct {
	Customer IDDoc
	Agent    Agent
}

// Empty reports whether nothing was recorded.
func (p Presenter) Empty() bool { return p.Customer.Empty() && p.Agent.Empty() }

// Errors of the presenter's documents.
var (
	ErrIDRequired      = errors.New("现金业务金额达到 ¥50,000.00（含）须登记客户有效身份证件")
	ErrIDType          = errors.New("请选择证件类型")
	ErrIDNo            = errors.New("证件号码须为 5 到 30 位字母或数字")
	ErrAgentIncomplete = errors.New("代办须登记代办人姓名、证件类型和号码")
	ErrAgentName       = errors.New("代办人姓名须为 2 到 30 个字")
)

// NeedsID reports whether a business of kind k for amount records the
// presenter's documents: cash at or above IDThreshold.
func NeedsID(k Kind, amount money.Amount) bool {
	return k.IsBusiness() && k.IsCash() && amount >= IDThreshold
}

// CheckPresenter checks and normalizes who is at the counter for a
// business: at or above IDThreshold in cash the customer's document is
// required; an agent, if named, gives a name and a document too. A
// resident card's number is checked as GB 11643 says (enterprise's
// check, reused). What is given below the threshold is checked as well.
func CheckPresenter(k Kind, amount money.Amount, p Presenter, today time.Time) (Presenter, error) {
	if p.Customer.Empty() {
		if NeedsID(k, amount) {
			return p, ErrIDRequired
		}
	} else {
		d, err := checkDoc(p.Customer, today)
		if err != nil {
			return p, msg.Errorf("客户证件：%w", err)
		}
		p.Customer = d
	}
	if p.Agent.Empty() {
		p.Agent = Agent{}
		return p, nil
	}
	name := strings.TrimSpace(p.Agent.Name)
	if name == "" || p.Agent.Doc.Empty() {
		return p, ErrAgentIncomplete
	}
	if n := utf8.RuneCountInString(name); n < 2 || n > 30 {
		return p, ErrAgentName
	}
	d, err := checkDoc(p.Agent.Doc, today)
	if err != nil {
		return p, msg.Errorf("代办人证件：%w", err)
	}
	p.Agent = Agent{Name: name, Doc: d}
	return p, nil
}

func checkDoc(d IDDoc, today time.Time) (IDDoc, error) {
	if d.Type == "" || d.Type.Title() == string(d.Type) {
		return d, ErrIDType
	}
	if d.Type == ResidentCard || d.Type == TempResidentCard {
		d.No = enterprise.NormalizeResidentID(d.No)
		return d, enterprise.CheckResidentID(d.No, today)
	}
	d.No = strings.ToUpper(strings.TrimSpace(d.No))
	if n := len(d.No); n < 5 || n > 30 || strings.Trim(d.No, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != "" {
		return d, ErrIDNo
	}
	return d, nil
}
