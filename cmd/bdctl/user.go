package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/staff"
	"branchdesk/storage/sqlstore"
)

func cmdUserAdd(a *app, args []string) error {
	fs := a.flags("user add", "user add --id 柜员号 --name 姓名 --level C|B|A --branch 网点号 [--officer] [--password 初始密码]")
	id := fs.String("id", "", "柜员号，4 到 8 位数字 (user ID, 4 to 8 digits)")
	name := fs.String("name", "", "姓名 (name)")
	level := fs.String("level", "", "级别：C 业务经办、B 业务主办、A 业务主管 (level)")
	branch := fs.String("branch", "", "所属网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	officer := fs.Bool("officer", false, "信贷服务官 (credit service officer)")
	password := fs.String("password", "", "初始密码；省略时从标准输入读一行 (initial password; read from stdin if omitted)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("id", *id, "name", *name, "level", *level); err != nil {
		return err
	}
	lvl, err := staff.ParseLevel(strings.ToUpper(strings.TrimSpace(*level)))
	if err != nil {
		return err
	}
	pw := *password
	if pw == "" {
		if pw, err = a.readPassword("初始密码 (initial password): "); err != nil {
			return err
		}
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, svc *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		u := staff.User{ID: strings.TrimSpace(*id), Name: strings.TrimSpace(*name), Level: lvl, Branch: b, Officer: *officer}
		if err := svc.AddUser(ctx, counter.CommandLine(), u, pw); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已新增柜员 %s（%s级 %s，网点 %s），首次登录须修改密码 (user added; must change the password at first login)\n",
			u.Label(), lvl, lvl.Title(), b)
		return nil
	})
}

// readPassword reads one line from stdin, prompting if it is a terminal.
func (a *app) readPassword(prompt string) (string, error) {
	if f, ok := a.stdin.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(a.stderr, prompt)
		}
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("无法读取密码：%w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", usagef("请用 --password 或标准输入提供密码 (give the password with --password or on stdin)")
	}
	return pw, nil
}

func cmdUserReset(a *app, args []string) error {
	fs := a.flags("user reset", "user reset --id 柜员号 [--password 临时密码]")
	id := fs.String("id", "", "柜员号 (user ID)")
	password := fs.String("password", "", "临时密码；省略时随机生成并显示 (temporary password; generated and shown if omitted)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("id", *id); err != nil {
		return err
	}
	pw := *password
	if pw == "" {
		var err error
		if pw, err = temporaryPassword(a.rand); err != nil {
			return err
		}
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		if err := svc.ResetPassword(ctx, counter.CommandLine(), *id, pw); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "柜员 %s 的密码已重置，已解除锁定，下次登录须修改密码 (password reset; must be changed at next login)\n", *id)
		if *password == "" {
			fmt.Fprintf(a.stdout, "临时密码 (temporary password): %s\n", pw)
		}
		return nil
	})
}

// temporaryPassword makes a password that meets staff.CheckNewPassword,
// without letters and digits that read alike (0/o, 1/l).
func temporaryPassword(r io.Reader) (string, error) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	if r == nil {
		r = rand.Reader
	}
	for {
		b := make([]byte, 10)
		for i := range b {
			n, err := rand.Int(r, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return "", fmt.Errorf("无法生成临时密码：%w", err)
			}
			b[i] = alphabet[n.Int64()]
		}
		if staff.CheckNewPassword("", string(b)) == nil {
			return string(b), nil
		}
	}
}

func cmdUserUnlock(a *app, args []string) error {
	fs := a.flags("user unlock", "user unlock --id 柜员号")
	id := fs.String("id", "", "柜员号 (user ID)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("id", *id); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		if err := svc.UnlockUser(ctx, counter.CommandLine(), *id); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "柜员 %s 已解锁 (user unlocked)\n", *id)
		return nil
	})
}

func cmdUserActive(active bool) func(a *app, args []string) error {
	name, done := "user disable", "柜员 %s 已停用 (user disabled)\n"
	if active {
		name, done = "user enable", "柜员 %s 已启用 (user enabled)\n"
	}
	return func(a *app, args []string) error {
		fs := a.flags(name, name+" --id 柜员号")
		id := fs.String("id", "", "柜员号 (user ID)")
		if err := parse(fs, args, 0); err != nil {
			return err
		}
		if err := required("id", *id); err != nil {
			return err
		}
		return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
			if err := svc.SetActive(ctx, counter.CommandLine(), *id, active); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, done, *id)
			return nil
		})
	}
}

