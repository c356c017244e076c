// report.html, part 2 of 3 (placing): district names, camera badges
// and the first view, continuing the function that page.js opens (its
// names: D, map, badges, leaderLayer…). Runs after page.js has built the
// layers and before panel.js.

  // Names that would overlap a larger district's name are hidden; the
  // shown names' boxes (container pixels) are kept for the badges.
  var nameBoxes = [];
  function placeNames() {
    nameBoxes = [];
    if (!map.hasLayer(districtGroup)) return;
    districtNames.forEach(function (name) {
      var node = name.marker.getElement();
      if (!node) return;
      node.classList.remove('sl-hidden');
      var at = map.latLngToContainerPoint(name.marker.getLatLng());
      if (!name.w) {
        name.w = node.offsetWidth / 2 + 2;
        name.h = node.offsetHeight / 2 + 1;
      }
      var w = name.w, h = name.h;
      var box = [at.x - w, at.y - h, at.x + w, at.y + h];
      var clash = nameBoxes.some(function (o) { return overlaps(box, o); });
      if (clash) node.classList.add('sl-hidden');
      else nameBoxes.push(box);
    });
  }
  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  // Boxes bucketed in a grid of cells, so that asking whether a box is
  // free looks at a few neighbours, not at every box placed.
  var CELL = 64;
  function BoxGrid() { this.cells = new Map(); }
  // The cells a box touches, as numbers.
  BoxGrid.prototype.keys = function (box) {
    var keys = [];
    var i1 = Math.floor(box[2] / CELL), j0 = Math.floor(box[1] / CELL), j1 = Math.floor(box[3] / CELL);
    for (var i = Math.floor(box[0] / CELL); i <= i1; i++) {
      for (var j = j0; j <= j1; j++) keys.push(i * 1048576 + j);
    }
    return keys;
  };
  BoxGrid.prototype.add = function (box) {
    var cells = this.cells;
    this.keys(box).forEach(function (key) {
      var list = cells.get(key);
      if (list) list.push(box);
      else cells.set(key, [box]);
    });
  };
  // Whether `box` overlaps a box added: a name, a badge or (if `points`)
  // a camera's point other than camera `own`'s.
  BoxGrid.prototype.hits = function (box, points, own) {
    var keys = this.keys(box);
    for (var n = 0; n < keys.length; n++) {
      var list = this.cells.get(keys[n]);
      if (!list) continue;
      for (var k = 0; k < list.length; k++) {
        var other = list[k];
        if (other.camera !== undefined && (!points || other.camera === own)) continue;
        if (overlaps(box, other)) return true;
      }
    }
    return false;
  };

  // Badges go by rank: each at its camera if the spot is free of shown
  // names and better-ranked badges, else at the first free spot of rings
  // around it (joined to the camera by a leader line), else shrunk to a
  // dot (still clickable); zooming in gives them room. A moved badge also
  // keeps off other cameras, so that every leader line starts in the open.
  // Rings of spots (pixels, wider than high as badges are), clockwise
  // from the upper right, one spot per badge height or so of each ring.
  var SPOTS = [[0, 0]];
  [26, 40, 56, 72, 90].forEach(function (r) {
    var n = 4 * Math.round(2 * Math.PI * r / 4 / 24);
    for (var k = 0; k < n; k++) {
      var a = -Math.PI / 4 + k * 2 * Math.PI / n;
      SPOTS.push([Math.round(r * Math.cos(a) * 1.2), Math.round(r * Math.sin(a))]);
    }
  });
  function placeBadges() {
    var grid = new BoxGrid();
    nameBoxes.forEach(function (box) { grid.add(box); });
    var points = badges.map(function (badge, index) {
      var at = map.latLngToContainerPoint(badge.marker.getLatLng());
      var dot = [at.x - 3, at.y - 3, at.x + 3, at.y + 3];
      dot.camera = index;
      grid.add(dot);
      return at;
    });
    badges.forEach(function (badge, index) {
      var at = points[index];
      var w = badge.width / 2, h = 11;
      badge.offset = null;
      for (var s = 0; s < SPOTS.length; s++) {
        var x = at.x + SPOTS[s][0], y = at.y + SPOTS[s][1];
        var box = [x - w, y - h, x + w, y + h];
        // At its own camera a badge may cover other cameras' points.
        if (!grid.hits(box, s > 0, index)) {
          badge.offset = SPOTS[s];
          grid.add(box);
          break;
        }
      }
      var node = badge.marker.getElement();
      if (!node || node.slOffset === badge.offset) return;
      // (A new node, after the layer was off, has Leaflet's margins.)
      node.slOffset = badge.offset;
      var offset = badge.offset || SPOTS[0];
      node.classList.toggle('sl-small', !badge.offset);
      node.style.marginLeft = (offset[0] - w) + 'px';
      node.style.marginTop = (offset[1] - h) + 'px';
    });
    if (leaderLayer && map.hasLayer(leaderLayer)) leaderLayer._update();
  }
  function placeLabels() {
    placeNames();
    placeBadges();
  }

  // Fit to the districts (or to everything), as large as the map allows
  // (fractional zoom), then allow a little more. Until someone moves the
  // map, a change of the map's size fits it again.
  var fitted = null;
  function fitView() {
    var e = D.extent;
    if (!D.extent.length || (e[0] === e[2] && e[1] === e[3])) {
      map.setView(latLng(e[0] || 0, e[1] || 0), D.lonlat ? 15 : 0);
    } else {
      if (!fitted) {
        var bounds = L.latLngBounds([latLng(e[0], e[1]), latLng(e[2], e[3])]);
        var rings = [[bounds.getSouthWest(), bounds.getNorthWest(), bounds.getNorthEast(), bounds.getSouthEast()]];
        if (D.districts.length) {
          bounds = L.featureGroup(districtOutlines).getBounds();
          rings = [];
          D.districts.forEach(function (district) {
            district.shape.forEach(function (polygon) {
              polygon.forEach(function (ring) { rings.push(ringLatLngs(ring, [0, 0])); });
            });
          });
        }
        fitted = {
          bounds: bounds,
          rings: rings.map(function (ring) {
            return ring.map(function (ll) { return map.project(ll, 0); });
          })
        };
      }
      var snap = map.options.zoomSnap;
      map.options.zoomSnap = 0;
      map.fitBounds(fitted.bounds, fitOptions(fitted.bounds, fitted.rings));
      map.options.zoomSnap = snap;
    }
    var zoom = map.getZoom();
    map.setMinZoom(D.lonlat ? Math.max(0, Math.floor(zoom) - 3) : Math.floor(zoom) - 3);
    map.setMaxZoom(D.lonlat ? 19 : Math.max(Math.ceil(zoom) + 6, 4));
    if (fitted) {
      fitted.zoom = zoom;
      fitted.centre = map.getCenter();
    }
  }
  fitView();
  map.on('resize', function () {
    // (Keeping the centre on a resize moves it by up to a pixel.)
    var zoom = map.getZoom();
    if (fitted && zoom === fitted.zoom && map.project(map.getCenter(), zoom).distanceTo(map.project(fitted.centre, zoom)) < 2) {
      fitView();
      placeLabels();
    }
  });
  // The padding that fits `bounds` largest without drawing any of
  // `rings` (projected at zoom 0) under the layer list: none but a
  // margin if the data clears the list anyway, else the data pushed left
  // of the list or below it, as far as needed.
  function fitOptions(bounds, rings) {
    var MARGIN = 20;
    var list = mapDiv.querySelector('.sl-layers');
    if (!list) return { padding: [MARGIN, MARGIN], animate: false };
    var mapBox = mapDiv.getBoundingClientRect(), listBox = list.getBoundingClientRect();
    var box = [listBox.left - mapBox.left - 4, listBox.top - mapBox.top - 4,
      listBox.right - mapBox.left + 4, listBox.bottom - mapBox.top + 4];
    var size = map.getSize();
    var scale0 = crs.scale(0);
    function clear(options) {
      var tl = L.point(options.paddingTopLeft), br = L.point(options.paddingBottomRight);
      var zoom = map.getBoundsZoom(bounds, false, tl.add(br));
      var k = crs.scale(zoom) / scale0;
      var centre = map.project(bounds.getSouthWest(), zoom).add(map.project(bounds.getNorthEast(), zoom))
        .divideBy(2).add(br.subtract(tl).divideBy(2));
      var dx = size.x / 2 - centre.x, dy = size.y / 2 - centre.y;
      var corners = [[box[0], box[1]], [box[2], box[1]], [box[0], box[3]], [box[2], box[3]]];
      var inside = corners.map(function () { return false; });
      var hit = rings.some(function (ring) {
        for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          var x = ring[i].x * k + dx, y = ring[i].y * k + dy;
          if (x > box[0] && x < box[2] && y > box[1] && y < box[3]) return true;
          var xj = ring[j].x * k + dx, yj = ring[j].y * k + dy;
          corners.forEach(function (c, n) {
            if ((y > c[1]) !== (yj > c[1]) && c[0] < (xj - x) * (c[1] - y) / (yj - y) + x) inside[n] = !inside[n];
          });
        }
        return false;
      });
      return { zoom: zoom, ok: !hit && !inside.some(Boolean) };
    }
    // The data pushed left of the list, or below it, by a fraction of
    // the way (+2: data that only touches the list's box clears it).
    var best = null;
    [0, 0.25, 0.5, 0.75, 1].forEach(function (f) {
      [
        { paddingTopLeft: [MARGIN, MARGIN], paddingBottomRight: [MARGIN + f * (size.x - box[0] + 2), MARGIN] },
        { paddingTopLeft: [MARGIN, MARGIN + f * (box[3] - MARGIN + 2)], paddingBottomRight: [MARGIN, MARGIN] }
      ].forEach(function (options) {
        options.animate = false;
        var tried = clear(options);
        if (tried.ok && (!best || tried.zoom > best.zoom + 1e-9)) best = { zoom: tried.zoom, options: options };
      });
    });
    return best ? best.options
      : { paddingTopLeft: [MARGIN, MARGIN], paddingBottomRight: [size.x - box[0] + MARGIN, MARGIN], animate: false };
  }
  placeLabels();
