/* Impact badges and portfolios: small progressive enhancements, nothing depends on them.
 *
 * 1. A badge group shows our text fallback ("Altmetric 121 · news 8") until Altmetric's
 *    script has drawn its badge; then the group gets `is-live` and the stylesheet hides
 *    the text on screen (print keeps it). If the script is blocked, nothing changes.
 * 2. The portfolio's "Print or save as PDF" button is hidden until this script runs, so
 *    readers without JavaScript never see a button that does nothing.
 */
(function () {
  "use strict";

  function drawn(embed) {
    if (embed.classList.contains("altmetric-hidden")) return false;
    if (!embed.querySelector("a, img, div")) return false;
    return embed.getClientRects().length > 0;
  }

  function watch(embed) {
    var group = embed.closest(".impact-badge");
    if (!group) return;
    var update = function () { group.classList.toggle("is-live", drawn(embed)); };
    update();
    if ("MutationObserver" in window) {
      new MutationObserver(update).observe(embed, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style"]
      });
    }
  }

  document.querySelectorAll(".impact-badge .altmetric-embed").forEach(watch);

  document.querySelectorAll("[data-impact-print]").forEach(function (button) {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
