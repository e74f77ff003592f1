package sqlstore

// migrateSettlementsAndPresenters lets an entry point at the suspense
// entry it resolves (第十四条 挂账的处理, many partial ones to an item) and
// name the teller who repays a shortage; keeps with a cash entry at or
// above ¥50,000.00 the customer's ID document and the agent's (代办), and
// with a queued draft the same, until it posts; and gives customer
// accounts their holder's ID number, which the counter searches by.
// Entries stay append-only: the columns are written once, at posting.
func migrateSettlementsAndPresenters(m migration) error {
	return m.exec(
		`ALTER TABLE entries ADD COLUMN settles INTEGER REFERENCES entries(id)`,
		`ALTER TABLE entries ADD COLUMN responsible TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE entries ADD COLUMN cust_id_type TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE entries ADD COLUMN cust_id_no TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE entries ADD COLUMN agent_name TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE entries ADD COLUMN agent_id_type TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE entries ADD COLUMN agent_id_no TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX entries_settles ON entries (settles) WHERE settles IS NOT NULL`,
		`ALTER TABLE remote_drafts ADD COLUMN cust_id_type TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE remote_drafts ADD COLUMN cust_id_no TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE remote_drafts ADD COLUMN agent_name TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE remote_drafts ADD COLUMN agent_id_type TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE remote_drafts ADD COLUMN agent_id_no TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE accounts ADD COLUMN holder_id_no TEXT NOT NULL DEFAULT ''`,
		`CREATE INDEX accounts_holder_id ON accounts (holder_id_no) WHERE holder_id_no <> ''`,
	)
}
