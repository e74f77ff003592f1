package sync

import (
	"errors"
	"fmt"
)

// Refusals. Each leaves both sides exactly as they were.
var (
	ErrCorrupt         = errors.New("数据包不完整或已损坏（可能被截断或改动），已拒收")
	ErrNotEncrypted    = errors.New("数据包未加密或文件头已损坏，已拒收")
	ErrWrongRecipient  = errors.New("数据包不是加密给本机构的，无法解密，已拒收")
	ErrUnsigned        = errors.New("数据包没有签名（或文件不完整），已拒收")
	ErrSignature       = errors.New("数据包签名无效（内容被改动或签名者不符），已拒收")
	ErrManifest        = errors.New("数据包清单与内容不符，已拒收")
	ErrUnknownTerminal = errors.New("终端未登记，已拒收；请先导入该终端的登记文件")
	ErrRevoked         = errors.New("终端密钥已吊销，已拒收")
	ErrOtherBranch     = errors.New("数据包属于其他网点，已拒收")
	ErrOtherTerminal   = errors.New("数据包属于其他终端，已拒收")
	ErrFutureSchema    = errors.New("数据包来自更新版本的程序（数据结构版本更高），请先升级后再导入")
	ErrKind            = errors.New("数据包类型不符，已拒收")
	ErrReplay          = errors.New("该序号已用过且内容不同（重放或伪造），已拒收")
	ErrChain           = errors.New("数据包与上一包不衔接（前一包校验值不符），已拒收")
	ErrAlreadyImported = errors.New("该数据包已导入过，未作任何改动")
	ErrGap             = errors.New("序号不连续，中间的数据包尚未导入")
	ErrConfigOld       = errors.New("配置包版本低于已应用的版本，已拒收")
	ErrConfigApplied   = errors.New("该版本配置包已应用过，未作改动")
	ErrNoHQKeys        = errors.New("尚未收到总行配置包，不知道总行公钥，无法导出")
	ErrUnknownBundle   = errors.New("回执所指的数据包本终端没有导出过，已拒收")
	ErrNothingNew      = errors.New("自上次导出以来没有新数据")
)

// GapError is a bundle that came before the ones it follows: head office
// holds it until the missing ones arrive or the gap is accepted.
type GapError struct {
	Terminal string
	Want     int64 // the next sequence number expected
	Got      int64
}

func (e *GapError) Error() string {
	return fmt.Sprintf("%v：终端 %s 缺第 %d–%d 号，第 %d 号已暂存，待补齐或确认缺失后导入", ErrGap, e.Terminal, e.Want, e.Got-1, e.Got)
}

// Is makes errors.Is(err, ErrGap) hold.
func (e *GapError) Is(target error) bool { return target == ErrGap }

// Terminal is what head office knows of one terminal.
type Terminal struct {
	ID       string
	Branch   string
	Revoked  bool
	Last     int64  // highest sequence number imported
	LastHash string // its hash
}

// History answers for a terminal's bundles head office has already seen.
type History interface {
	// Imported is the hash of bundle seq, if it was imported.
	Imported(seq int64) (hash string, ok bool)
	// Skipped tells whether head office accepted seq as missing.
	Skipped(seq int64) bool
}

// Next is what to do with an up bundle that passed every check.
type Next int

// A bundle is applied now, or held until the ones before it arrive.
const (
	Apply Next = iota
	Hold
)

