// The standard-price panel (SSH/SBU) of the budget editor: searches while typing (GET the panel's data-search-url,
// JSON from the server, texts already translated there) and "Use" fills the line last worked on: account (when only
// one is allowed), component, specification, unit and price, then moves to its koefisien. Without this file the
// panel is a plain GET search and a list to read. Texts come from the panel's data-text-* attributes.
(function () {
  "use strict";

  var SEARCH_DELAY_MS = 250;
  var panel = document.querySelector("[data-price-panel]");
  var form = document.querySelector("form[data-budget-editor]");
  if (!panel || !form || !window.fetch) { return; }

  var searchForm = panel.querySelector("[data-price-search]");
  var input = panel.querySelector("#price-q");
  var rows = panel.querySelector("[data-price-rows]");
  var status = panel.querySelector("[data-price-status]");
  var targetNote = panel.querySelector("[data-price-target]");
  var lastLine = null; // the line ([data-line]) the learner last worked on
  var timer = null;
  var seq = 0;

  function text(name, values) {
    var out = panel.getAttribute("data-text-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { out = out.split("{" + key + "}").join(values[key]); });
    return out;
  }

  function lines() { return form.querySelectorAll("[data-line]"); }

  function target() {
    if (lastLine && form.contains(lastLine)) { return lastLine; }
    var all = lines();
    return all.length ? all[all.length - 1] : null;
  }

  function showTarget() {
    var line = target();
    targetNote.hidden = !line;
    if (line) { targetNote.textContent = text("target", { n: line.getAttribute("data-line") }); }
  }

  function field(line, name) {
    return line.querySelector("[name='lines-" + line.getAttribute("data-line") + "-" + name + "']");
  }

  function put(line, name, value) {
    var el = field(line, name);
    if (!el || value === undefined || value === null) { return; }
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true })); // the editor re-checks and autosaves
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function use(button) {
    var line = target();
    if (!line) { status.textContent = text("no-line"); return; }
    var data = button.dataset;
    if (data.account) { put(line, "account", data.account); }
    put(line, "reference_code", data.code);
    put(line, "component", data.name);
    put(line, "specification", data.specification);
    put(line, "abbreviation", data.unit);
    put(line, "unit_price", data.priceInput);
    status.textContent = text("filled", { n: line.getAttribute("data-line"), code: data.code });
    var next = field(line, "koefisien");
    if (next) { next.focus(); }
  }

  function cell(content, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    td.textContent = content;
    return td;
  }

  function row(item) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-price-code", item.code);
    tr.appendChild(cell(item.code, "latih-code text-nowrap"));
    var name = cell(item.name);
    if (item.specification) {
      var spec = document.createElement("div");
      spec.className = "latih-muted";
      spec.textContent = item.specification;
      name.appendChild(spec);
    }
    tr.appendChild(name);
    tr.appendChild(cell(item.unit));
    tr.appendChild(cell(item.price, "text-end text-nowrap"));
    tr.appendChild(cell(item.mode, "text-nowrap"));
    tr.appendChild(cell(item.accounts.join(", "), "latih-code"));
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary";
    button.setAttribute("data-price-use", "");
    button.dataset.code = item.code;
    button.dataset.name = item.name;
    button.dataset.specification = item.specification;
    button.dataset.unit = item.unit;
    button.dataset.priceInput = item.price_input;
    button.dataset.account = item.account;
    button.textContent = text("use");
    var td = document.createElement("td");
    td.appendChild(button);
    tr.appendChild(td);
    return tr;
  }

  function labelButtons() {
    var line = target();
    panel.querySelectorAll("[data-price-use]").forEach(function (button) {
      button.hidden = false;
      if (line) {
        button.setAttribute("aria-label", text("use-label", { code: button.dataset.code, n: line.getAttribute("data-line") }));
      }
    });
  }

  function search() {
    var mine = ++seq;
    var url = panel.getAttribute("data-search-url") + "&q=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (resp) { return resp.ok ? resp.json() : null; })
      .then(function (answer) {
        if (!answer || mine !== seq) { return; }
        while (rows.firstChild) { rows.removeChild(rows.firstChild); }
        answer.items.forEach(function (item) { rows.appendChild(row(item)); });
        status.textContent = text("found", { n: answer.found });
        labelButtons();
        panel.setAttribute("data-price-ready", String(mine));
      })
      .catch(function () { /* the plain GET search still works */ });
  }

  searchForm.addEventListener("submit", function (event) { event.preventDefault(); search(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, SEARCH_DELAY_MS);
  });
  rows.addEventListener("click", function (event) {
    var button = event.target.closest("[data-price-use]");
    if (button) { use(button); }
  });
  form.addEventListener("focusin", function (event) {
    var line = event.target.closest("[data-line]");
    if (line && line !== lastLine) { lastLine = line; showTarget(); labelButtons(); }
  });
  showTarget();
  labelButtons();
  panel.setAttribute("data-price-ready", "0");
}());
