package views

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"cairn/domain"
	"cairn/domain/lang"
)

// chart is a server-rendered SVG bar chart with its text alternatives: a
// title and a description inside the SVG, and the same figures as a
// visually hidden table. Colours come from app.css classes.
type chart struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []chartBar
	Labels          []chartLabel
	Head            []string
	Rows            [][]string
	// Empty, when set, is what the chart shows instead of bars: it has no
	// figure above zero to draw.
	Empty string
}

// emptyUnless sets the chart's empty state unless some figure is above zero.
func (ch *chart) emptyUnless(msg string, figures ...[]int) {
	for _, fs := range figures {
		for _, n := range fs {
			if n > 0 {
				return
			}
		}
	}
	ch.Empty = msg
}

type chartBar struct {
	X, Y, W, H int
	Class      string
	Tip        string
}

type chartLabel struct {
	X, Y   int
	Anchor string
	Text   string
}

// scale maps v of max onto size, at least 1 for a non-zero value.
func scale(v, max, size int) int {
	if max <= 0 || v <= 0 {
		return 0
	}
	return max0(v*size/max, 1)
}

func max0(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// monthsChart draws one programme's completed check-ins per month.
func monthsChart(w *lang.Words, id string, name string, keys []string, counts []int) chart {
	months := make([]string, len(keys))
	for i, k := range keys {
		months[i] = monthWords(w, k)
	}
	const barW, gap, h, top = 16, 4, 60, 4
	ch := chart{ID: id, Title: w.T("chart.checkins_per_month", "Programme", name), Width: len(months) * (barW + gap), Height: h + 16,
		Head: []string{w.T("chart.month"), w.T("chart.completed_checkins")}}
	peak, total := 0, 0
	for _, n := range counts {
		peak, total = max0(peak, n), total+n
	}
	ch.Desc = w.N("chart.checkins_desc", total, "From", months[0], "To", months[len(months)-1], "Peak", w.Int(peak))
	for i, n := range counts {
		bh := scale(n, peak, h-top)
		ch.Bars = append(ch.Bars, chartBar{X: i * (barW + gap), Y: h - bh, W: barW, H: bh, Class: "bar",
			Tip: months[i] + ": " + strconv.Itoa(n)})
		ch.Rows = append(ch.Rows, []string{months[i], strconv.Itoa(n)})
	}
	ch.Labels = []chartLabel{{X: 0, Y: h + 13, Anchor: "start", Text: months[0]},
		{X: ch.Width, Y: h + 13, Anchor: "end", Text: months[len(months)-1]}}
	ch.emptyUnless(w.T("chart.no_checkins", "From", months[0], "To", months[len(months)-1]), counts)
	return ch
}

// hbarChart draws labelled horizontal bars, each under its label (a long
// programme name would not fit beside it); with a track per row when
// tracks is set (sessions completed against planned).
func hbarChart(w *lang.Words, id, title, desc string, head []string, labels []string, values, tracks []int) chart {
	const rowH, barH, labelH, barW = 40, 16, 15, 300
	ch := chart{ID: id, Title: title, Desc: desc, Width: barW + 60, Height: max0(len(labels)*rowH, rowH), Head: head}
	peak := 0
	for i := range values {
		peak = max0(peak, values[i])
		if tracks != nil {
			peak = max0(peak, tracks[i])
		}
	}
	for i, l := range labels {
		ch.Labels = append(ch.Labels, chartLabel{X: 0, Y: i*rowH + labelH - 4, Anchor: "start", Text: clipLabel(l, 55)})
		y := i*rowH + labelH
		row := []string{l, strconv.Itoa(values[i])}
		text := strconv.Itoa(values[i])
		if tracks != nil {
			ch.Bars = append(ch.Bars, chartBar{X: 0, Y: y, W: scale(tracks[i], peak, barW), H: barH, Class: "track",
				Tip: w.T("chart.planned_tip", "Label", l, "Planned", tracks[i])})
			row = append(row, strconv.Itoa(tracks[i]))
			text = w.T("chart.done_of_planned", "Done", values[i], "Planned", tracks[i])
		}
		bw := scale(values[i], peak, barW)
		ch.Bars = append(ch.Bars, chartBar{X: 0, Y: y, W: bw, H: barH, Class: "bar", Tip: l + ": " + strconv.Itoa(values[i])})
		ch.Labels = append(ch.Labels, chartLabel{X: max0(bw, scale(trackAt(tracks, i), peak, barW)) + 6, Y: y + barH - 3,
			Anchor: "start", Text: text})
		ch.Rows = append(ch.Rows, row)
	}
	return ch
}

// clipLabel shortens a label to n characters with an ellipsis; the chart's
// table and the bar's tooltip keep it whole.
func clipLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func trackAt(tracks []int, i int) int {
	if tracks == nil {
		return 0
	}
	return tracks[i]
}

type dashboardCard struct {
	domain.ProgrammeCard
	Chart *chart
}

// attentionRows bounds the dashboard's "no meeting in their cadence" list;
// the rest are counted and the flags page lists every one.
const attentionRows = 25

// dashboardFlagRows is how many open flags the dashboard lists; the
// flags page has them all, with what HR can do about each.
const dashboardFlagRows = 10

type dashboardPage struct {
	Page
	Flags         []domain.FlagView // the first open flags, newest first, as filtered
	MoreFlags     int               // how many more there are
	FlagsLink     string            // the flags page, filtered alike
	FlagKinds     []string
	FlagKind      string
	FlagProgramme int64
	Filtered      bool
	Cards         []dashboardCard
	Attention     []domain.Attention // the first attentionRows, longest overdue first
	MoreAttention int                // how many more there are
	Sessions      *chart
	Outcomes      chart
}

// dashboard is an admin's home: a card per active programme, the
// relationships with no meeting in their cadence first, and the charts.
func (s *Server) dashboard(c *fiber.Ctx) error {
	d, err := s.svc.Dashboard(c.UserContext(), *actor(c))
	if err != nil {
		return err
	}
	w := s.words(c)
	data := dashboardPage{Page: s.page(c, w.T("title.dashboard")), Attention: d.Attention, FlagKind: copyString(c.Query("kind"))}
	if len(data.Attention) > attentionRows {
		data.Attention, data.MoreAttention = data.Attention[:attentionRows], len(data.Attention)-attentionRows
	}
	if v := c.Query("programme_id"); v != "" {
		if data.FlagProgramme, err = strconv.ParseInt(v, 10, 64); err != nil {
			return badRequest("programme_id must be an id")
		}
	}
	data.Flags, err = s.svc.FlagViews(c.UserContext(), *actor(c), domain.FlagQuery{Kind: domain.FlagKind(data.FlagKind), ProgrammeID: data.FlagProgramme})
	if err != nil {
		return err
	}
	if len(data.Flags) > dashboardFlagRows {
		data.Flags, data.MoreFlags = data.Flags[:dashboardFlagRows], len(data.Flags)-dashboardFlagRows
	}
	for _, k := range domain.FlagKinds {
		data.FlagKinds = append(data.FlagKinds, string(k))
	}
	data.Filtered = data.FlagKind != "" || data.FlagProgramme != 0
	data.FlagsLink = "/flags"
	if data.Filtered {
		q := url.Values{}
		if data.FlagKind != "" {
			q.Set("kind", data.FlagKind)
		}
		if data.FlagProgramme != 0 {
			q.Set("programme_id", strconv.FormatInt(data.FlagProgramme, 10))
		}
		data.FlagsLink += "?" + q.Encode()
	}
	var names []string
	var done, planned []int
	for i, card := range d.Cards {
		dc := dashboardCard{ProgrammeCard: card}
		if card.Programme.Kind == domain.KindMentoring {
			ch := monthsChart(w, "checkins-"+strconv.Itoa(i), card.Programme.Name, d.Months, card.CheckinsByMonth)
			dc.Chart = &ch
		} else {
			names = append(names, card.Programme.Name)
			done, planned = append(done, card.SessionsCompleted), append(planned, card.SessionsPlanned)
		}
		data.Cards = append(data.Cards, dc)
	}
	if len(names) > 0 {
		total, totalPlanned := 0, 0
		for i := range done {
			total, totalPlanned = total+done[i], totalPlanned+planned[i]
		}
		ch := hbarChart(w, "sessions", w.T("chart.sessions_title"),
			w.N("chart.sessions_desc", len(names), "Done", total, "Planned", totalPlanned),
			[]string{w.T("chart.programme"), w.T("chart.completed"), w.T("chart.planned")}, names, done, planned)
		ch.emptyUnless(w.T("chart.no_sessions"), done, planned)
		data.Sessions = &ch
	}
	var labels []string
	var counts []int
	var parts []string
	for _, o := range domain.Outcomes {
		label := wordOf(w, "Outcome", string(o))
		labels, counts = append(labels, label), append(counts, d.Outcomes[string(o)])
		parts = append(parts, label+" "+strconv.Itoa(d.Outcomes[string(o)]))
	}
	data.Outcomes = hbarChart(w, "outcomes", w.T("chart.outcomes_title"), w.T("chart.outcomes_desc", "Figures", strings.Join(parts, "; ")),
		[]string{w.T("chart.outcome"), w.T("chart.engagements")}, labels, counts, nil)
	data.Outcomes.emptyUnless(w.T("chart.no_outcomes"), counts)
	return s.render(c, "dashboard", &data)
}
