package bundle

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"

	"branchdesk/domain/authz"
	"branchdesk/domain/ledger"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/domain/target"
	"branchdesk/storage/sqlstore"
	"branchdesk/storage/wholefile"
)

// Clock tells the time; tests control it.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Terminal is a branch terminal's side of head-office sync.
type Terminal struct {
	db    *sqlstore.DB
	key   ed25519.PrivateKey
	clock Clock
	state sqlstore.SyncState
}

// OpenTerminal sets up sync on a terminal's database. On first start it
// generates the terminal's Ed25519 key at keyPath (mode 0600) and records
// which branch and terminal this is; later it reads the key back.
func OpenTerminal(ctx context.Context, db *sqlstore.DB, branch, id, keyPath string, clock Clock) (*Terminal, error) {
	if clock == nil {
		clock = systemClock{}
	}
	st, err := db.SyncState(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case st.KeyPath != "" && (filepath.IsAbs(st.KeyPath) || keyPath == ""):
		keyPath = st.KeyPath
	default:
		// Kept absolute: the database may later be opened from another
		// directory, where a relative path would name a key that is not
		// there and a new one would be made. An older release kept the
		// path as given; the caller's, made from where the database is,
		// replaces it.
		if abs, err := filepath.Abs(keyPath); err == nil {
			keyPath = abs
		}
	}
	key, _, err := LoadOrCreateKey(keyPath)
	if err != nil {
		return nil, err
	}
	if err := db.InitSync(ctx, branch, id, keyPath); err != nil {
		return nil, err
	}
	t := &Terminal{db: db, key: key, clock: clock}
	return t, t.refresh(ctx)
}

func (t *Terminal) refresh(ctx context.Context) (err error) {
	t.state, err = t.db.SyncState(ctx)
	return err
}

// PublicKey is the terminal's Ed25519 public key.
func (t *Terminal) PublicKey() ed25519.PublicKey { return t.key.Public().(ed25519.PublicKey) }

// Enrollment is what a terminal tells head office about itself.
type Enrollment struct {
	Format   int       `json:"format"`
	Branch   string    `json:"branch"`
	Terminal string    `json:"terminal"`
	Key      []byte    `json:"ed25519"`
	Created  time.Time `json:"created"`
}

type enrollFile struct {
	Body json.RawMessage `json:"enrollment"`
	Sig  []byte          `json:"sig"` // by Key over Body: the terminal holds the key
}

// Enrollment writes the terminal's enrollment file: its public key,
// signed by itself, for head office to import with bdhq enroll.
func (t *Terminal) Enrollment() ([]byte, error) {
	body, err := json.Marshal(Enrollment{Format: sync.Format, Branch: t.state.Branch, Terminal: t.state.Terminal,
		Key: t.PublicKey(), Created: t.clock.Now().UTC()})
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	out, err := json.Marshal(enrollFile{Body: body, Sig: ed25519.Sign(t.key, body)})
	return append(out, '\n'), err
}

// errNotEnrollment is a file that is not a terminal's enrollment file.
var errNotEnrollment = errors.New("不是终端登记文件：请用 bdctl sync enroll --out 文件 在终端重新写出登记文件后再登记")

// ParseEnrollment reads an enrollment file and checks its self-signature.
func ParseEnrollment(data []byte) (Enrollment, error) {
	var f enrollFile
	var e Enrollment
	if err := json.Unmarshal(data, &f); err != nil {
		return e, &refusal{errNotEnrollment, err}
	}
	if err := json.Unmarshal(f.Body, &e); err != nil {
		return e, &refusal{errNotEnrollment, err}
	}
	if e.Format != sync.Format || !sync.ValidID(e.Branch) || !sync.ValidID(e.Terminal) {
		return e, fmt.Errorf("%w（缺少网点或终端号，或格式版本不符）", errNotEnrollment)
	}
	// The body is signed compact, as json.Marshal wrote it.
	var body bytes.Buffer
	if err := json.Compact(&body, f.Body); err != nil {
		return e, &refusal{errNotEnrollment, err}
	}
	if len(e.Key) != ed25519.PublicKeySize || !ed25519.Verify(e.Key, body.Bytes(), f.Sig) {
		return e, sync.ErrSignature
	}
	return e, nil
}

