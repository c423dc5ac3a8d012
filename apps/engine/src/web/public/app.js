// Touchbase web UI: a little progressive JavaScript on top of htmx.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  // every htmx request carries the session's CSRF token (the guard checks it on POSTs)
  document.body.addEventListener('htmx:configRequest', function (e) {
    if (meta && meta.content) e.detail.headers['x-csrf-token'] = meta.content;
    // a live search inside a GET filter form (data-drop-empty) leaves empty fields out of the
    // URL it pushes, like a submit of that form does (below)
    var form = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest('form[data-drop-empty]');
    if (form && e.detail.verb === 'get') {
      var params = e.detail.parameters;
      var names = params.keys ? Array.from(params.keys()) : Object.keys(params);
      names.forEach(function (name) {
        var value = params.get ? params.get(name) : params[name];
        if (value === '') (params.delete ? params.delete(name) : delete params[name]);
      });
    }
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
    select.addEventListener('change', function () {
      select.form.submit();
    });
  });
  // buttons with data-confirm ask first (erase a customer)
  document.body.addEventListener(
    'submit',
    function (e) {
      var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
      if (msg && !window.confirm(msg)) e.preventDefault();
      // GET filter forms (data-drop-empty) leave empty fields out of the URL, so a bookmark stays short
      if (!e.defaultPrevented && e.target.hasAttribute && e.target.hasAttribute('data-drop-empty'))
        Array.prototype.forEach.call(e.target.elements, function (el) {
          if (el.name && el.value === '') el.disabled = true;
        });
    },
    true,
  );
  // back to such a page from the browser's cache: its fields are usable again
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form[data-drop-empty] [disabled]').forEach(function (el) {
      el.disabled = false;
    });
  });
})();
// Today on a desktop: j / k (or arrows) move between task cards; 1–5 press that outcome button;
// c follows the call link, s / x open snooze / skip, u presses undo. Typing in a field is left alone.
(function () {
  'use strict';
  var list = document.querySelector('[data-keyboard-list]');
  if (!list) return;
  function cards() {
    return Array.prototype.slice.call(list.querySelectorAll('article.task'));
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
    var all = cards();
    if (!all.length) return;
    var current = t && t.closest ? t.closest('article.task') : null;
    var i = current ? all.indexOf(current) : -1;
    var move = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[e.key];
    if (move) {
      var next = all[Math.max(0, Math.min(all.length - 1, i + move))];
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
      e.preventDefault();
      return;
    }
    if (!current) return;
    var target = current.querySelector('[data-key="' + e.key + '"]');
    if (!target) return;
    e.preventDefault();
    if (target.tagName === 'SUMMARY') {
      target.parentElement.open = true;
      var field = target.parentElement.querySelector('input:not([type=hidden])');
      if (field) field.focus();
    } else target.click();
  });
})();
// The print view: after "Print and mark as printed" the page comes back marked; open the print dialog.
(function () {
  'use strict';
  if (document.body && document.body.hasAttribute('data-autoprint'))
    window.setTimeout(function () {
      window.print();
    }, 50);
})();
