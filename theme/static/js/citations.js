/* Reference previews for in-text citations (citations plugin).
   Each citation link already jumps to its entry and names it via aria-describedby, so
   this script only adds a visual preview on hover and keyboard focus. The preview stays
   while the pointer is over it and closes with Escape (WCAG 1.4.13). */
(function () {
  "use strict";
  var tip = null, owner = null, timer = null;

  function hide() {
    clearTimeout(timer);
    if (tip) { tip.remove(); tip = null; owner = null; }
  }

  function show(link) {
    var id = (link.getAttribute("href") || "").slice(1);
    var entry = id && document.getElementById(id + "-text");
    if (!entry || owner === link) return;
    hide();
    tip = document.createElement("div");
    tip.className = "citation-preview";
    tip.setAttribute("aria-hidden", "true");  /* screen readers get the entry via aria-describedby */
    var copy = entry.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("a").forEach(function (a) { a.replaceWith(document.createTextNode(a.textContent)); });
    var number = document.createElement("strong");
    number.textContent = link.textContent.replace(/\(.*$/, "") + ". ";
    tip.append(number, copy);
    tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
    tip.addEventListener("mouseleave", later);
    document.body.appendChild(tip);
    var box = link.getBoundingClientRect(), width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 6) + "px";
    owner = link;
  }

  function later() { clearTimeout(timer); timer = setTimeout(hide, 300); }

  document.querySelectorAll("a.citation-link").forEach(function (link) {
    link.addEventListener("mouseenter", function () { clearTimeout(timer); show(link); });
    link.addEventListener("mouseleave", later);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
})();
