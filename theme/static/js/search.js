// Pagefind's UI, pointed at the index next to pagefind-ui.js so any sub-path works.
// The input gets a visible <label> (WCAG: a placeholder is not a label).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, autofocus: false });
  var tries = 0;
  (function labelInput() {
    var input = document.querySelector("#search .pagefind-ui__search-input");
    if (input) {
      input.id = "search-input";
      var label = document.getElementById("search-label");
      if (label) { label.htmlFor = "search-input"; }
      input.removeAttribute("title");
      return;
    }
    if (tries++ < 50) { window.requestAnimationFrame(labelInput); }
  })();
});
