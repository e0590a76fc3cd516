// The registration page (templates/workflows/letter/start.html): its configuration is the
// JSON data block #lt-stage-config (workflows.views._stage_config). A file, not an inline
// script, so that a Content-Security-Policy without nonces allows it.
// Scans go up as soon as they are chosen; the reader fills the form while the clerk
// checks it. Without this script the form still works: the scans go with the form.
(function () {
  var config = JSON.parse(document.getElementById("lt-stage-config").textContent);
  var text = config.text;
  var form = document.querySelector("form.lt-form");
  var input = form && form.querySelector("input[type=file][name=scans]");
  var hidden = form && form.querySelector("input[name=staged_documents]");
  if (!input || !hidden || !window.FormData || !window.fetch) return;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var list = document.createElement("ul");
  list.className = "lt-scans";
  list.setAttribute("aria-live", "polite");
  input.closest(".lt-field").appendChild(list);

  var ids = function () { return hidden.value.split(",").filter(Boolean); };
  var touched = {};
  // A form sent back with errors was already filled by the clerk: do not fill it again.
  var applied = ids().length > 0;

  function setIds(values) { hidden.value = values.join(","); }
  // The words are gettext's python-format strings: "%s" or "%(name)s" for a value, and
  // "%%" for a percent sign ("Mengunggah… %s%%" must read "Mengunggah… 40%").
  function format(words, values) {
    return words.replace(/%(?:\((\w+)\))?s|%%/g, function (match, name) {
      if (match === "%%") return "%";
      return String(name === undefined ? values : values[name]);
    });
  }
  function fieldBox(name) { return document.getElementById("field-" + name); }
  function note(box, message, kind) {
    var old = box.querySelector(".lt-fill-note");
    if (old) old.remove();
    if (!message) return;
    var small = document.createElement("small");
    small.className = "lt-fill-note lt-fill-note--" + kind;
    small.textContent = message;
    box.appendChild(small);
  }
  function onEdit(event) {
    var name = event.target.name;
    if (!name || event.target === input) return;
    touched[name] = true;
    var box = fieldBox(name);
    if (box && box.classList.contains("lt-field--unsure")) {
      box.classList.remove("lt-field--unsure");
      note(box, text.filled, "filled");
    }
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);

  // The clerk's checks on the dates (workflows/date_checks.py says them again on the
  // confirmation and the review page): an event already over, an event before the letter.
  function value(name) { var element = form.elements[name]; return element ? element.value : ""; }
  function checkDates() {
    var box = fieldBox("local_start");
    if (!box) return;
    var old = box.querySelector(".lt-date-warnings");
    if (old) old.remove();
    var start = value("local_start").slice(0, 10), end = value("local_end").slice(0, 10);
    var letterDate = value("letter_date"), now = new Date();
    var today = [now.getFullYear(), ("0" + (now.getMonth() + 1)).slice(-2),
                 ("0" + now.getDate()).slice(-2)].join("-");
    var warnings = [];
    if (start && (end || start) < today) warnings.push(text.event_past);
    if (start && letterDate && start < letterDate) warnings.push(text.event_before_letter);
    if (!warnings.length) return;
    var block = document.createElement("div");
    block.className = "lt-date-warnings lt-alert lt-alert--warn";
    block.setAttribute("role", "alert");
    warnings.forEach(function (warning) {
      var line = document.createElement("p");
      line.textContent = warning;
      block.appendChild(line);
    });
    box.appendChild(block);
  }
  form.addEventListener("input", checkDates);
  form.addEventListener("change", checkDates);
  checkDates();

  function fill(data) {
    var filled = 0, unsureCount = 0;
    Object.keys(data.values).forEach(function (name) {
      var element = form.elements[name];
      var box = fieldBox(name);
      if (!element || !box || touched[name]) return;
      element.value = data.values[name];
      if (element.value !== data.values[name]) return;  // a choice the list does not have
      filled += 1;
      var unsure = data.unsure.indexOf(name) >= 0;
      if (unsure) unsureCount += 1;
      box.classList.add("lt-field--filled");
      box.classList.toggle("lt-field--unsure", unsure);
      note(box, unsure ? text.unsure : text.filled, unsure ? "unsure" : "filled");
    });
    return { filled: filled, unsure: unsureCount };
  }

  // "Berkas ini berisi 2 surat: hlm. 1–2 (nomor …), hlm. 3–4 (nomor …). Yang kedua …"
  function lettersMessage(letters) {
    var parts = letters.map(function (letter) {
      var pages = letter.pages || [];
      var span = pages[0] === pages[1] ? String(pages[0]) : pages[0] + "\u2013" + pages[1];
      return letter.letter_number
        ? format(text.letter_numbered, { pages: span, number: letter.letter_number })
        : format(text.letter_pages, { pages: span });
    });
    return format(text.letters, { count: letters.length, list: parts.join(", ") }) + " " +
      (letters.length === 2 ? text.letters_two : text.letters_more);
  }

  function row(name) {
    var li = document.createElement("li");
    li.className = "lt-scan";
    var title = document.createElement("span");
    title.className = "lt-scan__name";
    title.textContent = name;
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var status = document.createElement("span");
    status.className = "lt-scan__status";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "lt-scan__remove";
    remove.textContent = text.remove;
    remove.hidden = true;
    li.append(title, bar, status, remove);
    list.appendChild(li);
    return li;
  }
  function show(li, message, percent, kind) {
    li.querySelector(".lt-scan__status").textContent = message;
    var bar = li.querySelector("progress");
    if (percent === null) { bar.hidden = true; } else { bar.hidden = false; bar.value = percent; }
    li.dataset.state = kind;
  }

  function follow(li, data) {
    li.dataset.id = data.id;
    var remove = li.querySelector(".lt-scan__remove");
    remove.hidden = false;
    remove.onclick = function () {
      setIds(ids().filter(function (id) { return id !== String(data.id); }));
      li.remove();
    };
    if (data.name) {
      li.querySelector(".lt-scan__name").textContent =
        data.pages ? data.name + " (" + format(text.pages, data.pages) + ")" : data.name;
    }
    if (data.earlier && data.earlier.length && !li.querySelector(".lt-scan__earlier")) {
      var warn = document.createElement("div");
      warn.className = "lt-scan__earlier lt-alert lt-alert--warn";
      warn.textContent = format(text.earlier, data.earlier.join(", "));
      li.appendChild(warn);
    }
    if (data.status === "done" && data.letters && data.letters.length > 1 &&
        !li.querySelector(".lt-scan__letters")) {
      var several = document.createElement("div");
      several.className = "lt-scan__letters lt-alert lt-alert--warn";
      several.setAttribute("role", "alert");
      several.textContent = lettersMessage(data.letters);
      li.appendChild(several);
    }
    if (data.status === "done") {
      var message = data.status_label;  // an attachment: read, but the form is not refilled
      if (!Object.keys(data.values).length) {
        message = text.done_empty;
      } else if (!applied) {
        applied = true;  // the first scan read is the letter; later ones are attachments
        var result = fill(data);
        checkDates();
        message = format(text.done, result);
      }
      show(li, message, null, "done");
      return;
    }
    if (data.status === "failed") {
      show(li, format(text.failed, data.error), null, "failed");
      return;
    }
    show(li, data.status === "running" ? format(text.running, data.progress) : text.pending,
         data.status === "running" ? data.progress : null, data.status);
    window.setTimeout(function () {
      fetch(data.status_url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw response; return response.json(); })
        .then(function (fresh) { follow(li, fresh); })
        .catch(function () { window.setTimeout(function () { follow(li, data); }, 3000); });
    }, 1500);
  }

  // While a scan is still going up the form cannot be sent: it would arrive without it.
  var inFlight = 0;
  var waiting = [];  // chosen files not sent yet
  function uploading(delta) {
    inFlight += delta;
    var busy = inFlight > 0 || waiting.length > 0;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = busy;
      button.title = busy ? text.wait : "";
    });
  }

  function upload(file) {
    var li = row(file.name);
    uploading(1);
    show(li, format(text.uploading, 0), 0, "uploading");
    var request = new XMLHttpRequest();
    request.open("POST", config.stage_url);
    request.setRequestHeader("X-CSRFToken", csrf);
    request.upload.onprogress = function (event) {
      if (!event.lengthComputable) return;
      var percent = Math.round((100 * event.loaded) / event.total);
      show(li, format(text.uploading, percent), percent, "uploading");
    };
    request.onloadend = function () { uploading(-1); next(); };
    request.onload = function () {
      var data = {};
      try { data = JSON.parse(request.responseText); } catch (error) { data = {}; }
      if (request.status === 201) {
        setIds(ids().concat([String(data.id)]));
        follow(li, data);
      } else {
        show(li, data.error || text.upload_failed, null, "refused");
      }
    };
    request.onerror = function () { show(li, text.network, null, "refused"); };
    var body = new FormData();
    body.append("file", file);
    request.send(body);
  }

  // One upload at a time, in the order chosen: the first file stays the letter, and a
  // slow office line is not split between several files.
  function next() {
    if (inFlight || !waiting.length) return;
    upload(waiting.shift());
  }
  input.addEventListener("change", function () {
    Array.prototype.forEach.call(input.files, function (file) {
      waiting.push(file);
    });
    input.value = "";  // taken over by the script: the form must not send them again
    uploading(0);
    next();
  });
  // Scans uploaded before the form came back with errors: show them again.
  ids().forEach(function (id) {
    follow(row("#" + id), { id: id, status: "pending", status_url: config.status_url.replace("/0/", "/" + id + "/"), values: {}, unsure: [] });
  });
})();
