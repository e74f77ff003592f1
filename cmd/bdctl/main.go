// Command bdctl is BranchDesk's administration tool: it works on the
// database file directly, as the branch's administrator, to create it, add
// users and accounts, set the authorization policy and settings, print the
// journal, receipts and reports, and verify the audit trail. It does not
// import Fyne and builds without cgo.
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"branchdesk/storage/fault"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// app is one invocation: its streams, the database it works on, and the
// clock and randomness it uses, so tests control them.
type app struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	dbPath string // "" until --db is given or the default is needed
	now    func() time.Time
	rand   io.Reader
}

// command is a subcommand, or a group of them.
type command struct {
	summary string // Chinese first, English in brackets
	run     func(a *app, args []string) error
	sub     map[string]*command
	order   []string // sub in the order help shows them
}

// usageError is a mistake in the command line; help follows it unless
// the flag package has shown it already.
type usageError struct {
	msg   string
	shown bool
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// commands lists what bdctl does.
func commands() map[string]*command {
	return map[string]*command{
		"init": {summary: "创建或升级数据库并登记网点 (create or migrate the database, add a branch)", run: cmdInit},
		"user": {summary: "柜员管理 (manage users)", order: []string{"add", "reset", "unlock", "disable", "enable", "release", "qualify", "certificates", "list"}, sub: map[string]*command{
			"add":          {summary: "新增柜员，初始密码首次登录须修改 (add a user; the password must be changed at first login)", run: cmdUserAdd},
			"reset":        {summary: "重置为临时密码 (reset to a temporary password)", run: cmdUserReset},
			"unlock":       {summary: "解除密码错误锁定 (unlock after wrong passwords)", run: cmdUserUnlock},
			"disable":      {summary: "停用柜员 (disable a user)", run: cmdUserActive(false)},
			"enable":       {summary: "启用柜员 (enable a user)", run: cmdUserActive(true)},
			"release":      {summary: "A级释放失效终端上的签到 (an A releases a dead terminal's sign-in)", run: cmdUserRelease},
			"qualify":      {summary: "登记上岗资格：培训、上柜日期、反假币证书，第五条 (record a teller's qualification)", run: cmdUserQualify},
			"certificates": {summary: "列出30天内到期、已过期或未登记的反假币证书 (certificates due)", run: cmdUserCertificates},
			"list":         {summary: "列出网点柜员 (list a branch's users)", run: cmdUserList},
		}},
		"payment": {summary: "人民银行支付业务，第十一条 (payment-system orders)", order: []string{"list", "verify", "key-init"}, sub: map[string]*command{
			"list":     {summary: "支付业务登记簿 (the register of payment orders)", run: cmdPaymentList},
			"verify":   {summary: "核验发送批次文件的签名 (verify a batch file's signature)", run: cmdPaymentVerify},
			"key-init": {summary: "在本机生成编押密钥并显示指纹，分行服务器各终端复制同一文件 (make the 编押 key here; print its fingerprint)", run: cmdPaymentKeyInit},
		}},
		"account": {summary: "客户账户 (customer accounts)", order: []string{"open", "list", "freeze", "release", "freezes"}, sub: map[string]*command{
			"open":    {summary: "登记客户账户 (record a customer account)", run: cmdAccountOpen},
			"list":    {summary: "列出网点账户 (list a branch's accounts)", run: cmdAccountList},
			"freeze":  {summary: "冻结账户的一笔金额，须有原因和依据文书 (freeze an amount)", run: cmdAccountFreeze},
			"release": {summary: "解冻一笔冻结 (release a freeze)", run: cmdAccountRelease},
			"freezes": {summary: "账户的冻结登记及可用余额 (an account's freezes)", run: cmdAccountFreezes},
		}},
		"policy": {summary: "授权策略，第十五条 (authorization thresholds)", order: []string{"list", "add"}, sub: map[string]*command{
			"list": {summary: "列出各版授权策略 (list every policy version)", run: cmdPolicyList},
			"add":  {summary: "在最新版基础上新增一版 (add a version based on the latest)", run: cmdPolicyAdd},
		}},
		"grant":   {summary: "分行服务器：授权柜面程序的数据库角色，不能改删已记账数据 (grant the app's role on the branch server)", run: cmdGrant},
		"journal": {summary: "打印流水 (print the journal)", run: cmdJournal},
		"receipt": {summary: "生成业务回单 PDF (write an entry's receipt as PDF)", run: cmdReceipt},
		"report":  reportCommands(),
		"sync":    syncCommands(),
		"audit": {summary: "审计链 (audit trail)", order: []string{"verify", "list"}, sub: map[string]*command{
			"verify": {summary: "校验审计链是否完整 (verify the hash chain)", run: cmdAuditVerify},
			"list":   {summary: "列出最近的审计记录 (list the latest audit rows)", run: cmdAuditList},
		}},
		"setting": {summary: "终端参数 (terminal settings)", order: []string{"list", "set"}, sub: map[string]*command{
			"list": {summary: "列出参数及当前值 (list settings and values)", run: cmdSettingList},
			"set":  {summary: "修改参数：setting set KEY VALUE (change a setting)", run: cmdSettingSet},
		}},
	}
}

// run is bdctl with its arguments (without the program name) and streams;
// it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{ctx: context.Background(), stdin: stdin, stdout: stdout, stderr: stderr, now: time.Now, rand: rand.Reader}
	cmds := commands()
	fs := a.flags("bdctl", "")
	fs.Usage = func() { mainUsage(stderr, cmds) }
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return a.fail(&usageError{msg: "参数错误 (bad flags): " + err.Error(), shown: true}, nil)
	}
	args = fs.Args()
	if len(args) == 0 {
		mainUsage(stderr, cmds)
		return 1
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := cmds[args[1]]; ok && c.sub != nil {
				groupUsage(stdout, args[1], c)
				return 0
			}
		}
		mainUsage(stdout, cmds)
		return 0
	}
	name, c := args[0], cmds[args[0]]
	if c == nil {
		return a.fail(usagef("未知命令 %q (unknown command)", args[0]), func() { mainUsage(stderr, cmds) })
	}
	args = args[1:]
	if c.sub != nil {
		if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
			groupUsage(stderr, name, c)
			if len(args) == 0 {
				return 1
			}
			return 0
		}
		sub := c.sub[args[0]]
		if sub == nil {
			return a.fail(usagef("未知命令 %s %q (unknown command)", name, args[0]), func() { groupUsage(stderr, name, c) })
		}
		c, args = sub, args[1:]
	}
	return a.fail(c.run(a, args), nil)
}

