package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/fault"
	"branchdesk/storage/sqlite"
)

const usage = `用法: bdhq [-dir 总行目录] 命令 [参数]

  init                          生成总行签名密钥、age 密钥（0600）和数据库
  enroll 登记文件...             登记终端公钥
  revoke 终端号                  吊销终端密钥
  import 目录|文件...            导入上报包（*.bdsync），逐个显示进度
  accept-gap 终端号              确认缺失的包已丢失，导入其后暂存的包
  set-aside 终端号 序号 原因      把放不行的暂存包另存（保留不导入），如终端从备份恢复后重写了该序号
  rollback [-confirm] 终端号 序号 原因
                                先 revoke；把该终端自该序号起、旧密钥签名的包连同记录撤出（保留备查），
                                用于被盗密钥签发的伪造包；不加 -confirm 只预览；之后终端换新密钥重新导出未确认的包
  receipts [-terminal T] 目录    把回执写到目录
  config export -branch 网点 -out 目录 [-users F] [-policies F] [-products F] [-targets F] [-vouchers F] [-rates F] [-weights F] [-forms F] [-bank-name 名称] [-max-borrowing-pct N]
                                签发下一版配置包（JSON 数组文件；-forms 为调查表单定义，一个或数组，版本从2开始）
  config resend -terminal 终端号 -out 目录
                                把该网点已签发的各版配置包重新加密给这台终端（后登记的终端从第 1 版起按序导入）
  keys                          总行签名公钥指纹和 age 公钥（终端首次导入配置包时电话核对指纹）
  status                        每个终端：最后序号、缺号、暂存、最后导入时间
  report daily|kpi|vouchers|service-vouchers|differences -from 日期 [-to 日期] -out 文件.pdf|.csv
                                报表：网点营业日汇总、服务官 KPI、凭证使用、服务补贴券、现金长短款
  report quarter -year 年度 -q 季度 -out 文件.pdf|.csv [-weights F]
                                季度考核排名表：各网点服务官与网点的名单覆盖、日登、周清、促成率、满意率、投诉办结及得分
  report surveys -from 日期 [-to 日期] [-form 版本] -out 文件.csv
                                调查表明细：按该版表单的字段和顺序逐列列出（缺省为最新版）
  survey -id 编号 [-branch 网点] -out 文件.pdf
                                按填写时的表单版本打印一份调查表
  attachments list [-branch 网点] [-record survey:编号|demand:编号]
                                网点随调查表、融资需求上报的附件（照片、文件）
  attachments extract 终端/序号 -out 目录
                                核对 SHA-256 后把附件写到目录
  suspense list [-branch 网点]   各网点上报的挂账（长短款）及上级批准状态：待上级批准、已批准、不予批准
  suspense approve -branch 网点 -item 挂账编号 -by 批准人 -ref 批复文号
  suspense refuse -branch 网点 -item 挂账编号 -reason 原因 [-by 经办人]
                                上级业务管理部门批准或不予批准挂账（第十四条），每笔一次；随该网点下一版配置包下发，
                                未经批准的挂账网点不能核销
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runAt(ctx, nil, args, stdout, stderr)
}

// runAt is run on clock (nil: the system's), which stamps what head office
// issues and is the "now" of its reports.
func runAt(ctx context.Context, clock bundle.Clock, args []string, stdout, stderr io.Writer) (err error) {
	fs := flag.NewFlagSet("bdhq", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", envOr("BDHQ_DIR", "."), "总行目录：密钥和 hq.db")
	defer func() { err = fault.Explain(err, filepath.Join(*dir, bundle.HQStore)) }()
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("缺少命令")
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	if cmd == "help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	if cmd == "init" {
		keys, err := bundle.InitHQ(ctx, *dir, clock)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已初始化 %s\n签名公钥指纹 %s（终端首次接收配置包时核对）\nage 公钥 %s\n", *dir, sync.Fingerprint(keys.Sign), keys.Age)
		return nil
	}
	hq, err := bundle.OpenHQ(ctx, *dir, clock)
	if errors.Is(err, sqlite.ErrNoDatabase) {
		return fmt.Errorf("总行%w：先运行 bdhq -dir %s init；若总行密钥已在而数据库丢失，请从备份恢复 %s", err, *dir, bundle.HQStore)
	}
	if err != nil {
		return err
	}
	defer hq.Close()
	switch cmd {
	case "enroll":
		return enroll(ctx, hq, rest, stdout)
	case "revoke":
		if len(rest) != 1 {
			return errors.New("用法: bdhq revoke 终端号")
		}
		if err := hq.Revoke(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已吊销终端 %s 的密钥\n", rest[0])
		return nil
	case "import":
		return importAll(ctx, hq, filepath.Join(*dir, bundle.HQStore), rest, stdout)
	case "accept-gap":
		if len(rest) != 1 {
			return errors.New("用法: bdhq accept-gap 终端号")
		}
		rs, err := hq.AcceptGap(ctx, rest[0])
		for _, r := range rs {
			fmt.Fprintln(stdout, describe(r))
		}
		return err
	case "set-aside":
		if len(rest) != 3 {
			return errors.New("用法: bdhq set-aside 终端号 序号 原因")
		}
		seq, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil {
			return fmt.Errorf("序号须为整数：%q", rest[1])
		}
		if err := hq.SetAside(ctx, rest[0], seq, rest[2]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已另存终端 %s 暂存的第 %d 号数据包（保留在总行库中，不导入）\n", rest[0], seq)
		return nil
	case "rollback":
		return rollback(ctx, hq, rest, stdout)
	case "receipts":
		return receipts(ctx, hq, rest, stdout)
	case "config":
		switch {
		case len(rest) > 0 && rest[0] == "export":
			return configExport(ctx, hq, rest[1:], stdout, stderr)
		case len(rest) > 0 && rest[0] == "resend":
			return configResend(ctx, hq, rest[1:], stdout, stderr)
		}
		return errors.New("用法: bdhq config export -branch 网点 -out 目录 … | bdhq config resend -terminal 终端号 -out 目录")
	case "keys":
		k := hq.PublicKeys()
		fmt.Fprintf(stdout, "签名公钥指纹 %s\nage 公钥 %s\n", sync.Fingerprint(k.Sign), k.Age)
		return nil
	case "status":
		return status(ctx, hq, stdout)
	case "report":
		return report(ctx, hq, rest, stdout, stderr)
	case "survey":
		return surveyPDF(ctx, hq, rest, stdout, stderr)
	case "attachments":
		return attachments(ctx, hq, rest, stdout, stderr)
	case "suspense":
		return suspense(ctx, hq, rest, stdout, stderr)
	}
	fs.Usage()
	return fmt.Errorf("未知命令 %q", cmd)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func enroll(ctx context.Context, hq *bundle.HQ, files []string, out io.Writer) error {
	if len(files) == 0 {
		return errors.New("用法: bdhq enroll 登记文件...")
	}
	for _, f := range files {
		data, err := bundle.ReadFile(f)
		if err != nil {
			return err
		}
		e, err := hq.Enroll(ctx, data)
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		fmt.Fprintf(out, "已登记 网点 %s 终端 %s 公钥指纹 %s\n", e.Branch, e.Terminal, sync.Fingerprint(e.Key))
	}
	return nil
}

// bundleFiles expands directories into their *.bdsync files, sorted so a
// terminal's bundles come in order.
func bundleFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(filepath.Join(a, "*.bdsync"))
		if err != nil {
			return nil, err
		}
		sort.Strings(m)
		out = append(out, m...)
	}
	return out, nil
}

func describe(r bundle.Result) string {
	s := fmt.Sprintf("已导入 网点 %s 终端 %s 第 %d 号：%d 条", r.Branch, r.Terminal, r.Seq, r.Records)
	if r.Rejected > 0 {
		s += fmt.Sprintf("，拒收 %d 条（见回执）", r.Rejected)
	}
	if r.Late {
		s += "（补到的缺号包）"
	}
	return s
}

func rollback(ctx context.Context, hq *bundle.HQ, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("rollback", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	confirm := fs.Bool("confirm", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 3 {
		return errors.New("用法: bdhq rollback [-confirm] 终端号 序号 原因")
	}
	term, reason := fs.Arg(0), fs.Arg(2)
	from, err := strconv.ParseInt(fs.Arg(1), 10, 64)
	if err != nil {
		return fmt.Errorf("序号须为整数：%q", fs.Arg(1))
	}
	if strings.TrimSpace(reason) == "" {
		return errors.New("回退须注明原因")
	}
	if !*confirm {
		rb, err := hq.RollbackPreview(ctx, term, from)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "将回退终端 %s 的第 %v 号数据包：撤出记录 %d 条，恢复旧版本记录 %d 条，撤出暂存包 %d 个；该终端最后序号将为 %d。\n",
			term, rb.Bundles, rb.Records, rb.Restored, rb.Held, rb.Last)
		fmt.Fprintf(out, "请先核对终端“总行同步”页（bdctl sync status）：只应从终端仍在等回执的第一个序号起回退——终端已收到回执的包不会再送来。\n")
		fmt.Fprintf(out, "核对无误后加 -confirm 执行：bdhq rollback -confirm %s %d %q\n", term, from, reason)
		return nil
	}
	rb, err := hq.Rollback(ctx, term, from, reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已回退终端 %s 的第 %v 号数据包：撤出记录 %d 条（保留备查），恢复被替换的旧版本记录 %d 条；该终端最后序号现为 %d。\n",
		term, rb.Bundles, rb.Records, rb.Restored, rb.Last)
	if rb.Held > 0 {
		fmt.Fprintf(out, "该终端暂存的 %d 个数据包一并撤出（保留备查）；其中终端自己的包会随重新导出再次送到。\n", rb.Held)
	}
	fmt.Fprintf(out, "请终端在总行重新登记后点“重新导出未确认”（bdctl sync pending），把第 %d 号起的数据包重新导入。\n", rb.Last+1)
	return nil
}

// importAll imports every bundle and keeps going after a refusal; it
// fails at the end if any bundle was refused, or not imported because the
// disk or a file failed (store is head office's database, for the
// message).
func importAll(ctx context.Context, hq *bundle.HQ, store string, args []string, out io.Writer) error {
	files, err := bundleFiles(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return errors.New("没有找到上报包（*.bdsync）")
	}
	refused, stuck, broken := 0, 0, 0
	for i, f := range files {
		prefix := fmt.Sprintf("[%d/%d] %s %s: ", i+1, len(files), progressBar(i+1, len(files)), filepath.Base(f))
		data, err := bundle.ReadFile(f)
		if err == nil {
			var rs []bundle.Result
			rs, err = hq.Import(ctx, data)
			for j, r := range rs {
				if j > 0 {
					fmt.Fprint(out, prefix+"放行暂存包，")
				} else {
					fmt.Fprint(out, prefix)
				}
				fmt.Fprintln(out, describe(r))
			}
		}
		var held *bundle.HeldError
		switch {
		case err != nil && fault.IsSystem(err):
			// The disk, not the bundle: nothing of it was imported.
			broken++
			fmt.Fprintln(out, prefix+"未导入："+fault.Explain(err, store).Error())
		case errors.As(err, &held):
			stuck++
			fmt.Fprintln(out, prefix+"注意："+err.Error())
		case errors.Is(err, sync.ErrAlreadyImported):
			fmt.Fprintln(out, prefix+err.Error())
		case errors.Is(err, sync.ErrGap):
			fmt.Fprintln(out, prefix+err.Error())
		case err != nil:
			refused++
			fmt.Fprintln(out, prefix+"拒收："+err.Error())
		}
	}
	switch {
	case broken > 0:
		return fmt.Errorf("%d 个数据包因磁盘或文件出错未能导入（均未作任何改动），%d 个被拒收：请排除上面所说的问题后重新导入", broken, refused)
	case refused > 0 && stuck > 0:
		return fmt.Errorf("%d 个数据包被拒收（均未作任何改动），%d 个暂存包未能放行", refused, stuck)
	case refused > 0:
		return fmt.Errorf("%d 个数据包被拒收，均未作任何改动", refused)
	case stuck > 0:
		return fmt.Errorf("%d 个暂存包未能放行（其余已导入），请查看 bdhq status", stuck)
	}
	return nil
}

// pad fills s to width terminal columns, a Chinese character taking two;
// a negative width aligns right.
func pad(s string, width int) string {
	w := 0
	for _, r := range s {
		w++
		if wide(r) {
			w++
		}
	}
	fill := strings.Repeat(" ", max(abs(width)-w, 0))
	if width < 0 {
		return fill + s
	}
	return s + fill
}

// wide reports a character a terminal shows two columns wide: Chinese
// characters, CJK punctuation and full-width forms.
func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFF60)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// progressBar draws done of all as a bar of 20 cells and a percentage.
func progressBar(done, all int) string {
	const cells = 20
	n := done * cells / all
	return strings.Repeat("█", n) + strings.Repeat("░", cells-n) + fmt.Sprintf(" %3d%%", done*100/all)
}

func receipts(ctx context.Context, hq *bundle.HQ, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("receipts", flag.ContinueOnError)
	term := fs.String("terminal", "", "只写这个终端的回执")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("用法: bdhq receipts [-terminal T] 目录")
	}
	paths, err := hq.WriteReceipts(ctx, fs.Arg(0), *term)
	for _, p := range paths {
		fmt.Fprintln(out, p)
	}
	fmt.Fprintf(out, "共 %d 份回执\n", len(paths))
	return err
}

// userIn is a user as head office writes it: a temporary password is
// hashed here and must be changed at the first login at the branch.
type userIn struct {
	ID       string      `json:"id"`
	Name     string      `json:"name"`
	Level    staff.Level `json:"level"`
	Active   bool        `json:"active"`
	Officer  bool        `json:"officer"`
	Password string      `json:"password,omitempty"`
}

func readJSON(path string, v any) error {
	if path == "" {
		return nil
	}
	data, err := bundle.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readForms reads survey form definitions: one, or an array of them, each
// read strictly (an unknown key is a typo) and checked.
func readForms(path string) ([]survey.Definition, error) {
	if path == "" {
		return nil, nil
	}
	data, err := bundle.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw []json.RawMessage
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		raw = []json.RawMessage{t}
	} else if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]survey.Definition, 0, len(raw))
	for i, r := range raw {
		d, err := survey.ParseDefinition(r)
		if err != nil {
			return nil, fmt.Errorf("%s 第 %d 个调查表单（v%d）：%w", path, i+1, d.Version, err)
		}
		out = append(out, d)
	}
	return out, nil
}

func configExport(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	fs := flag.NewFlagSet("config export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	branch := fs.String("branch", "", "网点号")
	dir := fs.String("out", ".", "输出目录")
	users := fs.String("users", "", "柜员 JSON 数组：id name level active officer [password]")
	policies := fs.String("policies", "", "授权策略 JSON 数组")
	products := fs.String("products", "", "产品 JSON 数组")
	targets := fs.String("targets", "", "名单 JSON 数组")
	vouchers := fs.String("vouchers", "", "凭证调拨 JSON 数组：type from to")
	rates := fs.String("rates", "", "基准利率 JSON 数组：term rate_bp effective")
	weights := fs.String("weights", "", "季度考核权重 JSON 对象：coverage daily_log weekly_clear success satisfaction complaints，合计 100（不填则不变）")
	forms := fs.String("forms", "", "调查表单定义 JSON（一个定义或定义数组，版本从2开始）")
	bank := fs.String("bank-name", "", "银行名称，印在业务回单抬头（不填则不变）")
	borrowing := fs.Int("max-borrowing-pct", 0, "融资后贷款合计占上年营业收入的上限（%），对接产品时超过即提示过度授信（不填则不变）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *branch == "" {
		return errors.New("须指定 -branch")
	}
	set := sync.ConfigSet{BankName: strings.TrimSpace(*bank), MaxBorrowingPct: *borrowing}
	var in []userIn
	if err := errors.Join(readJSON(*users, &in), readJSON(*policies, &set.Policies),
		readJSON(*products, &set.Products), readJSON(*targets, &set.Targets),
		readJSON(*vouchers, &set.Allocations), readJSON(*rates, &set.Rates),
		readJSON(*weights, &set.Weights)); err != nil {
		return err
	}
	var err error
	if set.Forms, err = readForms(*forms); err != nil {
		return err
	}
	for _, u := range in {
		su := sync.User{ID: u.ID, Name: u.Name, Level: u.Level, Active: u.Active, Officer: u.Officer}
		if u.Password != "" {
			if err := staff.CheckNewPassword("", u.Password); err != nil {
				return fmt.Errorf("柜员 %s：%w", u.ID, err)
			}
			h, err := staff.HashPassword(u.Password)
			if err != nil {
				return err
			}
			su.ResetHash = h
		}
		set.Users = append(set.Users, su)
	}
	data, v, err := hq.ExportConfig(ctx, *branch, set)
	if err != nil {
		return err
	}
	path := filepath.Join(*dir, bundle.ConfigName(*branch, v))
	if err := bundle.WriteFile(path, data); err != nil {
		return fmt.Errorf("第 %d 版配置包已签发并保存在总行库中，但写入 %s 失败（%v）：请检查目录后用 bdhq config resend -terminal 终端号 -out 目录 为该网点每台终端补发", v, *dir, err)
	}
	decisions, err := hq.DecisionsSentIn(ctx, *branch, v)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已签发 网点 %s 配置 v%d：柜员 %d、授权策略 %d、产品 %d、名单 %d、凭证调拨 %d 段、基准利率 %d 条、调查表单 %d 版、挂账批复 %d 笔 → %s\n",
		*branch, v, len(set.Users), len(set.Policies), len(set.Products), len(set.Targets), len(set.Allocations), len(set.Rates), len(set.Forms), decisions, path)
	if set.Weights != nil {
		fmt.Fprintf(out, "季度考核权重：%s\n", appraisal.WeightsText(set.Weights))
	}
	return nil
}

func configResend(ctx context.Context, hq *bundle.HQ, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("config resend", flag.ContinueOnError)
	fs.SetOutput(errOut)
	term := fs.String("terminal", "", "终端号")
	dir := fs.String("out", "", "输出目录")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *term == "" || *dir == "" || fs.NArg() != 0 {
		return errors.New("用法: bdhq config resend -terminal 终端号 -out 目录")
	}
	bundles, err := hq.ResendConfig(ctx, *term)
	if err != nil {
		return err
	}
	st, err := hq.Status(ctx)
	if err != nil {
		return err
	}
	branch := ""
	for _, s := range st {
		if s.ID == *term {
			branch = s.Branch
		}
	}
	versions := make([]int64, 0, len(bundles))
	for v := range bundles {
		versions = append(versions, v)
	}
	sort.Slice(versions, func(i, j int) bool { return versions[i] < versions[j] })
	for _, v := range versions {
		path := filepath.Join(*dir, bundle.ConfigName(branch, v))
		if err := bundle.WriteFile(path, bundles[v]); err != nil {
			return err
		}
		fmt.Fprintln(out, path)
	}
	fmt.Fprintf(out, "已为终端 %s 补发配置包 v%d–v%d，共 %d 个；终端须从 v%d 起按版本顺序导入\n", *term, versions[0], versions[len(versions)-1], len(versions), versions[0])
	return nil
}

func status(ctx context.Context, hq *bundle.HQ, out io.Writer) error {
	ss, err := hq.Status(ctx)
	if err != nil {
		return err
	}
	if len(ss) == 0 {
		fmt.Fprintln(out, "尚无登记的终端")
		return nil
	}
	widths := []int{6, 10, -8, -6, -9, 10, 19, 0}
	row := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				io.WriteString(out, "  ")
			}
			io.WriteString(out, pad(c, widths[i]))
		}
		io.WriteString(out, "\n")
	}
	row("网点", "终端", "最后序号", "包数", "记录", "最后日终", "最后导入", "缺号/暂存")
	for _, s := range ss {
		var notes []string
		if s.Revoked {
			notes = append(notes, "已吊销")
		}
		for _, m := range s.Missing {
			notes = append(notes, fmt.Sprintf("缺 %d–%d", m[0], m[1]))
		}
		if len(s.Held) > 0 {
			notes = append(notes, fmt.Sprintf("暂存 %v", s.Held))
		}
		if len(s.Skipped) > 0 {
			notes = append(notes, fmt.Sprintf("已确认丢失 %v", s.Skipped))
		}
		if len(s.SetAside) > 0 {
			notes = append(notes, fmt.Sprintf("另存 %v", s.SetAside))
		}
		if len(s.RolledBack) > 0 {
			notes = append(notes, fmt.Sprintf("已回退 %v", s.RolledBack))
		}
		last := "—"
		if at, err := time.Parse(time.RFC3339Nano, s.LastImport); err == nil {
			last = at.Local().Format(time.DateTime)
		}
		closed := s.LastClose
		if closed == "" {
			closed = "—"
		}
		row(s.Branch, s.ID, strconv.FormatInt(s.Last, 10), strconv.FormatInt(s.Bundles, 10), strconv.FormatInt(s.Records, 10),
			closed, last, strings.Join(notes, "；"))
	}
	return nil
}
