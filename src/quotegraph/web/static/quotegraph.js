/* quotegraph UI: keyboard shortcuts and loading notices. Every page works without it. */
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function items() {
    return Array.prototype.slice.call(document.querySelectorAll("article.card, mark.statement[id]"));
  }
  var current = -1;
  function focusItem(step) {
    var all = items();
    if (!all.length) { return; }
    current = Math.max(0, Math.min(all.length - 1, current + step));
    all[current].focus();
    all[current].scrollIntoView({block: "center"});
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) { return; }
    if (event.key === "/") {
      var box = document.querySelector("[data-shortcut='/']");
      if (box) { event.preventDefault(); box.focus(); box.select(); }
    } else if (event.key === "j") {
      focusItem(1);
    } else if (event.key === "k") {
      focusItem(-1);
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var text = form.getAttribute("data-loading");
    if (!text) { return; }
    var status = form.querySelector(".loading");
    if (status) { status.textContent = text; }
    form.setAttribute("aria-busy", "true");
    Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
      b.disabled = true;
    });
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy]"), function (form) {
      form.removeAttribute("aria-busy");
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = false; });
      var status = form.querySelector(".loading");
      if (status) { status.textContent = ""; }
    });
  });
})();
