// passkey.js: adding a passkey on the settings page and signing in with
// one on the sign-in page (WebAuthn). Both stay hidden without JavaScript
// or without WebAuthn in the browser. The server sends the options as
// JSON with binary members in base64url; they become ArrayBuffers for
// navigator.credentials, and the answer goes back the other way. The
// words come from the page, in its language; the server's errors are in
// it too.
(function () {
  'use strict';
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBuffer(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) return undefined;
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function descriptors(list) {
    return (list || []).map(function (d) {
      var out = { type: d.type, id: toBuffer(d.id) };
      if (d.transports) out.transports = d.transports;
      return out;
    });
  }

  // credentialJSON is a PublicKeyCredential as the server reads it.
  function credentialJSON(cred) {
    var r = cred.response;
    var response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) response.transports = r.getTransports();
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: cred.id, rawId: toText(cred.rawId), type: cred.type, response: response,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
    };
  }

  // post sends JSON and returns the answer's JSON; a refusal rejects with
  // the server's words.
  function post(url, body) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(body || {})
    }).then(function (resp) {
      return resp.json().catch(function () { return {}; }).then(function (data) {
        if (!resp.ok) throw new Error(data.error || data.detail || resp.statusText);
        return data;
      });
    });
  }

  // ceremony runs begin, the browser's prompt and finish, and says how it
  // went in the box's status line.
  function ceremony(box, prompt, extra) {
    var status = box.querySelector('.passkey-status');
    var button = box.querySelector('button');
    var say = function (text) { if (status) status.textContent = text; };
    button.disabled = true;
    say(box.getAttribute('data-working'));
    return post(box.getAttribute('data-begin')).then(function (options) {
      return prompt(options.publicKey).catch(function (e) {
        var err = new Error(box.getAttribute('data-cancelled'));
        err.cause = e;
        throw err;
      });
    }).then(function (cred) {
      var body = extra();
      body.credential = credentialJSON(cred);
      return post(box.getAttribute('data-finish'), body);
    }).then(function (answer) {
      window.location.assign(answer.next);
    }).catch(function (e) {
      button.disabled = false;
      say((e && e.message) || box.getAttribute('data-failed'));
    });
  }

  var add = document.querySelector('form.passkey-add');
  if (add) {
    var section = add.closest('section');
    if (section) section.hidden = false;
    add.hidden = false;
    add.addEventListener('submit', function (ev) {
      ev.preventDefault();
      ceremony(add, function (pk) {
        pk.challenge = toBuffer(pk.challenge);
        pk.user.id = toBuffer(pk.user.id);
        pk.excludeCredentials = descriptors(pk.excludeCredentials);
        return navigator.credentials.create({ publicKey: pk });
      }, function () {
        return { name: add.querySelector('input[name=name]').value };
      });
    });
  }

  var signin = document.querySelector('.passkey-signin');
  if (signin) {
    signin.hidden = false;
    signin.querySelector('button').addEventListener('click', function () {
      ceremony(signin, function (pk) {
        pk.challenge = toBuffer(pk.challenge);
        if (pk.allowCredentials) pk.allowCredentials = descriptors(pk.allowCredentials);
        return navigator.credentials.get({ publicKey: pk });
      }, function () {
        return { next: signin.getAttribute('data-next') || '' };
      });
    });
  }
})();
