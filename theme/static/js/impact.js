/* Impact badges and portfolios: small progressive enhancements, nothing depends on them.
 *
 * 1. A badge group shows our text fallback ("Altmetric 121 · news 8") until Altmetric's
 *    script has drawn its badge; then the group gets `is-live` and the stylesheet hides
 *    the text on screen (print keeps it). If the script is blocked, nothing changes.
 * 2. The portfolio's "Print or save as PDF" button is hidden until this script runs, so
 *    readers without JavaScript never see a button that does nothing.
 * 3. The embed attributes every Altmetric badge of the page shares (data-badge-type, …)
 *    are written once, on this script's own tag, and copied onto each badge here. On post
 *    pages this script is not deferred and comes before Altmetric's, so the badges have
 *    them before Altmetric's script reads them. Without JavaScript no badge is drawn anyway.
 */
(function () {
  "use strict";

  var own = document.currentScript;
  var shared = own ? Array.prototype.filter.call(own.attributes, function (attr) {
    return attr.name.indexOf("data-") === 0;
  }) : [];
  document.querySelectorAll(".altmetric-embed").forEach(function (embed) {
    shared.forEach(function (attr) {
      if (!embed.hasAttribute(attr.name)) embed.setAttribute(attr.name, attr.value);
    });
  });

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
