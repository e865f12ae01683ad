// The exercise settings, enhanced: the allowed-accounts list (hundreds of codes in a real list) can be filtered by
// code or name, and the accounts shown ticked or unticked at once. Without JavaScript every box is still there.
(function () {
  "use strict";
  var picker = document.querySelector("[data-account-picker]");
  if (!picker) { return; }
  var tools = picker.querySelector("[data-account-tools]");
  var filter = picker.querySelector("[data-account-filter]");
  var count = picker.querySelector("[data-account-count]");
  var rows = Array.prototype.slice.call(picker.querySelectorAll("[data-account-row]"));

  function fold(text) {
    return (text || "").toLocaleLowerCase().normalize("NFKC").replace(/\s+/g, " ").trim();
  }

  rows.forEach(function (row) { row.setAttribute("data-search", fold(row.textContent)); });

  function shownRows() {
    return rows.filter(function (row) { return !row.classList.contains("d-none"); });
  }

  function showCount() {
    var ticked = rows.filter(function (row) { return row.querySelector("input").checked; }).length;
    count.textContent = count.getAttribute("data-template")
      .replace("{ticked}", ticked).replace("{total}", rows.length).replace("{shown}", shownRows().length);
  }

  filter.addEventListener("input", function () {
    var words = fold(filter.value).split(" ").filter(Boolean);
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search");
      // a class, not the hidden attribute: the rows are .d-block, which outranks [hidden]
      row.classList.toggle("d-none", !words.every(function (word) { return text.indexOf(word) !== -1; }));
    });
    showCount();
  });
  // Enter in the filter would submit the whole settings form.
  filter.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); }
  });
  picker.addEventListener("change", showCount);
  tools.querySelectorAll("[data-account-tick]").forEach(function (button) {
    button.addEventListener("click", function () {
      var tick = button.getAttribute("data-account-tick") === "1";
      shownRows().forEach(function (row) { row.querySelector("input").checked = tick; });
      showCount();
    });
  });
  tools.classList.replace("d-none", "d-flex"); // shown only where it works
  showCount();
}());
