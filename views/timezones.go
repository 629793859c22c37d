package views

import (
	_ "embed"
	"strings"
)

// timezones.txt lists the IANA zone names (from the system's tzdata.zi,
// each checked to load with the embedded database), offered in zone fields.
//
//go:embed timezones.txt
var timezonesText string

// allTimezones are the zone names offered in forms; any IANA name is accepted.
var allTimezones = strings.Fields(timezonesText)
