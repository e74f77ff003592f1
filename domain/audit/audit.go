// Package audit keeps the tamper-evident trail: every row carries the hash
// of the row before it, so a changed, removed or inserted row breaks the chain.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"
)

// Actions written to the trail.
const (
	Login          = "login"
	LoginFailed    = "login_failed"
	Locked         = "account_locked"
	Unlocked       = "account_unlocked"
	Logout         = "logout"
	SignIn         = "sign_in"
	TempSignOut    = "temp_sign_out"
	Resume         = "resume"
	SignOut        = "sign_out"
	ReSignIn       = "re_sign_in_approved"
	TerminalFree   = "terminal_release" // an A freed a teller's sign-in at a dead terminal
	IdleLock       = "idle_lock"
	Post           = "post"
	AuthApprove    = "auth_approve"
	AuthRefuse     = "auth_refuse"
	AuthReject     = "auth_rejected" // the system refused the would-be authorizer
	Reverse        = "reverse"
	UserAdd        = "user_add"
	UserChange     = "user_change"
	PasswordReset  = "password_reset"
	PasswordChange = "password_change"
	PolicyAdd      = "policy_add"
	SettingChange  = "setting_change"
	AccountFreeze  = "account_freeze" // an amount of an account frozen or released
)

// Row is one line of the trail.
type Row struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Detail string
	Prev   string // hash of the row before; "" for the first
	Hash   string
}

// Seal computes the row's hash over its content and its predecessor's hash.
func Seal(r Row) string {
	h := sha256.New()
	for _, f := range []string{
		strconv.FormatInt(r.ID, 10), r.At.UTC().Format(time.RFC3339Nano),
		r.Actor, r.Action, r.Detail, r.Prev,
	} {
		// Length-prefix each field so no two rows serialise alike.
		fmt.Fprintf(h, "%d:%s|", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Break names the first place the chain does not hold.
type Break struct {
	ID   int64  // the row at which the break is seen
	What string // 修改, 删除, 末尾删除 (rows cut from the end) or 插入
}

// Error describes the break in Chinese.
func (b *Break) Error() string {
	switch b.What {
	case "删除":
		return fmt.Sprintf("审计链断裂：第 %d 条记录之前有记录被删除", b.ID)
	case "末尾删除":
		// The row named is gone: say where what is left ends.
		if b.ID <= 1 {
			return "审计链断裂：全部审计记录被删除"
		}
		return fmt.Sprintf("审计链断裂：第 %d 条记录之后的记录被删除（现存记录只到第 %d 条）", b.ID-1, b.ID-1)
	case "插入":
		return fmt.Sprintf("审计链断裂：第 %d 条记录是插入的", b.ID)
	}
	return fmt.Sprintf("审计链断裂：第 %d 条记录被修改", b.ID)
}

// Verifier walks the rows in id order, one at a time, against the head of
// the chain the application recorded apart from the rows.
type Verifier struct {
	headID       int64
	headHash     string
	prev, before Row // the last row seen and the one before it
	n            int
	broken       *Break
}

// NewVerifier starts a walk towards the recorded head.
func NewVerifier(headID int64, headHash string) *Verifier {
	return &Verifier{headID: headID, headHash: headHash}
}

// Next checks one row against those before it; it returns the first break.
func (v *Verifier) Next(r Row) *Break {
	if v.broken != nil {
		return v.broken
	}
	expect := v.prev.ID + 1
	switch {
	case r.ID > v.headID:
		// The application never sealed a row past its head.
		v.broken = &Break{r.ID, "插入"}
	case Seal(r) != r.Hash && r.ID == expect && r.Prev == v.prev.Hash:
		v.broken = &Break{r.ID, "修改"}
	case Seal(r) != r.Hash:
		// Not sealed by the application: forged and slipped in.
		v.broken = &Break{r.ID, "插入"}
	case r.ID > expect:
		v.broken = &Break{r.ID, "删除"}
	case r.Prev != v.prev.Hash && v.n > 0 && r.Prev == v.before.Hash:
		// This row follows the one before the last: the last was slipped in.
		v.broken = &Break{v.prev.ID, "插入"}
	case r.Prev != v.prev.Hash:
		v.broken = &Break{r.ID, "删除"}
	}
	v.before, v.prev = v.prev, r
	v.n++
	return v.broken
}

// End checks that the walk reached the recorded head, which catches the
// removal of rows from the end.
func (v *Verifier) End() *Break {
	if v.broken != nil {
		return v.broken
	}
	if v.prev.ID < v.headID {
		v.broken = &Break{v.prev.ID + 1, "末尾删除"}
	} else if v.prev.Hash != v.headHash {
		v.broken = &Break{v.prev.ID, "修改"}
	}
	return v.broken
}

// Rows reports how many rows were checked.
func (v *Verifier) Rows() int { return v.n }
