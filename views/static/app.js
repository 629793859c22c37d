// Cairn works without this file; it only adds conveniences.

// A "Copy" button after every input marked data-copy (the calendar link,
// a new API token). Without script the input stays selectable.
document.querySelectorAll("input[data-copy]").forEach(function (input) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = "Copy";
  button.setAttribute("aria-label", "Copy " + (input.labels && input.labels[0] ? input.labels[0].textContent : "the value"));
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = "Copied";
    });
  });
  input.insertAdjacentElement("afterend", button);
});

// A form that failed comes back with a summary of its problems at the top:
// move the focus there, so it is read out and the links are one Tab away.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();

// Scheduling across zones: as a date and a time are typed, show them on
// the other participants' clocks. Without script the form's "Show the time
// for both of us" button asks the server for the same.
document.querySelectorAll("input[data-zones]").forEach(function (time) {
  var date = time.form && time.form.querySelector("input[name=date]");
  var out = document.getElementById(time.id.replace(/-time$/, "-also"));
  var mine = time.getAttribute("data-zone");
  var zones;
  try { zones = JSON.parse(time.getAttribute("data-zones")); } catch (e) { return; }
  if (!date || !out || !window.Intl || !zones || !zones.length) return;
  // offset is how many minutes zone tz is ahead of UTC at instant ms.
  function offset(ms, tz) {
    var p = {};
    new Intl.DateTimeFormat("en-GB", {timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit",
      day: "2-digit", hour: "2-digit", minute: "2-digit"}).formatToParts(new Date(ms)).forEach(function (x) { p[x.type] = x.value; });
    return (Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute) - ms) / 60000;
  }
  function show() {
    var d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value), t = /^(\d{2}):(\d{2})/.exec(time.value);
    if (!d || !t) { out.textContent = ""; return; }
    var wall = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]);
    var ms = wall - offset(wall, mine) * 60000;
    ms = wall - offset(ms, mine) * 60000; // once more, across a change of offset
    out.textContent = "That is " + zones.map(function (z) {
      return new Intl.DateTimeFormat("en-GB", {timeZone: z.tz, weekday: "short", day: "numeric", month: "short",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"}).format(new Date(ms)) + " for " + z.for;
    }).join(" · ") + ".";
  }
  date.addEventListener("input", show);
  time.addEventListener("input", show);
  show();
});

// On a phone each table row reads as a card (app.css): every cell gets its
// column's heading as data-label, which the stylesheet shows before it.
document.querySelectorAll("table").forEach(function (table) {
  var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
    return th.textContent.trim();
  });
  if (!heads.length) return;
  table.classList.add("labelled");
  table.querySelectorAll("tbody tr").forEach(function (tr) {
    Array.prototype.forEach.call(tr.children, function (cell, i) {
      if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
    });
  });
});
