package domain

import (
	"context"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// One scoring function says how well a mentor fits a mentee, from facts
// Cairn holds, factor by factor, each with its programme's weight and a
// sentence in plain words: the topics the mentee wants covered by the
// skills the mentor offers, a seniority gap within the programme's range,
// another department, working hours that overlap by at least an hour, a
// shared language, and places left. HR's mentor suggestions rank by it,
// cohort matching (cohort.go) maximises its total and a mentee's browsing
// orders by it. Who may be scored at all is decided elsewhere
// (eligibility.go): the score only orders people the rules already allow.

const (
	// seniorityStep is what each level beyond the range costs, in
	// hundredths of the factor's weight.
	seniorityStep = 12
	// unlimitedStep is what each current mentee costs a mentor with no
	// limit set, in hundredths of the weight.
	unlimitedStep = 33
	// MinOverlapMinutes is the working time two people must share.
	MinOverlapMinutes = 60
)

// MatchFactor is one reason in a score: how many of its weight's points
// the pair earned, and why, in a sentence by catalogue key (the score is
// computed without knowing who reads it).
type MatchFactor struct {
	Name   string `json:"name"`
	Weight int    `json:"weight"`
	Points int    `json:"points"`
	Why    Text   `json:"-"`
}

// MatchScore is a mentor's fit for a mentee: the total of its factors.
type MatchScore struct {
	Total   int           `json:"score"`
	Factors []MatchFactor `json:"factors"`
}

// Reasons are the factors' sentences, in order.
func (m MatchScore) Reasons() []Text {
	out := make([]Text, len(m.Factors))
	for i, f := range m.Factors {
		out[i] = f.Why
	}
	return out
}

// reason is a factor's sentence by key.
func reason(key string, args ...any) Text { return Text{Key: key, Args: args} }

// LanguageList is language tags a sentence names: each named in the
// reader's language by whoever writes the sentence (In).
type LanguageList []string

// In is the languages' names in language tag ("en": LanguageName's).
func (l LanguageList) In(tag string) any {
	out := make([]string, len(l))
	namer := display.Tags(language.Make(tag))
	for i, code := range l {
		out[i] = code
		if tag == DefaultLanguage || namer == nil {
			out[i] = LanguageName(code)
		} else if t, err := language.Parse(code); err == nil {
			if n := namer.Name(t); n != "" {
				out[i] = n
			}
		}
	}
	return out
}

// Matcher scores mentors for mentees under one programme's settings.
type Matcher struct {
	Settings MatchSettings
	// IgnoreDepartment leaves the department out whatever its weight (the
	// organisation turned the preference off).
	IgnoreDepartment bool
	// Day is the date whose UTC offsets working hours are compared at
	// (the clock's, so a change to summer time is seen).
	Day time.Time
}

// Score scores mentor c (their profile in c.Profile) for mentee, whose
// profile is mp.
func (m Matcher) Score(c MentorCandidate, mentee Person, mp Profile) MatchScore {
	return m.score(c, mentee, mp, true)
}

// Points is Score's total alone, without the sentences: what cohort
// matching needs for every possible pair.
func (m Matcher) Points(c MentorCandidate, mentee Person, mp Profile) int {
	return m.score(c, mentee, mp, false).Total
}

// share is part of a weight: weight * num / den, rounded down.
func share(weight, num, den int) int {
	if den <= 0 {
		return 0
	}
	return weight * num / den
}

func (m Matcher) score(c MentorCandidate, mentee Person, mp Profile, explain bool) MatchScore {
	set := m.Settings
	p, op := c.Person, c.Profile
	fs := make([]MatchFactor, 0, 6)
	add := func(f MatchFactor) {
		if f.Weight > 0 {
			fs = append(fs, f)
		}
	}
	add(topicsFactor(set.WeightTopics, op, mp, explain))
	add(seniorityFactor(set, p, mentee, explain))
	if !m.IgnoreDepartment {
		add(departmentFactor(set.WeightDepartment, p, mentee, explain))
	}
	add(hoursFactor(set.WeightHours, p, op, mentee, mp, m.Day, explain))
	add(languageFactor(set.WeightLanguage, op, mp, explain))
	add(capacityFactor(set.WeightCapacity, c, explain))
	out := MatchScore{Factors: fs}
	for _, f := range fs {
		out.Total += f.Points
	}
	return out
}

func topicsFactor(w int, mentor, mentee Profile, explain bool) MatchFactor {
	f := MatchFactor{Name: "topics", Weight: w}
	if len(mentee.Wants) == 0 {
		f.Points = w / 2
		f.Why = reason("match.reason.topics_none_named")
		return f
	}
	offered := map[string]bool{}
	for _, t := range mentor.Offers {
		offered[strings.ToLower(t)] = true
	}
	var covered []string
	for _, t := range mentee.Wants {
		if offered[strings.ToLower(t)] {
			covered = append(covered, t)
		}
	}
	f.Points = share(w, len(covered), len(mentee.Wants))
	if !explain {
		return f
	}
	switch {
	case len(covered) == 0:
		f.Why = reason("match.reason.topics_none", "Wanted", strings.Join(mentee.Wants, ", "))
	case len(covered) == len(mentee.Wants):
		f.Why = reason("match.reason.topics_all", "Covered", strings.Join(covered, ", "))
	default:
		f.Why = reason("match.reason.topics_some", "Count", len(covered), "Of", len(mentee.Wants), "Covered", strings.Join(covered, ", "))
	}
	return f
}

func seniorityFactor(set MatchSettings, p, mentee Person, explain bool) MatchFactor {
	w := set.WeightSeniority
	f := MatchFactor{Name: "seniority", Weight: w}
	gap := p.Seniority - mentee.Seniority
	switch {
	case gap < set.SeniorityMin:
	case gap <= set.SeniorityMax:
		f.Points = w
	default:
		f.Points = max(0, w-share(w, seniorityStep*(gap-set.SeniorityMax), 100))
	}
	if !explain {
		return f
	}
	args := []any{"Mine", p.Seniority, "Theirs", mentee.Seniority, "Min", set.SeniorityMin, "Max", set.SeniorityMax}
	switch {
	case gap == 0:
		f.Why = reason("match.reason.seniority_same", args...)
	case gap < 0:
		f.Why = reason("match.reason.seniority_less", append(args, "Gap", -gap)...)
	case gap < set.SeniorityMin:
		f.Why = reason("match.reason.seniority_below", append(args, "Gap", gap)...)
	case gap <= set.SeniorityMax:
		f.Why = reason("match.reason.seniority_within", append(args, "Gap", gap)...)
	default:
		f.Why = reason("match.reason.seniority_above", append(args, "Gap", gap)...)
	}
	return f
}

func departmentFactor(w int, p, mentee Person, explain bool) MatchFactor {
	f := MatchFactor{Name: "department", Weight: w}
	switch {
	case p.Department == "" || mentee.Department == "":
		f.Points = w / 2
		f.Why = reason("match.reason.department_unknown")
	case p.Department == mentee.Department:
		if explain {
			f.Why = reason("match.reason.department_same", "Department", p.Department)
		}
	default:
		f.Points = w
		if explain {
			f.Why = reason("match.reason.department_other", "Department", p.Department)
		}
	}
	return f
}

func hoursFactor(w int, p Person, op Profile, mentee Person, mp Profile, day time.Time, explain bool) MatchFactor {
	f := MatchFactor{Name: "hours", Weight: w}
	if !op.HasHours() || !mp.HasHours() {
		f.Points = w / 2
		f.Why = reason("match.reason.hours_unknown")
		return f
	}
	ov := OverlapMinutes(op, p.Location(), mp, mentee.Location(), day)
	if ov >= MinOverlapMinutes {
		f.Points = w
	}
	if !explain {
		return f
	}
	switch {
	case ov == 0:
		f.Why = reason("match.reason.hours_none")
	case ov < MinOverlapMinutes:
		f.Why = reason("match.reason.hours_short", "Duration", durationWords(ov))
	default:
		f.Why = reason("match.reason.hours_overlap", "Duration", durationWords(ov))
	}
	return f
}

// durationWords says a number of minutes ("2 hours 30 minutes").
func durationWords(min int) Text {
	return reason("match.reason.duration", "Hours", min/60, "Minutes", min%60)
}

// workInterval is a profile's working hours on the date of day (its year,
// month and day) in loc, as instants; an end before the start is the next
// day's.
func workInterval(p Profile, loc *time.Location, day time.Time) (time.Time, time.Time) {
	s, _ := parseClock(p.WorkStart)
	e, _ := parseClock(p.WorkEnd)
	y, mo, d := day.Date()
	start := time.Date(y, mo, d, s/60, s%60, 0, 0, loc)
	end := time.Date(y, mo, d, e/60, e%60, 0, 0, loc)
	if !end.After(start) {
		end = time.Date(y, mo, d+1, e/60, e%60, 0, 0, loc)
	}
	return start, end
}

// OverlapMinutes is how long two people's working hours overlap on the
// day's date, compared in UTC from each one's zone (so the day's offsets,
// summer time or not, count); a day either side of the second person's is
// tried too, as their "today" may be the first one's yesterday.
func OverlapMinutes(a Profile, aLoc *time.Location, b Profile, bLoc *time.Location, day time.Time) int {
	as, ae := workInterval(a, aLoc, day)
	best := 0
	for _, shift := range []int{-1, 0, 1} {
		bs, be := workInterval(b, bLoc, day.AddDate(0, 0, shift))
		from, to := as, ae
		if bs.After(from) {
			from = bs
		}
		if be.Before(to) {
			to = be
		}
		if d := int(to.Sub(from) / time.Minute); d > best {
			best = d
		}
	}
	return best
}

func languageFactor(w int, mentor, mentee Profile, explain bool) MatchFactor {
	f := MatchFactor{Name: "language", Weight: w}
	if len(mentor.Languages) == 0 || len(mentee.Languages) == 0 {
		f.Points = w / 2
		f.Why = reason("match.reason.language_unknown")
		return f
	}
	var shared LanguageList
	for _, l := range mentee.Languages {
		if slices.Contains(mentor.Languages, l) {
			shared = append(shared, l)
		}
	}
	if len(shared) > 0 {
		f.Points = w
	}
	if !explain {
		return f
	}
	if len(shared) == 0 {
		f.Why = reason("match.reason.language_none")
	} else {
		f.Why = reason("match.reason.language_shared", "Languages", shared)
	}
	return f
}

func capacityFactor(w int, c MentorCandidate, explain bool) MatchFactor {
	p := c.Person
	f := MatchFactor{Name: "capacity", Weight: w}
	if p.MaxMentees != nil && *p.MaxMentees > 0 {
		free := max(0, *p.MaxMentees-c.OpenMentees)
		f.Points = share(w, free, *p.MaxMentees)
		if explain {
			f.Why = reason("match.reason.capacity_free", "Free", free, "Max", *p.MaxMentees)
		}
		return f
	}
	f.Points = max(0, w-share(w, unlimitedStep*c.OpenMentees, 100))
	switch {
	case !explain:
	case c.OpenMentees == 0:
		f.Why = reason("match.reason.capacity_unlimited_none")
	default:
		f.Why = reason("match.reason.capacity_unlimited", "Count", c.OpenMentees)
	}
	return f
}

// MatchSettings are a mentoring programme's weights of the match score's
// factors (0 leaves a factor out) and the seniority gap it looks for.
type MatchSettings struct {
	WeightTopics     int `json:"weight_topics"`
	WeightSeniority  int `json:"weight_seniority"`
	WeightDepartment int `json:"weight_department"`
	WeightHours      int `json:"weight_hours"`
	WeightLanguage   int `json:"weight_language"`
	WeightCapacity   int `json:"weight_capacity"`
	SeniorityMin     int `json:"seniority_min"`
	SeniorityMax     int `json:"seniority_max"`
}

// DefaultMatchSettings are the settings of a programme that set none: the
// weights add up to 100.
func DefaultMatchSettings() MatchSettings {
	return MatchSettings{WeightTopics: 25, WeightSeniority: 20, WeightDepartment: 15, WeightHours: 15,
		WeightLanguage: 10, WeightCapacity: 15, SeniorityMin: 1, SeniorityMax: 3}
}

// MaxMatchWeight bounds one factor's weight.
const MaxMatchWeight = 100

// Validate checks every setting.
func (m MatchSettings) Validate() error {
	var v ValidationError
	sum := 0
	for _, w := range []struct {
		field string
		n     int
	}{{"weight_topics", m.WeightTopics}, {"weight_seniority", m.WeightSeniority}, {"weight_department", m.WeightDepartment},
		{"weight_hours", m.WeightHours}, {"weight_language", m.WeightLanguage}, {"weight_capacity", m.WeightCapacity}} {
		if w.n < 0 || w.n > MaxMatchWeight {
			v.AddText(w.field, "error.match.weight_range", "Max", MaxMatchWeight)
		}
		sum += w.n
	}
	if sum == 0 {
		v.AddText("weight_seniority", "error.match.no_weight")
	}
	if m.SeniorityMin < 1 || m.SeniorityMin > 9 {
		v.AddText("seniority_min", "error.match.gap_range")
	}
	if m.SeniorityMax < 1 || m.SeniorityMax > 9 {
		v.AddText("seniority_max", "error.match.gap_range")
	} else if m.SeniorityMax < m.SeniorityMin {
		v.AddText("seniority_max", "error.match.gap_order")
	}
	return v.Err()
}

// matcherFor is the matcher of a programme (0: the default settings), at
// the clock's date.
func (s *Service) matcherFor(ctx context.Context, st Ports, programmeID int64) (Matcher, error) {
	m := Matcher{Settings: DefaultMatchSettings(), IgnoreDepartment: s.cfg.MatchIgnoreDepartment, Day: s.clock.Now()}
	if programmeID != 0 {
		set, err := st.Profiles.MatchSettingsOf(ctx, programmeID)
		if err != nil {
			return Matcher{}, err
		}
		m.Settings = set
	}
	return m, nil
}

// withProfiles reads the profiles of the candidates onto them, and the
// profiles of the other people named, by id (an unwritten one is empty).
func withProfiles(ctx context.Context, st Ports, cands []MentorCandidate, others ...int64) (map[int64]Profile, error) {
	ids := slices.Clone(others)
	for _, c := range cands {
		ids = append(ids, c.Person.ID)
	}
	ps, err := st.Profiles.ProfilesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range cands {
		cands[i].Profile = ps[cands[i].Person.ID]
	}
	return ps, nil
}

// MatchSettingsPatch changes some of a programme's match settings; nil
// fields stay.
type MatchSettingsPatch struct {
	WeightTopics, WeightSeniority, WeightDepartment, WeightHours, WeightLanguage, WeightCapacity *int
	SeniorityMin, SeniorityMax                                                                   *int
}

// apply writes the patch onto m.
func (in MatchSettingsPatch) apply(m MatchSettings) MatchSettings {
	for _, f := range []struct {
		from *int
		to   *int
	}{{in.WeightTopics, &m.WeightTopics}, {in.WeightSeniority, &m.WeightSeniority}, {in.WeightDepartment, &m.WeightDepartment},
		{in.WeightHours, &m.WeightHours}, {in.WeightLanguage, &m.WeightLanguage}, {in.WeightCapacity, &m.WeightCapacity},
		{in.SeniorityMin, &m.SeniorityMin}, {in.SeniorityMax, &m.SeniorityMax}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	return m
}

// setMatchSettings changes a mentoring programme's match settings inside
// tx, audited; the caller has authorised.
func (s *Service) setMatchSettings(ctx context.Context, tx Ports, a Actor, p Programme, in MatchSettingsPatch) (MatchSettings, error) {
	if p.Kind != KindMentoring {
		return MatchSettings{}, InvalidText("weight_seniority", "error.match.mentoring_only")
	}
	before, err := tx.Profiles.MatchSettingsOf(ctx, p.ID)
	if err != nil {
		return MatchSettings{}, err
	}
	after := in.apply(before)
	if err := after.Validate(); err != nil {
		return MatchSettings{}, err
	}
	now := s.clock.Now()
	if err := tx.Profiles.SetMatchSettings(ctx, p.ID, after, now); err != nil {
		return MatchSettings{}, err
	}
	fields := func(m MatchSettings) map[string]any {
		return map[string]any{"weight_topics": m.WeightTopics, "weight_seniority": m.WeightSeniority,
			"weight_department": m.WeightDepartment, "weight_hours": m.WeightHours, "weight_language": m.WeightLanguage,
			"weight_capacity": m.WeightCapacity, "seniority_min": m.SeniorityMin, "seniority_max": m.SeniorityMax}
	}
	return after, tx.Audit.InsertAudit(ctx, AuditEntry{ActorID: actorID(a), Action: "update", ObjectType: "match_settings",
		ObjectID: p.ID, Changes: diff(fields(before), fields(after)), At: now})
}

// readMatchSettings puts a mentoring programme's match settings on it.
func (s *Service) readMatchSettings(ctx context.Context, p *Programme) error {
	if p.Kind != KindMentoring {
		return nil
	}
	ms, err := s.store.Profiles.MatchSettingsOf(ctx, p.ID)
	if err != nil {
		return err
	}
	p.MatchSettings = &ms
	return nil
}
