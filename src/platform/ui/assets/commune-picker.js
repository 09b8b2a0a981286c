// Address fields (province → commune): with JavaScript, choosing a province fills the commune list
// in the browser from /api/v1/units/provinces/<code>/communes (kept by the browser's cache: ETag,
// max-age; and here per page), so no round trip to the form is needed. Without JavaScript, or when
// the list cannot be fetched, the form's "update the list" button does the round trip.
/* global document */
(function () {
  'use strict';
  var lists = {};

  function fetchCommunes(url, code) {
    if (!lists[code]) {
      lists[code] = fetch(url.replace('{code}', encodeURIComponent(code)), { headers: { accept: 'application/json' }, credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      });
      lists[code].catch(function () { delete lists[code]; });
    }
    return lists[code];
  }

  function option(value, label) {
    var o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    return o;
  }

  function setup(box) {
    if (box.getAttribute('data-picker-ready')) return;
    box.setAttribute('data-picker-ready', '1');
    var province = box.querySelector('select[name$=".province"]');
    var commune = box.querySelector('select[name$=".commune"]');
    var fallback = box.querySelector('[data-no-script]');
    var status = box.querySelector('[data-picker-status]');
    var url = box.getAttribute('data-communes-url');
    if (!province || !commune || !url || typeof fetch !== 'function') return;
    if (fallback) fallback.hidden = true;

    function fill(items, keep) {
      while (commune.firstChild) commune.removeChild(commune.firstChild);
      commune.appendChild(option('', items.length > 0 ? box.getAttribute('data-choose') : box.getAttribute('data-choose-province')));
      items.forEach(function (item) {
        var o = option(item.code, item.name);
        if (item.code === keep) o.selected = true;
        commune.appendChild(o);
      });
      if (status) status.textContent = items.length > 0 ? (box.getAttribute('data-loaded') || '').replace('{n}', String(items.length)) : '';
    }

    province.addEventListener('change', function () {
      var code = province.value;
      var keep = commune.value;
      if (!/^\d{2}$/.test(code)) {
        fill([], '');
        return;
      }
      commune.setAttribute('aria-busy', 'true');
      fetchCommunes(url, code)
        .then(function (data) {
          if (province.value === code) fill(data.items || [], keep);
        })
        .catch(function () {
          if (fallback) fallback.hidden = false;
        })
        .then(function () {
          commune.removeAttribute('aria-busy');
        });
    });
  }

  var boxes = document.querySelectorAll('[data-commune-picker]');
  for (var i = 0; i < boxes.length; i++) setup(boxes[i]);
})();
