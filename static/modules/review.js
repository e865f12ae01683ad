/* The reviewer's page: comment on selected text, and highlight the passages already commented on.
 *
 * Without this script every section still has its own comment form (a comment on the whole section). With it, a
 * selection inside a section's text shows a bar "Comment on the selected text"; pressing it fills that section's
 * form with the selected words and up to 32 characters before and after them (the server finds them in the
 * version and makes the anchor itself: it trusts nothing else from here). Passages of the comments shown are
 * marked in the text (best effort: the first place whose surroundings fit).
 */
(function () {
  "use strict";
  var CONTEXT = 32;
  var bar = document.querySelector("[data-selection-bar]");
  var pending = null;

  function squash(text) { return text.replace(/\s+/g, " "); }

  function sectionOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    var body = el && el.closest("[data-review-text]");
    return body ? { body: body, id: body.closest("[data-section]").getAttribute("data-section") } : null;
  }

  function currentSelection() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return null; }
    var range = sel.getRangeAt(0);
    var start = sectionOf(range.startContainer), end = sectionOf(range.endContainer);
    if (!start || !end || start.body !== end.body) { return null; }
    var exact = squash(range.toString()).trim();
    if (!exact) { return null; }
    var before = document.createRange();
    before.selectNodeContents(start.body);
    before.setEnd(range.startContainer, range.startOffset);
    var after = document.createRange();
    after.selectNodeContents(start.body);
    after.setStart(range.endContainer, range.endOffset);
    return { section: start.id, exact: exact, prefix: squash(before.toString()).slice(-CONTEXT),
             suffix: squash(after.toString()).slice(0, CONTEXT) };
  }

  function onSelection() {
    pending = currentSelection();
    if (bar) { bar.classList.toggle("d-none", !pending); }
  }

  function fill(form, quote) {
    form.elements.exact.value = quote ? quote.exact : "";
    form.elements.prefix.value = quote ? quote.prefix : "";
    form.elements.suffix.value = quote ? quote.suffix : "";
    var preview = form.querySelector("[data-quote-preview]");
    preview.classList.toggle("d-none", !quote);
    preview.querySelector("[data-quote-text]").textContent = quote ? "\u201c" + quote.exact + "\u201d" : "";
  }

  if (bar) {
    document.addEventListener("selectionchange", onSelection);
    onSelection(); // text selected before this file arrived (a slow line) offers its button too
    bar.querySelector("[data-selection-button]").addEventListener("click", function () {
      if (!pending) { return; }
      var form = document.querySelector('[data-comment-form="' + CSS.escape(pending.section) + '"]');
      if (!form) { return; }
      fill(form, pending);
      form.closest("details").open = true;
      bar.classList.add("d-none");
      form.elements.body.focus();
      form.scrollIntoView({ block: "center" });
    });
  }
  document.querySelectorAll("[data-quote-clear]").forEach(function (button) {
    button.addEventListener("click", function () { fill(button.closest("form"), null); });
  });

  /* Highlights: the section text's characters (whitespace runs as one space) mapped to their text nodes. */
  function textMap(body) {
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), node, text = "", at = [];
    while ((node = walker.nextNode())) {
      for (var i = 0; i < node.data.length; i++) {
        var ch = /\s/.test(node.data[i]) ? " " : node.data[i];
        if (ch === " " && text.slice(-1) === " ") { continue; }
        text += ch;
        at.push([node, i]);
      }
    }
    return { text: text, at: at };
  }

  function find(map, exact, prefix) {
    var best = -1, from = 0, found;
    while ((found = map.text.indexOf(exact, from)) !== -1) {
      if (best === -1) { best = found; }
      if (prefix && map.text.slice(0, found).trimEnd().endsWith(prefix.trim())) { return found; }
      from = found + 1;
    }
    return best;
  }

  function mark(map, start, end, comment) {
    var pieces = [];
    for (var i = start; i < end; i++) {
      var node = map.at[i][0], offset = map.at[i][1], last = pieces[pieces.length - 1];
      if (last && last.node === node) { last.end = offset + 1; } else { pieces.push({ node: node, start: offset, end: offset + 1 }); }
    }
    pieces.reverse().forEach(function (piece) {
      if (!piece.node.parentNode) { return; }
      var range = document.createRange();
      range.setStart(piece.node, piece.start);
      range.setEnd(piece.node, piece.end);
      var m = document.createElement("mark");
      m.className = "review-mark" + (comment.classList.contains("review-blocking") ? " review-mark-blocking" : "");
      m.title = comment.querySelector("[data-testid=comment-body]").textContent.slice(0, 200);
      m.addEventListener("click", function () { comment.scrollIntoView({ block: "center" }); });
      try { range.surroundContents(m); } catch (e) { /* a piece across elements: left unmarked */ }
    });
  }

  document.querySelectorAll("[data-section]").forEach(function (section) {
    var body = section.querySelector("[data-review-text]");
    if (!body) { return; }
    section.querySelectorAll("[data-quote]").forEach(function (comment) {
      var map = textMap(body);  // again for each comment: marking splits text nodes
      var exact = comment.getAttribute("data-quote");
      var start = find(map, exact, comment.getAttribute("data-prefix"));
      if (start >= 0) { mark(map, start, start + exact.length, comment); }
    });
  });
  document.documentElement.setAttribute("data-review-ready", "");
})();
