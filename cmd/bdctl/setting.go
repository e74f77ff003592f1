package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/domain/money"
	"branchdesk/domain/staff"
	"branchdesk/storage/sqlstore"
)

// setting is a terminal setting bdctl knows: how to read what the
// administrator types, and how to show what is stored.
type setting struct {
	key   string
	title string
	def   string // as stored; "" for none
	parse func(string) (string, error)
	show  func(string) string
	user  bool // the value names a user, who must exist
}

// settings are the keys the counter reads (the Setting constants in
// domain/counter), with the defaults it applies when a key is unset.
var settings = []setting{
	{key: counter.SettingBankName, title: "银行名称，印在业务回单抬头 (the bank's name, at the head of receipts)",
		parse: parseName, show: plain},
	{key: counter.SettingIdleMinute, title: "空闲多少分钟后锁屏 (idle minutes before the terminal locks)",
		def: "5", parse: minutesOf(counter.SettingIdleMinute), show: plain},
	{key: counter.SettingBlindB, title: "B级授权时盲输金额复核：on/off (B re-keys the amount blind)",
		def: "off", parse: parseSwitch, show: showSwitch},
	{key: counter.SettingBlindBA, title: "二次授权时B级、A级盲输金额复核：on/off (B and A re-key blind)",
		def: "on", parse: parseSwitch, show: showSwitch},
	{key: counter.SettingConfirmSmallDeposits, title: "C级限额以下的现金存款记账前也须核对确认：on/off (confirm small cash deposits before posting)",
		def: "on", parse: parseSwitch, show: showSwitch},
	{key: counter.SettingSupervisionNextMorning, title: "事后监督次日上午完成：平账不等监督，次日签到前须监督完上一营业日 on/off (next-morning supervision)",
		def: "off", parse: parseSwitch, show: showSwitch},
	{key: counter.SettingRemoteAuth, title: "远程授权：超限业务进入授权队列，B/A在本人终端审批 on/off (remote authorization)",
		def: "off", parse: parseSwitch, show: showSwitch},
	{key: counter.SettingRemoteMinutes, title: "远程授权请求的有效分钟数 (minutes a queued draft waits)",
		def: "10", parse: minutesOf(counter.SettingRemoteMinutes), show: plain},
	{key: counter.SettingCeiling, title: "单笔金额上限，按元输入，库中存分 (largest amount a teller may key; yuan in, fen stored)",
		def: fen(money.DefaultCeiling), parse: parseFen, show: showFen},
	{key: counter.SettingBoxLimit, title: "柜员钱箱默认最高限额，按元输入，库中存分 (default cash-box limit; yuan in, fen stored)",
		def: fen(counter.DefaultBoxLimit), parse: parseFen, show: showFen},
	{key: counter.SettingVaultKeeper, title: "总库管库员（B级）柜员号 (vault keeper's user ID)",
		parse: parseUserID, show: plain, user: true},
	{key: counter.SettingVoucherKeeper, title: "重要空白凭证管理员（B级）柜员号 (blank-voucher keeper's user ID)",
		parse: parseUserID, show: plain, user: true},
	{key: counter.SettingVoucherBooks, title: "凭证登记簿管理员柜员号，账证分管 (voucher bookkeeper's user ID)",
		parse: parseUserID, show: plain, user: true},
}

func findSetting(key string) (setting, error) {
	var keys []string
	for _, s := range settings {
		if s.key == key {
			return s, nil
		}
		keys = append(keys, s.key)
	}
	return setting{}, usagef("未知参数 %q，可用：%s (unknown setting)", key, strings.Join(keys, "、"))
}

// parseName reads the bank's name (ledger.CheckBankName).
func parseName(v string) (string, error) {
	v = strings.TrimSpace(v)
	if err := ledger.CheckBankName(v); err != nil {
		return "", fmt.Errorf("%w (one line, 1 to 40 characters)", err)
	}
	return v, nil
}

func fen(a money.Amount) string { return strconv.FormatInt(int64(a), 10) }

// minutesOf reads a number of minutes, from 1 to a day, for setting key.
func minutesOf(key string) func(string) (string, error) {
	return func(v string) (string, error) {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 24*60 {
			return "", fmt.Errorf("%s 须为 1 到 1440 的整数：%q (minutes from 1 to 1440)", key, v)
		}
		return strconv.Itoa(n), nil
	}
}

func parseSwitch(v string) (string, error) {
	switch strings.ToLower(v) {
	case "on", "true", "1", "yes", "开":
		return "on", nil
	case "off", "false", "0", "no", "关":
		return "off", nil
	}
	return "", fmt.Errorf("开关参数只能是 on 或 off：%q (on or off)", v)
}

// parseFen reads an amount in yuan, as tellers type it, for a setting
// stored in fen.
func parseFen(v string) (string, error) {
	a, err := money.Parse(v)
	if err != nil {
		return "", fmt.Errorf("金额 (amount) %q: %w", v, err)
	}
	return fen(a), nil
}

func parseUserID(v string) (string, error) {
	if err := (staff.User{ID: v, Name: "-", Level: staff.LevelC, Branch: "-"}).Validate(); err != nil {
		return "", err
	}
	return v, nil
}

func plain(v string) string { return v }

// showSwitch reads a switch as the counter does: 1, true or on is on.
func showSwitch(v string) string {
	if v == "1" || v == "true" || v == "on" {
		return "on"
	}
	return "off"
}

func showFen(v string) string {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return v
	}
	return money.Amount(n).String()
}

func cmdSettingList(a *app, args []string) error {
	fs := a.flags("setting list", "setting list")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, db *sqlstore.DB, _ *counter.Service) error {
		t := &table{}
		t.add("参数 (key)", "当前值 (value)", "说明")
		err := db.View(ctx, func(tx counter.Tx) error {
			for _, s := range settings {
				v, err := tx.Setting(s.key)
				shown := ""
				switch {
				case (errors.Is(err, counter.ErrNotFound) || (err == nil && v == "")) && s.def == "":
					shown = "（未设置 not set）"
				case errors.Is(err, counter.ErrNotFound) || (err == nil && v == ""):
					shown = s.show(s.def) + "（默认 default）"
				case err != nil:
					return err
				default:
					shown = s.show(v)
				}
				t.add(s.key, shown, s.title)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return t.write(a.stdout)
	})
}

func cmdSettingSet(a *app, args []string) error {
	fs := a.flags("setting set", "setting set 参数 值 (KEY VALUE)")
	if err := parse(fs, args, 2); err != nil {
		return err
	}
	s, err := findSetting(fs.Arg(0))
	if err != nil {
		return err
	}
	v, err := s.parse(strings.TrimSpace(fs.Arg(1)))
	if err != nil {
		return err
	}
	return a.withService(func(ctx context.Context, _ *sqlstore.DB, svc *counter.Service) error {
		shown := s.show(v)
		if s.user {
			u, err := svc.User(ctx, v)
			if err != nil {
				return fmt.Errorf("%w：柜员 %s", err, v)
			}
			shown = u.Label()
		}
		if err := svc.SetSetting(ctx, counter.CommandLine(), s.key, v); err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "已设置 %s = %s（%s） (setting changed)\n", s.key, v, shown)
		return nil
	})
}
