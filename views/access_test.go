package views_test

import (
	"strings"
	"testing"

	"cairn/domain"
)

// accessMatrix is who gets what from every route. Every route of the app
// must have a row: a new route without one fails TestAccessMatrix, naming
// it. Statuses are what the role gets with a valid request (fresh
// credentials, the CSRF token, a good body), so only the role decides.
//
// Pages send anonymous readers to sign in (303) and refuse anonymous
// writes (401); the API answers 401. A participant is whoever takes part in
// the object (for a person, that person); notApplicable says a route has
// none.
var accessMatrix = map[string]accessEntry{
	"GET /healthz":             {want: expect{200, 200, notApplicable, 200, 200}},
	"GET /readyz":              {want: expect{200, 200, notApplicable, 200, 200}},
	"GET /api/v1/openapi.json": {want: expect{200, 200, notApplicable, 200, 200}},
	"GET /static/*":            {object: aStaticFile, want: expect{200, 200, notApplicable, 200, 200}},
	"GET /login":               {want: expect{200, 303, notApplicable, 303, 303}},
	"POST /login":              {body: credentialsForm, want: expect{303, 303, notApplicable, 303, 303}},
	"POST /logout":             {want: expect{401, 303, notApplicable, 303, 303}},
	"GET /":                    {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /people":              {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /people/new":          {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /people":             {body: personForm, want: expect{401, 403, notApplicable, 303, 403}},
	"GET /people/:id":          {object: aPerson, want: expect{303, 200, 200, 200, 404}},
	"GET /people/:id/edit":     {object: aPerson, want: expect{303, 403, 403, 200, 403}},
	"POST /people/:id":         {object: aPerson, body: personForm, want: expect{401, 403, 403, 303, 403}},

	"POST /api/v1/tokens":           {body: credentialsJSON, want: expect{201, 201, notApplicable, 201, 201}},
	"DELETE /api/v1/tokens/current": {want: expect{401, 204, notApplicable, 204, 204}},
	"GET /api/v1/me":                {want: expect{401, 200, notApplicable, 200, 200}},
	"GET /api/v1/people":            {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/people":           {body: personJSON, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/people/:id":        {object: aPerson, want: expect{401, 200, 200, 200, 404}},
	"PATCH /api/v1/people/:id":      {object: aPerson, body: personPatchJSON, want: expect{401, 403, 403, 200, 403}},

	// Settings, agenda, links and tokens.
	"GET /agenda":                      {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /settings":                    {want: expect{303, 200, notApplicable, 200, 200}},
	"POST /settings/profile":           {body: profileForm, want: expect{401, 303, notApplicable, 303, 303}},
	"POST /settings/password":          {bodyAs: passwordForm, want: expect{401, 303, notApplicable, 303, 303}},
	"POST /settings/tokens":            {body: tokenNameForm, want: expect{401, 200, notApplicable, 200, 200}},
	"POST /settings/calendar":          {want: expect{401, 303, notApplicable, 303, 303}},
	"POST /settings/tokens/:id/revoke": {object: anAPIToken, want: expect{401, 404, 303, 404, 404}},
	"GET /forgot":                      {want: expect{200, 200, notApplicable, 200, 200}},
	"POST /forgot":                     {body: emailForm, want: expect{200, 200, notApplicable, 200, 200}},
	"GET /invite/:token":               {object: anInvite, want: expect{200, 200, 200, 200, 200}},
	"POST /invite/:token":              {object: anInvite, body: newPasswordForm, want: expect{303, 303, 303, 303, 303}},
	"GET /reset/:token":                {object: aReset, want: expect{200, 200, 200, 200, 200}},
	"POST /reset/:token":               {object: aReset, body: newPasswordForm, want: expect{303, 303, 303, 303, 303}},
	"GET /m/:token":                    {object: aMeetingLink, want: expect{200, 200, notApplicable, 200, 200}},
	"POST /m/:token":                   {object: aMeetingLink, want: expect{422, 422, notApplicable, 422, 422}},
	"GET /calendar/:file":              {object: aCalendarFeed, want: expect{200, 200, 200, 200, 200}},
	"POST /people/:id/invite":          {object: aPerson, want: expect{401, 403, 403, 303, 403}},
	"GET /admin/audit":                 {want: expect{303, 403, notApplicable, 200, 403}},
	// Organisation sign-in: the matrix's app has no provider configured,
	// so these say so (404) to anyone; with a provider, views/oidc_test.go
	// runs the flow for anyone (the sealed cookie and the state are the
	// credential, not a role).
	"GET /auth/oidc/login":             {want: expect{404, 404, notApplicable, 404, 404}},
	"GET /auth/oidc/callback":          {want: expect{404, 404, notApplicable, 404, 404}},
	"GET /people/:id/suggest-mentors":  {object: aPerson, want: expect{303, 403, 403, 200, 403}},
	"GET /people/import":               {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /people/import/preview":      {body: csvForm(peopleCSVBody), want: expect{401, 403, notApplicable, 200, 403}},
	"POST /people/import":              {body: heldImport("people", peopleCSVBody), want: expect{401, 403, notApplicable, 303, 403}},
	"GET /pairings/import":             {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /pairings/import/preview":    {body: csvForm(pairingsCSVBody), want: expect{401, 403, notApplicable, 200, 403}},
	"POST /pairings/import":            {body: heldImport("pairings", pairingsCSVBody), want: expect{401, 403, notApplicable, 303, 403}},
	"GET /engagements/import":          {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /engagements/import/preview": {body: csvForm(engagementsCSVBody), want: expect{401, 403, notApplicable, 200, 403}},
	"POST /engagements/import":         {body: heldImport("engagements", engagementsCSVBody), want: expect{401, 403, notApplicable, 303, 403}},

	// Programmes.
	"GET /programmes":              {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /pairings":                {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /engagements":             {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /programmes/new":          {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /programmes":             {body: programmeForm, want: expect{401, 403, notApplicable, 303, 403}},
	"GET /programmes/:id":          {object: aProgramme, want: expect{303, 404, 200, 200, 404}},
	"GET /programmes/:id/edit":     {object: aProgramme, want: expect{303, 404, 403, 200, 404}},
	"POST /programmes/:id":         {object: aProgramme, body: programmeForm, want: expect{401, 404, 403, 303, 404}},
	"POST /programmes/:id/archive": {object: aProgramme, body: confirmedForm, want: expect{401, 404, 403, 303, 404}},
	// Cohort matching (cohort.go): admins; a participant may know the
	// programme (403), anyone else not (404).
	// Mentor requests: programmes that take them are known to every
	// member; the external coach is not mentored (409). A refused sign-up
	// or request comes back as the mentors' page with the form's errors
	// (the admin, more senior than the mentor asked, 422); the other steps
	// go back with what went wrong.
	"GET /programmes/:id/mentors":                         {object: aRequestProgramme, want: expect{303, 200, 200, 200, 409}},
	"POST /programmes/:id/join":                           {object: aRequestProgramme, body: joinMenteeForm, want: expect{401, 303, 303, 303, 409}},
	"POST /programmes/:id/leave":                          {object: aRequestProgramme, body: joinMenteeForm, want: expect{401, 404, 303, 404, 404}},
	"POST /programmes/:id/requests":                       {object: aRequestProgramme, body: seniorMentorForm, want: expect{401, 303, 303, 422, 409}},
	"GET /requests":                                       {want: expect{303, 200, notApplicable, 200, 200}},
	"GET /requests/approvals":                             {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /requests/:id/accept":                           {object: aRequestToMentor, want: expect{401, 404, 303, 403, 404}},
	"POST /requests/:id/decline":                          {object: aRequestToMentor, body: confirmedForm, want: expect{401, 404, 303, 403, 404}},
	"POST /requests/:id/withdraw":                         {object: aRequestOfMentee, body: confirmedForm, want: expect{401, 404, 303, 403, 404}},
	"POST /requests/:id/approve":                          {object: aWaitingRequest, want: expect{401, 404, 403, 303, 404}},
	"POST /requests/:id/reject":                           {object: aWaitingRequest, body: confirmedForm, want: expect{401, 404, 403, 303, 404}},
	"GET /api/v1/programmes/:id/mentors":                  {object: aRequestProgramme, want: expect{401, 200, 200, 200, 409}},
	"POST /api/v1/programmes/:id/join":                    {object: aRequestProgramme, body: joinMenteeJSON, want: expect{401, 200, 200, 200, 422}},
	"POST /api/v1/programmes/:id/leave":                   {object: aRequestProgramme, body: joinMenteeJSON, want: expect{401, 404, 204, 404, 404}},
	"POST /api/v1/programmes/:id/requests":                {object: aRequestProgramme, body: seniorMentorJSON, want: expect{401, 201, 201, 422, 409}},
	"GET /api/v1/me/requests":                             {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/requests/:id/accept":                    {object: aRequestToMentor, want: expect{401, 404, 200, 403, 404}},
	"POST /api/v1/requests/:id/decline":                   {object: aRequestToMentor, body: reasonJSON, want: expect{401, 404, 200, 403, 404}},
	"POST /api/v1/requests/:id/withdraw":                  {object: aRequestOfMentee, want: expect{401, 404, 200, 403, 404}},
	"POST /api/v1/requests/:id/approve":                   {object: aWaitingRequest, want: expect{401, 404, 403, 200, 404}},
	"POST /api/v1/requests/:id/reject":                    {object: aWaitingRequest, body: reasonJSON, want: expect{401, 404, 403, 200, 404}},
	"GET /programmes/:id/proposals":                       {object: aProgramme, want: expect{303, 404, 403, 200, 404}},
	"POST /programmes/:id/proposals":                      {object: aProgramme, body: proposedPairForm, want: expect{401, 404, 403, 303, 404}},
	"POST /api/v1/programmes/:id/match-proposals":         {object: aProgramme, want: expect{401, 404, 403, 200, 404}},
	"POST /api/v1/programmes/:id/match-proposals/confirm": {object: aProgramme, body: proposedPairJSON, want: expect{401, 404, 403, 201, 404}},
	"POST /api/v1/programmes/:id/match-proposals/review":  {object: aProgramme, body: proposedPairJSON, want: expect{401, 404, 403, 200, 404}},
	"GET /api/v1/programmes":                              {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/programmes":                             {body: programmeJSON, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/programmes/:id":                          {object: aProgramme, want: expect{401, 404, 200, 200, 404}},
	"PATCH /api/v1/programmes/:id":                        {object: aProgramme, body: descriptionJSON, want: expect{401, 404, 403, 200, 404}},

	// Mentoring: pairings and check-ins. The participant is the mentee.
	"GET /pairings/new":                  {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /pairings":                     {body: pairingForm, want: expect{401, 403, notApplicable, 303, 403}},
	"GET /pairings/:id":                  {object: aPairing, want: expect{303, 404, 200, 200, 404}},
	"POST /pairings/:id/status":          {object: aPairing, body: pauseForm, want: expect{401, 404, 403, 303, 404}},
	"POST /pairings/:id/checkins":        {object: aPairing, body: checkinForm, want: expect{401, 404, 303, 403, 404}},
	"GET /checkins/:id":                  {object: aCheckin, want: expect{303, 404, 200, 200, 404}},
	"POST /checkins/:id":                 {object: aCheckin, body: agendaForm, want: expect{401, 404, 303, 403, 404}},
	"GET /api/v1/pairings":               {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/pairings":              {body: pairingJSON, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/pairings/:id":           {object: aPairing, want: expect{401, 404, 200, 200, 404}},
	"PATCH /api/v1/pairings/:id":         {object: aPairing, body: focusJSON, want: expect{401, 404, 403, 200, 404}},
	"GET /api/v1/pairings/:id/checkins":  {object: aPairing, want: expect{401, 404, 200, 200, 404}},
	"POST /api/v1/pairings/:id/checkins": {object: aPairing, body: checkinJSON, want: expect{401, 404, 201, 403, 404}},
	"GET /api/v1/checkins/:id":           {object: aCheckin, want: expect{401, 404, 200, 200, 404}},
	"PATCH /api/v1/checkins/:id":         {object: aCheckin, body: agendaJSON, want: expect{401, 404, 200, 403, 404}},

	// Regular times (series): participants and admins; outsiders 404.
	"GET /pairings/:id/series/new":        {object: aPairing, want: expect{303, 404, 200, 200, 404}},
	"POST /pairings/:id/series":           {object: aPairing, body: seriesForm, want: expect{401, 404, 303, 303, 404}},
	"GET /engagements/:id/series/new":     {object: anEngagement, want: expect{303, 404, 200, 200, 200}},
	"POST /engagements/:id/series":        {object: anEngagement, body: seriesForm, want: expect{401, 404, 303, 303, 303}},
	"POST /series/:id/skip":               {object: aSeries, body: seriesSkipForm, want: expect{401, 404, 303, 403, 404}},
	"POST /series/:id/end":                {object: aSeries, want: expect{401, 404, 303, 303, 404}},
	"GET /api/v1/pairings/:id/series":     {object: aPairing, want: expect{401, 404, 200, 200, 404}},
	"POST /api/v1/pairings/:id/series":    {object: aPairing, body: seriesJSON, want: expect{401, 404, 201, 201, 404}},
	"GET /api/v1/engagements/:id/series":  {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
	"POST /api/v1/engagements/:id/series": {object: anEngagement, body: seriesJSON, want: expect{401, 404, 201, 201, 201}},
	"GET /api/v1/series/:id":              {object: aSeries, want: expect{401, 404, 200, 200, 404}},
	"PATCH /api/v1/series/:id":            {object: aSeries, body: seriesPatchJSON, want: expect{401, 404, 200, 200, 404}},
	"DELETE /api/v1/series/:id":           {object: aSeries, want: expect{401, 404, 204, 204, 404}},

	// Coaching: engagements and sessions. The participant is the coachee,
	// the external coach is the engagement's coach.
	"GET /engagements/new":                  {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /engagements":                     {body: engagementForm, want: expect{401, 403, notApplicable, 303, 403}},
	"GET /engagements/:id":                  {object: anEngagement, want: expect{303, 404, 200, 200, 200}},
	"POST /engagements/:id/sessions":        {object: anEngagement, body: sessionForm, want: expect{401, 404, 303, 403, 303}},
	"POST /engagements/:id/progress":        {object: anEngagement, body: progressForm, want: expect{401, 404, 403, 303, 303}},
	"POST /engagements/:id/close":           {object: anEngagement, body: closeForm, want: expect{401, 404, 403, 303, 303}},
	"POST /engagements/:id/cancel":          {object: anEngagement, body: cancelForm, want: expect{401, 404, 403, 303, 403}},
	"GET /sessions/:id":                     {object: aSession, want: expect{303, 404, 200, 200, 200}},
	"POST /sessions/:id":                    {object: aSession, body: sessionEditForm, want: expect{401, 404, 303, 403, 303}},
	"GET /api/v1/engagements":               {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/engagements":              {body: engagementJSON, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/engagements/:id":           {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
	"PATCH /api/v1/engagements/:id":         {object: anEngagement, body: progressJSON, want: expect{401, 404, 403, 200, 200}},
	"GET /api/v1/engagements/:id/progress":  {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
	"POST /api/v1/engagements/:id/close":    {object: anEngagement, body: closeJSON, want: expect{401, 404, 403, 200, 200}},
	"POST /api/v1/engagements/:id/cancel":   {object: anEngagement, body: cancelJSON, want: expect{401, 404, 403, 200, 403}},
	"GET /api/v1/engagements/:id/sessions":  {object: anEngagement, want: expect{401, 404, 200, 200, 200}},
	"POST /api/v1/engagements/:id/sessions": {object: anEngagement, body: sessionJSON, want: expect{401, 404, 201, 403, 201}},
	"GET /api/v1/sessions/:id":              {object: aSession, want: expect{401, 404, 200, 200, 200}},
	"PATCH /api/v1/sessions/:id":            {object: aSession, body: locationJSON, want: expect{401, 404, 200, 403, 200}},

	// Scheduler: notifications (the participant is the recipient), flags,
	// outbox, jobs.
	"GET /notifications":                     {want: expect{303, 200, notApplicable, 200, 200}},
	"POST /notifications/read":               {want: expect{401, 303, notApplicable, 303, 303}},
	"POST /notifications/:id/read":           {object: aNotification, want: expect{401, 404, 303, 404, 404}},
	"GET /flags":                             {want: expect{303, 403, notApplicable, 200, 403}},
	"GET /reports":                           {want: expect{303, 403, notApplicable, 200, 403}},
	"GET /reports.csv":                       {want: expect{303, 403, notApplicable, 200, 403}},
	"GET /api/v1/reports":                    {want: expect{401, 403, notApplicable, 200, 403}},
	"GET /api/v1/reports.csv":                {want: expect{401, 403, notApplicable, 200, 403}},
	"GET /admin/outbox":                      {want: expect{303, 403, notApplicable, 200, 403}},
	"POST /admin/outbox/:id/retry":           {object: anOutboxRow, want: expect{401, 403, notApplicable, 409, 403}},
	"GET /api/v1/me/notifications":           {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/me/notifications/read":     {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/me/notifications/:id/read": {object: aNotification, want: expect{401, 404, 200, 404, 404}},
	"GET /api/v1/flags":                      {want: expect{401, 403, notApplicable, 200, 403}},
	"GET /api/v1/admin/outbox":               {want: expect{401, 403, notApplicable, 200, 403}},
	"POST /api/v1/admin/outbox/:id/retry":    {object: anOutboxRow, want: expect{401, 403, notApplicable, 409, 403}},
	"POST /api/v1/admin/jobs/:job/run":       {object: aJob, want: expect{401, 403, notApplicable, 200, 403}},

	// Health: HR nudges a pair and acts on flags (which no one else sees).
	"POST /flags/:id/:action":            {object: aFlag, body: snoozeForm, want: expect{401, 404, notApplicable, 303, 404}},
	"POST /api/v1/flags/:id/nudge":       {object: aFlag, body: nudgeJSON, want: expect{401, 404, notApplicable, 202, 404}},
	"POST /api/v1/flags/:id/snooze":      {object: aFlag, body: snoozeJSON, want: expect{401, 404, notApplicable, 200, 404}},
	"POST /api/v1/flags/:id/resolve":     {object: aFlag, body: resolveJSON, want: expect{401, 404, notApplicable, 200, 404}},
	"POST /pairings/:id/nudge":           {object: aPairing, body: nudgeForm, want: expect{401, 404, 403, 303, 404}},
	"POST /engagements/:id/nudge":        {object: anEngagement, body: nudgeForm, want: expect{401, 404, 403, 303, 403}},
	"POST /api/v1/pairings/:id/nudge":    {object: aPairing, body: nudgeJSON, want: expect{401, 404, 403, 202, 404}},
	"POST /api/v1/engagements/:id/nudge": {object: anEngagement, body: nudgeJSON, want: expect{401, 404, 403, 202, 403}},

	// Me, links, HR admin.
	"PATCH /api/v1/me":                          {body: profileJSON, want: expect{401, 200, notApplicable, 200, 200}},
	"GET /api/v1/me/agenda":                     {want: expect{401, 200, notApplicable, 200, 200}},
	"GET /api/v1/me/calendar":                   {want: expect{401, 200, notApplicable, 200, 200}},
	"POST /api/v1/me/calendar":                  {want: expect{401, 200, notApplicable, 200, 200}},
	"GET /api/v1/me/tokens":                     {want: expect{401, 200, notApplicable, 200, 200}},
	"DELETE /api/v1/me/tokens/:id":              {object: anAPIToken, want: expect{401, 404, 204, 404, 404}},
	"POST /api/v1/password-resets":              {body: emailJSON, want: expect{202, 202, notApplicable, 202, 202}},
	"POST /api/v1/people/:id/invite":            {object: aPerson, want: expect{401, 403, 403, 202, 403}},
	"POST /api/v1/people/import":                {body: peopleCSVBody, want: expect{401, 403, notApplicable, 201, 403}},
	"POST /api/v1/pairings/import":              {body: pairingsCSVBody, want: expect{401, 403, notApplicable, 201, 403}},
	"POST /api/v1/engagements/import":           {body: engagementsCSVBody, want: expect{401, 403, notApplicable, 201, 403}},
	"GET /api/v1/admin/audit":                   {want: expect{401, 403, notApplicable, 200, 403}},
	"GET /api/v1/reports/programmes/:file":      {object: aReport, want: expect{401, 403, notApplicable, 200, 403}},
	"GET /api/v1/people/:id/mentor-suggestions": {object: aPerson, want: expect{401, 403, 403, 200, 403}},
	"GET /api/v1/people/:id/export":             {object: aPerson, want: expect{401, 403, 200, 200, 404}},
}

func TestAccessMatrix(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		routes := map[string]bool{}
		for _, key := range routeKeys(e.app) {
			routes[key] = true
			entry, ok := accessMatrix[key]
			if !ok {
				t.Errorf("route %q has no row in accessMatrix (views/access_test.go): add who may use it", key)
				continue
			}
			t.Run(key, func(t *testing.T) {
				// Fixtures fail this subtest, not the parent.
				parent := w.t
				w.t, e.t = t, t
				defer func() { w.t, e.t = parent, parent }()
				for _, r := range roles {
					want := entry.want.of(r)
					switch want {
					case 0:
						t.Errorf("%s: the row says nothing for %s; give a status or notApplicable", key, r)
						continue
					case notApplicable:
						continue
					}
					method, path, o := w.target(key, entry)
					p, ok := w.as(r, o)
					if !ok {
						t.Errorf("%s: %s expected %d, but the row's object has no participant", key, r, want)
						continue
					}
					body := entry.bodyFor(w, o, p)
					resp, out := e.do(w.request(method, path, p, body))
					if resp.StatusCode != want {
						t.Errorf("%s as %s: status %d, want %d; body: %.300s", key, r, resp.StatusCode, want, out)
					}
				}
			})
		}
		for key := range accessMatrix {
			if !routes[key] {
				t.Errorf("accessMatrix has a row for %q, which is not a route (renamed or removed?)", key)
			}
		}
	})
}

// TestUnknownTokens pins what the token routes answer for a token no one
// was given: 404 for everyone, signed in or not, on reads and writes.
func TestUnknownTokens(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *env) {
		w := newWorld(t, e)
		o := unknownToken(w)
		for _, c := range []struct {
			key  string
			body any
		}{
			{"GET /calendar/:file", nil}, {"GET /invite/:token", nil}, {"POST /invite/:token", newPasswordForm(w, o)},
			{"GET /reset/:token", nil}, {"POST /reset/:token", newPasswordForm(w, o)}, {"GET /m/:token", nil}, {"POST /m/:token", nil},
		} {
			method, route, _ := strings.Cut(c.key, " ")
			for _, who := range []*domain.Person{nil, &w.outsider, &e.admin} {
				resp, body := e.do(w.request(method, fillPath(t, route, o), who, c.body))
				if resp.StatusCode != 404 {
					t.Errorf("%s with an unknown token (signed in: %v): status %d, want 404; %.200s", c.key, who != nil, resp.StatusCode, body)
				}
			}
		}
	})
}
