// Package enterprise checks what a credit financing officer (信用融资服务官)
// writes down about an enterprise and the people behind it: the unified social
// credit code, resident ID numbers and mobile numbers, masks them for
// confidentiality, and classifies the enterprise as large, medium, small or
// micro (工信部联企业〔2011〕300号).
//
// Every check is a pure function of its input: no panics, whatever is typed.
package enterprise

import (
	"strings"
	"unicode"

	"branchdesk/domain/msg"
)

// CharError reports a character that is not allowed where it stands.
// errors.Is(err, e.Err) holds for it, so callers test for ErrCreditCodeChar
// or ErrIDChar.
type CharError struct {
	// Err is the sentinel of the field: ErrCreditCodeChar or ErrIDChar.
	Err error
	// Pos is the character's position, counting from 1.
	Pos int
	// Char is the offending character.
	Char rune
}

// Error names the position and the character, e.g.
// "统一社会信用代码含有无效字符（不使用I、O、Z、S、V）：第9位“O”".
func (e *CharError) Error() string { return e.Message().String() }

// Message is the field's rule, the position and the character.
func (e *CharError) Message() msg.Text {
	if !unicode.IsPrint(e.Char) || e.Char == unicode.ReplacementChar {
		return msg.Sprintf("%v：第%d位为不可识别的字符%U", e.Err, e.Pos, e.Char)
	}
	return msg.Sprintf("%v：第%d位“%c”", e.Err, e.Pos, e.Char)
}

// Unwrap returns Err.
func (e *CharError) Unwrap() error { return e.Err }

// normalize folds full-width ASCII (what a Chinese input method types) to
// half-width, trims surrounding spaces and upper-cases ASCII letters.
func normalize(s string) string {
	s = strings.TrimSpace(foldWidth(s))
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// foldWidth maps full-width forms U+FF01–U+FF5E to ASCII and the ideographic
// space to a space.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case 0xFF01 <= r && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}
