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