// fail reports err, if any, and gives the exit status.
func (a *app) fail(err error, usage func()) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	fmt.Fprintln(a.stderr, "bdctl:", fault.Explain(err, a.dbPath))
	var ue *usageError
	if errors.As(err, &ue) && !ue.shown {
		if usage != nil {
			usage()
		} else {
			fmt.Fprintln(a.stderr, "运行 bdctl help 查看用法 (run 'bdctl help' for usage)")
		}
	}
	return 1
}

func mainUsage(w io.Writer, cmds map[string]*command) {
	fmt.Fprint(w, `bdctl — BranchDesk 管理工具 (BranchDesk administration tool)

用法 (usage): bdctl [--db 数据库文件] 命令 [参数]

命令 (commands):
`)
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := cmds[n]
		fmt.Fprintf(w, "  %-9s %s\n", n, c.summary)
		for _, s := range c.order {
			fmt.Fprintf(w, "    %-9s %s\n", s, c.sub[s].summary)
		}
	}
	fmt.Fprint(w, `
全局参数 (global flag):
  --db 路径  数据库文件，默认在用户数据目录 branchdesk/branchdesk.db
             (database file; default: branchdesk/branchdesk.db in the user data directory)

各命令的参数见 bdctl 命令 -h (see 'bdctl COMMAND -h' for its flags).
`)
}

func groupUsage(w io.Writer, name string, c *command) {
	fmt.Fprintf(w, "bdctl %s — %s\n\n用法 (usage):\n", name, c.summary)
	for _, s := range c.order {
		fmt.Fprintf(w, "  bdctl %s %-8s %s\n", name, s, c.sub[s].summary)
	}
	fmt.Fprintf(w, "\n各命令的参数见 bdctl %s 子命令 -h (see 'bdctl %s SUBCOMMAND -h').\n", name, name)
}

// required reports the first flag left empty.
func required(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return usagef("缺少参数 --%s (flag --%s is required)", pairs[i], pairs[i])
		}
	}
	return nil
}
