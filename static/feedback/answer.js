// The learner's feedback form, enhanced: an item with a condition shows only while the earlier question has one of
// the answers it waits for (the server discards an answer whose condition is not met, with or without this file),
// and text fields count their characters. Texts come from the page's data-* attributes: no language is written here.
(function () {
  "use strict";

  var form = document.querySelector("form[data-feedback-form]");
  if (!form) { return; }

  function answered(itemId) {
    var values = [];
    form.querySelectorAll("[name='q" + itemId + "']").forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
      if (field.value) { values.push(field.value); }
    });
    return values;
  }

  var conditional = form.querySelectorAll("[data-condition-item]");

  function visible(block, depth) {
    if (depth > conditional.length) { return false; }
    var source = block.getAttribute("data-condition-item");
    var sourceBlock = document.getElementById("q" + source);
    if (sourceBlock && sourceBlock.hasAttribute("data-condition-item") && !visible(sourceBlock, depth + 1)) {
      return false;
    }
    var wanted = block.getAttribute("data-condition-values").split(" ");
    return answered(source).some(function (value) { return wanted.indexOf(value) >= 0; });
  }

  function refresh() {
    conditional.forEach(function (block) {
      var show = visible(block, 0);
      block.hidden = !show;
      block.querySelectorAll("input, select, textarea").forEach(function (field) { field.disabled = !show; });
      var note = block.querySelector("[data-condition-note]");
      if (note) { note.hidden = true; }
    });
  }

  form.addEventListener("change", refresh);
  refresh();

  form.querySelectorAll("[data-counted]").forEach(function (field) {
    var counter = field.parentNode.querySelector("[data-counter]");
    if (!counter) { return; }
    var template = counter.getAttribute("data-template");
    function count() { counter.textContent = template.replace("{n}", String(field.value.length)); }
    field.addEventListener("input", count);
    count();
  });
})();
