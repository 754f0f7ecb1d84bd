// Progressive enhancement for the print view: a print button where scripts run. Without
// JavaScript the page prints the same through the browser's own print command.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
