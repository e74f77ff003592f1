package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"branchdesk/domain/msg"
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
	ErrConfigGap       = errors.New("配置包须按版本顺序导入，中间缺版，已拒收；总行可用 bdhq config resend 补发")
	ErrNoHQKeys        = errors.New("尚未收到总行配置包，不知道总行公钥，无法导出")
	ErrUnknownBundle   = errors.New("回执所指的数据包本终端没有导出过，已拒收")
	ErrNothingNew      = errors.New("自上次导出以来没有新数据")
	ErrHeldConflict    = errors.New("该序号已有另一个内容不同的数据包在暂存（终端数据可能被回退或伪造），已拒收；请先核实该终端，必要时用 bdhq set-aside 把暂存包另存")
	ErrTooFarAhead     = errors.New("数据包序号跳跃过大，已拒收")
	ErrSetAside        = errors.New("该数据包已由总行另存（bdhq set-aside），不再导入，已拒收")
	ErrReceiptCount    = errors.New("回执与所答数据包的记录数对不上（有记录既未收妥也未拒收），未作确认；请联系总行核实")
	ErrFingerprint     = errors.New("配置包所带的总行公钥指纹与输入的不符，已拒收：请与总行电话核对指纹，勿导入来历不明的配置包")
	ErrNeedFingerprint = errors.New("首个配置包须核对总行签名公钥指纹：请输入总行告知的指纹（bdhq init 或 bdhq keys 显示）")
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

// MaxAhead is how far past the last bundle imported a terminal's bundle
// may be numbered: a thousand bundles lost in a row is no stick left in
// a drawer but a forged number.
const MaxAhead = 1000

// Seen is a bundle head office has imported: its hash and the hash it
// names as the one before it.
type Seen struct{ Hash, Prev string }

// History answers for a terminal's bundles head office has already seen.
type History interface {
	// Imported is bundle seq, if it was imported.
	Imported(seq int64) (Seen, bool)
	// Held is the hash of bundle seq, if it is held after a gap.
	Held(seq int64) (hash string, ok bool)
	// Skipped tells whether head office accepted seq as missing.
	Skipped(seq int64) bool
	// SetAside tells whether head office set this bundle aside: it is
	// kept, and never imported.
	SetAside(hash string) bool
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
		return 0, msg.Errorf("%w：%s", ErrKind, m.Kind)
	case t.Revoked:
		return 0, msg.Errorf("%w：%s", ErrRevoked, t.ID)
	case m.Terminal != t.ID:
		return 0, msg.Errorf("%w：%s", ErrOtherTerminal, m.Terminal)
	case m.Branch != t.Branch:
		return 0, msg.Errorf("%w：包内网点 %s，终端登记网点 %s", ErrOtherBranch, m.Branch, t.Branch)
	case m.Schema > maxSchema:
		return 0, msg.Errorf("%w（包 v%d，本程序 v%d）", ErrFutureSchema, m.Schema, maxSchema)
	case m.Schema < 1 || m.Seq < 1:
		return 0, msg.Errorf("%w：序号 %d 结构版本 %d", ErrManifest, m.Seq, m.Schema)
	case h.SetAside(hash):
		return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrSetAside, t.ID, m.Seq)
	}
	if got, ok := h.Imported(m.Seq); ok {
		if got.Hash == hash {
			return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrAlreadyImported, t.ID, m.Seq)
		}
		return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrReplay, t.ID, m.Seq)
	}
	if m.Seq <= t.Last {
		if !h.Skipped(m.Seq) {
			return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrReplay, t.ID, m.Seq)
		}
		// A late bundle that was given up for lost: it must still fit the
		// chain on both sides.
		if prev, ok := h.Imported(m.Seq - 1); ok && prev.Hash != m.Prev {
			return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrChain, t.ID, m.Seq)
		}
		if next, ok := h.Imported(m.Seq + 1); ok && next.Prev != hash {
			return 0, msg.Errorf("%w（终端 %s 第 %d 号与第 %d 号）", ErrChain, t.ID, m.Seq, m.Seq+1)
		}
		return Apply, nil
	}
	if m.Seq > t.Last+MaxAhead {
		return 0, msg.Errorf("%w：第 %d 号比已收到的第 %d 号超前 %d 个以上", ErrTooFarAhead, m.Seq, t.Last, MaxAhead)
	}
	// A terminal writes one bundle per number: two different ones are a
	// restored database or a forgery. The held one stays until head
	// office sets it aside (bdhq set-aside).
	if held, ok := h.Held(m.Seq); ok && held != hash {
		return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrHeldConflict, t.ID, m.Seq)
	}
	if m.Seq > t.Last+1 {
		if acceptGap {
			return Apply, nil
		}
		return Hold, &GapError{Terminal: t.ID, Want: t.Last + 1, Got: m.Seq}
	}
	if m.Prev != t.LastHash {
		return 0, msg.Errorf("%w（终端 %s 第 %d 号）", ErrChain, t.ID, m.Seq)
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
		return msg.Errorf("%w：%s", ErrKind, m.Kind)
	case m.Branch != branch:
		return msg.Errorf("%w：%s", ErrOtherBranch, m.Branch)
	case m.Terminal != terminal:
		return msg.Errorf("%w：%s", ErrOtherTerminal, m.Terminal)
	case !found || e.Hash != m.Bundle:
		return msg.Errorf("%w（第 %d 号）", ErrUnknownBundle, m.Seq)
	case e.Acked:
		return msg.Errorf("%w（第 %d 号回执）", ErrAlreadyImported, m.Seq)
	}
	return nil
}

