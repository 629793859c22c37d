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
		v.Add(field, "must be an id (a whole number)")
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
	if err != nil {
		v.Add(field, "must be a date YYYY-MM-DD")
	}
	return d
}

// importPerson resolves an email cell to a person's id.
func importPerson(v *ValidationError, field, cell string, byEmail map[string]Person) int64 {
	e := NormalizeEmail(cell)
	if e == "" {
		v.Add(field, "is required")
		return 0
	}
	p, ok := byEmail[e]
	if !ok {
		v.Add(field, "no person in Cairn has this email")
		return 0
	}
	return p.ID
}

// renameFields moves the rules' field names to the file's column names.
func renameFields(v *ValidationError, names map[string]string) map[string]string {
	if len(v.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(v.Fields))
	for k, why := range v.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		if _, taken := out[k]; !taken {
			out[k] = why
		}
	}
	return out
}

var pairingColumns = map[string]string{"mentor_id": "mentor_email", "mentee_id": "mentee_email"}

// CheckPairingsCSV parses and checks a pairings CSV with the same rules as
// creating one pairing (checkPairing), plus: each pair once in the file,
// none already open, every mentor within max_mentees counting the file's
// own rows. It writes nothing.
func (s *Service) CheckPairingsCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Pairing], error) {
	if err := s.requireAdmin(a); err != nil {
		return ImportResult[Pairing]{}, err
	}
	res, err := s.checkPairings(ctx, s.store, r, false)
	if err != nil {
		return ImportResult[Pairing]{}, fmt.Errorf("check pairings import: %w", err)
	}
	return res, nil
}

func (s *Service) checkPairings(ctx context.Context, st Ports, r io.Reader, lock bool) (ImportResult[Pairing], error) {
	h := PairingsCSVHeader
	recs, lines, err := readCSV(r, h)
	if err != nil {
		return ImportResult[Pairing]{}, err
	}
	lockCol := -1
	if lock {
		lockCol = 1
	}
	look, byEmail, err := loadImport(ctx, st, recs, len(h), []int{1, 2}, lockCol)
	if err != nil {
		return ImportResult[Pairing]{}, err
	}
	ids := look.ids()
	if look.mentees, err = st.Pairings.CountMentorPairings(ctx, ids, OpenPairingStatuses()); err != nil {
		return ImportResult[Pairing]{}, err
	}
	open, err := st.Pairings.PairsAmong(ctx, ids, OpenPairingStatuses())
	if err != nil {
		return ImportResult[Pairing]{}, err
	}
	res := ImportResult[Pairing]{Rows: make([]ImportRow[Pairing], len(recs))}
	firstRow := map[[2]int64]int{}
	for i, rec := range recs {
		row := ImportRow[Pairing]{Line: lines[i], Fields: rec}
		var v ValidationError
		if len(rec) != len(h) {
			v.Add("", fmt.Sprintf("has %d fields, the header has %d", len(rec), len(h)))
			row.Errors = v.Fields
			res.Rows[i] = row
			continue
		}
		in := PairingInput{ProgrammeID: importID(&v, "programme_id", rec[0]),
			MentorID: importPerson(&v, "mentor_id", rec[1], byEmail), MenteeID: importPerson(&v, "mentee_id", rec[2], byEmail),
			StartedOn: importDate(&v, "started_on", rec[3]), Focus: rec[5], SeniorityOverrideReason: rec[6]}
		if c := strings.TrimSpace(rec[4]); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil {
				v.Add("checkin_cadence_days", "must be a whole number of days")
			} else {
				in.CheckinCadenceDays = &n
			}
		}
		p, full, err := s.checkPairing(in, look, &v)
		if err != nil {
			return ImportResult[Pairing]{}, err
		}
		if in.MentorID != 0 && in.MenteeID != 0 && in.MentorID != in.MenteeID {
			key := PairKey(in.MentorID, in.MenteeID)
			if first, dup := firstRow[key]; dup {
				v.Add("mentee_id", fmt.Sprintf("this pair appears again (first in row %d)", first))
			} else {
				firstRow[key] = row.Line
				if open[key] {
					v.Add("mentee_id", "already has an open pairing with this mentor")
				}
			}
		}
		if full != "" {
			v.Add("mentor_id", full)
		}
		if len(v.Fields) == 0 {
			look.mentees[p.MentorID]++
		}
		row.Value, row.Errors = p, renameFields(&v, pairingColumns)
		res.Rows[i] = row
	}
	return res, nil
}

// ImportPairings creates every pairing of a pairings CSV in one
// transaction, or none: a file with any bad row is a 422 listing each bad
// row and why. The mentors are locked and everything is checked again
// inside the transaction.
func (s *Service) ImportPairings(ctx context.Context, a Actor, r io.Reader) (int, error) {
	if err := s.requireAdmin(a); err != nil {
		return 0, err
	}
	var n int
	err := s.inTx(ctx, func(tx Ports) error {
		res, err := s.checkPairings(ctx, tx, r, true)
		if err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
		ps := res.Values()
		if err := tx.Pairings.CreatePairings(ctx, ps); err != nil {
			if errors.Is(err, ErrConflict) {
				return Conflict("someone created one of these pairings meanwhile; check the file again")
			}
			return err
		}
		entries := make([]AuditEntry, len(ps))
		for i, p := range ps {
			entries[i] = AuditEntry{ActorID: actorID(a), Action: "import", ObjectType: "pairing", ObjectID: p.ID,
				Changes: diff(nil, pairingAuditFields(*p)), At: p.CreatedAt}
		}
		n = len(ps)
		return tx.Audit.InsertAudits(ctx, entries)
	})
	if err != nil {
		return 0, fmt.Errorf("import pairings: %w", err)
	}
	return n, nil
}

