package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"cairn/domain"
)

type profileRow struct {
	PersonID  int64          `db:"person_id"`
	Bio       string         `db:"bio"`
	Languages string         `db:"languages"`
	WorkStart sql.NullString `db:"work_start"`
	WorkEnd   sql.NullString `db:"work_end"`
	UpdatedAt *time.Time     `db:"updated_at"`
}

func (r profileRow) toDomain() domain.Profile {
	p := domain.Profile{PersonID: r.PersonID, Bio: r.Bio, Offers: []string{}, Wants: []string{}, Languages: []string{},
		WorkStart: r.WorkStart.String, WorkEnd: r.WorkEnd.String, UpdatedAt: utcPtr(r.UpdatedAt)}
	if r.Languages != "" {
		p.Languages = strings.Split(r.Languages, ",")
	}
	return p
}

type profileTagRow struct {
	PersonID int64  `db:"person_id"`
	Kind     string `db:"kind"`
	Tag      string `db:"tag"`
}

// addTags puts tag rows (read in position order) onto their profiles.
func addTags(out map[int64]domain.Profile, rows []profileTagRow) {
	for _, t := range rows {
		p, ok := out[t.PersonID]
		if !ok {
			continue
		}
		if t.Kind == "offer" {
			p.Offers = append(p.Offers, t.Tag)
		} else {
			p.Wants = append(p.Wants, t.Tag)
		}
		out[t.PersonID] = p
	}
}

// ProfileOf reads a person's profile; one never written is empty.
func (s *Store) ProfileOf(ctx context.Context, personID int64) (domain.Profile, error) {
	var r profileRow
	if err := s.get(ctx, &r, `SELECT p.id AS person_id, coalesce(pr.bio, '') AS bio, coalesce(pr.languages, '') AS languages,
		pr.work_start, pr.work_end, pr.updated_at FROM people p LEFT JOIN profiles pr ON pr.person_id = p.id WHERE p.id = ?`,
		personID); err != nil {
		return domain.Profile{}, fmt.Errorf("storage: profile of %d: %w", personID, err)
	}
	var tags []profileTagRow
	if err := s.sel(ctx, &tags, `SELECT person_id, kind, tag FROM profile_tags WHERE person_id = ? ORDER BY kind, position`,
		personID); err != nil {
		return domain.Profile{}, fmt.Errorf("storage: tags of profile %d: %w", personID, err)
	}
	out := map[int64]domain.Profile{personID: r.toDomain()}
	addTags(out, tags)
	return out[personID], nil
}

