// Tell the platform (Moodle) to close its registration dialog.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-lti-close]").forEach(function (button) {
    button.addEventListener("click", function () {
      (window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
    });
  });
});