// FileName is how an up bundle is named on the stick.
func FileName(branch, terminal string, seq int64) string {
	return fmt.Sprintf("%s-%s-%06d.bdsync", branch, terminal, seq)
}

func (t *Terminal) hqRecipient() (age.Recipient, error) {
	if len(t.state.HQ.Sign) == 0 {
		return nil, sync.ErrNoHQKeys
	}
	r, err := age.ParseX25519Recipient(t.state.HQ.Age)
	if err != nil {
		return nil, fmt.Errorf("bundle: head office's age key: %w", err)
	}
	return r, nil
}

// Export writes the next up bundle — every record new since the last
// export — into dir and returns its path. The bundle is kept until a
// receipt acknowledges it, and ExportPending writes it again.
func (t *Terminal) Export(ctx context.Context, dir string) (string, error) {
	if err := t.refresh(ctx); err != nil {
		return "", err
	}
	to, err := t.hqRecipient()
	if err != nil {
		return "", err
	}
	now := t.clock.Now().UTC()
	var plain []byte
	b, err := t.db.ExportUp(ctx, now, sync.UpRecords(), func(b sqlstore.UpBatch) ([]byte, string, error) {
		m := sync.Manifest{Kind: sync.Up, Branch: t.state.Branch, Terminal: t.state.Terminal, Seq: b.Seq, Prev: b.Prev,
			Created: now, Schema: sqlstore.SchemaVersion()}
		p, hash, err := Pack(m, b.Files, t.key)
		plain = p
		return p, hash, err
	})
	if err != nil {
		return "", err
	}
	path, err := t.write(dir, b.Seq, plain, to)
	if err != nil {
		// The bundle is kept: nothing is lost, but it must be written again.
		return "", &refusal{fmt.Errorf("第 %d 号数据包已生成并保存在本机，但写入 %s 失败：请检查U盘或目录后点“重新导出未确认”（bdctl sync pending）再写一次", b.Seq, dir), err}
	}
	return path, nil
}

// resign signs a kept bundle again with key.
func resign(plain []byte, key ed25519.PrivateKey) ([]byte, error) {
	b, err := Unpack(plain)
	if err != nil {
		return nil, err
	}
	ents := []entry{{sync.ManifestName, b.Raw}}
	for _, f := range b.Manifest.Files {
		ents = append(ents, entry{f.Name, b.Files[f.Name]})
	}
	ents = append(ents, entry{sync.SignatureName, ed25519.Sign(key, b.Raw)})
	var buf bytes.Buffer
	if err := writeTar(&buf, b.Manifest, ents); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Rekey gives the terminal a new key once head office has revoked the
// old one (a lost or stolen machine, a copied key file). The bundles kept
// for a receipt are signed with the new key when written again; a new
// enrollment file must go to head office, which never takes the old key
// back.
func (t *Terminal) Rekey(ctx context.Context) error {
	if err := t.refresh(ctx); err != nil {
		return err
	}
	path := t.state.KeyPath
	tmp := path + ".new"
	fail := func(err error) error {
		return &refusal{fmt.Errorf("无法在 %s 写入新密钥文件，密钥未更换：请检查该目录的权限和磁盘空间", filepath.Dir(path)), err}
	}
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fail(err)
	}
	key, _, err := LoadOrCreateKey(tmp)
	if err != nil {
		os.Remove(tmp) // half-written, or never made
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fail(err)
	}
	old := sync.Fingerprint(t.PublicKey())
	t.key = key
	detail := fmt.Sprintf("更换终端密钥：旧公钥指纹 %s，新公钥指纹 %s；须重新登记", old, sync.Fingerprint(t.PublicKey()))
	if err := t.db.AuditSync(ctx, t.clock.Now(), sync.AuditRekey, detail); err != nil {
		// The key is changed whatever the trail says: never change it twice.
		return fmt.Errorf("本终端密钥已更换（%s），但审计记录未能写入：%w；请勿再次更换密钥", detail, err)
	}
	return nil
}

