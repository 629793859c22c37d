package domain

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PeopleCSVHeader is the header a people import must start with.
var PeopleCSVHeader = []string{"name", "email", "job_title", "department", "seniority", "timezone", "external"}

// PeopleProfileColumns may follow PeopleCSVHeader, all of them in this
// order: each person's profile. Tags and languages are separated by ";"
// (or ","); working hours are HH:MM in the person's zone.
var PeopleProfileColumns = []string{"bio", "offers", "wants", "languages", "work_start", "work_end"}

// PeopleCSVLanguage may follow PeopleCSVHeader (before any profile
// columns): the language a person reads Cairn in.
var PeopleCSVLanguage = []string{"language"}

// PeopleCSVOptional are the groups of columns a people import may add
// after the header, each all or none, in this order.
var PeopleCSVOptional = [][]string{PeopleCSVLanguage, PeopleProfileColumns}

// MaxImportRows bounds one import.
const MaxImportRows = 10000

// ImportRow is one parsed data row; Line is its 1-based row number counting
// the header as row 1, as a spreadsheet shows it.
type ImportRow[T any] struct {
	Line   int
	Fields []string
	Value  T
	Errors map[string]string
	// Texts are the problems of Errors given by catalogue key, which
	// the edge writes in the reader's language.
	Texts map[string]Text
}

// ImportResult is a checked import: every row with its errors.
type ImportResult[T any] struct {
	Rows []ImportRow[T]
}

// Valid reports whether no row has an error.
func (r ImportResult[T]) Valid() bool {
	for _, row := range r.Rows {
		if len(row.Errors) > 0 {
			return false
		}
	}
	return true
}

// Values points at every row's value, in file order, for a batch insert.
func (r ImportResult[T]) Values() []*T {
	out := make([]*T, len(r.Rows))
	for i := range r.Rows {
		out[i] = &r.Rows[i].Value
	}
	return out
}

// Err is the 422 listing every bad row ("row N": why), or nil.
func (r ImportResult[T]) Err() error {
	var v ValidationError
	for _, row := range r.Rows {
		if len(row.Errors) > 0 {
			t := rowProblems(row.Errors, row.Texts)
			v.AddText("row "+strconv.Itoa(row.Line), t.Key, t.Args...)
		}
	}
	return v.Err()
}

// rowProblems is a row's problems as one Text, field by field: "email
// appears again (first in row 2); name is required". A problem given by
// key stays one.
func rowProblems(errs map[string]string, texts map[string]Text) Text {
	keys := sortedKeys(errs)
	var out Text
	for i := len(keys) - 1; i >= 0; i-- {
		k := keys[i]
		var why any = errs[k]
		if t, ok := texts[k]; ok {
			why = t
		}
		part := Text{Key: "error.import.field_problem", Args: []any{"Field", k, "Why", why}}
		if k == "" {
			part = Text{Key: "error.import.problem", Args: []any{"Why", why}}
		}
		if i < len(keys)-1 {
			part = Text{Key: "error.import.problems", Args: []any{"First", part, "Rest", out}}
		}
		out = part
	}
	return out
}

// readCSV reads a CSV with the given header (case and spacing forgiven, a
// UTF-8 byte order mark dropped) and returns its data rows.
func readCSV(r io.Reader, header []string) ([][]string, []int, error) {
	recs, lines, _, err := readCSVWith(r, header, nil)
	return recs, lines, err
}

// readCSVWith is readCSV for a header that may go on with optional
// groups of columns (each all or none, in order); it reports the header
// the file has.
func readCSVWith(r io.Reader, header []string, optional [][]string) ([][]string, []int, []string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	got, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil, InvalidText("file", "error.import.empty", "Header", strings.Join(header, ","))
	}
	if err != nil {
		return nil, nil, nil, InvalidText("file", "error.import.not_csv", "Why", csvErr(err))
	}
	for i := range got {
		got[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(got[i], "\ufeff")))
	}
	full := slices.Clone(header)
	var extra []string
	for _, g := range optional {
		extra = append(extra, g...)
	}
	header = nil
	for mask := 0; mask < 1<<len(optional); mask++ {
		cand := slices.Clone(full)
		for j, g := range optional {
			if mask&(1<<j) != 0 {
				cand = append(cand, g...)
			}
		}
		if strings.Join(got, ",") == strings.Join(cand, ",") {
			header = cand
			break
		}
	}
	if header == nil {
		if len(extra) > 0 {
			return nil, nil, nil, InvalidText("header", "error.import.header_optional", "Header", strings.Join(full, ","),
				"Optional", strings.Join(extra, ","), "Found", strings.Join(got, ","))
		}
		return nil, nil, nil, InvalidText("header", "error.import.header", "Header", strings.Join(full, ","), "Found", strings.Join(got, ","))
	}
	var rows [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, InvalidText("file", "error.import.not_csv", "Why", csvErr(err))
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if err := checkCSVText(rec, header, line); err != nil {
			return nil, nil, nil, err
		}
		if len(rows) == MaxImportRows {
			return nil, nil, nil, InvalidText("file", "error.import.too_many_rows", "Max", MaxImportRows)
		}
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	if len(rows) == 0 {
		return nil, nil, nil, InvalidText("file", "error.import.no_rows")
	}
	return rows, lines, header, nil
}

