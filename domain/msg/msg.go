// Package msg holds the domain's messages that carry figures (an amount,
// a count, a teller): the Chinese format, written once beside its rule,
// and the figures apart, so that a screen in another language translates
// the format and puts the same figures in. What a message prints (Error,
// String) is its Chinese text, as records, logs and tests read it.
package msg

import (
	"fmt"
	"strings"
)

// Text is a message with figures: a printf format in Chinese and its
// arguments.
type Text struct {
	Format string
	Args   []any
}

// Sprintf is the message format makes of args.
func Sprintf(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String is the message in Chinese.
func (t Text) String() string { return fmt.Sprintf(t.Format, t.Args...) }

// Verbatim is a figure a screen shows as written, in any language: the
// name of a column a file must have, say, which a translation would make
// wrong.
type Verbatim string

// List is messages shown together, "；" between them in Chinese.
type List []Text

// String is the messages in Chinese.
func (l List) String() string { return join(l, "；") }

// Line is messages read as one line, a space between them: a summary
// written in parts.
type Line []Text

// String is the line in Chinese.
func (l Line) String() string { return join(l, " ") }

func join(ts []Text, sep string) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.String()
	}
	return strings.Join(out, sep)
}

// Carrier is an error whose message has figures: an Error, or a typed
// error of the domain that keeps its own.
type Carrier interface {
	error
	Message() Text
}

// Error is a refusal with figures. It reads and wraps as fmt.Errorf of
// the same format and arguments would: errors.Is and errors.As see the
// errors its %w verbs wrap.
type Error struct {
	text Text
	err  error
}

// Errorf is fmt.Errorf whose format and figures a screen can translate.
func Errorf(format string, args ...any) error {
	return &Error{text: Text{Format: format, Args: args}, err: fmt.Errorf(format, args...)}
}

// Error is the Chinese text.
func (e *Error) Error() string { return e.err.Error() }

// Unwrap is what fmt.Errorf made, which wraps the %w arguments.
func (e *Error) Unwrap() error { return e.err }

// Message is the format and its figures.
func (e *Error) Message() Text { return e.text }
