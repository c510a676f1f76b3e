/* Self-check questions (dilemma.selfcheck): answers checked in the page, no server asked.
   Each form of class selfcheck-question carries its key as JSON in data-key. */
(function () {
  if (window.dilemmaSelfCheck) return;
  window.dilemmaSelfCheck = true;

  function parseNumber(text) {
    var t = String(text).trim().replace(/\s+/g, "");
    if (t.indexOf(",") >= 0 && t.indexOf(".") < 0) t = t.replace(",", ".");
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
    var n = Number(t);
    return isFinite(n) ? n : null;
  }

  function verdict(key, form) {
    if (key.kind === "choice") {
      var picked = form.querySelector("input[type=radio]:checked");
      if (!picked) return { state: "empty", html: "Choose an answer first." };
      var i = Number(picked.value);
      return i === key.answer
        ? { state: "correct", html: "<strong>Correct.</strong> " + key.why[i] }
        : { state: "incorrect", html: "<strong>Not quite.</strong> " + key.why[i] };
    }
    var input = form.querySelector("input[type=text]");
    var raw = input.value;
    if (!raw.trim()) return { state: "empty", html: "Type a number first." };
    var value = parseNumber(raw);
    if (value === null)
      return { state: "empty", html: "That is not a number: type digits, for example 0.25 or 12." };
    if (Math.abs(value - key.answer) <= key.tolerance + 1e-12)
      return { state: "correct", html: "<strong>Correct.</strong> " + key.why };
    for (var m = 0; m < key.mistakes.length; m++) {
      if (Math.abs(value - key.mistakes[m][0]) <= key.tolerance + 1e-12)
        return { state: "incorrect", html: "<strong>Not quite.</strong> " + key.mistakes[m][1] };
    }
    var direction = value > key.answer ? "too high" : "too low";
    var hint = key.hint ? " " + key.hint : "";
    return { state: "incorrect", html: "<strong>Not quite:</strong> your answer is " + direction + "." + hint };
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("selfcheck-question")) return;
    event.preventDefault();
    var key = JSON.parse(form.getAttribute("data-key"));
    var result = verdict(key, form);
    var out = form.querySelector(".selfcheck-feedback");
    out.classList.remove("correct", "incorrect", "empty");
    out.classList.add(result.state);
    out.innerHTML = result.html;
    if (window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([out]);
  });
})();
