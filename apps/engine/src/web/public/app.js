// Touchbase web UI: a little progressive JavaScript on top of htmx.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  // every htmx request carries the session's CSRF token (the guard checks it on POSTs)
  document.body.addEventListener('htmx:configRequest', function (e) {
    if (meta && meta.content) e.detail.headers['x-csrf-token'] = meta.content;
  });
  // a refused htmx request: show why in the notice area instead of failing silently
  document.body.addEventListener('htmx:responseError', function (e) {
    var box = document.getElementById('notice');
    if (!box) return;
    var p = document.createElement('p');
    p.className = 'notice bad';
    p.textContent = (e.detail.xhr && e.detail.xhr.responseText) || 'Error';
    box.replaceChildren(p);
  });
  // selects marked data-autosubmit submit their form on change (the language switcher)
  document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });
  // buttons with data-confirm ask first (erase a customer)
  document.body.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  }, true);
})();
