package staff

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHashIsArgon2idAndChecks(t *testing.T) {
	h, err := HashPassword("pass1001")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with 19 MiB, t=2, p=1", h)
	}
	h2, _ := HashPassword("pass1001")
	if h == h2 {
		t.Fatal("two hashes of one password must differ by salt")
	}
	for pw, want := range map[string]bool{"pass1001": true, "pass1002": false, "": false, "PASS1001": false} {
		ok, err := CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Fatalf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := CheckPassword("$argon2id$garbage", "x"); err == nil {
		t.Fatal("malformed hash must be an error")
	}
}

// Five wrong passwords in a row lock the account; a right one in between
// starts the count again.
func TestLockoutAfterFiveFailures(t *testing.T) {
	u := User{ID: "1001", Active: true}
	for i := 1; i < MaxFailures; i++ {
		if u.Failed() || u.Locked {
			t.Fatalf("locked after %d failures", i)
		}
	}
	u.Succeeded()
	for i := 1; i < MaxFailures; i++ {
		u.Failed()
	}
	if u.Locked {
		t.Fatal("count must restart after a good password")
	}
	if !u.Failed() || !u.Locked {
		t.Fatal("the fifth failure in a row must lock")
	}
	if !errors.Is(u.Usable(), ErrLocked) {
		t.Fatalf("usable: %v", u.Usable())
	}
}

func TestCheckNewPassword(t *testing.T) {
	cases := map[string]error{
		"abc12345": nil,
		"abcd123":  ErrWeakPassword, // 7 characters
		"abcdefgh": ErrWeakPassword,
		"12345678": ErrWeakPassword,
		"密码密码1234": nil,
	}
	for pw, want := range cases {
		if err := CheckNewPassword("old00000", pw); !errors.Is(err, want) || (want == nil && err != nil) {
			t.Errorf("%q: got %v, want %v", pw, err, want)
		}
	}
	if err := CheckNewPassword("same1234", "same1234"); !errors.Is(err, ErrSamePassword) {
		t.Fatalf("same: %v", err)
	}
}

func TestValidateUser(t *testing.T) {
	good := User{ID: "1001", Name: "张三", Level: LevelC, Branch: "0101"}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mut  func(*User)
		want error
	}{
		{func(u *User) { u.ID = "10a1" }, ErrBadUserID},
		{func(u *User) { u.ID = "101" }, ErrBadUserID},
		{func(u *User) { u.Name = "" }, ErrNameRequired},
		{func(u *User) { u.Level = "D" }, ErrBadLevel},
		{func(u *User) { u.Branch = "" }, ErrBranchMissing},
	} {
		u := good
		tc.mut(&u)
		if err := u.Validate(); !errors.Is(err, tc.want) {
			t.Errorf("got %v, want %v", err, tc.want)
		}
	}
}
