// Progressive enhancement for the verify form: a file dropped onto the form
// becomes the file to upload, instead of the browser opening it. The form
// works the same without this script.
(function () {
  "use strict";
  var form = document.querySelector(".verify-form");
  var file = document.getElementById("file");
  var hint = document.getElementById("drop-hint");
  if (!form || !file || typeof DataTransfer === "undefined") {
    return;
  }
  function hasFiles(e) {
    return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0;
  }
  if (hint) {
    hint.hidden = false;
  }
  form.addEventListener("dragover", function (e) {
    if (hasFiles(e)) {
      e.preventDefault();
      form.classList.add("dragging");
    }
  });
  form.addEventListener("dragleave", function (e) {
    if (!form.contains(e.relatedTarget)) {
      form.classList.remove("dragging");
    }
  });
  form.addEventListener("drop", function (e) {
    form.classList.remove("dragging");
    if (!hasFiles(e) || e.dataTransfer.files.length === 0) {
      return;
    }
    e.preventDefault();
    file.files = e.dataTransfer.files;
    file.focus();
  });
})();
