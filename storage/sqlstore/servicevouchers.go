package sqlstore

import (
	"branchdesk/domain/support"
)

// migrateServiceVouchers adds the service-voucher register (服务补贴券
// 登记簿): append-only rows, the event whole as JSON beside the columns
// the rules are enforced by. One issue per enterprise a year, and each
// application, issue, cancellation, redemption and settlement once, are
// held by unique indexes, whatever the program above decides.
func migrateServiceVouchers(m migration) error {
	stmts := []string{
		`CREATE TABLE service_vouchers (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL,
			ref TEXT NOT NULL, credit_code TEXT NOT NULL, amount INTEGER NOT NULL, on_date TEXT NOT NULL,
			data TEXT NOT NULL)`,
		`CREATE INDEX service_vouchers_branch ON service_vouchers (branch_id, id)`,
		`CREATE UNIQUE INDEX service_vouchers_once ON service_vouchers (kind, ref) WHERE kind <> 'budget'`,
		`CREATE UNIQUE INDEX service_vouchers_year ON service_vouchers (year, credit_code) WHERE kind = 'issue'`,
	}
	stmts = append(stmts, m.e.immutable("service_vouchers")...)
	return m.exec(stmts...)
}

// InsertServiceVoucherEvent appends a row to the register.
func (t *Tx) InsertServiceVoucherEvent(branch string, e support.RegisterEvent) error {
	data, err := toJSON(e)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO service_vouchers (branch_id, year, kind, ref, credit_code, amount, on_date, data)
		VALUES (?,?,?,?,?,?,?,?)`, branch, e.Year, string(e.Kind), e.Ref, e.Code, int64(e.Amount), e.On, data)
}

// ServiceVoucherEvents lists a branch's register, oldest first.
func (t *Tx) ServiceVoucherEvents(branch string) ([]support.RegisterEvent, error) {
	return fromRows[support.RegisterEvent](t.query(`SELECT data FROM service_vouchers WHERE branch_id = ? ORDER BY id`, branch))
}