// ProfilesOf reads the written profiles of the people, keyed by id.
func (s *Store) ProfilesOf(ctx context.Context, ids []int64) (map[int64]domain.Profile, error) {
	out := map[int64]domain.Profile{}
	err := chunks(ids, func(part []int64) error {
		q, args, err := sqlx.In(`SELECT person_id, bio, languages, work_start, work_end, updated_at FROM profiles
			WHERE person_id IN (?)`, part)
		if err != nil {
			return err
		}
		var rows []profileRow
		if err := s.sel(ctx, &rows, q, args...); err != nil {
			return err
		}
		for _, r := range rows {
			out[r.PersonID] = r.toDomain()
		}
		q, args, err = sqlx.In(`SELECT person_id, kind, tag FROM profile_tags WHERE person_id IN (?)
			ORDER BY person_id, kind, position`, part)
		if err != nil {
			return err
		}
		var tags []profileTagRow
		if err := s.sel(ctx, &tags, q, args...); err != nil {
			return err
		}
		addTags(out, tags)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: profiles of %d people: %w", len(ids), err)
	}
	return out, nil
}

// SaveProfile writes a whole profile, its tags in their order.
func (s *Store) SaveProfile(ctx context.Context, p domain.Profile) error {
	return s.inTx(ctx, func(tx *Store) error {
		var at *time.Time
		if p.UpdatedAt != nil {
			t := utc(*p.UpdatedAt)
			at = &t
		}
		if _, err := tx.exec(ctx, `INSERT INTO profiles (person_id, bio, languages, work_start, work_end, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET bio = excluded.bio, languages = excluded.languages,
			work_start = excluded.work_start, work_end = excluded.work_end, updated_at = excluded.updated_at`,
			p.PersonID, p.Bio, strings.Join(p.Languages, ","), nullString(p.WorkStart), nullString(p.WorkEnd), at); err != nil {
			return fmt.Errorf("storage: save profile of %d: %w", p.PersonID, err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM profile_tags WHERE person_id = ?`, p.PersonID); err != nil {
			return fmt.Errorf("storage: save tags of profile %d: %w", p.PersonID, err)
		}
		for _, list := range []struct {
			kind string
			tags []string
		}{{"offer", p.Offers}, {"want", p.Wants}} {
			for i, t := range list.tags {
				if _, err := tx.exec(ctx, `INSERT INTO profile_tags (person_id, kind, position, tag) VALUES (?, ?, ?, ?)`,
					p.PersonID, list.kind, i, t); err != nil {
					return fmt.Errorf("storage: save tags of profile %d: %w", p.PersonID, err)
				}
			}
		}
		return nil
	})
}

// CreateProfiles inserts the profiles of people who have none yet, many
// at once.
func (s *Store) CreateProfiles(ctx context.Context, ps []domain.Profile) error {
	err := s.bulkInsert(ctx, "profiles", "person_id, bio, languages, work_start, work_end, updated_at", len(ps), func(i int) []any {
		p := ps[i]
		var at *time.Time
		if p.UpdatedAt != nil {
			t := utc(*p.UpdatedAt)
			at = &t
		}
		return []any{p.PersonID, p.Bio, strings.Join(p.Languages, ","), nullString(p.WorkStart), nullString(p.WorkEnd), at}
	}, nil)
	if err != nil {
		return fmt.Errorf("storage: insert %d profiles: %w", len(ps), err)
	}
	var tags []profileTagRow
	pos := []int{}
	for _, p := range ps {
		for i, t := range p.Offers {
			tags, pos = append(tags, profileTagRow{PersonID: p.PersonID, Kind: "offer", Tag: t}), append(pos, i)
		}
		for i, t := range p.Wants {
			tags, pos = append(tags, profileTagRow{PersonID: p.PersonID, Kind: "want", Tag: t}), append(pos, i)
		}
	}
	err = s.bulkInsert(ctx, "profile_tags", "person_id, kind, position, tag", len(tags), func(i int) []any {
		return []any{tags[i].PersonID, tags[i].Kind, pos[i], tags[i].Tag}
	}, nil)
	if err != nil {
		return fmt.Errorf("storage: insert tags of %d profiles: %w", len(ps), err)
	}
	return nil
}

// nullString stores "" as NULL.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

type tagRow struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

func (r tagRow) toDomain() domain.Tag {
	return domain.Tag{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
}

// ListTags lists the organisation's tags by name.
func (s *Store) ListTags(ctx context.Context) ([]domain.Tag, error) {
	var rows []tagRow
	if err := s.sel(ctx, &rows, `SELECT id, name, created_at FROM tags ORDER BY lower(name), id`); err != nil {
		return nil, fmt.Errorf("storage: list tags: %w", err)
	}
	out := make([]domain.Tag, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// TagByID reads one tag.
func (s *Store) TagByID(ctx context.Context, id int64) (domain.Tag, error) {
	var r tagRow
	if err := s.get(ctx, &r, `SELECT id, name, created_at FROM tags WHERE id = ?`, id); err != nil {
		return domain.Tag{}, fmt.Errorf("storage: tag %d: %w", id, err)
	}
	return r.toDomain(), nil
}

// CreateTag inserts t and sets its id; ErrConflict for a name there already.
func (s *Store) CreateTag(ctx context.Context, t *domain.Tag) error {
	id, err := s.insert(ctx, `INSERT INTO tags (name, created_at) VALUES (?, ?) RETURNING id`, t.Name, utc(t.CreatedAt))
	if err != nil {
		return fmt.Errorf("storage: insert tag: %w", err)
	}
	t.ID = id
	return nil
}

// DeleteTag deletes one tag.
func (s *Store) DeleteTag(ctx context.Context, id int64) error {
	res, err := s.exec(ctx, `DELETE FROM tags WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("storage: delete tag %d: %w", id, err)
	}
	if err := mustAffect(res); err != nil {
		return fmt.Errorf("storage: delete tag %d: %w", id, err)
	}
	return nil
}

// MatchSettingsOf reads a programme's match settings, the defaults when it
// has no row.
func (s *Store) MatchSettingsOf(ctx context.Context, programmeID int64) (domain.MatchSettings, error) {
	var rows []struct {
		Topics     int `db:"weight_topics"`
		Seniority  int `db:"weight_seniority"`
		Department int `db:"weight_department"`
		Hours      int `db:"weight_hours"`
		Language   int `db:"weight_language"`
		Capacity   int `db:"weight_capacity"`
		Min        int `db:"seniority_min"`
		Max        int `db:"seniority_max"`
		Found      int `db:"found"`
	}
	if err := s.sel(ctx, &rows, `SELECT coalesce(m.weight_topics, 0) AS weight_topics, coalesce(m.weight_seniority, 0) AS weight_seniority,
		coalesce(m.weight_department, 0) AS weight_department, coalesce(m.weight_hours, 0) AS weight_hours,
		coalesce(m.weight_language, 0) AS weight_language, coalesce(m.weight_capacity, 0) AS weight_capacity,
		coalesce(m.seniority_min, 0) AS seniority_min, coalesce(m.seniority_max, 0) AS seniority_max,
		CASE WHEN m.programme_id IS NULL THEN 0 ELSE 1 END AS found
		FROM programmes p LEFT JOIN programme_match_settings m ON m.programme_id = p.id WHERE p.id = ?`, programmeID); err != nil {
		return domain.MatchSettings{}, fmt.Errorf("storage: match settings of programme %d: %w", programmeID, err)
	}
	if len(rows) == 0 {
		return domain.MatchSettings{}, fmt.Errorf("storage: match settings of programme %d: %w", programmeID, domain.ErrNotFound)
	}
	r := rows[0]
	if r.Found == 0 {
		return domain.DefaultMatchSettings(), nil
	}
	return domain.MatchSettings{WeightTopics: r.Topics, WeightSeniority: r.Seniority, WeightDepartment: r.Department,
		WeightHours: r.Hours, WeightLanguage: r.Language, WeightCapacity: r.Capacity, SeniorityMin: r.Min, SeniorityMax: r.Max}, nil
}

// SetMatchSettings writes a programme's match settings.
func (s *Store) SetMatchSettings(ctx context.Context, programmeID int64, m domain.MatchSettings, at time.Time) error {
	if _, err := s.exec(ctx, `INSERT INTO programme_match_settings (programme_id, weight_topics, weight_seniority, weight_department,
		weight_hours, weight_language, weight_capacity, seniority_min, seniority_max, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (programme_id) DO UPDATE SET weight_topics = excluded.weight_topics, weight_seniority = excluded.weight_seniority,
		weight_department = excluded.weight_department, weight_hours = excluded.weight_hours, weight_language = excluded.weight_language,
		weight_capacity = excluded.weight_capacity, seniority_min = excluded.seniority_min, seniority_max = excluded.seniority_max,
		updated_at = excluded.updated_at`, programmeID, m.WeightTopics, m.WeightSeniority, m.WeightDepartment, m.WeightHours,
		m.WeightLanguage, m.WeightCapacity, m.SeniorityMin, m.SeniorityMax, utc(at)); err != nil {
		return fmt.Errorf("storage: match settings of programme %d: %w", programmeID, err)
	}
	return nil
}