// ExportPending writes again every bundle head office has not
// acknowledged, freshly encrypted; their content is what was exported.
func (t *Terminal) ExportPending(ctx context.Context, dir string) ([]string, error) {
	if err := t.refresh(ctx); err != nil {
		return nil, err
	}
	to, err := t.hqRecipient()
	if err != nil {
		return nil, err
	}
	ps, err := t.db.PendingUp(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		// Signed again with today's key: the terminal may have a new one
		// since (Rekey). The manifest, and so the hash, stay the same.
		plain, err := resign(p.Bundle, t.key)
		if err != nil {
			return out, fmt.Errorf("本终端保存的第 %d 号数据包：%w", p.Seq, err)
		}
		path, err := t.write(dir, p.Seq, plain, to)
		if err != nil {
			return out, err
		}
		out = append(out, path)
	}
	return out, nil
}

// write encrypts a bundle straight into its file on the stick.
func (t *Terminal) write(dir string, seq int64, plain []byte, to age.Recipient) (string, error) {
	path := filepath.Join(dir, FileName(t.state.Branch, t.state.Terminal, seq))
	return path, writeAtomic(path, func(w io.Writer) error {
		enc, err := age.Encrypt(w, to)
		if err != nil {
			return err
		}
		if _, err := enc.Write(plain); err != nil {
			return err
		}
		return enc.Close()
	})
}

// WriteFile writes data whole or not at all: a stick pulled out
// mid-write leaves neither a truncated bundle under the real name nor a
// temporary file.
func WriteFile(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeAtomic writes a file through fill, whole or not at all.
func writeAtomic(path string, fill func(io.Writer) error) error {
	if err := wholefile.Write(path, 0o600, fill); err != nil {
		return &refusal{fmt.Errorf("无法写入 %s：请检查U盘是否插好、是否写保护、空间是否足够，或换一个目录", path), err}
	}
	return nil
}

// ReadFile reads a bundle, receipt or enrollment file, saying in Chinese
// why it could not.
func ReadFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, &refusal{fmt.Errorf("文件 %s 不存在", path), err}
	case err != nil:
		return nil, &refusal{fmt.Errorf("无法读取文件 %s：请检查U盘是否插好、文件是否完整", path), err}
	}
	return data, nil
}

// ImportReceipt applies a receipt from head office: the bundle it names
// is acknowledged and its kept copy dropped.
func (t *Terminal) ImportReceipt(ctx context.Context, data []byte) (sync.Manifest, sync.ReceiptBody, error) {
	var body sync.ReceiptBody
	if err := t.refresh(ctx); err != nil {
		return sync.Manifest{}, body, err
	}
	if len(t.state.HQ.Sign) == 0 {
		return sync.Manifest{}, body, &refusal{errors.New("尚未导入总行的首个配置包，还没有总行公钥，无法核验回执：请先导入配置包（bdctl sync config --fingerprint …），再导入回执"), sync.ErrNoHQKeys}
	}
	b, err := Unpack(data)
	if err != nil {
		return sync.Manifest{}, body, err
	}
	if err := b.Verify(t.state.HQ.Sign); err != nil {
		return sync.Manifest{}, body, err
	}
	if err := strictJSON(b.Files[ReceiptFile], &body); err != nil {
		return b.Manifest, body, err
	}
	// Every record the bundle carried must be accepted or refused with a
	// reason: an acknowledged record is never sent again.
	kept, ok, err := t.db.KeptUp(ctx, b.Manifest.Seq)
	if err != nil {
		return b.Manifest, body, err
	}
	if ok && kept.Hash == b.Manifest.Bundle {
		sent, err := Unpack(kept.Bundle)
		if err != nil {
			return b.Manifest, body, fmt.Errorf("本终端保存的第 %d 号数据包：%w", kept.Seq, err)
		}
		if err := sync.CheckReceiptCounts(sent.Manifest.Files, body); err != nil {
			return b.Manifest, body, err
		}
	}
	return b.Manifest, body, t.db.AckUp(ctx, t.clock.Now(), b.Manifest, body)
}

