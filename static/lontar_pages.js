/*
 * What Lontar's pages once did in inline scripts and on*= attributes, which the
 * Content-Security-Policy forbids (config/content_policy.py). Loaded once in the head of
 * every viewflow page, the public pages and the printable sheets; the listeners sit on
 * the document, so they also serve pages that Turbo (viewflow's frontend) swaps in later.
 *
 *   <button type="button" data-print>             prints the page
 *   <select data-navigate>                        opens the chosen option's value (a URL)
 *   <button data-copy="text" data-copied="Done">  copies the text, says "Done" for a moment
 *   <button data-copy-from="ID" data-copied="Done" data-copy-status="ID2">
 *                                                 copies the value of element ID, writes
 *                                                 "Done" into element ID2
 */
(function () {
  "use strict";

  function announce(button) {
    var done = button.getAttribute("data-copied") || "";
    var status = document.getElementById(button.getAttribute("data-copy-status") || "");
    if (status) {
      status.textContent = done;
      return;
    }
    var label = button.textContent;
    button.textContent = done;
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  // Older phones' browsers, and pages not served over HTTPS, have no clipboard API: select
  // the text and copy it the old way (a field of the page stays selected for a long press).
  function copyTheOldWay(text, field, button) {
    var area = field;
    if (!area) {
      area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "lt-copy-buffer";
      document.body.appendChild(area);
    }
    area.focus();
    area.select();
    if (area.setSelectionRange) { area.setSelectionRange(0, area.value.length); }
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    if (!field) { area.remove(); }
    if (copied) { announce(button); }
  }

  function copy(button) {
    var field = null;
    var text = button.getAttribute("data-copy");
    if (text === null) {
      field = document.getElementById(button.getAttribute("data-copy-from"));
      if (!field) { return; }
      text = field.value !== undefined ? field.value : field.textContent;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(button); },
        function () { copyTheOldWay(text, field, button); }
      );
    } else {
      copyTheOldWay(text, field, button);
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    if (target.closest("[data-print]")) {
      window.print();
      return;
    }
    var button = target.closest("[data-copy], [data-copy-from]");
    if (button) { copy(button); }
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-navigate") && select.value) {
      window.location.assign(select.value);
    }
  });
})();
