package payment

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"branchdesk/domain/msg"
)

// CodeLen is how many hex digits of the HMAC an order's code keeps.
const CodeLen = 16

// Canonical is the encoding the 编押 code covers: every field of the
// order as keyed, each written as its length in bytes, a colon and the
// bytes, so that no two orders encode alike.
func Canonical(o Order) []byte {
	var b strings.Builder
	b.WriteString("BDPAY1\n")
	for _, f := range []string{
		strconv.FormatInt(o.ID, 10), o.Branch, o.BusinessDate,
		o.PayerAccount, o.PayerName, o.PayeeAccount, o.PayeeName, o.PayeeBank,
		strconv.FormatInt(int64(o.Amount), 10), o.Purpose, strconv.FormatInt(o.EntryID, 10),
	} {
		fmt.Fprintf(&b, "%d:%s\n", len(f), f)
	}
	return []byte(b.String())
}

// Code is the order's 编押 code (押): HMAC-SHA256 over its canonical
// encoding under the encoder's key, the first CodeLen hex digits.
func Code(key []byte, o Order) (string, error) {
	if len(key) < 16 {
		return "", ErrNoKey
	}
	m := hmac.New(sha256.New, key)
	m.Write(Canonical(o))
	return strings.ToUpper(hex.EncodeToString(m.Sum(nil)))[:CodeLen], nil
}

// Verify checks an order's code against its fields under key.
func Verify(key []byte, o Order, code string) error {
	want, err := Code(key, o)
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(want), []byte(strings.ToUpper(code))) {
		return msg.Errorf("%w（第 %d 笔）", ErrCode, o.ID)
	}
	return nil
}
