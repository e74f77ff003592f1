package sqlstore

import (
	"encoding/json"
	"fmt"

	"branchdesk/domain/survey"
)

// migrateForms keeps the survey form definitions head office sends down,
// one row a version, append-only: a version once issued never changes.
func migrateForms(m migration) error {
	stmts := []string{
		`CREATE TABLE form_definitions (version INTEGER PRIMARY KEY, config_version INTEGER NOT NULL,
			data TEXT NOT NULL, applied_at TEXT NOT NULL)`,
	}
	return m.exec(append(stmts, m.e.immutable("form_definitions")...)...)
}

// FormDefinitions lists the survey form definitions head office sent
// down, oldest version first; empty before any (V1 is built in).
func (t *Tx) FormDefinitions() ([]survey.Definition, error) {
	ds, err := fromRows[survey.Definition](t.query(`SELECT data FROM form_definitions ORDER BY version`))
	if err != nil {
		return nil, fmt.Errorf("store: unable to read form definitions: %w", err)
	}
	return ds, nil
}

// putForms stores the definitions a config brings. A version the branch
// has already is skipped when it is the same and refused when it is not:
// a form version is issued once.
func (t *Tx) putForms(config int64, at string, forms []survey.Definition) error {
	have, err := t.FormDefinitions()
	if err != nil {
		return err
	}
	known := map[int]survey.Definition{}
	for _, d := range have {
		known[d.Version] = d
	}
	for _, d := range forms {
		data, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if old, ok := known[d.Version]; ok {
			if err := survey.SameIssue(old, d); err != nil {
				return err
			}
			continue
		}
		if err := t.exec(`INSERT INTO form_definitions (version, config_version, data, applied_at) VALUES (?,?,?,?)`,
			d.Version, config, string(data), at); err != nil {
			return err
		}
	}
	return nil
}
