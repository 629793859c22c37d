package views

// Internals the external tests (package views_test) need.

// MaxImportBytes is the body limit of the CSV import routes.
const MaxImportBytes = maxImportBytes

// ParseLocalTime is parseLocalTime, for the fuzz target.
var ParseLocalTime = parseLocalTime

// FieldLabel is label: a field's name as its form labels it, in English.
func FieldLabel(field string) string { return label(apiWords, field) }
