// Package views is Cairn's presentation layer, as in "a view answers a
// request": the fiber app, its routes and middleware (sign-in, CSRF, roles,
// security headers), and the handlers that turn requests into domain calls
// and domain results into HTML pages or JSON. Templates and static assets
// are embedded.
package views
