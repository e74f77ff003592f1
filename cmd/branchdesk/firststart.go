package main

import (
	"errors"

	"fyne.io/fyne/v2"

	"branchdesk/storage/fault"
	"branchdesk/storage/postgres"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/store"
	"branchdesk/ui"
)

// firstStart calls start with the database file at once when it has
// something in it or --demo will seed it; otherwise — the first start on
// this machine, or a wrong --db — it asks before making one.
func firstStart(a fyne.App, path string, seed bool, start func(path string)) error {
	path, err := store.Target(path)
	if err != nil {
		return fault.Explain(err, "")
	}
	if !seed && !postgres.IsURL(path) && errors.Is(sqlite.CheckExists(path), sqlite.ErrNoDatabase) {
		ui.AskNewDatabase(a, path, func() { start(path) })
		return nil
	}
	start(path)
	return nil
}
