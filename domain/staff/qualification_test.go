package staff

import (
	"errors"
	"testing"
)

// TestQualificationCertificateBoundary: a certificate is valid through its
// expiry day and refused the day after; none at all is refused.
func TestQualificationCertificateBoundary(t *testing.T) {
	q := Qualification{User: "1001", CertNo: "FJB-2024-0001", CertExpires: "2026-11-23"}
	for _, c := range []struct {
		date string
		want error
	}{
		{"2026-11-22", nil},
		{"2026-11-23", nil}, // the expiry day itself
		{"2026-11-24", ErrCertificateExpired},
	} {
		if err := q.CashAllowed(c.date); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("on %s: %v, want %v", c.date, err, c.want)
		}
	}
	if err := (Qualification{User: "1001", TrainedOn: "2020-01-01"}).CashAllowed("2026-11-23"); !errors.Is(err, ErrNoCertificate) {
		t.Fatalf("no certificate: %v", err)
	}
}

// TestQualificationWorkAloneBoundary (第五条): a teller works alone once
// the training exam is passed and from the first anniversary of their
// first day at the counter (一年以上 includes the year): the day before
// is refused, the day itself and after allowed; no training, an exam in
// the future, or no first day recorded are refused.
func TestQualificationWorkAloneBoundary(t *testing.T) {
	q := Qualification{User: "1001", TrainedOn: "2025-11-01", CounterSince: "2025-11-23"}
	for _, c := range []struct {
		date string
		want error
	}{
		{"2026-11-22", ErrCounterTooShort}, // one day short of the year
		{"2026-11-23", nil},                // the anniversary itself
		{"2026-11-24", nil},
	} {
		if err := q.AloneAllowed(c.date); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("on %s: %v, want %v", c.date, err, c.want)
		}
	}
	for _, c := range []struct {
		q    Qualification
		want error
	}{
		{Qualification{CounterSince: "2019-07-01"}, ErrNotTrained},
		{Qualification{TrainedOn: "2026-11-24", CounterSince: "2019-07-01"}, ErrNotTrained},
		{Qualification{TrainedOn: "2026-11-23", CounterSince: "2019-07-01"}, nil}, // passed that day
		{Qualification{TrainedOn: "2020-03-15"}, ErrCounterTooShort},
	} {
		if err := c.q.AloneAllowed("2026-11-23"); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%+v: %v, want %v", c.q, err, c.want)
		}
	}
	// Leap days: the year after 2024-02-29 is reached on 2025-03-01, and
	// the year after 2027-03-01 on 2028-03-01, not on 2028-02-29.
	for _, c := range []struct {
		since, date string
		want        error
	}{
		{"2024-02-29", "2025-02-28", ErrCounterTooShort},
		{"2024-02-29", "2025-03-01", nil},
		{"2027-03-01", "2028-02-29", ErrCounterTooShort},
		{"2027-03-01", "2028-03-01", nil},
		{"2027-02-28", "2028-02-28", nil},
		{"2027-02-28", "2028-02-27", ErrCounterTooShort},
	} {
		q := Qualification{TrainedOn: "2024-01-01", CounterSince: c.since}
		if err := q.AloneAllowed(c.date); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("at the counter since %s, on %s: %v, want %v", c.since, c.date, err, c.want)
		}
	}
}

// TestQualificationExpiringList: listed for the A from 30 days ahead, not
// 31; expired and missing certificates are listed too.
func TestQualificationExpiringList(t *testing.T) {
	q := Qualification{CertNo: "FJB-0001", CertExpires: "2026-12-23"}
	for _, c := range []struct {
		date string
		days int
		want bool
	}{
		{"2026-11-22", 31, false},
		{"2026-11-23", 30, true},
		{"2026-12-23", 0, true},
		{"2026-12-24", -1, true},
	} {
		if got := q.DaysLeft(c.date); got != c.days {
			t.Errorf("on %s: %d days left, want %d", c.date, got, c.days)
		}
		if got := q.Expiring(c.date); got != c.want {
			t.Errorf("on %s: expiring %v, want %v", c.date, got, c.want)
		}
	}
	if !(Qualification{}).Expiring("2026-11-23") {
		t.Fatal("a teller with no certificate is not listed")
	}
}

func TestQualificationValidate(t *testing.T) {
	for _, c := range []struct {
		q    Qualification
		want error
	}{
		{Qualification{TrainedOn: "2020-01-01", CounterSince: "2019-06-01", CertNo: "FJB-0001", CertExpires: "2027-12-31"}, nil},
		{Qualification{TrainedOn: "2020/01/01"}, ErrQualificationDate},
		{Qualification{CertNo: "FJB-0001"}, ErrCertificateHalf},
		{Qualification{CertExpires: "2027-12-31"}, ErrCertificateHalf},
		{Qualification{CertNo: "证书一号", CertExpires: "2027-12-31"}, ErrCertificateNo},
		{Qualification{CertNo: "ABC", CertExpires: "2027-12-31"}, ErrCertificateNo},
		{Qualification{}, nil},
	} {
		if err := c.q.Validate(); !errors.Is(err, c.want) || (c.want == nil && err != nil) {
			t.Errorf("%+v: %v, want %v", c.q, err, c.want)
		}
	}
}
