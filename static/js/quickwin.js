// Confirm before irreversible actions: any form with data-confirm asks first.
document.addEventListener("submit", function (event) {
  const form = event.target;
  const message = form.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
    return;
  }
  // A second click on a submit button does nothing while the first request runs.
  if (!event.defaultPrevented) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  }
});

// Print buttons: data-print instead of an inline onclick (the Content-Security-Policy
// allows no inline script).
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
