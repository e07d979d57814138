// share.js: the copy and share buttons of the credential page. Without
// JavaScript the buttons stay hidden and the readonly fields can be
// selected and copied by hand.
(function () {
  'use strict';
  // The words come from the page, in its language.
  var status = document.querySelector('.copy-status');
  var box = document.querySelector('.share');
  function words(name) {
    return (box && box.getAttribute(name)) || '';
  }
  function say(text) {
    if (status) status.textContent = text;
  }
  function copy(input) {
    var done = function () { say(words('data-copied')); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select();
        say(words('data-copy-by-hand'));
      });
      return;
    }
    input.focus();
    input.select();
    try {
      if (document.execCommand('copy')) { done(); return; }
    } catch (e) { /* fall through */ }
    say(words('data-copy-by-hand'));
  }
  document.querySelectorAll('button[data-copy]').forEach(function (b) {
    var input = document.getElementById(b.getAttribute('data-copy'));
    if (!input) return;
    b.hidden = false;
    b.addEventListener('click', function () { copy(input); });
  });
  var share = document.querySelector('button[data-share]');
  var url = document.getElementById('credential-url');
  if (share && box && url && navigator.share) {
    share.hidden = false;
    share.addEventListener('click', function () {
      navigator.share({ title: box.getAttribute('data-share-title') || document.title, url: url.value })
        .catch(function () { /* cancelled */ });
    });
  }
})();
