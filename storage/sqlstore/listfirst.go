package sqlstore

import (
	"branchdesk/domain/enterprise"
	"branchdesk/domain/target"
)

// migrateListFirst adds the A's approvals of 审慎进入类 demands and the
// officers' proposals to put an enterprise on the list (名单制第十、十二条):
// both append-only, both reported to head office.
func migrateListFirst(m migration) error {
	stmts := []string{
		`CREATE TABLE list_approvals (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, demand_id TEXT NOT NULL, data TEXT NOT NULL)`,
		`CREATE UNIQUE INDEX list_approvals_demand ON list_approvals (branch_id, demand_id)`,
		`CREATE TABLE list_proposals (
			id INTEGER PRIMARY KEY, branch_id TEXT NOT NULL, demand_id TEXT NOT NULL, credit_code TEXT NOT NULL,
			data TEXT NOT NULL)`,
		`CREATE UNIQUE INDEX list_proposals_code ON list_proposals (branch_id, credit_code)`,
	}
	stmts = append(stmts, m.e.immutable("list_approvals")...)
	stmts = append(stmts, m.e.immutable("list_proposals")...)
	return m.exec(stmts...)
}

// InsertListApproval appends an A's approval of a demand.
func (t *Tx) InsertListApproval(branch string, a target.ListApproval) error {
	data, err := toJSON(a)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO list_approvals (branch_id, demand_id, data) VALUES (?,?,?)`, branch, a.Demand, data)
}

// ListApprovals lists a branch's approvals, oldest first.
func (t *Tx) ListApprovals(branch string) ([]target.ListApproval, error) {
	return fromRows[target.ListApproval](t.query(`SELECT data FROM list_approvals WHERE branch_id = ? ORDER BY id`, branch))
}

// InsertListProposal appends an officer's proposal.
func (t *Tx) InsertListProposal(branch string, p target.Proposal) error {
	data, err := toJSON(p)
	if err != nil {
		return err
	}
	return t.exec(`INSERT INTO list_proposals (branch_id, demand_id, credit_code, data) VALUES (?,?,?,?)`,
		branch, p.Demand, enterprise.NormalizeCreditCode(p.CreditCode), data)
}

// ListProposals lists a branch's proposals, oldest first.
func (t *Tx) ListProposals(branch string) ([]target.Proposal, error) {
	return fromRows[target.Proposal](t.query(`SELECT data FROM list_proposals WHERE branch_id = ? ORDER BY id`, branch))
}
