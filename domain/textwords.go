package domain

// text writes t in w's language: the Texts among its arguments first,
// dates as days, language lists by name, and in the plural form its "Count" argument takes when it
// has one (views' textWords writes Texts the same way).
func (w words) text(t Text) string {
	args := make([]any, len(t.Args))
	copy(args, t.Args)
	count, counted := 0, false
	for i, a := range args {
		switch v := a.(type) {
		case Text:
			args[i] = w.text(v)
		case *Text:
			if v != nil {
				args[i] = w.text(*v)
			}
		case Date:
			args[i] = w.date(v)
		case LanguageList:
			args[i] = v.In(w.tag)
		case int:
			if i > 0 && args[i-1] == "Count" && i%2 == 1 {
				count, counted = v, true
			}
		}
	}
	if counted {
		return w.N(t.Key, count, args...)
	}
	return w.T(t.Key, args...)
}

// Written is the assessment with each reason's Text written from its
// Words in language tag by tr (the API's, for one).
func (a Assessment) Written(tr Translator, tag string) Assessment {
	if len(a.Reasons) == 0 {
		return a
	}
	w := words{tr: tr, tag: tr.Resolve(tag)}
	rs := make([]HealthReason, len(a.Reasons))
	for i, r := range a.Reasons {
		r.Text = w.text(r.Words)
		rs[i] = r
	}
	a.Reasons = rs
	return a
}
