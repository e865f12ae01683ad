// The budget editor, enhanced: amounts, line errors and totals while typing (POST /check), drafts saved
// automatically (POST /autosave), and a copy of unsaved work kept in this tab (sessionStorage) to restore after a
// reload. Without this file the form still works by plain posts. Texts come from the form's data-text-* attributes
// and from the server's JSON, both translated on the server: no language is written here.
(function () {
  "use strict";

  var CHECK_DELAY_MS = 400;
  var AUTOSAVE_EVERY_MS = 10000;
  var KEEPALIVE_MAX_CHARS = 60000; // browsers refuse keepalive bodies over 64 KiB

  var form = document.querySelector("form[data-budget-editor]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) { return; }

  var csrf = form.elements.namedItem("csrf_token").value;
  var revisionField = form.elements.namedItem("revision");
  var statusEl = form.querySelector("[data-autosave-status]");
  var banner = form.querySelector("[data-restore-banner]");
  var storeKey = form.getAttribute("data-draft-key");

  var changes = 0;        // edits made in this page
  var savedChanges = 0;   // edits the server has
  var saving = null;      // the autosave in flight (a Promise)
  var blocked = false;    // the server refused (stale, submitted, session ended): stop autosaving
  var submitting = false; // the form is being posted the plain way
  var checkTimer = null;
  var checkSeq = 0;

  function text(name) { return form.getAttribute("data-text-" + name) || ""; }

  function say(message, isError) {
    if (!statusEl || statusEl.textContent === message) { return; }
    statusEl.textContent = message;
    statusEl.classList.toggle("text-danger", !!isError);
    statusEl.classList.toggle("latih-muted", !isError);
  }

  function clock(iso) {
    var when = iso ? new Date(iso) : new Date();
    if (isNaN(when.getTime())) { when = new Date(); }
    return when.toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
  }

  // --- the form's values -----------------------------------------------------------------------------------

  function body() { return new URLSearchParams(new FormData(form)); }

  function editable(el) {
    return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button";
  }

  function snapshot() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (editable(el)) { values[el.name] = el.type === "checkbox" ? el.checked : el.value; }
    });
    return values;
  }

  function fill(values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!editable(el) || !Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
      if (el.type === "checkbox") { el.checked = !!values[el.name]; } else { el.value = String(values[el.name]); }
    });
  }

  function same(a, b) {
    var keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every(function (k) { return a[k] === b[k]; });
  }

  // --- the copy kept in this tab (sessionStorage may be refused inside a cross-site frame: then none) ----------

  function remember() {
    try {
      window.sessionStorage.setItem(storeKey, JSON.stringify(
        { revision: Number(revisionField.value), at: Date.now(), values: snapshot() }));
    } catch (e) { /* storage refused or full */ }
  }

  function forget() {
    try { window.sessionStorage.removeItem(storeKey); } catch (e) { /* storage refused */ }
  }

  function kept() {
    try { return JSON.parse(window.sessionStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }

  // --- talking to the server ------------------------------------------------------------------------------

  function post(url, params, keepalive) {
    return fetch(url, {
      method: "POST", body: params, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        return { status: resp.status, data: data || {} };
      });
    });
  }

  // --- live amounts and totals ----------------------------------------------------------------------------

  function fillList(list, items) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (items || []).forEach(function (item) {
      var li = document.createElement("li");
      li.className = item.severity === "error" ? "text-danger" : "text-warning-emphasis";
      li.textContent = item.text;
      list.appendChild(li);
    });
  }

  // The summary at the top: each line's reading error and findings, linking to the line (as the page renders it).
  function showSummary(lines) {
    var summary = document.querySelector("[data-line-summary]");
    if (!summary) { return; }
    var label = summary.closest("[data-line-label]").getAttribute("data-line-label");
    while (summary.firstChild) { summary.removeChild(summary.firstChild); }
    var numbers = Object.keys(lines).map(Number).sort(function (a, b) { return a - b; });
    numbers.forEach(function (n) {
      var line = lines[n];
      var items = line.error ? [{ severity: "error", text: line.error }] : [];
      items.concat(line.findings || []).forEach(function (item) {
        var li = document.createElement("li");
        li.className = item.severity === "error" ? "text-danger" : "text-warning-emphasis";
        li.setAttribute("data-testid", "summary-line-finding");
        var link = document.createElement("a");
        link.href = "#line-" + n;
        link.textContent = label.replace("{n}", String(n));
        li.appendChild(link);
        li.appendChild(document.createTextNode(": " + item.text));
        summary.appendChild(li);
      });
    });
    summary.hidden = !summary.firstChild;
  }

  function showChecks(data, lines) {
    var score = document.querySelector("[data-check-score]");
    var general = document.querySelector("[data-checks-general]");
    var clear = document.querySelector("[data-checks-clear]");
    if (score && data.score) { score.textContent = data.score_text || data.score; }
    if (general) { fillList(general, data.general); }
    showSummary(lines);
    if (clear) {
      var lineFindings = Object.keys(lines).some(function (n) { return (lines[n].findings || []).length; });
      clear.hidden = !!((data.general || []).length || lineFindings);
    }
  }

  // Amounts and what cannot be read always; the checks' findings only once they are shown (``findingsShown``).
  function showLines(lines, withFindings) {
    if (withFindings) {
      form.querySelectorAll("[data-line-findings]").forEach(function (list) {
        var line = lines[list.getAttribute("data-line-findings")];
        fillList(list, line && line.findings);
      });
    }
    form.querySelectorAll("[data-line-amount-box]").forEach(function (box) {
      var line = lines[box.getAttribute("data-line-amount-box")];
      var amount = line && line.amount;
      box.querySelector("[data-line-amount]").textContent = amount || "";
      box.hidden = !amount;
    });
    form.querySelectorAll("[data-line-error]").forEach(function (p) {
      var line = lines[p.getAttribute("data-line-error")];
      var error = line && line.error;
      p.textContent = error || "";
      p.hidden = !error;
      var row = p.closest("[data-line]");
      if (row) { row.classList.toggle("latih-line-error", !!error); }
    });
  }

  // The totals card is templates/budgeting/_totals.html: group rows ([data-group-row]: code, name, subtotal), the total
  // row ([data-testid=total]), then the ceiling row when the exercise has a ceiling.
  function showTotalBar(data) {
    var total = document.querySelector("[data-totalbar-total]");
    var balance = document.querySelector("[data-totalbar-balance]");
    if (total) { total.textContent = data.total; }
    if (balance && data.balance) {
      balance.textContent = data.balance;
      balance.classList.toggle("text-danger", !!data.over);
      balance.classList.toggle("text-success", !data.over);
    }
  }

  function showTotals(data) {
    showTotalBar(data);
    var total = document.querySelector("[data-testid=total]");
    if (!total) { return; }
    total.textContent = data.total;
    var totalRow = total.parentElement;
    var card = totalRow.parentElement;
    card.querySelectorAll("[data-group-row]").forEach(function (row) { row.remove(); });
    (data.groups || []).forEach(function (group) {
      var row = document.createElement("div");
      var label = document.createElement("span");
      var account = document.createElement("span");
      var name = document.createElement("span");
      var subtotal = document.createElement("span");
      row.className = "d-flex justify-content-between gap-2 small";
      row.setAttribute("data-group-row", "");
      account.className = "latih-code text-nowrap";
      account.textContent = group.account;
      name.className = "latih-muted";
      name.textContent = group.name || "";
      subtotal.className = "text-nowrap";
      subtotal.textContent = group.subtotal;
      label.appendChild(account);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(name);
      row.appendChild(label);
      row.appendChild(subtotal);
      card.insertBefore(row, totalRow);
    });
    // the subtotal above each account's lines in the editor
    var subtotals = {};
    (data.groups || []).forEach(function (group) { subtotals[group.account] = group.subtotal; });
    form.querySelectorAll("[data-group-subtotal]").forEach(function (el) {
      el.textContent = subtotals[el.getAttribute("data-group-subtotal")] || "";
    });
    var ceilingRow = totalRow.nextElementSibling;
    if (ceilingRow && data.balance) {
      ceilingRow.classList.toggle("text-danger", !!data.over);
      ceilingRow.classList.toggle("text-success", !data.over);
      ceilingRow.lastElementChild.textContent = data.balance;
    }
  }

  // An empty draft lists no errors until it was first saved (a plain save, or an autosave: the revision grows).
  function findingsShown() {
    var checks = document.querySelector("[data-checks-shown]");
    return !checks || checks.getAttribute("data-checks-shown") === "1" || Number(revisionField.value) > 0;
  }

  function check() {
    var seq = ++checkSeq;
    post(form.getAttribute("data-check-url"), body()).then(function (answer) {
      if (seq !== checkSeq || answer.status !== 200) { return; } // a newer check is on its way, or none possible
      if (findingsShown()) {
        var later = document.querySelector("[data-checks-later]");
        if (later) { later.hidden = true; }
        showLines(answer.data.lines || {}, true);
        showChecks(answer.data, answer.data.lines || {});
      } else {
        showLines(answer.data.lines || {}, false);
        var score = document.querySelector("[data-check-score]");
        if (score && answer.data.score) { score.textContent = answer.data.score_text || answer.data.score; }
      }
      showTotals(answer.data);
    }, function () { /* offline: the amounts catch up with the next change */ });
  }

  // --- autosave -------------------------------------------------------------------------------------------

  function dirty() { return changes !== savedChanges; }

  // ``now``: the learner asked (the Save button, Ctrl+S): sent even without changes, and said as "Saved at …".
  function autosave(keepalive, now) {
    if (saving || blocked || submitting || (!dirty() && !now)) { return saving; }
    var upto = changes;
    var params = body();
    say(text("saving"));
    form.setAttribute("data-save-state", "saving");
    saving = post(form.getAttribute("data-autosave-url"), params,
                  keepalive && params.toString().length <= KEEPALIVE_MAX_CHARS)
      .then(function (answer) {
        if (answer.status === 200) {
          revisionField.value = answer.data.revision;
          savedChanges = upto;
          if (dirty()) { remember(); } else { forget(); }
          say(text(now ? "saved-now" : "saved").replace("{time}", answer.data.saved_at_text || clock(answer.data.saved_at)));
          form.setAttribute("data-save-state", "saved");
          if (now) { check(); } // the first save shows the checks' findings
        } else if (answer.status >= 500 || answer.status === 429) {
          say(text("failed"), true);
        } else { // stale (409), no longer a draft, session ended, page expired: saving again cannot help
          blocked = true;
          say(answer.data.message || text("failed"), true);
        }
      }, function () {
        say(text(navigator.onLine === false ? "offline" : "failed"), true);
      })
      .then(function () { saving = null; });
    return saving;
  }

  function leaving() {
    if (dirty() && !submitting) {
      remember();
      autosave(true);
    }
  }

  // --- wiring ---------------------------------------------------------------------------------------------

  function changed() {
    changes += 1;
    if (!saving && !blocked) { say(text("unsaved")); }
    clearTimeout(checkTimer);
    checkTimer = setTimeout(function () { remember(); check(); }, CHECK_DELAY_MS);
  }

  form.addEventListener("input", changed); // typing, pasting, ticking a box, picking from a datalist

  // --- the lines: a row added here, Enter to the next field, shortcuts --------------------------------------

  var lineList = form.querySelector("[data-lines]");
  var lineTemplate = form.querySelector("template[data-line-template]");

  function addLine() {
    var next = 0;
    form.querySelectorAll("[data-line]").forEach(function (row) {
      next = Math.max(next, Number(row.getAttribute("data-line")) || 0);
    });
    next += 1; // a new line takes the next number, as on the server
    var holder = document.createElement("div");
    holder.innerHTML = lineTemplate.innerHTML.split("__N__").join(String(next));
    var row = holder.firstElementChild;
    row.setAttribute("data-line", String(next));
    var empty = form.querySelector("[data-no-lines]");
    if (empty) { empty.remove(); }
    lineList.appendChild(row);
    var first = row.querySelector("input");
    if (first) { first.focus(); }
    return row;
  }

  function fields() {
    return Array.prototype.filter.call(form.querySelectorAll("input"), function (el) {
      return el.type !== "hidden" && !el.readOnly && !el.disabled && el.offsetParent !== null;
    });
  }

  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      autosave(false, true);
    } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      if (lineTemplate && lineList) { addLine(); }
    } else if (event.key === "Enter" && el.tagName === "INPUT" && el.type !== "submit" && !event.isComposing) {
      event.preventDefault(); // not a post: on to the next field (after the last one of the last line: a new line)
      var all = fields();
      var at = all.indexOf(el);
      if (at >= 0 && at < all.length - 1 && !(el.closest("[data-line]") && !all[at + 1].closest("[data-line]"))) {
        all[at + 1].focus();
      } else if (el.closest("[data-line]") && lineTemplate) {
        addLine();
      }
    }
  });

  var hint = form.querySelector("[data-keys-hint]");
  if (hint) { hint.hidden = false; }

  form.addEventListener("submit", function (event) {
    var asked = event.submitter && event.submitter.name === "action" ? event.submitter.value : "";
    if (asked === "save" && !submitting && !blocked) { // saved where the learner is: no page load, the position kept
      event.preventDefault();
      (saving || Promise.resolve()).then(function () { autosave(false, true); });
      return;
    }
    if (asked === "add" && lineTemplate && lineList) {
      event.preventDefault();
      addLine();
      return;
    }
    if (saving) { // let the autosave finish first, or the post would carry an old revision
      event.preventDefault();
      var submitter = event.submitter;
      saving.then(function () {
        if (form.requestSubmit) { form.requestSubmit(submitter || undefined); return; }
        if (submitter && submitter.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          form.appendChild(hidden);
        }
        form.submit();
      });
      return;
    }
    submitting = true;
    remember(); // kept in case the post never arrives; dropped on the next page once the server has it
    setTimeout(function () { submitting = false; }, 15000); // the navigation was cancelled
  });

  setInterval(function () { autosave(false); }, AUTOSAVE_EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { leaving(); }
  });
  window.addEventListener("pagehide", leaving);
  window.addEventListener("online", function () { autosave(false); });

  // After a reload: offer the copy this tab kept, unless the server has it or has newer work.
  var copy = kept();
  if (copy && copy.values) {
    if (same(copy.values, snapshot()) || Number(copy.revision) < Number(revisionField.value)) {
      forget();
    } else if (banner) {
      banner.hidden = false;
      banner.querySelector("[data-restore]").addEventListener("click", function () {
        banner.hidden = true;
        fill(copy.values);
        changes += 1;
        remember();
        check();
        autosave(false);
      });
      banner.querySelector("[data-discard]").addEventListener("click", function () {
        banner.hidden = true;
        forget();
      });
    }
  }
  check();
}());
