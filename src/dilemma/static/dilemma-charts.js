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
      })
      .catch(function (err) {
        figure.dataset.state = "failed";
        target.textContent = "This chart could not be drawn (" + err.message + ").";
        console.error(err);
      });
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