func cmdUserList(a *app, args []string) error {
	fs := a.flags("user list", "user list [--branch 网点号]")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		var users []staff.User
		at := map[string]string{} // teller → the terminal they are signed in at
		if err := db.View(ctx, func(tx counter.Tx) (err error) {
			if _, err := tx.Branch(b); err != nil {
				return fmt.Errorf("%w：网点 %s", err, b)
			}
			if users, err = tx.Users(b); err != nil {
				return err
			}
			signIns, err := tx.TerminalSignIns(b)
			for _, s := range signIns {
				at[s.Teller] = s.Terminal
			}
			return err
		}); err != nil {
			return err
		}
		t := &table{}
		t.add("柜员号", "姓名", "级别", "信贷服务官", "状态", "签到终端", "备注")
		for _, u := range users {
			officer := ""
			if u.Officer {
				officer = "是"
			}
			var notes []string
			if u.MustChange {
				notes = append(notes, "须修改密码")
			}
			if u.Failures > 0 && !u.Locked {
				notes = append(notes, fmt.Sprintf("密码错误 %d 次", u.Failures))
			}
			t.add(u.ID, u.Name, string(u.Level)+" "+u.Level.Title(), officer, userState(u), at[u.ID], strings.Join(notes, "，"))
		}
		if err := t.write(a.stdout); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "网点 %s 共 %d 名柜员 (%d users)\n", b, len(users), len(users))
		return nil
	})
}

func userState(u staff.User) string {
	switch {
	case !u.Active:
		return "停用"
	case u.Locked:
		return "锁定"
	}
	return "正常"
}

func cmdUserRelease(a *app, args []string) error {
	fs := a.flags("user release", "user release --teller 柜员号 --by A级柜员号 --reason 原因 [--password A级密码]")
	teller := fs.String("teller", "", "签到终端已失效的柜员号 (the teller whose terminal is dead)")
	by := fs.String("by", "", "办理释放的A级柜员（业务主管）号，不能是该柜员本人 (the A releasing it, not the teller)")
	reason := fs.String("reason", "", "原因，记入审计 (reason, recorded in the audit trail)")
	password := fs.String("password", "", "A级柜员密码；省略时从标准输入读一行 (the A's password; read from stdin if omitted)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("teller", *teller, "by", *by, "reason", *reason); err != nil {
		return err
	}
	pw := *password
	if pw == "" {
		var err error
		if pw, err = a.readPassword("A级柜员 " + *by + " 密码 (password): "); err != nil {
			return err
		}
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		cred := counter.Credential{UserID: strings.TrimSpace(*by), Password: pw}
		if err := svc.ReleaseTerminal(ctx, cred, *teller, *reason); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "柜员 %s 的终端签到已释放，可在任一终端登录继续营业 (sign-in released; the teller may log in at any terminal)\n", strings.TrimSpace(*teller))
		return nil
	})
}

// cmdUserQualify records a teller's 第五条 record as a new version.
func cmdUserQualify(a *app, args []string) error {
	fs := a.flags("user qualify", "user qualify --id 柜员号 [--trained 日期] [--counter-since 日期] [--cert-no 证书编号 --cert-expires 日期]")
	id := fs.String("id", "", "柜员号 (user ID)")
	trained := fs.String("trained", "", "培训考试合格日期 YYYY-MM-DD (day the training exam was passed)")
	since := fs.String("counter-since", "", "上柜日期 YYYY-MM-DD (first day at the counter)")
	certNo := fs.String("cert-no", "", "反假币上岗资格证书编号 (anti-counterfeit certificate number)")
	certExpires := fs.String("cert-expires", "", "证书有效期至 YYYY-MM-DD，当日仍有效 (last day the certificate is valid)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("id", *id); err != nil {
		return err
	}
	q := staff.Qualification{User: strings.TrimSpace(*id), TrainedOn: strings.TrimSpace(*trained), CounterSince: strings.TrimSpace(*since),
		CertNo: strings.TrimSpace(*certNo), CertExpires: strings.TrimSpace(*certExpires)}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		if err := svc.SetQualification(ctx, counter.CommandLine(), q); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已登记柜员 %s 的上岗资格（第五条）(qualification recorded)\n", q.User)
		return nil
	})
}

// cmdUserCertificates lists the tellers whose anti-counterfeit certificate
// is missing, expired or ends within 30 days.
func cmdUserCertificates(a *app, args []string) error {
	fs := a.flags("user certificates", "user certificates [--branch 网点号]")
	branch := fs.String("branch", "", "网点号；库中只有一个网点时可省略 (branch ID; optional if there is only one)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, svc *counter.Service) error {
		b, err := branchOr(ctx, db, *branch)
		if err != nil {
			return err
		}
		lines, err := svc.CertificatesDue(ctx, counter.CommandLine(), b)
		if err != nil {
			return err
		}
		if len(lines) == 0 {
			fmt.Fprintf(a.stdout, "网点 %s 没有 %d 天内到期、已过期或未登记的反假币上岗资格证书 (no certificate due)\n", b, staff.CertificateWarningDays)
			return nil
		}
		t := &table{}
		t.add("柜员号", "姓名", "证书编号", "有效期至", "情况")
		for _, l := range lines {
			t.add(l.User.ID, l.User.Name, l.Qualification.CertNo, l.Qualification.CertExpires, l.Note())
		}
		return t.write(a.stdout)
	})
}
