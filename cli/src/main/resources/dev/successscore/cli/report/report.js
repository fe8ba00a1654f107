// Checks the report's own chart once the page is parsed: one point per listed change, every point drawn inside
// the chart and linked to its change. The body's data-rendered says "ok" when every check passes; any script
// error, here or elsewhere on the page, is listed in #script-errors and data-rendered says "error".
(function () {
  'use strict';
  var errors = [];

  function record(message) {
    errors.push(String(message));
    var list = document.getElementById('script-errors');
    if (list) {
      var item = document.createElement('li');
      item.textContent = String(message);
      list.appendChild(item);
      list.hidden = false;
    }
    document.body.setAttribute('data-rendered', 'error');
  }

  window.onerror = function (message, source, line) {
    record(message + ' (' + source + ':' + line + ')');
  };

  function check() {
    var chart = document.getElementById('score-chart');
    if (!chart) {
      record('the chart is missing');
      return;
    }
    var expected = Number(chart.getAttribute('data-change-count'));
    var changes = document.querySelectorAll('section.change');
    var points = chart.querySelectorAll('circle.change-point');
    if (changes.length !== expected) {
      record('the report lists ' + changes.length + ' changes but the chart says ' + expected);
    }
    if (points.length !== expected) {
      record('the chart has ' + points.length + ' points for ' + expected + ' changes');
    }
    var box = chart.viewBox.baseVal;
    var seen = {};
    for (var i = 0; i < points.length; i++) {
      var point = points[i];
      var position = point.getAttribute('data-position');
      if (seen[position]) {
        record('change ' + position + ' has more than one point');
      }
      seen[position] = true;
      if (!document.getElementById('change-' + position)) {
        record('the point of change ' + position + ' has no change listed');
      }
      var x = point.cx.baseVal.value;
      var y = point.cy.baseVal.value;
      if (!isFinite(x) || !isFinite(y) || x < box.x || x > box.x + box.width || y < box.y || y > box.y + box.height) {
        record('the point of change ' + position + ' lies outside the chart');
      }
      var drawn = point.getBoundingClientRect();
      if (!(drawn.width > 0 && drawn.height > 0)) {
        record('the point of change ' + position + ' is not drawn');
      }
    }
    if (expected > 0 && chart.querySelectorAll('rect.band-zone').length === 0) {
      record('the chart has no band zones');
    }
    document.body.setAttribute('data-change-points', String(points.length));
    if (errors.length === 0) {
      document.body.setAttribute('data-rendered', 'ok');
    }
  }

  try {
    check();
  } catch (e) {
    record(e && e.message ? e.message : e);
  }
})();
