// Buttons marked data-print open the browser's print dialog for this page (inside Moodle's iframe, the frame's
// page only). They stay hidden without JavaScript, where the browser's own print command does the same.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