// ApplyConfig applies a config bundle from head office atomically. The
// first one also brings head office's public keys, which the terminal
// keeps and checks every later bundle and receipt against; it is applied
// only when fingerprint is theirs, as head office gave it by phone or
// letter. Later bundles ignore fingerprint.
func (t *Terminal) ApplyConfig(ctx context.Context, data []byte, fingerprint string) (sync.Manifest, error) {
	if err := t.refresh(ctx); err != nil {
		return sync.Manifest{}, err
	}
	id, err := terminalIdentity(t.key)
	if err != nil {
		return sync.Manifest{}, err
	}
	plain, err := Unseal(data, id)
	if errors.Is(err, sync.ErrWrongRecipient) && headerDamaged(data, t.PublicKey()) {
		return sync.Manifest{}, &refusal{errors.New("配置包文件头已损坏，无法解密，已拒收：请重新拷贝该文件，或请总行用 bdhq config resend 补发"), err}
	}
	if errors.Is(err, sync.ErrWrongRecipient) {
		// Most often a bundle sealed to the key this terminal had before
		// it took a new one.
		return sync.Manifest{}, &refusal{fmt.Errorf("配置包不是加密给本终端现用密钥的，已拒收：若本终端更换过密钥，请总行在重新登记后用 bdhq config resend -terminal %s 补发", t.state.Terminal), err}
	}
	if err != nil {
		return sync.Manifest{}, err
	}
	b, err := Unpack(plain)
	if err != nil {
		return sync.Manifest{}, err
	}
	pub := t.state.HQ.Sign
	if len(pub) == 0 {
		// First contact: trust the key the bundle brings only if it is the
		// one head office vouched for, and the bundle is signed by it.
		var k sync.HQKeys
		if err := strictJSON(b.Files[KeysFile], &k); err != nil {
			return b.Manifest, err
		}
		if err := sync.CheckFirstKeys(k, fingerprint); err != nil {
			return b.Manifest, err
		}
		pub = k.Sign
	}
	if err := b.Verify(pub); err != nil {
		return b.Manifest, err
	}
	set, err := decodeConfig(b.Files)
	if err != nil {
		return b.Manifest, err
	}
	return b.Manifest, t.db.ApplyConfig(ctx, t.clock.Now(), b.Manifest, set)
}

// Names of the files in config bundles and receipts.
const (
	KeysFile     = "keys.json"
	ReceiptFile  = "receipt.json"
	UsersFile    = "users.ndjson"
	PolicyFile   = "policies.ndjson"
	ProductsFile = "products.ndjson"
	TargetsFile  = "targets.ndjson"
	VouchersFile = "voucher_allocations.ndjson"
	RatesFile    = "rates.ndjson"
	BankFile     = "bank.json"
	WeightsFile  = "quarter_weights.json"
	FormsFile    = "forms.ndjson"
	// DecisionsFile carries the upper level's decisions on suspense items.
	DecisionsFile = "suspense_decisions.ndjson"
)

// bankFile is bank.json: what head office says about the bank itself.
type bankFile struct {
	Name            string `json:"bank_name"`
	MaxBorrowingPct int    `json:"max_borrowing_pct,omitempty"`
}

func strictJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return badManifest(err)
	}
	return nil
}

