// Live weighted total while scoring: Σ weight × (score − 1) / 4, with the RB predicate band.
(function () {
  const form = document.getElementById("qw-review-form");
  const outputs = document.querySelectorAll("[data-live-total]");
  if (!form || !outputs.length) return;
  const bands = [[90, "AA"], [80, "A"], [70, "BB"], [60, "B"], [50, "CC"], [30, "C"]];
  const decimal = form.getAttribute("data-decimal") || ",";

  function predicate(score) {
    for (const [lower, label] of bands) { if (score > lower) return label; }
    return "D";
  }

  function update() {
    const groups = {};
    form.querySelectorAll("input.qw-score").forEach(function (input) {
      groups[input.name] = groups[input.name] || { weight: Number(input.dataset.weight), score: null };
      if (input.checked) groups[input.name].score = Number(input.value);
    });
    let total = 0, missing = 0;
    Object.values(groups).forEach(function (g) {
      if (g.score === null) { missing += 1; return; }
      total += g.weight * (g.score - 1) / 4;
    });
    const text = total.toFixed(1).replace(".", decimal) + " (" + predicate(total) + ")";
    const label = form.getAttribute("data-missing-label") || "?";
    const shown = missing ? text + " · " + missing + " " + label : text;
    outputs.forEach(function (out) { out.textContent = shown; });
  }

  // Only the final submit asks for confirmation (quickwin.js reads the form's data-confirm).
  form.querySelectorAll("button[name=action]").forEach(function (button) {
    button.addEventListener("click", function () {
      const message = button.getAttribute("data-confirm-message");
      if (message) form.setAttribute("data-confirm", message);
      else form.removeAttribute("data-confirm");
    });
  });

  form.addEventListener("change", update);
  update();
})();
