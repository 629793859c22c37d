package domain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// PairingsCSVHeader is the header a pairings import must start with; people
// are named by email.
var PairingsCSVHeader = []string{"programme_id", "mentor_email", "mentee_email", "started_on", "checkin_cadence_days",
	"focus", "seniority_override_reason"}

// EngagementsCSVHeader is the header an engagements import must start with.
var EngagementsCSVHeader = []string{"programme_id", "coach_email", "coachee_email", "goal_title", "goal_description",
	"goal_area", "success_measure", "starts_on", "ends_on", "planned_sessions"}

// PairKey identifies two people whichever way round.
func PairKey(a, b int64) [2]int64 {
	if a > b {
		a, b = b, a
	}
	return [2]int64{a, b}
}

// batchLookup answers the relation rules from data an import loaded in a
// few batched queries; it counts the rows accepted so far, so a file cannot
// overfill a mentor or a coach either.
type batchLookup struct {
	people     map[int64]Person
	programmes map[int64]Programme
	mentees    map[int64]int
	coachees   map[int64]int
}

func (l *batchLookup) person(id int64) (Person, bool, error) {
	p, ok := l.people[id]
	return p, ok, nil
}

func (l *batchLookup) programme(id int64) (Programme, bool, error) {
	p, ok := l.programmes[id]
	return p, ok, nil
}

func (l *batchLookup) openMentees(id int64) (int, error)  { return l.mentees[id], nil }
func (l *batchLookup) openCoachees(id int64) (int, error) { return l.coachees[id], nil }

// loadImport reads, in batched queries, the people a file names by email
// and every programme. With lockColumns, the people named in those columns
// are locked first (the import's write transaction), so capacity counts
// made afterwards hold until it commits.
func loadImport(ctx context.Context, st Ports, recs [][]string, width int, emailCols []int, lockCol int) (*batchLookup, map[string]Person, error) {
	var emails []string
	seen := map[string]bool{}
	for _, rec := range recs {
		if len(rec) != width {
			continue
		}
		for _, c := range emailCols {
			if e := NormalizeEmail(rec[c]); e != "" && !seen[e] {
				seen[e] = true
				emails = append(emails, e)
			}
		}
	}
	byEmail, err := st.People.PeopleByEmails(ctx, emails)
	if err != nil {
		return nil, nil, err
	}
	if lockCol >= 0 {
		var ids []int64
		for _, rec := range recs {
			if len(rec) == width {
				if p, ok := byEmail[NormalizeEmail(rec[lockCol])]; ok {
					ids = append(ids, p.ID)
				}
			}
		}
		if err := st.People.LockPeople(ctx, ids...); err != nil {
			return nil, nil, err
		}
		// Read again under the lock: a person may have changed meanwhile.
		if byEmail, err = st.People.PeopleByEmails(ctx, emails); err != nil {
			return nil, nil, err
		}
	}
	progs, err := st.Programmes.ListProgrammes(ctx, ProgrammeFilter{IncludeArchived: true, Limit: 1 << 30})
	if err != nil {
		return nil, nil, err
	}
	l := &batchLookup{people: make(map[int64]Person, len(byEmail)), programmes: make(map[int64]Programme, len(progs))}
	for _, p := range byEmail {
		l.people[p.ID] = p
	}
	for _, p := range progs {
		l.programmes[p.ID] = p
	}
	return l, byEmail, nil
}

func (l *batchLookup) ids() []int64 {
	ids := make([]int64, 0, len(l.people))
	for id := range l.people {
		ids = append(ids, id)
	}
	return ids
}

// importID reads an id cell; empty is 0 (the rules then say "is required").
func importID(v *ValidationError, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		v.AddText(field, "error.import.id")
		return 0
	}
	return n
}

func importDate(v *ValidationError, field, s string) Date {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	switch {
	case errors.Is(err, ErrInvalid):
		v.AddText(field, "error.import.date_range", "Min", MinYear, "Max", MaxYear)
	case err != nil:
		v.AddText(field, "error.import.date")
	}
	return d
}

