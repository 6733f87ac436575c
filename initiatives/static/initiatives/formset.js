// Inline formsets: "add row" copies the hidden template row and renumbers __prefix__.
document.querySelectorAll(".qw-formset").forEach(function (box) {
  const prefix = box.dataset.prefix;
  const total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
  const template = box.querySelector("template.qw-formset-template");
  const rows = box.querySelector(".qw-formset-rows");
  box.querySelector(".qw-formset-add").addEventListener("click", function () {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = rows.lastElementChild.querySelector("input, select, textarea");
    if (first) { first.focus(); }
  });
});

// A button that does something irreversible (save and submit) asks before it posts.
document.querySelectorAll("button[data-confirm-button]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    if (!window.confirm(button.dataset.confirmButton)) { event.preventDefault(); }
  });
});
