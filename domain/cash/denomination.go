// Package cash holds the rules for a branch's cash (第九条 of the teller
// rules): counting by denomination, moving cash only through the vault
// (总库), the teller box's maximum (最高限额), and the end-of-day balance
// (轧账, 碰库) where a difference is recorded and signed, never absorbed.
//
// It is pure rules and values: a service reads boxes and movements from
// storage, asks this package, and writes what it decides.
package cash

import (
	"errors"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// Kinds of a denomination.
const (
	KindNote = "纸币"
	KindCoin = "硬币"
)

// Denomination is one line of a cash count: a note or coin of one face value.
type Denomination struct {
	Code     string       // stable key in counts and storage, e.g. "N100", "C5J"
	Face     money.Amount // face value
	Kind     string       // KindNote or KindCoin
	Name     string       // as printed on count sheets, e.g. "100元纸币"
	Optional bool         // legal tender but rarely seen: shown only on request
}

// ErrUnknownDenomination reports a code that is not in Denominations.
var ErrUnknownDenomination = errors.New("未知的券别")

// Denominations lists the RMB notes and coins in circulation, largest first,
// notes before coins of the same value. The 分 coins are legal tender but
// rare, so they are Optional lines. Codes are N (note) or C (coin) followed
// by the face in 元, or in 角 (J) and 分 (F) below one yuan.
//
// Each call returns a new slice: callers may sort or filter it.
func Denominations() []Denomination {
	return []Denomination{
		{Code: "N100", Face: 100_00, Kind: KindNote, Name: "100元纸币"},
		{Code: "N50", Face: 50_00, Kind: KindNote, Name: "50元纸币"},
		{Code: "N20", Face: 20_00, Kind: KindNote, Name: "20元纸币"},
		{Code: "N10", Face: 10_00, Kind: KindNote, Name: "10元纸币"},
		{Code: "N5", Face: 5_00, Kind: KindNote, Name: "5元纸币"},
		{Code: "N1", Face: 1_00, Kind: KindNote, Name: "1元纸币"},
		{Code: "C1", Face: 1_00, Kind: KindCoin, Name: "1元硬币"},
		{Code: "N5J", Face: 50, Kind: KindNote, Name: "5角纸币"},
		{Code: "C5J", Face: 50, Kind: KindCoin, Name: "5角硬币"},
		{Code: "N1J", Face: 10, Kind: KindNote, Name: "1角纸币"},
		{Code: "C1J", Face: 10, Kind: KindCoin, Name: "1角硬币"},
		{Code: "C5F", Face: 5, Kind: KindCoin, Name: "5分硬币", Optional: true},
		{Code: "C2F", Face: 2, Kind: KindCoin, Name: "2分硬币", Optional: true},
		{Code: "C1F", Face: 1, Kind: KindCoin, Name: "1分硬币", Optional: true},
	}
}

// Lookup finds a denomination by its code.
func Lookup(code string) (Denomination, error) {
	for _, d := range Denominations() {
		if d.Code == code {
			return d, nil
		}
	}
	return Denomination{}, msg.Errorf("%w：%q", ErrUnknownDenomination, code)
}