// CheckReceiptCounts makes sure a receipt accounts for every record of
// the bundle it answers (files, from that bundle's manifest): each one
// accepted or refused with a reason. A record that is neither would be
// lost, since the terminal never sends an acknowledged record again.
func CheckReceiptCounts(files []File, body ReceiptBody) error {
	want := map[string]int64{}
	for _, f := range files {
		want[f.Name] = int64(f.Records)
	}
	got, refused, whole := map[string]int64{}, map[string]int64{}, map[string]bool{}
	for typ, rs := range body.Accepted {
		name := typ + ".ndjson"
		if _, ok := want[name]; !ok {
			return msg.Errorf("%w：回执收妥了包中没有的 %s", ErrReceiptCount, name)
		}
		for _, r := range rs {
			if r[0] < 1 || r[1] < r[0] {
				return msg.Errorf("%w：%s 的行号段 %d–%d 无效", ErrReceiptCount, typ, r[0], r[1])
			}
		}
		got[name] += countRanges(rs)
	}
	for _, r := range body.Rejected {
		name, all := r.File()
		if _, ok := want[name]; !ok {
			return msg.Errorf("%w：回执拒收了包中没有的 %s", ErrReceiptCount, r.Record)
		}
		if all {
			whole[name] = true
		} else {
			refused[name]++
		}
	}
	for _, f := range files {
		n := f.Name
		if whole[n] && got[n] == 0 {
			continue
		}
		if whole[n] || got[n]+refused[n] != want[n] {
			return msg.Errorf("%w：%s 导出 %d 条，回执收妥 %d 条、拒收 %d 条", ErrReceiptCount, n, want[n], got[n], refused[n])
		}
	}
	return nil
}

// Fingerprint is a short digest of head office's Ed25519 public key, in
// groups of four hex digits, to be read out over the phone.
func Fingerprint(pub []byte) string {
	s := sha256.Sum256(pub)
	h := hex.EncodeToString(s[:8])
	return h[0:4] + " " + h[4:8] + " " + h[8:12] + " " + h[12:16]
}

// CheckFirstKeys decides whether a terminal may trust the head-office keys
// its first config bundle brings: only when their fingerprint is the one
// head office gave by another channel (typed is what the operator typed;
// spaces, dashes, colons and case do not matter). A bundle signed by a
// key of the forger's own would otherwise take over the terminal.
func CheckFirstKeys(k HQKeys, typed string) error {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			switch r {
			case ' ', '-', ':', '\t', '　':
				return -1
			}
			return unicode.ToLower(r)
		}, s)
	}
	switch t := norm(typed); {
	case t == "":
		return ErrNeedFingerprint
	case t != norm(Fingerprint(k.Sign)):
		return ErrFingerprint
	}
	return nil
}

// CheckConfig decides on a config bundle signed by head office: for this
// branch, from a schema this build knows, and the version right after the
// one applied. Versions are changes (new users, resets, allocations sent
// once), so one skipped would be lost.
func CheckConfig(m Manifest, branch string, applied int64, maxSchema int) error {
	switch {
	case m.Kind != Config:
		return msg.Errorf("%w：%s", ErrKind, m.Kind)
	case m.Branch != branch:
		return msg.Errorf("%w：包内网点 %s，本网点 %s", ErrOtherBranch, m.Branch, branch)
	case m.Schema > maxSchema:
		return msg.Errorf("%w（包 v%d，本程序 v%d）", ErrFutureSchema, m.Schema, maxSchema)
	case m.Version == applied:
		return msg.Errorf("%w（v%d）", ErrConfigApplied, m.Version)
	case m.Version < applied:
		return msg.Errorf("%w（包 v%d，已应用 v%d）", ErrConfigOld, m.Version, applied)
	case m.Version > applied+1:
		return msg.Errorf("%w（包 v%d，已应用 v%d，请先导入 v%d）", ErrConfigGap, m.Version, applied, applied+1)
	}
	return nil
}