var engagementColumns = map[string]string{"coach_id": "coach_email", "coachee_id": "coachee_email",
	"goal.title": "goal_title", "goal.description": "goal_description", "goal.area": "goal_area",
	"goal.success_measure": "success_measure"}

// CheckEngagementsCSV parses and checks an engagements CSV with the same
// rules as creating one engagement (Engagement.validate and
// checkEngagement), plus: the same coach, coachee and goal once in the
// file, every coach within max_coachees counting the file's own rows. It
// writes nothing.
func (s *Service) CheckEngagementsCSV(ctx context.Context, a Actor, r io.Reader) (ImportResult[Engagement], error) {
	if err := s.requireAdmin(a); err != nil {
		return ImportResult[Engagement]{}, err
	}
	res, err := s.checkEngagements(ctx, s.store, r, false)
	if err != nil {
		return ImportResult[Engagement]{}, fmt.Errorf("check engagements import: %w", err)
	}
	return res, nil
}

func (s *Service) checkEngagements(ctx context.Context, st Ports, r io.Reader, lock bool) (ImportResult[Engagement], error) {
	h := EngagementsCSVHeader
	recs, lines, err := readCSV(r, h)
	if err != nil {
		return ImportResult[Engagement]{}, err
	}
	lockCol := -1
	if lock {
		lockCol = 1
	}
	look, byEmail, err := loadImport(ctx, st, recs, len(h), []int{1, 2}, lockCol)
	if err != nil {
		return ImportResult[Engagement]{}, err
	}
	if look.coachees, err = st.Engagements.CountCoachEngagements(ctx, look.ids(), OpenEngagementStatuses()); err != nil {
		return ImportResult[Engagement]{}, err
	}
	res := ImportResult[Engagement]{Rows: make([]ImportRow[Engagement], len(recs))}
	type key struct {
		coach, coachee int64
		goal           string
	}
	firstRow := map[key]int{}
	for i, rec := range recs {
		row := ImportRow[Engagement]{Line: lines[i], Fields: rec}
		var v ValidationError
		if len(rec) != len(h) {
			v.Add("", fmt.Sprintf("has %d fields, the header has %d", len(rec), len(h)))
			row.Errors = v.Fields
			res.Rows[i] = row
			continue
		}
		in := EngagementInput{ProgrammeID: importID(&v, "programme_id", rec[0]),
			CoachID: importPerson(&v, "coach_id", rec[1], byEmail), CoacheeID: importPerson(&v, "coachee_id", rec[2], byEmail),
			Goal: Goal{Title: rec[3], Description: rec[4], Area: GoalArea(strings.ToLower(strings.TrimSpace(rec[5]))),
				SuccessMeasure: rec[6]},
			StartsOn: importDate(&v, "starts_on", rec[7]), EndsOn: importDate(&v, "ends_on", rec[8])}
		if n, err := strconv.Atoi(strings.TrimSpace(rec[9])); err == nil {
			in.PlannedSessions = n
		}
		e := s.newEngagement(in)
		if err := e.validate(); err != nil {
			for f, why := range FieldErrors(err) {
				v.Add(f, why)
			}
		}
		full, err := checkEngagement(&e, look, &v)
		if err != nil {
			return ImportResult[Engagement]{}, err
		}
		if e.CoachID != 0 && e.CoacheeID != 0 {
			k := key{e.CoachID, e.CoacheeID, strings.ToLower(e.Goal.Title)}
			if first, dup := firstRow[k]; dup {
				v.Add("", fmt.Sprintf("the same coach, coachee and goal appear again (first in row %d)", first))
			} else {
				firstRow[k] = row.Line
			}
		}
		if full != "" {
			v.Add("coach_id", full)
		}
		if len(v.Fields) == 0 {
			look.coachees[e.CoachID]++
		}
		row.Value, row.Errors = s.withDeadline(e), renameFields(&v, engagementColumns)
		res.Rows[i] = row
	}
	return res, nil
}

// ImportEngagements creates every engagement of an engagements CSV in one
// transaction, or none, as ImportPairings does.
func (s *Service) ImportEngagements(ctx context.Context, a Actor, r io.Reader) (int, error) {
	if err := s.requireAdmin(a); err != nil {
		return 0, err
	}
	var n int
	err := s.inTx(ctx, func(tx Ports) error {
		res, err := s.checkEngagements(ctx, tx, r, true)
		if err != nil {
			return err
		}
		if err := res.Err(); err != nil {
			return err
		}
		es := res.Values()
		if err := tx.Engagements.CreateEngagements(ctx, es); err != nil {
			return err
		}
		entries := make([]AuditEntry, len(es))
		for i, e := range es {
			entries[i] = AuditEntry{ActorID: actorID(a), Action: "import", ObjectType: "engagement", ObjectID: e.ID,
				Changes: diff(nil, engagementAuditFields(*e)), At: e.CreatedAt}
		}
		n = len(es)
		return tx.Audit.InsertAudits(ctx, entries)
	})
	if err != nil {
		return 0, fmt.Errorf("import engagements: %w", err)
	}
	return n, nil
}
