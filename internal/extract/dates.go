package extract

import "time"

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// resolveDate dates an event from the relative date expression nearest to
// its trigger ("Saturday", "yesterday", "last week"), counted back from the
// article's date. Without an article date, or without an expression, the
// event has the article's date (possibly none).
func resolveDate(doc *document, st *sentState, at int) string {
	if !doc.hasDate {
		return doc.dateStr
	}
	toks := st.tokens
	best, bestDist := doc.date, -1
	for k, t := range toks {
		var d time.Time
		ok := false
		switch n := t.norm; {
		case weekdays[n] != 0 || n == "sunday":
			wd := weekdays[n]
			back := (int(doc.date.Weekday()) - int(wd) + 7) % 7
			d, ok = doc.date.AddDate(0, 0, -back), true
		case n == "yesterday":
			d, ok = doc.date.AddDate(0, 0, -1), true
		case n == "today" || n == "tonight":
			d, ok = doc.date, true
		case n == "last" && k+1 < len(toks):
			switch toks[k+1].norm {
			case "week":
				d, ok = doc.date.AddDate(0, 0, -7), true
			case "month":
				d, ok = doc.date.AddDate(0, -1, 0), true
			case "year":
				d, ok = doc.date.AddDate(-1, 0, 0), true
			case "night":
				d, ok = doc.date.AddDate(0, 0, -1), true
			default:
				if wd, isDay := weekdays[toks[k+1].norm]; isDay || toks[k+1].norm == "sunday" {
					back := (int(doc.date.Weekday()) - int(wd) + 7) % 7
					if back == 0 {
						back = 7
					}
					d, ok = doc.date.AddDate(0, 0, -back), true
				}
			}
		}
		if !ok {
			continue
		}
		dist := k - at
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = d, dist
		}
	}
	return best.Format("2006-01-02")
}
