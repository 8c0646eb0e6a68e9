// Draws every <figure class="chart" data-chart="{...}"> with uPlot, on load and after each
// HTMX swap. The data comes from a JSON attribute, never from an inline script (the CSP).
(function () {
  "use strict";
  var PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];
  var NAMED = {negative: "#dc2626", neutral: "#9ca3af", positive: "#16a34a", expected: "#9ca3af", baseline: "#9ca3af"};

  function colour(label, i) {
    var key = String(label || "").toLowerCase();
    return NAMED[key] || PALETTE[i % PALETTE.length];
  }

  function marksPlugin(marks) {
    return {
      hooks: {
        draw: function (u) {
          var ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#dc2626";
          ctx.fillStyle = "#dc2626";
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.font = (10 * devicePixelRatio) + "px sans-serif";
          marks.forEach(function (m) {
            var x = u.valToPos(m.t, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText(String(m.label || "").slice(0, 40), x + 3 * devicePixelRatio, u.bbox.top + 10 * devicePixelRatio);
          });
          ctx.restore();
        }
      }
    };
  }

  function draw(figure) {
    if (figure.dataset.drawn === "1" || typeof uPlot === "undefined") return;
    var spec;
    try { spec = JSON.parse(figure.getAttribute("data-chart")); } catch (e) { return; }
    if (!spec || !spec.x || !spec.x.length) return;
    var target = figure.querySelector(".chart-canvas") || figure;
    var bars = spec.kind === "bars";
    var series = [{}];
    var data = [spec.x];
    (spec.series || []).forEach(function (s, i) {
      var c = s.color && /^#[0-9a-fA-F]{3,8}$/.test(s.color) ? s.color : colour(s.label, i);
      series.push({
        label: String(s.label || ""),
        stroke: c,
        width: 2,
        fill: bars ? c + "99" : undefined,
        dash: s.dash ? [6, 4] : undefined,
        paths: bars && uPlot.paths.bars ? uPlot.paths.bars({size: [0.8, 40]}) : undefined,
        points: {show: false}
      });
      data.push(s.values);
    });
    var width = Math.max(240, target.clientWidth || figure.clientWidth || 600);
    var opts = {
      width: width,
      height: spec.height || 220,
      series: series,
      scales: {x: {time: spec.time !== false}},
      axes: [{}, {size: 50}],
      legend: {show: series.length > 2 || !!spec.legend},
      plugins: spec.marks && spec.marks.length ? [marksPlugin(spec.marks)] : []
    };
    figure.dataset.drawn = "1";
    new uPlot(opts, data, target);
  }

  function drawAll(root) {
    (root || document).querySelectorAll("figure.chart[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (e) { drawAll(e.target); });
})();

// Collision warnings (inbox/_presence.html): the heartbeat says whether this person is
// writing a reply (the reply box holds a draft), beats at once when that changes, and the
// reply form carries how many of the others' replies the page showed (seen_replies).
(function () {
  "use strict";
  function replyBox() {
    return document.querySelector('form[action$="/reply"] textarea[name="text"]');
  }
  function state() {
    var box = replyBox();
    return box && box.value.trim() ? "replying" : "viewing";
  }
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.elt && e.detail.elt.id === "presence") e.detail.parameters.state = state();
  });
  document.addEventListener("DOMContentLoaded", function () {
    var presence = document.getElementById("presence");
    var box = replyBox();
    if (!presence || !box) return;
    var seen = document.createElement("input");
    seen.type = "hidden";
    seen.name = "seen_replies";
    seen.value = presence.getAttribute("data-seen-replies") || "0";
    box.form.appendChild(seen);
    var last = state();
    box.addEventListener("input", function () {
      var now = state();
      if (now !== last && typeof htmx !== "undefined") htmx.trigger(presence, "parley:typing");
      last = now;
    });
  });
})();
