package bake_test

import (
	"fmt"

	"github.com/accolade-badges/accolade/bake"
)

func ExampleSVG() {
	badge := []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>`)
	baked, err := bake.SVG(badge, "eyJhbGciOiJFZERTQSJ9.e30.c2ln", true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(baked))
	jwt, err := bake.ReadSVG(baked, 1<<20)
	fmt.Println(string(jwt), err)
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="eyJhbGciOiJFZERTQSJ9.e30.c2ln"></openbadges:credential><circle r="4"/></svg>
	// eyJhbGciOiJFZERTQSJ9.e30.c2ln <nil>
}
