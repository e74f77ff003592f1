package main

import (
	"fmt"

	"branchdesk/storage/postgres"
)

// cmdGrant lets the counter programs' database role use the branch server
// without the right to change or delete what was posted (run as the owner).
func cmdGrant(a *app, args []string) error {
	fs := a.flags("grant", "grant --role 角色名")
	role := fs.String("role", "", "柜面程序连接分行数据库所用的角色 (the counter programs' database role)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if err := required("role", *role); err != nil {
		return err
	}
	p, err := a.path()
	if err != nil {
		return err
	}
	if !postgres.IsURL(p) {
		return usagef("grant 只用于分行服务器 (postgres://…)；本机数据库文件不需要授权")
	}
	db, _, err := a.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := postgres.GrantApp(a.ctx, db, *role); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "已授权角色 %s：可读写业务数据，不能修改或删除已记账的分录、审计与现金凭证记录 (granted)\n", *role)
	return nil
}
