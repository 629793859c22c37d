package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

type personRow struct {
	ID           int64     `db:"id"`
	Name         string    `db:"name"`
	Email        string    `db:"email"`
	JobTitle     string    `db:"job_title"`
	Department   string    `db:"department"`
	Seniority    int       `db:"seniority"`
	Timezone     string    `db:"timezone"`
	Language     string    `db:"language"`
	External     bool      `db:"external"`
	Role         string    `db:"role"`
	Active       bool      `db:"active"`
	MaxMentees   *int      `db:"max_mentees"`
	MaxCoachees  *int      `db:"max_coachees"`
	PasswordHash string    `db:"password_hash"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

func (r personRow) toDomain() domain.Person {
	return domain.Person{
		ID: r.ID, Name: r.Name, Email: r.Email, JobTitle: r.JobTitle, Department: r.Department,
		Seniority: r.Seniority, Timezone: r.Timezone, Language: r.Language, External: r.External, Role: domain.Role(r.Role),
		Active: r.Active, MaxMentees: r.MaxMentees, MaxCoachees: r.MaxCoachees,
		PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

const personColumns = `id, name, email, job_title, department, seniority, timezone, language, external, role, active,
	max_mentees, max_coachees, password_hash, created_at, updated_at`

const insertPersonSQL = `INSERT INTO people (name, email, job_title, department, seniority, timezone, language,
	external, role, active, max_mentees, max_coachees, password_hash, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// CreatePerson inserts p and sets its id.
func (s *Store) CreatePerson(ctx context.Context, p *domain.Person) error {
	id, err := s.insert(ctx, insertPersonSQL, p.Name, p.Email, p.JobTitle, p.Department, p.Seniority, p.Timezone,
		p.Language, p.External, string(p.Role), p.Active, p.MaxMentees, p.MaxCoachees, p.PasswordHash, utc(p.CreatedAt), utc(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert person %q: %w", p.Email, err)
	}
	p.ID = id
	return nil
}

const updatePersonSQL = `UPDATE people SET name = ?, email = ?, job_title = ?, department = ?, seniority = ?,
	timezone = ?, language = ?, external = ?, role = ?, active = ?, max_mentees = ?, max_coachees = ?, password_hash = ?,
	updated_at = ? WHERE id = ?`

// UpdatePerson writes every field of p.
func (s *Store) UpdatePerson(ctx context.Context, p *domain.Person) error {
	res, err := s.exec(ctx, updatePersonSQL, p.Name, p.Email, p.JobTitle, p.Department, p.Seniority, p.Timezone,
		p.Language, p.External, string(p.Role), p.Active, p.MaxMentees, p.MaxCoachees, p.PasswordHash, utc(p.UpdatedAt), p.ID)
	if err != nil {
		return fmt.Errorf("storage: update person %d: %w", p.ID, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: update person %d: %w", p.ID, err)
	}
	return nil
}

// PersonByID reads one person.
func (s *Store) PersonByID(ctx context.Context, id int64) (domain.Person, error) {
	var r personRow
	if err := s.get(ctx, &r, `SELECT `+personColumns+` FROM people WHERE id = ?`, id); err != nil {
		return domain.Person{}, fmt.Errorf("storage: person %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// PeopleByIDs reads the people with these ids, a chunk of ids per
// statement; an id with no person is absent.
func (s *Store) PeopleByIDs(ctx context.Context, ids []int64) (map[int64]domain.Person, error) {
	out, err := rowsByID[personRow](ctx, s, `SELECT `+personColumns+` FROM people WHERE id IN (?)`, ids,
		func(p domain.Person) int64 { return p.ID })
	if err != nil {
		return nil, fmt.Errorf("storage: people by id: %w", err)
	}
	return out, nil
}

// PersonByEmail reads one person by their (normalised) email.
func (s *Store) PersonByEmail(ctx context.Context, email string) (domain.Person, error) {
	var r personRow
	if err := s.get(ctx, &r, `SELECT `+personColumns+` FROM people WHERE email = ?`, email); err != nil {
		return domain.Person{}, fmt.Errorf("storage: person by email: %w", err)
	}
	return r.toDomain(), nil
}

// ListPeople searches people by name, email or department, ordered by id.
func (s *Store) ListPeople(ctx context.Context, f domain.PeopleFilter) ([]domain.Person, error) {
	var where []string
	var args []any
	if f.Query != "" {
		w, a := s.peopleSearch(f.Query)
		where, args = append(where, w), append(args, a...)
	}
	if f.ActiveOnly {
		where = append(where, `active = ?`)
		args = append(args, true)
	}
	if f.EngagementCircleOf != 0 {
		where = append(where, `(id = ? OR id IN (SELECT coachee_id FROM engagements WHERE coach_id = ?)
			OR id IN (SELECT coach_id FROM engagements WHERE coachee_id = ?))`)
		args = append(args, f.EngagementCircleOf, f.EngagementCircleOf, f.EngagementCircleOf)
	}
	if f.After > 0 {
		where = append(where, `id > ?`)
		args = append(args, f.After)
	}
	q := `SELECT ` + personColumns + ` FROM people`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY id LIMIT ?`
	args = append(args, f.Limit)
	var rows []personRow
	if err := s.sel(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("storage: list people: %w", err)
	}
	out := make([]domain.Person, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// searchIndexedRunes is the shortest query the text search index answers:
// both stores index trigrams, and a shorter query has none.
const searchIndexedRunes = 3

// peopleSearch is the condition (and its arguments) that keeps the people
// whose name, email or department holds q. A query of three characters or
// more is read from each store's text search index (migration 00022: FTS5
// trigrams on SQLite; on PostgreSQL a pg_trgm index, over the folded text
// stored in search_text since 00029), ignoring case and
// accents. A shorter one has no trigram to look up and is a scan that
// ignores ASCII case only, the same on both stores. A query never spans
// two fields: line breaks in it are spaces.
func (s *Store) peopleSearch(q string) (string, []any) {
	q = strings.NewReplacer("\r", " ", "\n", " ").Replace(q)
	if utf8.RuneCountInString(q) < searchIndexedRunes {
		p := likePattern(asciiLower(q))
		lower := s.dialect.asciiLowerSQL
		return `(` + lower("name") + ` LIKE ? ESCAPE '\' OR ` + lower("email") + ` LIKE ? ESCAPE '\' OR ` +
			lower("department") + ` LIKE ? ESCAPE '\')`, []any{p, p, p}
	}
	if s.dialect.name == "postgres" {
		return `search_text LIKE cairn_fold(?) ESCAPE '\'`, []any{likePattern(q)}
	}
	return `id IN (SELECT rowid FROM people_fts WHERE people_fts MATCH ?)`, []any{`"` + strings.ReplaceAll(q, `"`, `""`) + `"`}
}

// asciiLower lowers the letters A to Z only, as SQLite's lower() does.
func asciiLower(q string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, q)
}

// asciiLowerSQL lowers a column's letters A to Z only: SQLite's lower()
// does just that, PostgreSQL's would lower every alphabet.
func (d dialect) asciiLowerSQL(col string) string {
	if d.name == "postgres" {
		return `translate(` + col + `, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`
	}
	return `lower(` + col + `)`
}

// CountActiveAdmins counts the people who can administer Cairn.
func (s *Store) CountActiveAdmins(ctx context.Context) (int, error) {
	var n int
	if err := s.get(ctx, &n, `SELECT count(*) FROM people WHERE role = 'admin' AND active = ?`, true); err != nil {
		return 0, fmt.Errorf("storage: count admins: %w", err)
	}
	return n, nil
}

// ExistingEmails reports which of the emails a person already has.
func (s *Store) ExistingEmails(ctx context.Context, emails []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(emails); start += batchRows {
		chunk := emails[start:min(start+batchRows, len(emails))]
		q, args, err := sqlx.In(`SELECT email FROM people WHERE email IN (?)`, chunk)
		if err != nil {
			return nil, fmt.Errorf("storage: existing emails: %w", err)
		}
		var found []string
		if err := s.sel(ctx, &found, q, args...); err != nil {
			return nil, fmt.Errorf("storage: existing emails: %w", err)
		}
		for _, e := range found {
			out[e] = true
		}
	}
	return out, nil
}

// CreatePeople inserts many people at once (bulkInsert) and sets their
// ids. When none of them chose a language the column is left to its
// default (”), so a batch also loads into a database from before 00024
// (the upgrade tests fill old schemas this way).
func (s *Store) CreatePeople(ctx context.Context, people []*domain.Person) error {
	withLanguage := slices.ContainsFunc(people, func(p *domain.Person) bool { return p.Language != "" })
	cols := `name, email, job_title, department, seniority, timezone, external, role, active,
		max_mentees, max_coachees, password_hash, created_at, updated_at`
	if withLanguage {
		cols += ", language"
	}
	err := s.bulkInsert(ctx, "people", cols, len(people), func(i int) []any {
		p := people[i]
		row := []any{p.Name, p.Email, p.JobTitle, p.Department, p.Seniority, p.Timezone, p.External, string(p.Role), p.Active,
			p.MaxMentees, p.MaxCoachees, p.PasswordHash, utc(p.CreatedAt), utc(p.UpdatedAt)}
		if withLanguage {
			row = append(row, p.Language)
		}
		return row
	}, func(i int, id int64) { people[i].ID = id })
	if err != nil {
		return fmt.Errorf("storage: insert %d people: %w", len(people), err)
	}
	return nil
}