// checkCSVText refuses a row with a cell that cannot be stored as text,
// naming the row and the column: the rows are checked again by the rules of
// their kind, but a NUL or broken UTF-8 must not get that far.
func checkCSVText(rec, header []string, line int) error {
	for j, cell := range rec {
		var col any = Text{Key: "error.import.column", Args: []any{"N", j + 1}}
		kind := OneLine
		if j < len(header) {
			col, kind = header[j], FieldKind(header[j])
		}
		if key := TextProblemKey(cell, kind); key != "" {
			return InvalidText("row "+strconv.Itoa(line), "error.import.field_problem", "Field", col, "Why", Text{Key: key})
		}
	}
	return nil
}

// csvErr is why a file is not CSV; the reason itself is Go's, in English.
func csvErr(err error) Text {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return Text{Key: "error.import.csv_line", Args: []any{"Line", pe.Line, "Why", pe.Err.Error()}}
	}
	return Text{Key: "error.import.problem", Args: []any{"Why", err.Error()}}
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "false", "no", "0", "n":
		return false, true
	case "true", "yes", "1", "y":
		return true, true
	}
	return false, false
}

// CheckPeopleCSV parses and validates a people CSV with the same rules as
// creating one person, plus uniqueness of emails within the file and
// against the directory; the profile columns, when the file has them, by
// the rules of a profile. It writes nothing.
func (s *Service) CheckPeopleCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Person], error) {
	res, _, err := s.checkPeopleCSV(ctx, a, r)
	return res, err
}

// splitCells reads a cell listing several values, separated by ";" or ",".
func splitCells(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' })
}

// checkPeopleCSV is CheckPeopleCSV that also gives each row's profile
// (nil for a file without the profile columns, an empty one for a row
// that leaves them empty).
func (s *Service) checkPeopleCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Person], []*Profile, error) {
	if err := s.requireAdmin(a); err != nil {
		return ImportResult[Person]{}, nil, err
	}
	recs, lines, header, err := readCSVWith(r, PeopleCSVHeader, PeopleCSVOptional)
	if err != nil {
		return ImportResult[Person]{}, nil, err
	}
	var curated []Tag
	withProfiles := slices.Contains(header, PeopleProfileColumns[0])
	if withProfiles {
		if curated, err = s.store.Profiles.ListTags(ctx); err != nil {
			return ImportResult[Person]{}, nil, fmt.Errorf("check people import: %w", err)
		}
	}
	now := s.clock.Now()
	res := ImportResult[Person]{Rows: make([]ImportRow[Person], len(recs))}
	profiles := make([]*Profile, len(recs))
	seen := map[string]int{}
	emails := make([]string, 0, len(recs))
	for i, rec := range recs {
		row := ImportRow[Person]{Line: lines[i], Fields: rec}
		var v ValidationError
		if len(rec) != len(header) {
			v.AddText("", "error.import.field_count", "Fields", len(rec), "Header", len(header))
		} else {
			p := Person{Name: strings.TrimSpace(rec[0]), Email: NormalizeEmail(rec[1]), JobTitle: strings.TrimSpace(rec[2]),
				Department: strings.TrimSpace(rec[3]), Timezone: strings.TrimSpace(rec[5]), Role: RoleMember, Active: true,
				CreatedAt: now, UpdatedAt: now}
			if p.Timezone == "" {
				p.Timezone = s.cfg.OrgLocation.String()
			}
			if n, err := strconv.Atoi(strings.TrimSpace(rec[4])); err == nil {
				p.Seniority = n
			}
			ext, ok := parseBool(rec[6])
			if !ok {
				v.AddText("external", "error.import.true_or_false")
			}
			p.External = ext
			if slices.Contains(header, PeopleCSVLanguage[0]) {
				p.Language = strings.TrimSpace(rec[len(PeopleCSVHeader)])
			}
			p.validateInto(&v)
			s.checkLanguage(&v, p.Language)
			if first, dup := seen[p.Email]; dup && p.Email != "" {
				v.AddText("email", "error.import.email_again", "Row", first)
			} else {
				seen[p.Email] = row.Line
				emails = append(emails, p.Email)
			}
			row.Value = p
			if withProfiles {
				x := rec[len(header)-len(PeopleProfileColumns):]
				offers, wants, langs := splitCells(x[1]), splitCells(x[2]), splitCells(x[3])
				pr := Profile{Offers: []string{}, Wants: []string{}, Languages: []string{}}
				err := applyProfile(&pr, ProfilePatch{Bio: &x[0], Offers: &offers, Wants: &wants, Languages: &langs,
					WorkStart: &x[4], WorkEnd: &x[5]}, curated)
				v.Merge(err)
				profiles[i] = &pr
			}
		}
		row.Errors, row.Texts = v.Fields, v.Texts
		res.Rows[i] = row
	}
	taken, err := s.store.People.ExistingEmails(ctx, emails)
	if err != nil {
		return ImportResult[Person]{}, nil, fmt.Errorf("check people import: %w", err)
	}
	for i := range res.Rows {
		if taken[res.Rows[i].Value.Email] {
			v := ValidationError{Fields: res.Rows[i].Errors, Texts: res.Rows[i].Texts}
			v.AddText("email", "error.import.email_taken")
			res.Rows[i].Errors, res.Rows[i].Texts = v.Fields, v.Texts
		}
	}
	return res, profiles, nil
}

