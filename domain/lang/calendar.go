package lang

import (
	"strconv"
	"strings"
	"time"
)

// calendar is how a language writes days, times and numbers, from the
// CLDR data for each language (abbreviated "format" names, the medium
// date pattern, the short time pattern, the decimal and grouping
// symbols), kept here by hand for the few languages Cairn speaks.
type calendar struct {
	weekdays [7]string  // Sunday first, abbreviated
	months   [12]string // abbreviated
	// day writes a date from its parts: weekday, day of month, month,
	// year.
	day func(wd string, d int, mon string, y int) string
	// month writes a month and year.
	month    func(mon string, y int) string
	twelve   bool   // 12-hour clock ("9:00 AM")
	hourPad  bool   // "09:00" rather than "9:00"
	decimal  string // decimal separator
	group    string // thousands separator
	whenJoin string // between the date and the time
	// lowerNouns: a label inside a sentence is lower-cased (not German,
	// which capitalises its nouns).
	lowerNouns bool
}

var calendars = map[string]*calendar{
	// English as Cairn has always written it: "Wed 2 Dec 2026, 09:00".
	"en": {
		weekdays: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		months:   [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		day: func(wd string, d int, mon string, y int) string {
			return wd + " " + strconv.Itoa(d) + " " + mon + " " + strconv.Itoa(y)
		},
		month:   func(mon string, y int) string { return mon + " " + strconv.Itoa(y) },
		hourPad: true, decimal: ".", group: ",", whenJoin: ", ", lowerNouns: true,
	},
	// "Mi., 2. Dez. 2026, 09:00"
	"de": {
		weekdays: [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
		months:   [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		day: func(wd string, d int, mon string, y int) string {
			return wd + ", " + strconv.Itoa(d) + ". " + mon + " " + strconv.Itoa(y)
		},
		month:   func(mon string, y int) string { return mon + " " + strconv.Itoa(y) },
		hourPad: true, decimal: ",", group: ".", whenJoin: ", ",
	},
	// "mer. 2 déc. 2026, 09:00"
	"fr": {
		weekdays: [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
		months:   [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		day: func(wd string, d int, mon string, y int) string {
			return wd + " " + strconv.Itoa(d) + " " + mon + " " + strconv.Itoa(y)
		},
		month:   func(mon string, y int) string { return mon + " " + strconv.Itoa(y) },
		hourPad: true, decimal: ",", group: "\u202f", whenJoin: ", ", lowerNouns: true,
	},
	// "mié, 2 dic 2026, 9:00"
	"es": {
		weekdays: [7]string{"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
		months:   [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
		day: func(wd string, d int, mon string, y int) string {
			return wd + ", " + strconv.Itoa(d) + " " + mon + " " + strconv.Itoa(y)
		},
		month:   func(mon string, y int) string { return mon + " " + strconv.Itoa(y) },
		hourPad: false, decimal: ",", group: ".", whenJoin: ", ", lowerNouns: true,
	},
}

// Day is a calendar date, given as its year, month and day, in the
// language's form: "Wed 2 Dec 2026", "Mi., 2. Dez. 2026".
func (w *Words) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return w.cal.day(w.cal.weekdays[t.Weekday()], t.Day(), w.cal.months[t.Month()-1], t.Year())
}

// Month is a month in the language's form: "Mar 2026", "März 2026".
func (w *Words) Month(t time.Time) string {
	return w.cal.month(w.cal.months[t.Month()-1], t.Year())
}

// Clock is a time of day in the language's form: "09:00", "9:00", "9:00 AM".
func (w *Words) Clock(t time.Time) string {
	h := t.Hour()
	suffix := ""
	if w.cal.twelve {
		suffix = " AM"
		if h >= 12 {
			suffix = " PM"
		}
		if h = h % 12; h == 0 {
			h = 12
		}
	}
	hs := strconv.Itoa(h)
	if w.cal.hourPad && len(hs) == 1 {
		hs = "0" + hs
	}
	m := strconv.Itoa(t.Minute())
	if len(m) == 1 {
		m = "0" + m
	}
	return hs + ":" + m + suffix
}

// When is an instant in zone loc with the zone named: "Wed 2 Dec 2026,
// 09:00 CET"; "" for the zero instant.
func (w *Words) When(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	return w.Day(t) + w.cal.whenJoin + w.Clock(t) + " " + t.Format("MST")
}

// Number is n with the given digits after the decimal separator, grouped
// by thousands: 1234.5 is "1,234.5" in English, "1.234,5" in German.
func (w *Words) Number(n float64, digits int) string {
	s := strconv.FormatFloat(n, 'f', digits, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(w.cal.group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(w.cal.decimal + frac)
	}
	return b.String()
}

// Int is a whole number grouped by thousands.
func (w *Words) Int(n int) string { return w.Number(float64(n), 0) }