func encodeConfig(c sync.ConfigSet) (map[string][]byte, error) {
	files := map[string][]byte{}
	k, err := json.Marshal(c.Keys)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	files[KeysFile] = append(k, '\n')
	if c.BankName != "" || c.MaxBorrowingPct != 0 {
		b, err := json.Marshal(bankFile{Name: c.BankName, MaxBorrowingPct: c.MaxBorrowingPct})
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		files[BankFile] = append(b, '\n')
	}
	if c.Weights != nil {
		w, err := json.Marshal(c.Weights)
		if err != nil {
			return nil, fmt.Errorf("bundle: %w", err)
		}
		files[WeightsFile] = append(w, '\n')
	}
	add := func(name string, n int, item func(i int) any) error {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		for i := range n {
			if err := enc.Encode(item(i)); err != nil {
				return fmt.Errorf("bundle: %w", err)
			}
		}
		files[name] = buf.Bytes()
		return nil
	}
	if err := errors.Join(
		add(UsersFile, len(c.Users), func(i int) any { return c.Users[i] }),
		add(PolicyFile, len(c.Policies), func(i int) any { return c.Policies[i] }),
		add(ProductsFile, len(c.Products), func(i int) any { return c.Products[i] }),
		add(TargetsFile, len(c.Targets), func(i int) any { return c.Targets[i] }),
		add(VouchersFile, len(c.Allocations), func(i int) any { return c.Allocations[i] }),
		add(RatesFile, len(c.Rates), func(i int) any { return c.Rates[i] }),
	); err != nil {
		return nil, err
	}
	// A terminal from before forms or decisions reads the bundle still
	// when it carries none.
	if len(c.Forms) > 0 {
		if err := add(FormsFile, len(c.Forms), func(i int) any { return c.Forms[i] }); err != nil {
			return nil, err
		}
	}
	if len(c.Decisions) > 0 {
		if err := add(DecisionsFile, len(c.Decisions), func(i int) any { return c.Decisions[i] }); err != nil {
			return nil, err
		}
	}
	return files, nil
}

func decodeLines[T any](data []byte) ([]T, error) {
	var out []T
	for _, l := range bytes.Split(data, []byte{'\n'}) {
		if len(l) == 0 {
			continue
		}
		var v T
		if err := strictJSON(l, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func decodeConfig(files map[string][]byte) (c sync.ConfigSet, err error) {
	for n := range files {
		switch n {
		case KeysFile, UsersFile, PolicyFile, ProductsFile, TargetsFile, VouchersFile, RatesFile, BankFile, WeightsFile, FormsFile,
			DecisionsFile:
		default:
			return c, fmt.Errorf("%w：配置包含未知文件 %s", sync.ErrManifest, n)
		}
	}
	if err := strictJSON(files[KeysFile], &c.Keys); err != nil {
		return c, err
	}
	if data, ok := files[BankFile]; ok {
		var b bankFile
		if err := strictJSON(data, &b); err != nil {
			return c, err
		}
		c.BankName, c.MaxBorrowingPct = b.Name, b.MaxBorrowingPct
	}
	if data, ok := files[WeightsFile]; ok {
		if err := strictJSON(data, &c.Weights); err != nil {
			return c, err
		}
	}
	var errs [8]error
	c.Users, errs[0] = decodeLines[sync.User](files[UsersFile])
	c.Policies, errs[1] = decodeLines[authz.Policy](files[PolicyFile])
	c.Products, errs[2] = decodeLines[pipeline.Product](files[ProductsFile])
	c.Targets, errs[3] = decodeLines[target.Target](files[TargetsFile])
	c.Allocations, errs[4] = decodeLines[sync.Allocation](files[VouchersFile])
	c.Rates, errs[5] = decodeLines[sync.Rate](files[RatesFile])
	c.Forms, errs[6] = decodeLines[survey.Definition](files[FormsFile])
	c.Decisions, errs[7] = decodeLines[ledger.Decision](files[DecisionsFile])
	return c, errors.Join(errs[:]...)
}
