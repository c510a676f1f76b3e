// Draws every chart the book's pages carry as inline Vega-Lite JSON, with the
// Vega, Vega-Lite and Vega-Embed bundle served from this site (no other host).
(function () {
  "use strict";
  function draw(figure) {
    const source = figure.querySelector('script[type="application/json"]');
    const target = figure.querySelector(".dilemma-chart-canvas");
    if (!source || !target || figure.dataset.state) return;
    figure.dataset.state = "drawing";
    let spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (err) {
      figure.dataset.state = "failed";
      target.textContent = "This chart's data could not be read (" + err.message + ").";
      return;
    }
    window
      .vegaEmbed(target, spec, { renderer: "svg", actions: false, ast: true })
      .then(function (result) {
        figure.dataset.state = "drawn";
        figure.dilemmaView = result.view;
        addPresets(figure, target, spec, result.view);
      })
      .catch(function (err) {
        figure.dataset.state = "failed";
        target.textContent = "This chart could not be drawn (" + err.message + ").";
        console.error(err);
      });
  }
  // Presets declared with the explorer (spec.usermeta.dilemma.presets): one
  // button each, setting the chart's slider parameters; Vega updates the
  // bound sliders itself.
  function addPresets(figure, target, spec, view) {
    const presets = ((spec.usermeta || {}).dilemma || {}).presets || [];
    if (!presets.length) return;
    const group = document.createElement("div");
    group.className = "dilemma-presets";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Presets: place a named situation on the chart");
    const label = document.createElement("span");
    label.className = "dilemma-presets-label";
    label.textContent = "Presets:";
    group.appendChild(label);
    presets.forEach(function (preset) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = preset.label;
      if (preset.note) button.title = preset.note;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        Object.keys(preset.values).forEach(function (name) {
          view.signal(name, preset.values[name]);
        });
        view.runAsync();
        group.querySelectorAll("button").forEach(function (b) {
          b.setAttribute("aria-pressed", b === button ? "true" : "false");
        });
      });
      group.appendChild(button);
    });
    figure.insertBefore(group, target);
  }
  function drawAll() {
    document.querySelectorAll(".dilemma-chart").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
