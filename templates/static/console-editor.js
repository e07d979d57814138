// console-editor.js: the console's achievement editor. The achievement
// file (the YAML textarea) is what is saved; this script shows the form
// fields beside it and keeps both in step through the console's check
// endpoint, which also checks the file as it is typed and says who would
// earn it now. Nothing is saved here. Without JavaScript the fields stay
// hidden and the file alone is edited, checked and saved by the buttons.
// On the import page, pressing Apply shows a progress bar while the file
// is applied.
(function () {
  'use strict';
  // The import's Apply: pressed once, it says the file is being applied
  // (a large file takes a while) and cannot be pressed again meanwhile.
  var apply = document.querySelector('form.import-apply');
  if (apply) apply.addEventListener('submit', function () {
    var bar = apply.querySelector('.import-progress');
    var button = apply.querySelector('button');
    if (bar) bar.hidden = false;
    if (button) setTimeout(function () { button.disabled = true; }, 0); // after the form is sent
  });

  var form = document.querySelector('form.console-editor');
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var yaml = form.querySelector('#e-yaml');
  var fields = form.querySelector('#editor-fields');
  var panel = document.getElementById('editor-check');
  var seq = 0, timer = 0;
  if (fields) fields.hidden = false;

  function keyOf(el) {
    if (el.hasAttribute('data-key')) return el.getAttribute('data-key');
    var tkey = el.getAttribute('data-tkey');
    var box = el.closest('[data-translation]');
    var lang = box && box.querySelector('[data-lang]');
    if (!tkey || !lang || !lang.value.trim()) return '';
    return 'translations.' + lang.value.trim() + '.' + tkey;
  }
  function valueOf(el) {
    if (el.type === 'checkbox') return el.checked ? 'true' : '';
    return el.value;
  }
  function fill(f) {
    var map = { 'name': f.Name, 'description': f.Description, 'achievementType': f.Type,
      'criteria.narrative': f.Narrative, 'validFor': f.ValidFor, 'reviewers': f.Reviewers,
      'awardOnApproval': f.AwardOnApproval, 'inLanguage': f.Lang };
    form.querySelectorAll('[data-key]').forEach(function (el) {
      if (el === document.activeElement) return;
      var v = map[el.getAttribute('data-key')];
      if (el.type === 'checkbox') el.checked = !!v; else el.value = v || '';
    });
    (f.Translations || []).forEach(function (t) {
      if (!t.Lang) return;
      form.querySelectorAll('[data-translation]').forEach(function (box) {
        var lang = box.querySelector('[data-lang]');
        if (!lang || lang.value.trim() !== t.Lang) return;
        var texts = { name: t.Name, description: t.Description, narrative: t.Narrative };
        box.querySelectorAll('[data-tkey]').forEach(function (el) {
          if (el !== document.activeElement) el.value = texts[el.getAttribute('data-tkey')] || '';
        });
      });
    });
  }
  function check(edit) {
    var body = new URLSearchParams();
    body.set('yaml', yaml.value);
    body.set('id', form.getAttribute('data-id') || '');
    if (edit) body.set('set.' + edit.key, edit.value);
    var mine = ++seq;
    return fetch(form.getAttribute('data-check'), {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'Accept': 'application/json' }
    }).then(function (res) {
      return res.json().then(function (j) { return { ok: res.ok, j: j }; });
    }).then(function (r) {
      if (mine !== seq) return; // a newer check is on its way
      if (!r.ok) { // the edit could not be made: say why, keep the file
        panel.textContent = (r.j && (r.j.detail || r.j.title)) || '';
        return;
      }
      if (typeof r.j.yaml === 'string' && document.activeElement !== yaml) yaml.value = r.j.yaml;
      panel.innerHTML = r.j.panel;
      yaml.setAttribute('aria-invalid', r.j.ok ? 'false' : 'true');
      if (r.j.fields && !edit) fill(r.j.fields);
    }).catch(function () { /* offline: the buttons still work */ });
  }
  function later(fn, ms) {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  }
  yaml.addEventListener('input', function () { later(function () { check(null); }, 700); });
  form.addEventListener('input', function (ev) {
    var el = ev.target;
    if (el === yaml || !fields || !fields.contains(el)) return;
    var key = keyOf(el);
    if (key) later(function () { check({ key: key, value: valueOf(el) }); }, 500);
  });
  form.addEventListener('change', function (ev) {
    var el = ev.target;
    if (el.tagName === 'SELECT' || el.type === 'checkbox') {
      var key = keyOf(el);
      if (key) { clearTimeout(timer); check({ key: key, value: valueOf(el) }); }
    }
  });
  var run = form.querySelector('[data-run]');
  if (run) run.addEventListener('click', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    check(null).then(function () {
      var h = panel.querySelector('h2');
      if (h) { h.tabIndex = -1; h.focus(); }
    });
  });

  // The image's preview, before it is uploaded.
  var file = document.getElementById('e-image');
  var preview = document.getElementById('e-image-preview');
  if (file && preview && window.FileReader) file.addEventListener('change', function () {
    var f = file.files && file.files[0];
    if (!f) { preview.hidden = true; return; }
    var reader = new FileReader();
    reader.onload = function () { preview.src = reader.result; preview.hidden = false; };
    reader.readAsDataURL(f);
  });
})();
