package domain_test

import "cairn/domain/lang"

// catalogue is the real message catalogues, English by default, for
// services whose mails, notices and calendar entries tests read.
var catalogue = func() *lang.Catalogue {
	c, err := lang.Load("")
	if err != nil {
		panic(err)
	}
	return c
}()
