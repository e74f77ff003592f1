package finance

import (
	"errors"

	"branchdesk/domain/counter"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/staff"
	"branchdesk/domain/survey"
)

// ErrNotYourDemand refuses an officer's action on another officer's demand.
var ErrNotYourDemand = errors.New("只能办理本人负责的融资需求")

// Confidentiality (RULES §5 保密, issue 14 item 7): an officer sees an
// enterprise's financial figures in full — revenue, assets, liabilities,
// loans, the amounts sought and funded — only on their own records; the
// branch's A, and a B who is not an officer (the supervisor), see the
// branch's; head office sees all in its own store (bdhq); anyone else
// sees only the range each figure lies in (enterprise.BandText).

// seesBranch reports whether u sees the branch's records in full: an A,
// or a B who is not an officer.
func seesBranch(u staff.User) bool {
	return u.Level == staff.LevelA || (u.Level == staff.LevelB && !u.Officer)
}

// SeesFigures reports whether u may see the full figures of a record
// whose owners (its officer, who made it) are given.
func SeesFigures(u staff.User, owners ...string) bool {
	if seesBranch(u) {
		return true
	}
	for _, o := range owners {
		if o != "" && o == u.ID {
			return true
		}
	}
	return false
}

// reader lets officers, A and B read the desk's records; what they see
// is then masked record by record.
func reader(sess *counter.Session) (staff.User, error) {
	if sess == nil {
		return staff.User{}, counter.ErrNoSession
	}
	u := sess.User()
	if !u.Officer && u.Level != staff.LevelA && u.Level != staff.LevelB {
		return u, ErrNotOfficer
	}
	return u, nil
}

// maskSurvey bands a survey's figures for a viewer who may not see them.
func maskSurvey(u staff.User, r survey.Record) survey.Record {
	if SeesFigures(u, r.Survey.OfficerID, r.CreatedBy) {
		return r
	}
	return r.Band()
}

// maskDemand bands a demand's amounts for a viewer who may not see them.
func maskDemand(u staff.User, d pipeline.DemandState) pipeline.DemandState {
	if SeesFigures(u, d.Officer) {
		return d
	}
	return d.Band()
}
