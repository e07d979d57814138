package keys

// EnsureKeys is EnsureIssuer for a new issuer that signs with alg: it
// gives the issuer an active RS256 and EdDSA key and, when alg is ES256, an
// ES256 key, generating each one it lacks, and stores them in one write, so
// that a failure leaves no key behind. It reports whether it created any.
// It returns an Invalid error for a bad issuer slug or algorithm.
func (k *Keyring) EnsureKeys(issuer string, alg Algorithm) (created bool, err error) {
	if err := checkSlug(issuer); err != nil {
		return false, err
	}
	if err := alg.check(); err != nil {
		return false, err
	}
	k.write.Lock()
	defer k.write.Unlock()
	want := []Algorithm{RS256, EdDSA}
	if alg == ES256 {
		want = append(want, ES256)
	}
	var add []*slot
	for _, a := range want {
		if k.active(issuer, a) != nil {
			continue
		}
		sl, err := k.newKey(issuer, a)
		if err != nil {
			return false, err
		}
		add = append(add, sl)
	}
	if len(add) == 0 {
		return false, nil
	}
	return true, k.commit(add...)
}