// CheckUp decides on an up bundle whose signature and files are good:
// sequence numbers per terminal start at 1, never repeat and never skip.
// A bundle accepted as missing may still arrive late and is applied then.
// acceptGap is head office's explicit word that a gap before m is lost.
func CheckUp(m Manifest, hash string, t Terminal, h History, maxSchema int, acceptGap bool) (Next, error) {
	switch {
	case m.Kind != Up:
		return 0, fmt.Errorf("%w：%s", ErrKind, m.Kind)
	case t.Revoked:
		return 0, fmt.Errorf("%w：%s", ErrRevoked, t.ID)
	case m.Terminal != t.ID:
		return 0, fmt.Errorf("%w：%s", ErrOtherTerminal, m.Terminal)
	case m.Branch != t.Branch:
		return 0, fmt.Errorf("%w：包内网点 %s，终端登记网点 %s", ErrOtherBranch, m.Branch, t.Branch)
	case m.Schema > maxSchema:
		return 0, fmt.Errorf("%w（包 v%d，本程序 v%d）", ErrFutureSchema, m.Schema, maxSchema)
	case m.Schema < 1 || m.Seq < 1:
		return 0, fmt.Errorf("%w：序号 %d 结构版本 %d", ErrManifest, m.Seq, m.Schema)
	}
	if got, ok := h.Imported(m.Seq); ok {
		if got == hash {
			return 0, fmt.Errorf("%w（终端 %s 第 %d 号）", ErrAlreadyImported, t.ID, m.Seq)
		}
		return 0, fmt.Errorf("%w（终端 %s 第 %d 号）", ErrReplay, t.ID, m.Seq)
	}
	if m.Seq <= t.Last {
		if !h.Skipped(m.Seq) {
			return 0, fmt.Errorf("%w（终端 %s 第 %d 号）", ErrReplay, t.ID, m.Seq)
		}
		// A late bundle that was given up for lost: it must still fit the chain.
		if prev, ok := h.Imported(m.Seq - 1); ok && prev != m.Prev {
			return 0, fmt.Errorf("%w（终端 %s 第 %d 号）", ErrChain, t.ID, m.Seq)
		}
		return Apply, nil
	}
	if m.Seq > t.Last+1 {
		if acceptGap {
			return Apply, nil
		}
		return Hold, &GapError{Terminal: t.ID, Want: t.Last + 1, Got: m.Seq}
	}
	if m.Prev != t.LastHash {
		return 0, fmt.Errorf("%w（终端 %s 第 %d 号）", ErrChain, t.ID, m.Seq)
	}
	return Apply, nil
}

// Exported is what a terminal knows of one bundle it exported.
type Exported struct {
	Seq   int64
	Hash  string
	Acked bool
}

// CheckReceipt decides on a receipt signed by head office: it must answer
// a bundle this terminal exported, by its hash, and only once.
func CheckReceipt(m Manifest, branch, terminal string, e Exported, found bool) error {
	switch {
	case m.Kind != Receipt:
		return fmt.Errorf("%w：%s", ErrKind, m.Kind)
	case m.Branch != branch:
		return fmt.Errorf("%w：%s", ErrOtherBranch, m.Branch)
	case m.Terminal != terminal:
		return fmt.Errorf("%w：%s", ErrOtherTerminal, m.Terminal)
	case !found || e.Hash != m.Bundle:
		return fmt.Errorf("%w（第 %d 号）", ErrUnknownBundle, m.Seq)
	case e.Acked:
		return fmt.Errorf("%w（第 %d 号回执）", ErrAlreadyImported, m.Seq)
	}
	return nil
}

// CheckConfig decides on a config bundle signed by head office: for this
// branch, from a schema this build knows, and newer than the one applied.
func CheckConfig(m Manifest, branch string, applied int64, maxSchema int) error {
	switch {
	case m.Kind != Config:
		return fmt.Errorf("%w：%s", ErrKind, m.Kind)
	case m.Branch != branch:
		return fmt.Errorf("%w：包内网点 %s，本网点 %s", ErrOtherBranch, m.Branch, branch)
	case m.Schema > maxSchema:
		return fmt.Errorf("%w（包 v%d，本程序 v%d）", ErrFutureSchema, m.Schema, maxSchema)
	case m.Version == applied:
		return fmt.Errorf("%w（v%d）", ErrConfigApplied, m.Version)
	case m.Version < applied:
		return fmt.Errorf("%w（包 v%d，已应用 v%d）", ErrConfigOld, m.Version, applied)
	}
	return nil
}