// ImportPeople creates every person of a people CSV in one transaction, or
// none: a file with any bad row is a 422 listing each bad row and why.
// Rows that fill in the profile columns get their profile too.
func (s *Service) ImportPeople(ctx context.Context, a Actor, r io.Reader) (int, error) {
	res, profiles, err := s.checkPeopleCSV(ctx, a, r)
	if err != nil {
		return 0, err
	}
	if err := res.Err(); err != nil {
		return 0, err
	}
	people := res.Values()
	now := s.clock.Now()
	err = s.inTx(ctx, func(tx Ports) error {
		if err := tx.People.CreatePeople(ctx, people); err != nil {
			if errors.Is(err, ErrConflict) {
				return ConflictText("error.import.people_meanwhile")
			}
			return err
		}
		entries := make([]AuditEntry, 0, len(people))
		var made []Profile
		for i, p := range people {
			entries = append(entries, AuditEntry{ActorID: actorID(a), Action: "import", ObjectType: "person", ObjectID: p.ID,
				Changes: diff(nil, personAuditFields(*p)), At: now})
			if pr := profiles[i]; pr != nil && !pr.Empty() {
				pr.PersonID, pr.UpdatedAt = p.ID, &now
				made = append(made, *pr)
				entries = append(entries, AuditEntry{ActorID: actorID(a), Action: "import", ObjectType: profileAuditKind,
					ObjectID: p.ID, Changes: diff(nil, profileAuditFields(*pr)), At: now})
			}
		}
		if err := tx.Profiles.CreateProfiles(ctx, made); err != nil {
			return err
		}
		return tx.Audit.InsertAudits(ctx, entries)
	})
	if err != nil {
		return 0, fmt.Errorf("import people: %w", err)
	}
	return len(people), nil
}

// PendingImport is a checked file waiting for an admin's confirmation.
type PendingImport struct {
	ID        string
	AdminID   int64
	Kind      string
	Content   string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// HoldImport keeps a previewed file for an hour, for the admin who
// previewed it to confirm; it returns the id to confirm with.
func (s *Service) HoldImport(ctx context.Context, a Actor, kind, content string) (string, error) {
	if err := s.requireAdmin(a); err != nil {
		return "", err
	}
	now := s.clock.Now()
	p := PendingImport{ID: NewSecret(), AdminID: a.Person.ID, Kind: kind, Content: content, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	err := s.inTx(ctx, func(tx Ports) error {
		if err := tx.Imports.DeleteExpiredImports(ctx, now); err != nil {
			return err
		}
		return tx.Imports.CreatePendingImport(ctx, p)
	})
	if err != nil {
		return "", fmt.Errorf("hold import: %w", err)
	}
	return p.ID, nil
}

// TakeImport returns a held file of the admin's and forgets it.
func (s *Service) TakeImport(ctx context.Context, a Actor, kind, id string) (string, error) {
	if err := s.requireAdmin(a); err != nil {
		return "", err
	}
	var content string
	err := s.inTx(ctx, func(tx Ports) error {
		p, err := tx.Imports.PendingImportByID(ctx, id)
		if errors.Is(err, ErrNotFound) || (err == nil && (p.AdminID != a.Person.ID || p.Kind != kind || !s.clock.Now().Before(p.ExpiresAt))) {
			return NotFoundText("error.import.expired")
		}
		if err != nil {
			return err
		}
		content = p.Content
		return tx.Imports.DeletePendingImport(ctx, id)
	})
	return content, err
}
