// Submit the form marked data-autosubmit as soon as the page loads (a button is offered without JavaScript).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