// importPerson resolves an email cell to a person's id.
func importPerson(v *ValidationError, field, cell string, byEmail map[string]Person) int64 {
	e := NormalizeEmail(cell)
	if e == "" {
		v.AddText(field, "error.import.required")
		return 0
	}
	p, ok := byEmail[e]
	if !ok {
		v.AddText(field, "error.import.no_person")
		return 0
	}
	return p.ID
}

// renameFields moves the rules' field names to the file's column names,
// in the problems and in those of them given by key.
func renameFields(v *ValidationError, names map[string]string) (map[string]string, map[string]Text) {
	if len(v.Fields) == 0 {
		return nil, nil
	}
	var out ValidationError
	for _, k := range sortedKeys(v.Fields) {
		n, ok := names[k]
		if !ok {
			n = k
		}
		if t, ok := v.Texts[k]; ok {
			out.AddText(n, t.Key, t.Args...)
		} else {
			out.Add(n, v.Fields[k])
		}
	}
	return out.Fields, out.Texts
}

// relationImport is what the pairings and the engagements imports do
// differently; checkRelations and importRelations are what they share.
type relationImport[T any] struct {
	what    string            // "pairings", "engagements": for errors
	header  []string          // the file's header
	columns map[string]string // the rules' field names as the file's columns
	// count loads the capacity counts the rows are checked against.
	count func(ctx context.Context, st Ports, look *batchLookup) error
	// row checks one well-formed row; accepted rows count towards capacity.
	row func(rec []string, line int, look *batchLookup, byEmail map[string]Person, v *ValidationError) (T, error)
	// create inserts the accepted rows and sets their ids.
	create func(ctx context.Context, tx Ports, vs []*T) error
	// audit is a created row's audit entry, its actor and action still unset.
	audit func(v *T) AuditEntry
}

// checkRelations parses a relations CSV and checks every row, writing
// nothing. With lock, the people of the file's second column are locked
// first (the import's write transaction).
// The rows' reasons the rules give by key are written in w's words.
func checkRelations[T any](ctx context.Context, st Ports, r io.Reader, lock bool, imp relationImport[T], w words) (ImportResult[T], error) {
	h := imp.header
	recs, lines, err := readCSV(r, h)
	if err != nil {
		return ImportResult[T]{}, err
	}
	lockCol := -1
	if lock {
		lockCol = 1
	}
	look, byEmail, err := loadImport(ctx, st, recs, len(h), []int{1, 2}, lockCol)
	if err != nil {
		return ImportResult[T]{}, err
	}
	if err := imp.count(ctx, st, look); err != nil {
		return ImportResult[T]{}, err
	}
	res := ImportResult[T]{Rows: make([]ImportRow[T], len(recs))}
	for i, rec := range recs {
		row := ImportRow[T]{Line: lines[i], Fields: rec}
		var v ValidationError
		if len(rec) != len(h) {
			v.AddText("", "error.import.field_count", "Fields", len(rec), "Header", len(h))
			row.Errors, row.Texts = v.Fields, v.Texts
			res.Rows[i] = row
			continue
		}
		value, err := imp.row(rec, row.Line, look, byEmail, &v)
		if err != nil {
			return ImportResult[T]{}, err
		}
		row.Value = value
		row.Errors, row.Texts = renameFields(&v, imp.columns)
		res.Rows[i] = row
	}
	return res, nil
}

// checkRelationsCSV is the admin's dry run of an import.
func checkRelationsCSV[T any](ctx context.Context, s *Service, a Actor, r io.Reader, imp relationImport[T]) (ImportResult[T], error) {
	if err := s.requireAdmin(a); err != nil {
		return ImportResult[T]{}, err
	}
	res, err := checkRelations(ctx, s.store, r, false, imp, s.words(DefaultLanguage))
	if err != nil {
		return ImportResult[T]{}, fmt.Errorf("check %s import: %w", imp.what, err)
	}
	return res, nil
}

