// Conditional reveal (GOV.UK radios): a choice's own fields show only while it is chosen.
// Without this script every choice's fields show, and the server reads the chosen one's.
/* global document */
(function () {
  'use strict';
  var radios = document.querySelectorAll('input[type="radio"][data-reveal]');
  function sync(name) {
    document.querySelectorAll('input[type="radio"][name="' + name + '"]').forEach(function (radio) {
      var id = radio.getAttribute('data-reveal');
      var target = id && document.getElementById(id);
      if (!target) return;
      target.hidden = !radio.checked;
      radio.setAttribute('aria-expanded', radio.checked ? 'true' : 'false');
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener('change', function () {
      sync(radio.name);
    });
    sync(radio.name);
  });
})();
