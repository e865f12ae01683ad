// The grading page, enhanced: the final grade (automatic part × weight + rubric × (100 − weight)) shown live as the
// rubric levels are chosen, with the server's arithmetic (hundredths, rounded half up, as grading.final_score), and
// comment boxes that grow with their text where the browser lacks CSS field-sizing. Without JavaScript the
// "show the final grade" button asks the server for the same figure.
(function () {
  "use strict";
  var form = document.querySelector("[data-testid=grade-form]");
  if (!form) { return; }

  function hundredths(text) {  // "12.5" → 1250, exactly (no binary fractions)
    var parts = String(text || "0").trim().split(".");
    var whole = parseInt(parts[0] || "0", 10) || 0;
    var frac = parseInt(((parts[1] || "") + "00").slice(0, 2), 10) || 0;
    return whole * 100 + (parts[0].charAt(0) === "-" ? -frac : frac);
  }

  function halfUp(numerator, denominator) {  // round(numerator / denominator), halves up, both ≥ 0
    return Math.floor((2 * numerator + denominator) / (2 * denominator));
  }

  function finalHundredths() {
    var automatic = hundredths(form.getAttribute("data-automatic"));
    var weight = parseInt(form.getAttribute("data-weight"), 10);
    var names = {};
    form.querySelectorAll("input[type=radio][data-points]").forEach(function (r) { names[r.name] = true; });
    var criteria = Object.keys(names);
    if (!criteria.length) { return automatic; }
    var earned = 0, maximum = 0, complete = true;
    criteria.forEach(function (name) {
      var best = 0;
      form.querySelectorAll("input[type=radio][name='" + name + "']").forEach(function (r) {
        best = Math.max(best, hundredths(r.getAttribute("data-points")));
      });
      maximum += best;
      var chosen = form.querySelector("input[type=radio][name='" + name + "']:checked");
      if (chosen) { earned += hundredths(chosen.getAttribute("data-points")); } else { complete = false; }
    });
    if (!complete) { return null; }
    var rubric = maximum === 0 ? 10000 : halfUp(10000 * earned, maximum);
    return halfUp(automatic * weight + rubric * (100 - weight), 100);
  }

  var output = form.querySelector("[data-testid=final-preview]");
  var incomplete = form.querySelector("[data-incomplete]");
  var lang = document.documentElement.lang || "id";

  function show() {
    var value = finalHundredths();
    if (value === null) {
      output.setAttribute("data-value", "");
      output.textContent = incomplete.textContent;
      return;
    }
    var fixed = Math.floor(value / 100) + "." + ("0" + (value % 100)).slice(-2);
    output.setAttribute("data-value", fixed);
    output.textContent = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(value / 100) + " / 100";
  }

  form.addEventListener("change", function (event) {
    if (event.target.matches("input[type=radio][data-points]")) { show(); }
  });
  show();
  form.setAttribute("data-live-preview", "ready");

  if (!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"))) {
    var grow = function (box) { box.style.height = "auto"; box.style.height = box.scrollHeight + 2 + "px"; };
    form.querySelectorAll("textarea[data-grow]").forEach(function (box) {
      grow(box);
      box.addEventListener("input", function () { grow(box); });
    });
  }
}());
