// The recipient picker's type-ahead (exchange.compose.tsx). Without this script the picker is a
// GET form whose buttons reload the page; with it, typing searches as you go and the add and
// remove buttons change the chosen list in place. Plain script, no build step, no framework.
/* global document, CSS */
(function () {
  'use strict';
  var picker = document.getElementById('picker');
  var compose = document.getElementById('compose-form');
  // The form that saves the chosen recipients as a list: it sends what the picker shows.
  var saveList = document.getElementById('save-list');
  var input = document.getElementById('picker-q');
  var results = document.getElementById('picker-results');
  var selected = document.getElementById('picker-selected');
  if (!picker || !compose || !input || !results || !selected) return;
  var addLabel = picker.getAttribute('data-add-label') || '+';
  var removeLabel = picker.getAttribute('data-remove-label') || '{name}';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function chosen(code) {
    return selected.querySelector('li[data-code="' + CSS.escape(code) + '"]') !== null;
  }
  function hidden(form, name, code) {
    return form.querySelector('input[type="hidden"][name="' + name + '"][value="' + CSS.escape(code) + '"]');
  }
  function agencyLabel(name, code) {
    var span = el('span', {}, name + ' ');
    span.appendChild(el('small', { class: 'agency-code' }, code));
    return span;
  }
  function add(code, name) {
    if (chosen(code)) return;
    var empty = selected.querySelector('li.hint');
    if (empty) empty.remove();
    var li = el('li', { 'data-code': code });
    li.appendChild(el('input', { type: 'hidden', name: 'to', value: code }));
    li.appendChild(agencyLabel(name, code));
    li.appendChild(el('button', { type: 'submit', class: 'link-button', name: 'remove', value: code }, removeLabel.replace('{name}', name)));
    selected.appendChild(li);
    compose.appendChild(el('input', { type: 'hidden', name: 'recipients', value: code }));
    if (saveList && !hidden(saveList, 'to', code)) saveList.insertBefore(el('input', { type: 'hidden', name: 'to', value: code }), saveList.firstChild);
  }
  function remove(code) {
    var li = selected.querySelector('li[data-code="' + CSS.escape(code) + '"]');
    if (li) li.remove();
    var field = hidden(compose, 'recipients', code);
    if (field) field.remove();
    var saved = saveList && hidden(saveList, 'to', code);
    if (saved) saved.remove();
    if (!selected.querySelector('li')) selected.appendChild(el('li', { class: 'hint' }, selected.getAttribute('data-empty') || ''));
    input.focus();
  }

  picker.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (!button) return;
    if (button.name === 'add') {
      event.preventDefault();
      var item = button.closest('li');
      var name = button.getAttribute('data-name') || button.value;
      add(button.value, name);
      if (item) item.remove();
      input.focus();
    } else if (button.name === 'remove') {
      event.preventDefault();
      remove(button.value);
    }
  });

  var timer = null;
  var latest = 0;
  function show(items) {
    results.textContent = '';
    var list = el('ul', { class: 'picker-list' });
    items.forEach(function (a) {
      if (chosen(a.code)) return;
      var li = el('li');
      li.appendChild(agencyLabel(a.name, a.code));
      li.appendChild(el('button', { type: 'submit', class: 'button button-secondary', name: 'add', value: a.code, 'data-name': a.name, 'aria-label': addLabel + ': ' + a.name }, addLabel));
      list.appendChild(li);
    });
    results.appendChild(list);
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      var ticket = ++latest;
      fetch('/exchange/recipients?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (body) { if (ticket === latest) show(body.items || []); })
        .catch(function () { /* the search button still works */ });
    }, 250);
  });
  // Enter in the search box searches in place rather than reloading the page.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') {
      event.preventDefault();
      input.dispatchEvent(new Event('input'));
    }
  });
})();
