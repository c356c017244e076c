// report.html, part 1 of 3 (the map): built from the JSON data in
// #sightline-data with Leaflet 1.9.4. Plain ES2018, no build step. Every
// text from the data is set with textContent, never parsed as HTML.
// This file opens the page's function, place.js (part 2: names, badges
// and the first view) continues it and panel.js (part 3: the side panel
// and the test hook) closes it; report_html inlines them together.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('sightline-data').textContent);
  var T = D.T;

  // Colours, as map.svg draws them.
  var RAMP = ['#ffffb2', '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#b10026'];
  var CATEGORY_COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02',
    '#a6761d', '#1f78b4', '#b2df8a', '#666666'];
  var DISTRICT_FILL = '#f3f1ec';
  var DISTRICT_STROKE = '#5f5f5f';
  var EXISTING_FILL = '#9aa5b4';
  var EXISTING_STROKE = '#3e4c5e';
  var NEW_COLOUR = '#1f2a7a';
  var BLIND_COLOUR = '#6a1b9a';
  var BLIND_RADII = [2, 3, 4.5];

  // Numbers, by one rule everywhere (no locale): thousands grouped with
  // commas; whole numbers as they are; others to 2 decimals (below 1 to 2
  // significant digits), trailing zeros dropped.
  function group(digits) {
    var out = '';
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
      out += digits[i];
    }
    return out;
  }
  function fixed(x, decimals) {
    var text = Math.abs(x).toFixed(decimals);
    var parts = text.split('.');
    var out = group(parts[0]) + (parts.length > 1 ? '.' + parts[1] : '');
    return x < 0 && /[1-9]/.test(text) ? '-' + out : out;
  }
  function num(x) {
    var decimals;
    if (Math.abs(x - Math.round(x)) < 1e-9) decimals = 0;
    else if (Math.abs(x) >= 1) decimals = 2;
    else decimals = Math.min(9, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(x)))));
    var out = fixed(x, decimals);
    return out.indexOf('.') >= 0 ? out.replace(/0+$/, '').replace(/\.$/, '') : out;
  }
  // A legend's class bounds: about 2 significant digits (whole numbers
  // from 100), more only where a class's ends would read the same; a
  // class of one value shows that value, and a first class reaching down
  // to almost nothing reads "≤ upper".
  function short(x, digits) {
    if (x === 0) return '0';
    var decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(x))));
    var out = fixed(x, decimals);
    return decimals > 0 ? out.replace(/0+$/, '').replace(/\.$/, '') : out;
  }
  function classRange(lower, upper, first) {
    if (lower === upper) return short(upper, 2);
    var lo, hi;
    for (var digits = 2; digits <= 6; digits++) {
      lo = short(lower, digits);
      hi = short(upper, digits);
      if (lo !== hi) break;
    }
    if (first && lower < upper / 20) return '≤ ' + hi;
    return lo === hi ? hi : lo + ' – ' + hi;
  }
  function percentOf(part, whole) {
    return whole > 0 ? fixed(100 * part / whole, 1) + '%' : '–';
  }
  function fill(template, args) {
    return template.replace(/\{(\d)\}/g, function (all, i) {
      return i < args.length ? String(args[i]) : all;
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svgEl(tag, attributes) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  // Coordinates: integers on a grid (0.1 m, or 1e-6 degrees) from an
  // origin. Plane metres are drawn from the origin (lat = y, lng = x).
  var unit = D.unit;
  function latLng(ix, iy) {
    if (D.lonlat) return L.latLng((D.origin[1] + iy) * unit, (D.origin[0] + ix) * unit);
    return L.latLng(iy * unit, ix * unit);
  }
  // Rings are [x0, y0, dx1, dy1, ...] from a start point.
  function ringLatLngs(ring, from) {
    var out = [];
    var x = from[0], y = from[1];
    for (var i = 0; i + 1 < ring.length; i += 2) {
      x += ring[i];
      y += ring[i + 1];
      out.push(latLng(x, y));
    }
    return out;
  }

  // The map.
  var mapDiv = document.getElementById('sl-map');
  mapDiv.setAttribute('aria-label', T.map);
  var map = L.map(mapDiv, {
    crs: D.lonlat ? L.CRS.EPSG3857 : L.CRS.Simple,
    minZoom: D.lonlat ? 0 : -20,
    maxZoom: D.lonlat ? 19 : 20,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    keyboard: true,
    attributionControl: !!D.basemap
  });
  var crs = map.options.crs;
  var PANES = [['slDistrictFill', 250], ['slDemand', 320], ['slExisting', 340], ['slNewReach', 360],
    ['slBlind', 380], ['slRecords', 390], ['slDistricts', 420], ['slLeaders', 440], ['slNames', 450]];
  PANES.forEach(function (pane) {
    map.createPane(pane[0]).style.zIndex = pane[1];
  });
  if (D.basemap) {
    // Leaflet shows an attribution as HTML: the credit goes in as text.
    var credit = el('span', null, D.attribution || D.basemap.replace(/^https?:\/\/([^/]*).*$/, '$1'));
    L.tileLayer(D.basemap, { maxZoom: 19, attribution: credit.outerHTML }).addTo(map);
  }
  L.control.scale({ imperial: false, maxWidth: 160, position: 'bottomleft' }).addTo(map);

  // Points projected once; each redraw is then one multiply-add per axis.
  function project(xy) {
    var n = xy.length / 2;
    var px = new Float64Array(n), py = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      if (D.lonlat) {
        var p = crs.projection.project(latLng(xy[2 * i], xy[2 * i + 1]));
        px[i] = p.x;
        py[i] = p.y;
      } else {
        px[i] = xy[2 * i] * unit;
        py[i] = xy[2 * i + 1] * unit;
      }
    }
    return { x: px, y: py, n: n };
  }
  function projectRings(rings, from) {
    return rings.map(function (ring) {
      var flat = [];
      var x = from[0], y = from[1];
      for (var i = 0; i + 1 < ring.length; i += 2) {
        x += ring[i];
        y += ring[i + 1];
        flat.push(x, y);
      }
      return project(flat);
    });
  }
  // Metres to projected units, at the data's middle latitude.
  var projectedPerMetre = 1;
  if (D.lonlat) {
    var middleLat = (D.origin[1] + (D.extent[1] + D.extent[3]) / 2) * unit;
    projectedPerMetre = 1 / Math.cos(middleLat * Math.PI / 180);
  }

  // A layer drawn on its own canvas from flat arrays: Leaflet's Renderer
  // places, sizes and animates the canvas; `draw` paints it.
  var CanvasLayer = L.Renderer.extend({
    initialize: function (draw, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this._paint = draw;
    },
    _initContainer: function () {
      this._container = el('canvas', 'sl-canvas');
      if (this.options.opacity !== undefined) this._container.style.opacity = this.options.opacity;
      this._ctx = this._container.getContext('2d');
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      delete this._ctx;
      delete this._container;
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), ratio = window.devicePixelRatio || 1;
      var canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = Math.round(ratio * size.x);
      canvas.height = Math.round(ratio * size.y);
      canvas.style.width = size.x + 'px';
      canvas.style.height = size.y + 'px';
      var ctx = this._ctx;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var scale = crs.scale(this._map.getZoom());
      var p0 = crs.transformation.transform(L.point(0, 0), scale);
      var p1 = crs.transformation.transform(L.point(1, 1), scale);
      var origin = this._map.getPixelOrigin();
      this._paint(ctx, {
        ax: p1.x - p0.x, bx: p0.x - origin.x - b.min.x,
        ay: p1.y - p0.y, by: p0.y - origin.y - b.min.y,
        w: size.x, h: size.y
      });
      this.fire('update');
    }
  });

  // Paths of dots (or squares) of one colour, skipping those off the
  // canvas; many small dots are drawn as squares, which is much faster and
  // looks the same at that size.
  var MANY_DOTS = 15000;
  function dots(ctx, v, pts, indices, radius, square) {
    var xs = [], ys = [];
    for (var k = 0; k < indices.length; k++) {
      var i = indices[k];
      var x = v.ax * pts.x[i] + v.bx, y = v.ay * pts.y[i] + v.by;
      if (x < -radius || y < -radius || x > v.w + radius || y > v.h + radius) continue;
      xs.push(x);
      ys.push(y);
    }
    var squares = square || xs.length > MANY_DOTS;
    var r = square ? radius : xs.length > MANY_DOTS ? radius * 0.85 : radius;
    ctx.beginPath();
    for (var j = 0; j < xs.length; j++) {
      if (squares) {
        ctx.rect(xs[j] - r, ys[j] - r, 2 * r, 2 * r);
      } else {
        ctx.moveTo(xs[j] + r, ys[j]);
        ctx.arc(xs[j], ys[j], r, 0, 2 * Math.PI);
      }
    }
    return xs.length;
  }
  // Polygons (each a list of projected rings), culled by box, each filled
  // (and stroked) on its own: far faster than one path of thousands of
  // overlapping rings. Opaque on a canvas with CSS opacity, overlapping
  // reaches read as their union.
  function polygons(ctx, v, list, fill, stroke) {
    list.forEach(function (polygon) {
      if (!polygon) return;
      var box = polygon.box;
      var x0 = v.ax * box[0] + v.bx, x1 = v.ax * box[2] + v.bx;
      var y0 = v.ay * box[1] + v.by, y1 = v.ay * box[3] + v.by;
      if (Math.max(x0, x1) < 0 || Math.min(x0, x1) > v.w || Math.max(y0, y1) < 0 || Math.min(y0, y1) > v.h) return;
      ctx.beginPath();
      // Vertices closer than a pixel to the last one drawn are skipped:
      // zoomed out, a reach of 33 vertices is drawn with a handful.
      polygon.rings.forEach(function (ring) {
        var lastX = 0, lastY = 0;
        for (var i = 0; i < ring.n; i++) {
          var x = v.ax * ring.x[i] + v.bx, y = v.ay * ring.y[i] + v.by;
          if (i === 0) {
            ctx.moveTo(x, y);
          } else if (Math.abs(x - lastX) >= 1 || Math.abs(y - lastY) >= 1 || i === ring.n - 1) {
            ctx.lineTo(x, y);
          } else {
            continue;
          }
          lastX = x;
          lastY = y;
        }
        ctx.closePath();
      });
      if (fill) ctx.fill();
      if (stroke && Math.abs(x1 - x0) > 4) ctx.stroke();
    });
  }
  function reachOf(camera) {
    if (!camera.reach) return null;
    var rings = projectRings(camera.reach, camera.xy);
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    rings.forEach(function (ring) {
      for (var i = 0; i < ring.n; i++) {
        box[0] = Math.min(box[0], ring.x[i]);
        box[1] = Math.min(box[1], ring.y[i]);
        box[2] = Math.max(box[2], ring.x[i]);
        box[3] = Math.max(box[3], ring.y[i]);
      }
    });
    return { rings: rings, box: box };
  }
  // Indices of each colour digit in a codes string ('.' is none).
  function byColour(codes, colours) {
    var lists = [];
    for (var c = 0; c < colours; c++) lists.push([]);
    for (var i = 0; i < codes.length; i++) {
      var code = codes.charCodeAt(i) - 48;
      if (code >= 0 && code < colours) lists[code].push(i);
    }
    return lists;
  }

  // The layers: key, name, Leaflet layer, legend, on at first.
  var layers = [];
  function addLayer(key, name, layer, on, legend, swatch) {
    layers.push({ key: key, name: name, layer: layer, on: on, legend: legend, swatch: swatch });
    if (on) layer.addTo(map);
  }

  // Districts: a light fill below everything, outlines above (clicked for
  // their figures), names at a point inside each.
  var districtGroup = L.layerGroup();
  var districtOutlines = [];
  var districtNames = [];
  D.districts.forEach(function (district, index) {
    var shape = district.shape.map(function (polygon) {
      return polygon.map(function (ring) { return ringLatLngs(ring, [0, 0]); });
    });
    L.polygon(shape, {
      pane: 'slDistrictFill', interactive: false, stroke: false,
      fillColor: DISTRICT_FILL, fillOpacity: D.basemap ? 0.35 : 1
    }).addTo(districtGroup);
    var outline = L.polygon(shape, {
      pane: 'slDistricts', color: DISTRICT_STROKE, weight: 1.2, opacity: 0.9,
      fill: true, fillOpacity: 0, className: 'sl-district'
    });
    outline.on('click', function (e) { openDistrictPopup(index, e.latlng); });
    outline.addTo(districtGroup);
    districtOutlines.push(outline);
    if (district.inside) {
      var area = 0;
      var ring = district.shape.length ? ringLatLngs(district.shape[0][0], [0, 0]) : [];
      for (var i = 0; i < ring.length; i++) {
        var a = ring[i], b = ring[(i + 1) % ring.length];
        area += a.lng * b.lat - b.lng * a.lat;
      }
      var label = L.marker(latLng(district.inside[0], district.inside[1]), {
        pane: 'slNames', interactive: false, keyboard: false,
        icon: L.divIcon({ className: 'sl-district-name', html: el('span', null, district.name), iconSize: null })
      });
      label.addTo(districtGroup);
      districtNames.push({ marker: label, area: Math.abs(area) });
    }
  });
  districtNames.sort(function (a, b) { return b.area - a.area; });
  // Names, badges and the first view are placed by place.js.
  var badges = [];
  var leaderLayer = null;
  map.on('zoomend', placeLabels);
  districtGroup.on('add remove', function () { setTimeout(placeLabels, 0); });
  if (D.districts.length) {
    addLayer('districts', T.districts, districtGroup, true, null, 'sl-swatch-district');
  }

  // Demand and each period's demand, coloured by class.
  var demandPoints = project(D.demand.xy);
  function demandLayer(codes) {
    var lists = byColour(codes, RAMP.length);
    return new CanvasLayer(function (ctx, v) {
      var side = D.demand.size_m;
      var radius = side ? Math.max(0.5, side * projectedPerMetre * Math.abs(v.ax) / 2) : 2.4;
      ctx.globalAlpha = 0.85;
      lists.forEach(function (list, colour) {
        if (!list.length) return;
        dots(ctx, v, demandPoints, list, radius, !!side);
        ctx.fillStyle = RAMP[colour];
        ctx.fill();
        if (!side) {
          ctx.strokeStyle = 'rgba(140,123,79,0.45)';
          ctx.lineWidth = 0.5;
          ctx.stroke();
        }
      });
    }, { pane: 'slDemand' });
  }
  function classLegend(classes, note) {
    var box = el('div', 'sl-legend');
    classes.forEach(function (row, i) {
      var line = el('div', 'sl-legend-row');
      var swatch = el('span', 'sl-swatch sl-swatch-square');
      swatch.style.background = RAMP[row[0]];
      line.appendChild(swatch);
      line.appendChild(el('span', null, classRange(row[1], row[2], i === 0)));
      box.appendChild(line);
    });
    if (classes.length) box.appendChild(el('div', 'sl-note', T.classes));
    if (note) box.appendChild(el('div', 'sl-note sl-merge-note', note));
    return box;
  }
  if (D.demand.codes.length) {
    var demandName = D.demand.label || (D.demand.cells ? T.demand_cells : T.demand);
    var mergeNote = D.demand.merged
      ? fill(T.merged, [D.demand.cells ? T.cells : T.points, num(D.demand.size_m)]) : null;
    addLayer('demand', demandName, demandLayer(D.demand.codes), true,
      classLegend(D.demand.classes, mergeNote), 'sl-swatch-demand');
  }
  D.periods.forEach(function (period, i) {
    if (!period.codes) return;
    addLayer('period-' + i, fill(T.period, [period.name, period.hours]), demandLayer(period.codes),
      false, classLegend(period.classes, null), 'sl-swatch-demand');
  });

  // Existing cameras: reach, then a dot each.
  if (D.existing.length) {
    var existingPoints = project([].concat.apply([], D.existing.map(function (c) { return c.xy; })));
    var existingReach = D.existing.map(reachOf);
    var allExisting = D.existing.map(function (c, i) { return i; });
    var existingGroup = L.layerGroup([
      new CanvasLayer(function (ctx, v) {
        ctx.fillStyle = EXISTING_FILL;
        ctx.strokeStyle = EXISTING_STROKE;
        ctx.lineWidth = 1;
        polygons(ctx, v, existingReach, true, true);
      }, { pane: 'slExisting', opacity: 0.4 }),
      new CanvasLayer(function (ctx, v) {
        dots(ctx, v, existingPoints, allExisting, 2.6, false);
        ctx.fillStyle = EXISTING_STROKE;
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 0.8;
        ctx.stroke();
      }, { pane: 'slExisting' })
    ]);
    addLayer('existing', T.existing, existingGroup, true, null, 'sl-swatch-existing');
  }

  // New cameras: reach on a canvas, a numbered badge each (DOM, clickable).
  var newGroup = L.layerGroup();
  if (D.new.length) {
    var newReach = D.new.map(reachOf);
    new CanvasLayer(function (ctx, v) {
      ctx.fillStyle = NEW_COLOUR;
      polygons(ctx, v, newReach, true, false);
    }, { pane: 'slNewReach', opacity: 0.16 }).addTo(newGroup);
    new CanvasLayer(function (ctx, v) {
      ctx.strokeStyle = NEW_COLOUR;
      ctx.lineWidth = 1.5;
      ctx.globalAlpha = 0.9;
      polygons(ctx, v, newReach, false, true);
    }, { pane: 'slNewReach' }).addTo(newGroup);
    var Badge = L.DivIcon.extend({
      createIcon: function (old) {
        var div = L.DivIcon.prototype.createIcon.call(this, old);
        div.textContent = String(this.options.rank);
        div.setAttribute('data-rank', String(this.options.rank));
        return div;
      }
    });
    var newPoints = project([].concat.apply([], D.new.map(function (c) { return c.xy; })));
    leaderLayer = new CanvasLayer(function (ctx, v) {
      ctx.beginPath();
      badges.forEach(function (badge) {
        var offset = badge.offset;
        if (!offset || (offset[0] === 0 && offset[1] === 0)) return;
        var x = v.ax * newPoints.x[badge.point] + v.bx, y = v.ay * newPoints.y[badge.point] + v.by;
        ctx.moveTo(x, y);
        ctx.lineTo(x + offset[0], y + offset[1]);
        ctx.moveTo(x + 2.5, y);
        ctx.arc(x, y, 2.5, 0, 2 * Math.PI);
      });
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 3;
      ctx.stroke();
      ctx.strokeStyle = NEW_COLOUR;
      ctx.lineWidth = 1.2;
      ctx.stroke();
      ctx.fillStyle = NEW_COLOUR;
      ctx.fill();
    }, { pane: 'slLeaders' });
    leaderLayer.addTo(newGroup);
    D.new.forEach(function (camera, point) {
      var width = 14 + 7 * String(camera.rank).length;
      var marker = L.marker(latLng(camera.xy[0], camera.xy[1]), {
        icon: new Badge({ className: 'sl-new-camera', html: false, rank: camera.rank,
          iconSize: [width, 22], iconAnchor: [width / 2, 11], popupAnchor: [0, -10] }),
        title: fill(T.new_camera, [camera.rank]),
        alt: fill(T.new_camera, [camera.rank]),
        zIndexOffset: 100000 - camera.rank,
        riseOnHover: true
      });
      marker.bindPopup(function () { return cameraPopup(camera); }, { maxWidth: 320 });
      marker.addTo(newGroup);
      badges.push({ marker: marker, width: width, rank: camera.rank, point: point, offset: null });
    });
    badges.sort(function (a, b) { return a.rank - b.rank; });
    addLayer('new', T.new, newGroup, true, null, 'sl-swatch-new');
    newGroup.on('add', function () { setTimeout(placeLabels, 0); });
  }

  // Blind spots, sized by the demand left unseen.
  if (D.blind.codes.length) {
    var blindPoints = project(D.blind.xy);
    var blindLists = byColour(D.blind.codes, BLIND_RADII.length);
    var blindLegend = el('div', 'sl-legend');
    blindLegend.appendChild(el('div', 'sl-note', T.blind_note));
    addLayer('blind', T.blind, new CanvasLayer(function (ctx, v) {
      blindLists.forEach(function (list, size) {
        if (!list.length) return;
        dots(ctx, v, blindPoints, list, BLIND_RADII[size], false);
        ctx.globalAlpha = 0.75;
        ctx.fillStyle = BLIND_COLOUR;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 0.6;
        ctx.stroke();
      });
    }, { pane: 'slBlind' }), false, blindLegend, 'sl-swatch-blind');
  }

  // Complaint records, one layer per category.
  D.records.forEach(function (category, i) {
    var points = project(category.xy);
    var all = [];
    for (var k = 0; k < points.n; k++) all.push(k);
    var colour = CATEGORY_COLOURS[i % CATEGORY_COLOURS.length];
    var name = category.name === null ? T.uncategorized : category.name;
    addLayer('records-' + i, T.records + ': ' + name + ' (' + num(points.n) + ')', new CanvasLayer(function (ctx, v) {
      dots(ctx, v, points, all, 2.8, false);
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = colour;
      ctx.fill();
      if (points.n < 20000) {
        ctx.globalAlpha = 1;
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 0.6;
        ctx.stroke();
      }
    }, { pane: 'slRecords' }), false, null, colour);
  });

  // Popups: a heading and rows of label and value.
  function popupTable(heading, rows) {
    var box = el('div', 'sl-popup');
    box.appendChild(el('h3', null, heading));
    var table = el('table');
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === '') return;
      var tr = el('tr');
      tr.appendChild(el('th', null, row[0]));
      tr.appendChild(el('td', null, String(row[1])));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }
  function cameraPopup(camera) {
    return popupTable(fill(T.new_camera, [camera.rank]), [
      [T.rank, String(camera.rank)],
      [T.site, camera.site],
      [T.label, camera.label],
      [T.district, camera.district],
      [T.gain, num(camera.gain)],
      [T.camera_type, camera.type],
      [T.heading, camera.heading === null ? null : num(camera.heading) + '°']
    ]);
  }
  function coverage(part, whole) {
    return percentOf(part, whole) + ' (' + num(part) + ')';
  }
  function openDistrictPopup(index, at) {
    var d = D.districts[index];
    L.popup({ maxWidth: 320 }).setLatLng(at).setContent(popupTable(d.name, [
      [T.demand, num(d.demand)],
      [T.demand_points, num(d.points)],
      [T.covered_before, coverage(d.before, d.demand)],
      [T.covered_after, coverage(d.after, d.demand)],
      [T.cameras_added, num(d.added)]
    ])).openOn(map);
  }

  // The layer list, which is also the legend.
  var checkboxes = {};
  var LayerList = L.Control.extend({
    options: { position: 'topright' },
    onAdd: function () {
      var box = el('section', 'sl-layers');
      box.setAttribute('aria-label', T.layers);
      var toggle = el('button', 'sl-layers-toggle', T.layers_button);
      toggle.type = 'button';
      var body = el('div', 'sl-layers-body');
      body.id = 'sl-layers-body';
      toggle.setAttribute('aria-controls', body.id);
      var collapsed = window.matchMedia && window.matchMedia('(max-width: 700px)').matches;
      function show(open) {
        box.classList.toggle('sl-collapsed', !open);
        toggle.setAttribute('aria-expanded', String(open));
      }
      show(!collapsed);
      toggle.addEventListener('click', function () { show(box.classList.contains('sl-collapsed')); });
      box.appendChild(toggle);
      body.appendChild(el('h2', null, T.layers));
      layers.forEach(function (entry) {
        var row = el('div', 'sl-layer');
        var label = el('label');
        var input = el('input');
        input.type = 'checkbox';
        input.checked = entry.on;
        input.setAttribute('data-key', entry.key);
        checkboxes[entry.key] = input;
        label.appendChild(input);
        var swatch = el('span', 'sl-swatch');
        if (entry.swatch.charAt(0) === '#') {
          swatch.className = 'sl-swatch sl-swatch-dot';
          swatch.style.background = entry.swatch;
        } else {
          swatch.className = 'sl-swatch ' + entry.swatch;
          if (entry.key === 'new') swatch.textContent = '1';
        }
        label.appendChild(swatch);
        label.appendChild(el('span', 'sl-layer-name', entry.name));
        row.appendChild(label);
        if (entry.legend) row.appendChild(entry.legend);
        row.classList.toggle('sl-off', !entry.on);
        input.addEventListener('change', function () {
          if (input.checked) {
            // One period's demand at a time.
            if (entry.key.indexOf('period-') === 0) {
              layers.forEach(function (other) {
                var otherBox = checkboxes[other.key];
                if (other !== entry && other.key.indexOf('period-') === 0 && otherBox.checked) {
                  otherBox.checked = false;
                  map.removeLayer(other.layer);
                  otherBox.closest('.sl-layer').classList.add('sl-off');
                }
              });
            }
            map.addLayer(entry.layer);
          } else {
            map.removeLayer(entry.layer);
          }
          row.classList.toggle('sl-off', !input.checked);
        });
        body.appendChild(row);
      });
      box.appendChild(body);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    }
  });
  new LayerList().addTo(map);
