package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"

	"branchdesk/storage/bundle"
)

func check() error {
	dir, err := os.MkdirTemp("", "keyacl")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "T01.key")
	key, created, err := bundle.LoadOrCreateKey(path)
	if err != nil || !created {
		return fmt.Errorf("creating the key: created %v, %w", created, err)
	}
	again, _, err := bundle.LoadOrCreateKey(path)
	if err != nil {
		return fmt.Errorf("reading the new key back: %w", err)
	}
	if !bytes.Equal(key, again) {
		return errors.New("the key read back is another key")
	}
	// Everyone may read it now.
	everyone, err := windows.CreateWellKnownSid(windows.WinWorldSid)
	if err != nil {
		return err
	}
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return err
	}
	dacl, _, err := sd.DACL()
	if err != nil {
		return err
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_READ,
		AccessMode:        windows.GRANT_ACCESS,
		Inheritance:       windows.NO_INHERITANCE,
		Trustee: windows.TRUSTEE{TrusteeForm: windows.TRUSTEE_IS_SID, TrusteeType: windows.TRUSTEE_IS_WELL_KNOWN_GROUP,
			TrusteeValue: windows.TrusteeValueFromSID(everyone)},
	}}, dacl)
	if err != nil {
		return err
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, acl, nil); err != nil {
		return err
	}
	if _, _, err := bundle.LoadOrCreateKey(path); !errors.Is(err, bundle.ErrKeyMode) {
		return fmt.Errorf("a key Everyone may read: %v, want ErrKeyMode", err)
	}
	return nil
}
