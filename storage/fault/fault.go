// Package fault says what went wrong with the database or a file in words
// a teller or administrator can act on: SQLite result codes and the
// system's file errors become one Chinese sentence that names the file
// and the next step. Every program — the app, bdctl and bdhq — passes
// the errors it shows through Explain, so the sentences live here only.
package fault

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Error is a failure put into words; the original stays in the chain
// (errors.Is, errors.As, logs).
type Error struct {
	Msg string
	Err error
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Err }

// Explain returns err as its reader should see it. A failure of SQLite or
// of the file system becomes a sentence naming the file and what to do;
// db is the database file, which SQLite's errors do not name. An error
// that already says in Chinese what happened, with the system's text
// kept out of its message, comes back as it is: its sentence knows more
// (what was kept, what to run again) than the system's reason.
func Explain(err error, db string) error {
	if err == nil {
		return nil
	}
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	msg, cause := describe(err, db)
	if msg == "" || !strings.Contains(err.Error(), cause.Error()) {
		return err
	}
	return &Error{Msg: msg, Err: err}
}

// IsSystem reports whether err is a failure of the disk, the file system
// or the database rather than a refusal of what was read: a full disk is
// never a refused bundle.
func IsSystem(err error) bool {
	msg, _ := describe(err, "")
	return msg != ""
}

// describe finds the SQLite or system error in err's chain and says it,
// giving the error it found; "" when there is none.
func describe(err error, db string) (string, error) {
	var se *sqlite.Error
	if errors.As(err, &se) {
		if msg := sqliteMessage(se.Code(), db); msg != "" {
			return msg, se
		}
		return "", nil
	}
	path := db
	var cause error
	var pe *fs.PathError
	var le *os.LinkError
	var sce *os.SyscallError
	switch {
	case errors.As(err, &pe):
		path, cause = pe.Path, pe
	case errors.As(err, &le):
		path, cause = le.New, le
	case errors.As(err, &sce):
		cause = sce
	default:
		var errno syscall.Errno
		if !errors.As(err, &errno) {
			return "", nil
		}
		cause = errno
	}
	return fileMessage(err, path), cause
}

// sqliteMessage says a SQLite result code (its primary part: the low byte).
func sqliteMessage(code int, db string) string {
	name := "数据库"
	if db != "" {
		name = "数据库 " + db
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_PROTOCOL:
		return name + " 正被另一个程序使用（等候 5 秒仍未放开）：请关闭打开同一文件的 BranchDesk 或 bdctl、bdhq 后重试"
	case sqlite3.SQLITE_READONLY:
		return name + " 只能读不能写：请检查该文件及其所在目录是否可写、磁盘是否写保护，或复制到可写的位置后用 --db 指定"
	case sqlite3.SQLITE_FULL:
		return "磁盘已满，无法写入" + name + "：本次操作未生效；请清理磁盘空间后重试"
	case sqlite3.SQLITE_NOTADB:
		return "文件 " + db + " 不是 BranchDesk 数据库（或已损坏）：请检查 --db 是否指错了文件；若原来是数据库，请从备份恢复"
	case sqlite3.SQLITE_CORRUPT:
		return name + " 已损坏：请停止使用，复制保留该文件后从备份恢复，并联系技术支持"
	case sqlite3.SQLITE_CANTOPEN:
		return "无法打开" + name + "：请检查所在目录是否存在、文件和目录是否可读写，路径是否指向一个文件"
	case sqlite3.SQLITE_IOERR:
		return "读写" + name + " 时磁盘出错：请检查磁盘或U盘是否插好、是否损坏；在查明之前不要再写入，必要时从备份恢复"
	case sqlite3.SQLITE_NOMEM:
		return "内存不足，无法处理" + name + "：请关闭其他程序后重试"
	case sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return "没有权限访问" + name + "：请检查文件和目录的权限"
	}
	// Anything else (a constraint a command broke, a bug) is not the
	// disk's: its own text is the most telling.
	return ""
}

// fileFaults says the file system's errors, the most telling first; %s
// is the file.
var fileFaults = []struct {
	is  error
	say string
}{
	{syscall.ENOSPC, "磁盘空间不足，无法写入 %s：请清理空间，或换一个U盘或目录后重试"},
	{syscall.EROFS, "%s 所在的磁盘是只读的（或U盘写保护）：请打开写保护，或换一个目录"},
	{syscall.EISDIR, "%s 是一个目录，不是文件：请给出文件的路径"},
	{syscall.ENOTDIR, "%s 的上级路径中有一项不是目录：请检查路径"},
	{fs.ErrNotExist, "%s 不存在：请检查路径是否写对、U盘是否插好"},
	{fs.ErrExist, "%s 已存在，不会覆盖：请先移走或改名，或换一个名字"},
	{fs.ErrPermission, "没有权限读写 %s：请检查文件和所在目录的权限"},
	{syscall.EIO, "读写 %s 时磁盘出错：请检查磁盘或U盘是否插好、是否损坏"},
}

// fileMessage says a file system error about path.
func fileMessage(err error, path string) string {
	if path == "" {
		path = "文件"
	}
	for _, f := range fileFaults {
		if errors.Is(err, f.is) {
			return fmt.Sprintf(f.say, path)
		}
	}
	return fmt.Sprintf("无法读写 %s：请检查路径、权限和磁盘空间", path)
}
