package views

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"cairn/domain/lang"
)

// chartTemplate is the chart partial the pages used before charts were
// written in Go (charthtml.go): the reference the Go writer is held to.
const chartTemplate = `{{define "chart"}}
{{if .Empty}}
<figure class="chart chart-empty">
<figcaption>{{.Title}}</figcaption>
<p class="empty">{{.Empty}}</p>
</figure>
{{else}}
<figure class="chart">
<svg viewBox="0 0 {{.Width}} {{.Height}}" width="{{.Width}}" height="{{.Height}}" role="img" aria-labelledby="{{.ID}}-t {{.ID}}-d">
  <title id="{{.ID}}-t">{{.Title}}</title>
  <desc id="{{.ID}}-d">{{.Desc}}</desc>
  {{range .Bars}}<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"><title>{{.Tip}}</title></rect>
  {{end}}{{range .Labels}}<text class="chart-label" x="{{.X}}" y="{{.Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>
  {{end}}
</svg>
<div class="visually-hidden"><table>
  <caption>{{.Title}}</caption>
  <thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
  <tbody>{{range .Rows}}<tr>{{range $i, $v := .}}{{if $i}}<td>{{$v}}</td>{{else}}<th scope="row">{{$v}}</th>{{end}}{{end}}</tr>{{end}}</tbody>
</table></div>
<figcaption>{{.Desc}}</figcaption>
</figure>
{{end}}
{{end}}
`

// The Go chart writer writes what html/template wrote from the partial,
// whitespace between tags aside, escaping included.
func TestChartHTMLWritesWhatTheTemplateWrote(t *testing.T) {
	tmpl := template.Must(template.New("ref").Parse(chartTemplate + `{{define "table"}}<thead><tr>{{range .Head}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
  <tbody>{{range .Rows}}<tr>{{range $i, $v := .}}{{if $i}}<td>{{$v}}</td>{{else}}<th scope="row">{{$v}}</th>{{end}}{{end}}</tr>{{end}}</tbody>{{end}}`))
	cat, err := lang.Load("")
	if err != nil {
		t.Fatal(err)
	}
	w := cat.For("en")
	tricky := `Q&A <"Leads"> 'n' cafe`
	charts := map[string]chart{
		"months": monthsChart(w, "checkins-0", "Graduates", []string{"2026-01", "2026-02", "2026-03"}, []int{3, 0, 7}),
		"hbar": hbarChart(w, "sessions", "Sessions & goals", "1 of 4 <planned>", []string{"Programme", "Done", "Planned"},
			[]string{tricky, "Coaching"}, []int{1, 2}, []int{4, 2}),
		"empty": {ID: "outcomes", Title: tricky, Empty: "No outcomes yet <none>"},
	}
	for name, ch := range charts {
		var want bytes.Buffer
		if err := tmpl.ExecuteTemplate(&want, "chart", ch); err != nil {
			t.Fatal(err)
		}
		if got := string(ch.HTML()); strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(want.String()), " ") {
			t.Errorf("%s chart:\n got %s\nwant %s", name, got, want.String())
		}
		var table bytes.Buffer
		if err := tmpl.ExecuteTemplate(&table, "table", ch); err != nil {
			t.Fatal(err)
		}
		got := string(reportTable{Head: ch.Head, Rows: ch.Rows}.BodyHTML())
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(table.String()), " ") {
			t.Errorf("%s table:\n got %s\nwant %s", name, got, table.String())
		}
	}
}
