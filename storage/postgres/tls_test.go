package postgres_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"branchdesk/storage/postgres"
	"branchdesk/storage/postgres/pgtest"
)

// certs makes a CA and a server certificate for localhost signed by it,
// and gives the CA's PEM, the server's certificate and key PEM.
func certs(t *testing.T) (ca, crt, key []byte) {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "分行测试 CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	srvKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	srvTpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(srvKey)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvDER}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
}

// writeOwned writes a file the server can read: the postgres user's when
// the test runs as root.
func writeOwned(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(path, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
}

// A counter PC reaches the branch server over TLS with
// sslmode=verify-full: the server's certificate must come from the
// branch's CA and name the server; plain connections are rejected.
func TestBranchServerTLSVerifyFull(t *testing.T) {
	s, err := pgtest.Start(pgtest.Options{})
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	defer s.Stop()
	ctx := context.Background()
	ca, crt, key := certs(t)
	data := filepath.Join(s.Dir, "data")
	writeOwned(t, filepath.Join(data, "server.crt"), crt)
	writeOwned(t, filepath.Join(data, "server.key"), key)
	hba := filepath.Join(data, "pg_hba.conf")
	conf, err := os.ReadFile(hba)
	if err != nil {
		t.Fatal(err)
	}
	writeOwned(t, hba, append([]byte("hostnossl all all 127.0.0.1/32 reject\nhostssl all all 127.0.0.1/32 trust\n"), conf...))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	if err := s.Exec(ctx, `ALTER SYSTEM SET ssl = on`, `ALTER SYSTEM SET listen_addresses = '127.0.0.1'`,
		fmt.Sprintf(`ALTER SYSTEM SET port = %d`, port)); err != nil {
		t.Fatal(err)
	}
	if err := s.Restart(0); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	caFile := filepath.Join(dir, "branch-ca.pem")
	if err := os.WriteFile(caFile, ca, 0o600); err != nil {
		t.Fatal(err)
	}
	otherCA, _, _ := certs(t)
	otherFile := filepath.Join(dir, "other-ca.pem")
	if err := os.WriteFile(otherFile, otherCA, 0o600); err != nil {
		t.Fatal(err)
	}
	tcp := func(host, mode, root string) string {
		return fmt.Sprintf("postgres://postgres@%s:%d/postgres?sslmode=%s&sslrootcert=%s", host, port, mode, url.QueryEscape(root))
	}
	db, err := postgres.Open(ctx, tcp("localhost", "verify-full", caFile), true)
	if err != nil {
		t.Fatalf("verify-full with the branch's CA: %v", err)
	}
	var ssl bool
	if err := db.SQL().QueryRowContext(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&ssl); err != nil || !ssl {
		t.Fatalf("connection not encrypted: %v %v", ssl, err)
	}
	db.Close()
	for _, tc := range []struct{ name, url string }{
		{"another CA", tcp("localhost", "verify-full", otherFile)},
		{"a name the certificate does not carry", tcp("127.0.0.1", "verify-full", caFile)},
	} {
		_, err := postgres.Open(ctx, tc.url, false)
		if err == nil || !strings.Contains(err.Error(), "证书") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	_, err = postgres.Open(ctx, fmt.Sprintf("postgres://postgres@localhost:%d/postgres?sslmode=disable", port), false)
	if err == nil || errors.Is(err, postgres.ErrEmpty) {
		t.Errorf("a plain connection was let in: %v", err)
	}
}
