// "New activity": show only the chosen kind's own fields (without JavaScript every kind's fields show, named).
(function () {
  document.querySelectorAll("form[data-testid='create-activity']").forEach(function (form) {
    var select = form.querySelector("[data-kind-select]");
    if (!select) return;
    function show() {
      form.querySelectorAll("[data-kind-fields]").forEach(function (fieldset) {
        var mine = fieldset.getAttribute("data-kind-fields") === select.value;
        fieldset.hidden = !mine;
        fieldset.disabled = !mine;
      });
    }
    select.addEventListener("change", show);
    show();
  });
})();
