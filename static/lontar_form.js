// Forms marked data-once (templates/lontar_form.html and a few buttons): a double click
// must not submit twice, so the buttons are disabled once the form is sent. A file, not an
// inline script, so that a Content-Security-Policy without nonces allows it.
document.querySelectorAll("form[data-once]").forEach(function (f) {
  f.addEventListener("submit", function () {
    f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  });
});