// importRelations creates every row of a relations CSV in one transaction,
// or none: a file with any bad row is a 422 listing each bad row and why.
// Everything is checked again inside the transaction, under the locks.
func importRelations[T any](ctx context.Context, s *Service, a Actor, r io.Reader, imp relationImport[T]) (int, error) {
	if err := s.requireAdmin(a); err != nil {
		return 0, err
	}
	var n int
	err := s.inTx(ctx, func(tx Ports) error {
		res, err := checkRelations(ctx, tx, r, true, imp, s.words(DefaultLanguage))
		if err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
		vs := res.Values()
		if err := imp.create(ctx, tx, vs); err != nil {
			return err
		}
		entries := make([]AuditEntry, len(vs))
		for i, v := range vs {
			entries[i] = imp.audit(v)
			entries[i].ActorID, entries[i].Action = actorID(a), "import"
		}
		n = len(vs)
		return tx.Audit.InsertAudits(ctx, entries)
	})
	if err != nil {
		return 0, fmt.Errorf("import %s: %w", imp.what, err)
	}
	return n, nil
}

// CheckPairingsCSV parses and checks a pairings CSV with the same rules as
// creating one pairing (checkPairing), plus: each pair once in the file,
// none already open, every mentor within max_mentees counting the file's
// own rows. It writes nothing.
func (s *Service) CheckPairingsCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Pairing], error) {
	return checkRelationsCSV(ctx, s, a, r, s.pairingsImport())
}

// ImportPairings creates every pairing of a pairings CSV in one
// transaction, or none. The mentors are locked and everything is checked
// again inside the transaction.
func (s *Service) ImportPairings(ctx context.Context, a Actor, r io.Reader) (int, error) {
	return importRelations(ctx, s, a, r, s.pairingsImport())
}

// pairingsImport checks pairing rows; open, loaded with the counts, tells
// which pairs are already open.
func (s *Service) pairingsImport() relationImport[Pairing] {
	var open map[[2]int64]bool
	firstRow := map[[2]int64]int{}
	return relationImport[Pairing]{
		what: "pairings", header: PairingsCSVHeader,
		columns: map[string]string{"mentor_id": "mentor_email", "mentee_id": "mentee_email"},
		count: func(ctx context.Context, st Ports, look *batchLookup) (err error) {
			ids := look.ids()
			if look.mentees, err = st.Pairings.CountMentorPairings(ctx, ids, OpenPairingStatuses()); err != nil {
				return err
			}
			open, err = st.Pairings.PairsAmong(ctx, ids, OpenPairingStatuses())
			return err
		},
		row: func(rec []string, line int, look *batchLookup, byEmail map[string]Person, v *ValidationError) (Pairing, error) {
			in := PairingInput{ProgrammeID: importID(v, "programme_id", rec[0]),
				MentorID: importPerson(v, "mentor_id", rec[1], byEmail), MenteeID: importPerson(v, "mentee_id", rec[2], byEmail),
				StartedOn: importDate(v, "started_on", rec[3]), Focus: rec[5], SeniorityOverrideReason: rec[6]}
			if c := strings.TrimSpace(rec[4]); c != "" {
				n, err := strconv.Atoi(c)
				if err != nil {
					v.AddText("checkin_cadence_days", "error.import.cadence")
				} else {
					in.CheckinCadenceDays = &n
				}
			}
			p, full, err := s.checkPairing(in, look, v)
			if err != nil {
				return Pairing{}, err
			}
			if in.MentorID != 0 && in.MenteeID != 0 && in.MentorID != in.MenteeID {
				key := PairKey(in.MentorID, in.MenteeID)
				if first, dup := firstRow[key]; dup {
					v.AddText("mentee_id", "error.import.pair_again", "Row", first)
				} else {
					firstRow[key] = line
					if open[key] {
						v.AddText("mentee_id", "error.import.pair_open")
					}
				}
			}
			if full != nil {
				v.AddText("mentor_id", full.Key, full.Args...)
			}
			if len(v.Fields) == 0 {
				look.mentees[p.MentorID]++
			}
			return p, nil
		},
		create: func(ctx context.Context, tx Ports, ps []*Pairing) error {
			if err := tx.Pairings.CreatePairings(ctx, ps); err != nil {
				if errors.Is(err, ErrConflict) {
					return ConflictText("error.import.pairings_meanwhile")
				}
				return err
			}
			return nil
		},
		audit: func(p *Pairing) AuditEntry {
			return AuditEntry{ObjectType: "pairing", ObjectID: p.ID, Changes: diff(nil, pairingAuditFields(*p)), At: p.CreatedAt}
		},
	}
}

