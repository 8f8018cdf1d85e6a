// Pagefind's UI, pointed at the index next to pagefind-ui.js so any sub-path works.
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
});
