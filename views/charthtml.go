package views

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The charts are written as markup here rather than by html/template: a
// chart is a few hundred small values (bars, labels, the table behind
// it), and the template engine's reflection and escapers cost more than
// the dashboard's and the reports page's reads together. Every value is
// escaped as html/template escapes it in the same place (text and quoted
// attributes alike); TestChartHTMLWritesWhatTheTemplateWrote holds the two
// to the same output.

// HTML is the chart: an SVG figure with its title and description, and
// the same figures as a visually hidden table, or its empty state.
func (ch chart) HTML() template.HTML {
	var b strings.Builder
	b.Grow(256 + 160*len(ch.Bars) + 96*len(ch.Labels) + 48*len(ch.Rows))
	if ch.Empty != "" {
		b.WriteString("\n<figure class=\"chart chart-empty\">\n<figcaption>")
		writeEscaped(&b, ch.Title)
		b.WriteString("</figcaption>\n<p class=\"empty\">")
		writeEscaped(&b, ch.Empty)
		b.WriteString("</p>\n</figure>\n")
		return template.HTML(b.String())
	}
	w, h := strconv.Itoa(ch.Width), strconv.Itoa(ch.Height)
	b.WriteString("\n<figure class=\"chart\">\n<svg viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\" aria-labelledby=\"")
	writeEscaped(&b, ch.ID)
	b.WriteString("-t ")
	writeEscaped(&b, ch.ID)
	b.WriteString("-d\">\n  <title id=\"")
	writeEscaped(&b, ch.ID)
	b.WriteString("-t\">")
	writeEscaped(&b, ch.Title)
	b.WriteString("</title>\n  <desc id=\"")
	writeEscaped(&b, ch.ID)
	b.WriteString("-d\">")
	writeEscaped(&b, ch.Desc)
	b.WriteString("</desc>\n  ")
	for _, r := range ch.Bars {
		b.WriteString("<rect class=\"")
		writeEscaped(&b, r.Class)
		b.WriteString("\" x=\"" + strconv.Itoa(r.X) + "\" y=\"" + strconv.Itoa(r.Y) + "\" width=\"" + strconv.Itoa(r.W) +
			"\" height=\"" + strconv.Itoa(r.H) + "\"><title>")
		writeEscaped(&b, r.Tip)
		b.WriteString("</title></rect>\n  ")
	}
	for _, l := range ch.Labels {
		b.WriteString("<text class=\"chart-label\" x=\"" + strconv.Itoa(l.X) + "\" y=\"" + strconv.Itoa(l.Y) + "\" text-anchor=\"")
		writeEscaped(&b, l.Anchor)
		b.WriteString("\">")
		writeEscaped(&b, l.Text)
		b.WriteString("</text>\n  ")
	}
	b.WriteString("\n</svg>\n<div class=\"visually-hidden\"><table>\n  <caption>")
	writeEscaped(&b, ch.Title)
	b.WriteString("</caption>\n  ")
	tableBody(&b, ch.Head, ch.Rows)
	b.WriteString("\n</table></div>\n<figcaption>")
	writeEscaped(&b, ch.Desc)
	b.WriteString("</figcaption>\n</figure>\n")
	return template.HTML(b.String())
}

// BodyHTML is the table's head and rows, for the page to put under its
// own caption.
func (t reportTable) BodyHTML() template.HTML {
	var b strings.Builder
	tableBody(&b, t.Head, t.Rows)
	return template.HTML(b.String())
}

// tableBody writes a figures table's head and body: the first cell of a
// row heads it.
func tableBody(b *strings.Builder, head []string, rows [][]string) {
	b.WriteString("<thead><tr>")
	for _, h := range head {
		b.WriteString("<th scope=\"col\">")
		writeEscaped(b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  <tbody>")
	for _, row := range rows {
		b.WriteString("<tr>")
		for i, v := range row {
			if i == 0 {
				b.WriteString("<th scope=\"row\">")
				writeEscaped(b, v)
				b.WriteString("</th>")
				continue
			}
			b.WriteString("<td>")
			writeEscaped(b, v)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</tbody>")
}

// writeEscaped writes s escaped for HTML text or a quoted attribute value.
func writeEscaped(b *strings.Builder, s string) { b.WriteString(html.EscapeString(s)) }
