// Package staff holds the people who work at a branch counter: their levels
// (C/B/A, 第二章 of the teller rules), passwords and the sign-in lockout rule.
package staff

import (
	"errors"
	"fmt"
	"time"
	"unicode"
)

// Level is a teller's grade under 综合柜员制.
type Level string

// The three teller levels. A clerk posts business; a supervisor authorizes
// over-C business; a manager gives the second authorization and approves
// reversals, re-sign-in and suspense.
const (
	LevelC Level = "C" // 业务经办
	LevelB Level = "B" // 业务主办
	LevelA Level = "A" // 业务主管
)

// ParseLevel reads a level letter.
func ParseLevel(s string) (Level, error) {
	switch Level(s) {
	case LevelC, LevelB, LevelA:
		return Level(s), nil
	}
	return "", fmt.Errorf("staff: %w: %q", ErrBadLevel, s)
}

// Rank orders the levels: C < B < A.
func (l Level) Rank() int {
	switch l {
	case LevelC:
		return 1
	case LevelB:
		return 2
	case LevelA:
		return 3
	}
	return 0
}

// Title is the level's Chinese name.
func (l Level) Title() string {
	switch l {
	case LevelC:
		return "业务经办"
	case LevelB:
		return "业务主办"
	case LevelA:
		return "业务主管"
	}
	return string(l)
}

// MaxFailures is how many wrong passwords in a row lock an account.
const MaxFailures = 5

// User is a person who may sign in at a terminal.
type User struct {
	ID         string
	Name       string
	Level      Level
	Branch     string
	Active     bool
	Officer    bool // 信用融资服务官, independent of the teller level
	Locked     bool
	Failures   int
	MustChange bool // a new or reset password must be changed at first login
	Hash       string
	CreatedAt  time.Time
}

// Label is how a person appears on receipts and screens: "1001 张三".
func (u User) Label() string { return u.ID + " " + u.Name }

// Errors of sign-in and password changes.
var (
	ErrBadLevel      = errors.New("柜员级别只能是 C、B 或 A")
	ErrUnknownUser   = errors.New("柜员号或密码错误")
	ErrWrongPassword = errors.New("柜员号或密码错误")
	ErrLocked        = errors.New("账户已锁定，请联系业务主管（A级）解锁")
	ErrInactive      = errors.New("账户已停用")
	ErrWeakPassword  = errors.New("新密码至少 8 位，且须同时包含字母和数字")
	ErrSamePassword  = errors.New("新密码不能与原密码相同")
	ErrBadUserID     = errors.New("柜员号须为 4 到 8 位数字")
	ErrNameRequired  = errors.New("请输入姓名")
	ErrBranchMissing = errors.New("请指定所属网点")
)

// CheckNewPassword enforces the password rule for a new or changed password.
func CheckNewPassword(old, pw string) error {
	if old != "" && old == pw {
		return ErrSamePassword
	}
	if len([]rune(pw)) < 8 {
		return ErrWeakPassword
	}
	var letter, digit bool
	for _, r := range pw {
		switch {
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return ErrWeakPassword
	}
	return nil
}

// Validate checks a user record before it is stored.
func (u User) Validate() error {
	if len(u.ID) < 4 || len(u.ID) > 8 {
		return ErrBadUserID
	}
	for _, r := range u.ID {
		if r < '0' || r > '9' {
			return ErrBadUserID
		}
	}
	if u.Name == "" {
		return ErrNameRequired
	}
	if _, err := ParseLevel(string(u.Level)); err != nil {
		return err
	}
	if u.Branch == "" {
		return ErrBranchMissing
	}
	return nil
}

// Usable reports why a user may not act at all, or nil.
func (u User) Usable() error {
	if !u.Active {
		return ErrInactive
	}
	if u.Locked {
		return ErrLocked
	}
	return nil
}

// Failed records a wrong password and reports whether it locked the account.
func (u *User) Failed() (lockedNow bool) {
	u.Failures++
	if u.Failures >= MaxFailures && !u.Locked {
		u.Locked = true
		return true
	}
	return false
}

// Succeeded clears the failure count after a right password.
func (u *User) Succeeded() { u.Failures = 0 }
