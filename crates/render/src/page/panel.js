// report.html, part 3 of 3 (the side panel and the test hook): the rest
// of the function that page.js opens, sharing its names (D, T, map, el…).

  // The side panel.
  var panel = document.getElementById('sl-panel');
  panel.appendChild(el('h1', null, D.title));
  if (D.subtitle) panel.appendChild(el('p', 'sl-subtitle', D.subtitle));

  function section(title) {
    var s = el('section', 'sl-section');
    s.appendChild(el('h2', null, title));
    panel.appendChild(s);
    return s;
  }
  if (D.figures.length) {
    var dl = el('dl', 'sl-figures');
    D.figures.forEach(function (figure) {
      var item = el('div');
      item.appendChild(el('dt', null, figure[0]));
      item.appendChild(el('dd', null, figure[1]));
      dl.appendChild(item);
    });
    section(T.summary).appendChild(dl);
  }
  if (D.curve.length) curveChart(section(T.curve));
  if (D.districts.length) {
    var s = section(T.district_table);
    s.appendChild(el('p', 'sl-note', T.sort_hint));
    s.appendChild(sortableTable([
      { title: T.district, text: true },
      { title: T.demand_points }, { title: T.demand },
      { title: T.covered_before, pct: true }, { title: T.covered_after, pct: true },
      { title: T.cameras_added }
    ], D.districts.concat(D.outside ? [D.outside] : []).map(function (d) {
      var name = d === D.outside ? T.outside : d.name;
      return [
        [name, name], [d.points, num(d.points)], [d.demand, num(d.demand)],
        [d.demand > 0 ? d.before / d.demand : 0, percentOf(d.before, d.demand)],
        [d.demand > 0 ? d.after / d.demand : 0, percentOf(d.after, d.demand)],
        [d.added, num(d.added)]
      ];
    }))).classList.add('sl-district-table');
  }
  if (D.periods.length) {
    section(T.periods).appendChild(sortableTable([
      { title: T.period_name, text: true }, { title: T.hours, text: true }, { title: T.weight },
      { title: T.demand }, { title: T.covered_before, pct: true }, { title: T.covered_after, pct: true }
    ], D.periods.map(function (p) {
      return [
        [p.name, p.name], [p.hours, p.hours], [p.weight, num(p.weight)], [p.demand, num(p.demand)],
        [p.demand > 0 ? p.before / p.demand : 0, percentOf(p.before, p.demand)],
        [p.demand > 0 ? p.after / p.demand : 0, percentOf(p.after, p.demand)]
      ];
    })));
  }

  // A table whose rows sort by any column (numbers as numbers): each
  // cell is [sort key, shown text].
  function sortableTable(columns, rows) {
    var wrap = el('div', 'sl-table-wrap');
    var table = el('table', 'sl-table');
    var head = el('tr');
    var tbody = el('tbody');
    var sorted = { column: -1, up: true };
    columns.forEach(function (column, c) {
      var th = el('th');
      th.setAttribute('scope', 'col');
      if (!column.text) th.className = 'sl-num';
      var button = el('button', 'sl-sort', column.title);
      button.type = 'button';
      button.addEventListener('click', function () {
        sorted.up = sorted.column === c ? !sorted.up : !!column.text;
        sorted.column = c;
        rows.sort(function (a, b) {
          var x = a[c][0], y = b[c][0];
          var order = column.text ? String(x).localeCompare(String(y)) : x - y;
          return sorted.up ? order : -order;
        });
        head.querySelectorAll('th').forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', sorted.up ? 'ascending' : 'descending');
        fillBody();
      });
      th.appendChild(button);
      head.appendChild(th);
    });
    function fillBody() {
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      rows.forEach(function (row) {
        var tr = el('tr');
        row.forEach(function (cell, c) {
          tr.appendChild(el('td', columns[c].text ? null : 'sl-num', cell[1]));
        });
        tbody.appendChild(tr);
      });
    }
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(tbody);
    fillBody();
    wrap.appendChild(table);
    return wrap;
  }

  // The coverage curve: covered and upper bound against k; hover, tap or
  // arrow keys read a point.
  function curveChart(box) {
    var W = 400, H = 240, left = 50, right = 12, top = 12, bottom = 40;
    var points = D.curve;
    var kMax = Math.max(1, points[points.length - 1][0]);
    var kMin = Math.min(0, points[0][0]);
    var values = [];
    points.forEach(function (p) { values.push(p[1], p[2]); });
    var yLo = Math.max(0, Math.floor(Math.min.apply(null, values) / 10) * 10);
    var yHi = Math.min(100, Math.ceil(Math.max.apply(null, values) / 10) * 10);
    // A flat curve gets a 10-point band, below it when it is at 100%.
    if (yHi <= yLo) {
      if (yHi >= 100) yLo = yHi - 10;
      else yHi = yLo + 10;
    }
    function sx(k) { return left + (k - kMin) / (kMax - kMin) * (W - left - right); }
    function sy(y) { return top + (yHi - y) / (yHi - yLo) * (H - top - bottom); }
    var svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'sl-curve', role: 'img', tabindex: '0' });
    svg.setAttribute('aria-label', T.curve);
    var step = yHi - yLo > 50 ? 20 : yHi - yLo > 20 ? 10 : 5;
    for (var y = yLo; y <= yHi + 1e-9; y += step) {
      svg.appendChild(svgEl('line', { x1: left, x2: W - right, y1: sy(y), y2: sy(y), class: 'sl-grid' }));
      var label = svgEl('text', { x: left - 5, y: sy(y) + 4, 'text-anchor': 'end' });
      label.textContent = num(y);
      svg.appendChild(label);
    }
    var span = kMax - kMin, kStep = 1;
    [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000].some(function (s) {
      kStep = s;
      return span / s <= 8;
    });
    for (var k = Math.ceil(kMin / kStep) * kStep; k <= kMax; k += kStep) {
      var tick = svgEl('text', { x: sx(k), y: H - bottom + 16, 'text-anchor': 'middle' });
      tick.textContent = num(k);
      svg.appendChild(tick);
    }
    var xTitle = svgEl('text', { x: (left + W - right) / 2, y: H - 6, 'text-anchor': 'middle', class: 'sl-axis-title' });
    xTitle.textContent = T.curve_x;
    svg.appendChild(xTitle);
    var yTitle = svgEl('text', { x: 0, y: 0, 'text-anchor': 'middle', class: 'sl-axis-title',
      transform: 'translate(11 ' + ((top + H - bottom) / 2) + ') rotate(-90)' });
    yTitle.textContent = T.curve_y;
    svg.appendChild(yTitle);
    function line(index, cls) {
      var d = points.map(function (p, i) { return (i ? 'L' : 'M') + sx(p[0]).toFixed(1) + ' ' + sy(p[index]).toFixed(1); });
      svg.appendChild(svgEl('path', { d: d.join(''), class: cls }));
    }
    line(2, 'sl-bound');
    line(1, 'sl-covered');
    // A lone point draws no line: mark it.
    if (points.length === 1) {
      svg.appendChild(svgEl('circle', { cx: sx(points[0][0]), cy: sy(points[0][1]), r: 3.5, class: 'sl-dot' }));
    }
    var guide = svgEl('line', { y1: top, y2: H - bottom, class: 'sl-guide', visibility: 'hidden' });
    var dot = svgEl('circle', { r: 4, class: 'sl-dot', visibility: 'hidden' });
    svg.appendChild(guide);
    svg.appendChild(dot);
    box.appendChild(svg);
    var key = el('div', 'sl-curve-key');
    [['sl-key-covered', T.curve_covered], ['sl-key-bound', T.curve_bound]].forEach(function (entry) {
      var item = el('span', 'sl-key');
      item.appendChild(el('span', entry[0]));
      item.appendChild(document.createTextNode(entry[1]));
      key.appendChild(item);
    });
    box.appendChild(key);
    var readout = el('p', 'sl-readout', T.curve_hint);
    readout.setAttribute('aria-live', 'polite');
    box.appendChild(readout);
    var current = -1;
    function show(i) {
      current = Math.max(0, Math.min(points.length - 1, i));
      var p = points[current];
      guide.setAttribute('x1', sx(p[0]));
      guide.setAttribute('x2', sx(p[0]));
      dot.setAttribute('cx', sx(p[0]));
      dot.setAttribute('cy', sy(p[1]));
      guide.setAttribute('visibility', 'visible');
      dot.setAttribute('visibility', 'visible');
      var text = fill(T.curve_point, [num(p[0]), fixed(p[1], 1)]);
      if (p[2] > 0) text += '; ' + fill(T.curve_point_bound, [num(p[0]), fixed(p[2], 1)]);
      readout.textContent = text;
      readout.classList.add('sl-active');
    }
    function fromPointer(e) {
      var r = svg.getBoundingClientRect();
      var k = kMin + ((e.clientX - r.left) * W / r.width - left) / (W - left - right) * (kMax - kMin);
      var best = 0;
      points.forEach(function (p, i) { if (Math.abs(p[0] - k) < Math.abs(points[best][0] - k)) best = i; });
      show(best);
    }
    svg.addEventListener('pointermove', fromPointer);
    svg.addEventListener('pointerdown', fromPointer);
    svg.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowRight' || e.key === 'ArrowUp') show(current + 1);
      else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') show(current < 0 ? 0 : current - 1);
      else return;
      e.preventDefault();
    });
  }

  var loadMs = performance.now();

  // The test hook (see sightline_render::report_html): ?test=click:3,...
  var query = /[?&]test(?:=([^&]*))?/.exec(window.location.search);
  if (query) setTimeout(function () { runTests(decodeURIComponent(query[1] || '')); }, 0);

  function shown(layer) {
    if (!map.hasLayer(layer)) return false;
    if (layer.eachLayer) {
      var all = true, any = false;
      layer.eachLayer(function (child) {
        any = true;
        all = all && shown(child);
      });
      return any && all;
    }
    var node = layer._container || layer._icon || layer._path;
    return !!node && document.body.contains(node);
  }
  var lastPopup = null;
  map.on('popupopen', function (e) { lastPopup = e.popup; });
  function popupText() {
    var node = lastPopup && lastPopup.isOpen() && lastPopup.getElement();
    var content = node && node.querySelector('.leaflet-popup-content');
    if (!content) return null;
    var lines = [content.querySelector('h3').textContent];
    content.querySelectorAll('tr').forEach(function (tr) {
      lines.push(tr.querySelector('th').textContent + ': ' + tr.querySelector('td').textContent);
    });
    return lines.join('\n');
  }
  function clientBox(node) {
    var r = node.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }
  // The district table's rows as shown, cell by cell.
  function districtRows() {
    var table = document.querySelector('.sl-district-table');
    if (!table) return [];
    return Array.prototype.map.call(table.querySelectorAll('tbody tr'), function (tr) {
      return Array.prototype.map.call(tr.querySelectorAll('td, th'), function (cell) { return cell.textContent; });
    });
  }
  function runTests(spec) {
    var result = {
      errors: window.__slErrors || [],
      load_ms: loadMs,
      new_cameras: mapDiv.querySelectorAll('.sl-new-camera').length,
      district_rows: districtRows()
    };
    // A closed popup fades out for a while, still in the way of a click.
    function closePopups() {
      map.closePopup();
      lastPopup = null;
      var pane = map.getPane('popupPane');
      while (pane.firstChild) pane.removeChild(pane.firstChild);
    }
    function clickCamera(rank) {
      closePopups();
      var badge = mapDiv.querySelector('.sl-new-camera[data-rank="' + rank + '"]');
      if (badge) badge.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
      result.popup = badge ? popupText() : null;
      (result.popups = result.popups || []).push(result.popup);
    }
    function clickDistrict(index) {
      closePopups();
      var d = D.districts[index];
      result.district_popup = null;
      if (d && d.inside) {
        var at = latLng(d.inside[0], d.inside[1]);
        map.setView(at, map.getZoom(), { animate: false });
        var p = map.latLngToContainerPoint(at), r = mapDiv.getBoundingClientRect();
        var target = document.elementFromPoint(r.left + p.x, r.top + p.y);
        var outline = districtOutlines[index];
        if (target && target === outline.getElement()) {
          target.dispatchEvent(new MouseEvent('click', {
            bubbles: true, cancelable: true, view: window, clientX: r.left + p.x, clientY: r.top + p.y
          }));
          result.district_click = 'dom';
        } else {
          outline.fire('click', { latlng: at });
          result.district_click = 'layer';
          result.district_target = target ? target.tagName + '.' + String(target.className.baseVal || target.className) : null;
        }
        result.district_popup = popupText();
      }
      (result.district_popups = result.district_popups || []).push(result.district_popup);
    }
    spec.split(',').forEach(function (step) {
      var parts = step.split(':');
      var what = parts[0], arg = parts.slice(1).join(':');
      if (what === 'click') {
        if (arg === 'all') D.new.forEach(function (c) { clickCamera(c.rank); });
        else clickCamera(Number(arg));
      } else if (what === 'district') {
        if (arg === 'all') D.districts.forEach(function (d, i) { clickDistrict(i); });
        else clickDistrict(Number(arg));
      } else if (what === 'toggle') {
        var entry = layers.filter(function (l) { return l.key === arg; })[0];
        if (entry) {
          var before = shown(entry.layer);
          checkboxes[arg].click();
          result.toggle = { layer: arg, visible_before: before, visible_after: shown(entry.layer) };
        } else {
          result.toggle = { layer: arg, visible_before: null, visible_after: null };
        }
      } else if (what === 'layout') {
        // Where the badges and the shown district names are drawn.
        result.badges = badges.map(function (badge) {
          var node = badge.marker.getElement();
          var offset = badge.offset;
          return {
            rank: badge.rank, small: !offset, moved: !!offset && (offset[0] !== 0 || offset[1] !== 0),
            box: node ? clientBox(node) : null
          };
        });
        result.names = districtNames.filter(function (name) {
          var node = name.marker.getElement();
          return node && !node.classList.contains('sl-hidden');
        }).map(function (name) { return clientBox(name.marker.getElement().firstChild); });
      } else if (what === 'zoom') {
        var times = [], zoom = map.getZoom();
        for (var i = 0; i < Number(arg); i++) {
          var t0 = performance.now();
          map.setZoom(i % 2 === 0 ? zoom + 1 : zoom, { animate: false });
          times.push(performance.now() - t0);
        }
        result.zoom_ms = times;
      }
    });
    // `log` also writes the result to the console, for browsers that
    // cannot hand back the page (Firefox prints console.log on stdout
    // with `devtools.console.stdout.content`).
    if (spec.split(',').indexOf('log') >= 0) console.log('sightline-test-result ' + JSON.stringify(result));
    var pre = el('pre', null, JSON.stringify(result));
    pre.id = 'sightline-test-result';
    document.body.appendChild(pre);
  }
})();