// CheckEngagementsCSV parses and checks an engagements CSV with the same
// rules as creating one engagement (Engagement.validate and
// checkEngagement), plus: the same coach, coachee and goal once in the
// file, every coach within max_coachees counting the file's own rows. It
// writes nothing.
func (s *Service) CheckEngagementsCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Engagement], error) {
	return checkRelationsCSV(ctx, s, a, r, s.engagementsImport())
}

// ImportEngagements creates every engagement of an engagements CSV in one
// transaction, or none, as ImportPairings does.
func (s *Service) ImportEngagements(ctx context.Context, a Actor, r io.Reader) (int, error) {
	return importRelations(ctx, s, a, r, s.engagementsImport())
}

func (s *Service) engagementsImport() relationImport[Engagement] {
	type key struct {
		coach, coachee int64
		goal           string
	}
	firstRow := map[key]int{}
	return relationImport[Engagement]{
		what: "engagements", header: EngagementsCSVHeader,
		columns: map[string]string{"coach_id": "coach_email", "coachee_id": "coachee_email",
			"goal.title": "goal_title", "goal.description": "goal_description", "goal.area": "goal_area",
			"goal.success_measure": "success_measure"},
		count: func(ctx context.Context, st Ports, look *batchLookup) (err error) {
			look.coachees, err = st.Engagements.CountCoachEngagements(ctx, look.ids(), OpenEngagementStatuses())
			return err
		},
		row: func(rec []string, line int, look *batchLookup, byEmail map[string]Person, v *ValidationError) (Engagement, error) {
			in := EngagementInput{ProgrammeID: importID(v, "programme_id", rec[0]),
				CoachID: importPerson(v, "coach_id", rec[1], byEmail), CoacheeID: importPerson(v, "coachee_id", rec[2], byEmail),
				Goal: Goal{Title: rec[3], Description: rec[4], Area: GoalArea(strings.ToLower(strings.TrimSpace(rec[5]))),
					SuccessMeasure: rec[6]},
				StartsOn: importDate(v, "starts_on", rec[7]), EndsOn: importDate(v, "ends_on", rec[8])}
			if n, err := strconv.Atoi(strings.TrimSpace(rec[9])); err == nil {
				in.PlannedSessions = n
			}
			e := s.newEngagement(in)
			v.Merge(e.validate())
			full, err := checkEngagement(&e, look, v)
			if err != nil {
				return Engagement{}, err
			}
			if e.CoachID != 0 && e.CoacheeID != 0 {
				k := key{e.CoachID, e.CoacheeID, strings.ToLower(e.Goal.Title)}
				if first, dup := firstRow[k]; dup {
					v.AddText("", "error.import.engagement_again", "Row", first)
				} else {
					firstRow[k] = line
				}
			}
			if full != nil {
				v.AddText("coach_id", full.Key, full.Args...)
			}
			if len(v.Fields) == 0 {
				look.coachees[e.CoachID]++
			}
			return s.withDeadline(e), nil
		},
		create: func(ctx context.Context, tx Ports, es []*Engagement) error {
			return tx.Engagements.CreateEngagements(ctx, es)
		},
		audit: func(e *Engagement) AuditEntry {
			return AuditEntry{ObjectType: "engagement", ObjectID: e.ID, Changes: diff(nil, engagementAuditFields(*e)), At: e.CreatedAt}
		},
	}
}
