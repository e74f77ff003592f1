package finance

import (
	"context"
	"errors"
	"fmt"

	"branchdesk/domain/attach"
	"branchdesk/domain/audit"
	"branchdesk/domain/counter"
)

// AttachTx keeps the files on surveys and demands, append-only.
type AttachTx interface {
	// InsertAttachment keeps a file and its bytes, setting a.ID.
	InsertAttachment(branch string, a *attach.Attachment, data []byte) error
	// Attachments lists a record's files, oldest first.
	Attachments(branch string, rec attach.RecordKind, id string) ([]attach.Attachment, error)
	// AttachmentData reads one file of the branch with its bytes;
	// attach.ErrNoSuchFile when there is none.
	AttachmentData(branch string, id int64) (attach.Attachment, []byte, error)
	// InsertAttachmentRemoval takes a file off its record (append-only).
	InsertAttachmentRemoval(branch string, r attach.Removal) error
}

// ErrNotYourRecord refuses a file on a record the officer does not answer for.
var ErrNotYourRecord = errors.New("只能为本人负责的调查表或融资需求添加附件")

const auditAttach = "attachment"

// recordOwners are who answer for a survey or a demand: they and the
// branch's A own its files, as its contacts (ownsAny).
func recordOwners(tx Tx, branch string, rec attach.RecordKind, id string) ([]string, error) {
	switch rec {
	case attach.OnSurvey:
		r, err := latest(tx, id)
		if err != nil {
			return nil, err
		}
		return []string{r.Survey.OfficerID, r.CreatedBy}, nil
	case attach.OnDemand:
		d, err := demandState(tx, branch, id)
		if err != nil {
			return nil, err
		}
		return []string{d.Officer}, nil
	}
	return nil, attach.ErrRecord
}

func recordText(rec attach.RecordKind, id string) string {
	if rec == attach.OnDemand {
		return "融资需求 " + id
	}
	return "调查表 " + id
}

// MayAttach tells whether the signed-in user may add a file to, or take
// one off, a survey or a demand: nil when they own it, ErrNotYourRecord
// when they do not, the store's error when the record is not found.
func (s *Service) MayAttach(ctx context.Context, sess *counter.Session, rec attach.RecordKind, id string) error {
	u, err := reader(sess)
	if err != nil {
		return err
	}
	return s.store.View(ctx, func(tx Tx) error {
		owners, err := recordOwners(tx, sess.Branch().ID, rec, id)
		if err != nil {
			return err
		}
		if !ownsAny(u, owners...) {
			return ErrNotYourRecord
		}
		return nil
	})
}

// AddAttachment keeps a file on a survey or a demand the officer answers
// for (an A on any of the branch's). The
// file is checked first (attach.Check): a refused one stores nothing.
func (s *Service) AddAttachment(ctx context.Context, sess *counter.Session, rec attach.RecordKind, id, name string, kind attach.Kind, data []byte) (attach.Attachment, error) {
	u, err := reader(sess)
	if err != nil {
		return attach.Attachment{}, err
	}
	a, err := attach.New(rec, id, name, kind, data, u.ID, s.clock.Now())
	if err != nil {
		return a, err
	}
	branch := sess.Branch().ID
	err = s.store.Tx(ctx, func(tx Tx) error {
		owners, err := recordOwners(tx, branch, rec, id)
		if err != nil {
			return err
		}
		if !ownsAny(u, owners...) {
			return ErrNotYourRecord
		}
		if err := tx.InsertAttachment(branch, &a, data); err != nil {
			return err
		}
		// The file's hash is sealed in the audit chain too: head office
		// holds the file it receives to it.
		detail := fmt.Sprintf("%s添加附件 %d：%s %s（%s，%s）", recordText(rec, id), a.ID, a.Kind, a.Name,
			attach.TypeText(a.ContentType), attach.SizeText(a.Size))
		return s.audit(tx, u.ID, auditAttach, audit.WithDigests(detail, audit.Sealed{Subject: attach.Subject(a.ID), Digest: a.SHA256}))
	})
	if err != nil {
		return attach.Attachment{}, err
	}
	return a, nil
}

// Attachments lists a record's files; a viewer who does not own the
// record (ownsAny) sees only how many there are and of which kind.
func (s *Service) Attachments(ctx context.Context, sess *counter.Session, rec attach.RecordKind, id string) ([]attach.Attachment, error) {
	u, err := reader(sess)
	if err != nil {
		return nil, err
	}
	branch := sess.Branch().ID
	var out []attach.Attachment
	err = s.store.View(ctx, func(tx Tx) error {
		owners, err := recordOwners(tx, branch, rec, id)
		if err != nil {
			return err
		}
		if out, err = tx.Attachments(branch, rec, id); err != nil {
			return err
		}
		if !ownsAny(u, owners...) {
			for i, a := range out {
				out[i] = attach.Mask(a)
			}
		}
		return nil
	})
	return out, err
}

// AttachmentFile reads a file's bytes for whoever owns its record, checked against the SHA-256 it was kept with; the view is in the
// audit trail.
func (s *Service) AttachmentFile(ctx context.Context, sess *counter.Session, fileID int64) (attach.Attachment, []byte, error) {
	u, err := reader(sess)
	if err != nil {
		return attach.Attachment{}, nil, err
	}
	branch := sess.Branch().ID
	var a attach.Attachment
	var data []byte
	err = s.store.Tx(ctx, func(tx Tx) error {
		if a, data, err = tx.AttachmentData(branch, fileID); err != nil {
			return err
		}
		owners, err := recordOwners(tx, branch, a.Record, a.RecordID)
		if err != nil {
			return err
		}
		if !ownsAny(u, owners...) {
			return attach.ErrHiddenFile
		}
		if err := attach.Verify(data, a.SHA256); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditView, fmt.Sprintf("查看%s的附件 %d：%s", recordText(a.Record, a.RecordID), a.ID, a.Name))
	})
	if err != nil {
		return attach.Attachment{}, nil, err
	}
	return a, data, nil
}

// RemoveAttachment takes a file off its record with the reason, for
// whoever may add one there; the file itself is kept, and the removal is
// a new row pointing at it.
func (s *Service) RemoveAttachment(ctx context.Context, sess *counter.Session, fileID int64, reason string) error {
	u, err := reader(sess)
	if err != nil {
		return err
	}
	branch := sess.Branch().ID
	return s.store.Tx(ctx, func(tx Tx) error {
		a, _, err := tx.AttachmentData(branch, fileID)
		if err != nil {
			return err
		}
		owners, err := recordOwners(tx, branch, a.Record, a.RecordID)
		if err != nil {
			return err
		}
		if !ownsAny(u, owners...) {
			return ErrNotYourRecord
		}
		r, err := attach.Remove(a, reason, u.ID, s.clock.Now())
		if err != nil {
			return err
		}
		if err := tx.InsertAttachmentRemoval(branch, r); err != nil {
			return err
		}
		return s.audit(tx, u.ID, auditAttach, fmt.Sprintf("%s撤下附件 %d：%s，原因：%s", recordText(a.Record, a.RecordID), a.ID, a.Name, r.Reason))
	})
}
