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
