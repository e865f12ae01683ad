// The module editor, enhanced: a live preview of the text being written (sections, table of contents, word count),
// rendered by the server through its one sanitizing renderer (POST /modules/api/preview), and a warning before
// leaving the page with unsaved text. Without this file the editor works by plain form posts (Save shows the
// preview). Texts come from the form's data-text-* attributes and the server's JSON: no language is written here.
(function () {
  "use strict";

  var DELAY_MS = 600;
  var form = document.querySelector("form[data-module-editor]");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }

  var textarea = form.elements.namedItem("markdown");
  var csrf = form.elements.namedItem("csrf_token").value;
  var url = form.getAttribute("data-preview-url");
  var statusEl = form.querySelector("[data-editor-status]");
  var preview = document.querySelector("[data-preview-target]");
  var toc = document.querySelector("[data-toc-target]");
  var saved = form.hasAttribute("data-unsaved") ? null : textarea.value; // imported or conflicting text: not saved
  var timer = null;
  var sequence = 0;
  var submitting = false;

  function say(text, isError) {
    if (!statusEl) { return; }
    statusEl.textContent = text;
    statusEl.classList.toggle("text-danger", !!isError);
  }

  function refresh() {
    var mine = ++sequence;
    var body = new URLSearchParams();
    body.set("markdown", textarea.value);
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (mine !== sequence) { return; } // a newer preview is on its way
      if (!answer.ok) { say(answer.data.message || form.getAttribute("data-text-failed"), true); return; }
      // The HTML comes from the server's sanitizer (markdown-it-py + nh3), like every page of the tool.
      if (preview) { preview.innerHTML = answer.data.html; }
      if (toc) { toc.innerHTML = answer.data.toc; }
      var unsaved = textarea.value !== saved ? " · " + form.getAttribute("data-text-unsaved") : "";
      say(answer.data.words_text + unsaved, false);
    }).catch(function () {
      if (mine === sequence) { say(form.getAttribute("data-text-failed"), true); }
    });
  }

  textarea.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  });
  form.addEventListener("submit", function () { submitting = true; });
  // Text typed before this file arrived (a slow line: the textarea is usable before the script runs) is
  // previewed now rather than at the next keystroke.
  if (textarea.value !== textarea.defaultValue) { refresh(); }
  form.setAttribute("data-editor-ready", "");
  window.addEventListener("beforeunload", function (event) {
    if (!submitting && textarea.value !== saved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
