// site.js: on every page. The language switcher applies a choice at once
// (without JavaScript its button does).
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var select = document.getElementById('lang-select');
  if (select && select.form) {
    select.addEventListener('change', function () { select.form.submit(); });
  }
})();
