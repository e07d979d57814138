// Progressive enhancement for the verify form: it says which file was
// chosen, and a file dropped onto the form becomes the file to upload,
// instead of the browser opening it. The form works the same without this
// script: a plain multipart form with a file input.
(function () {
  "use strict";
  var form = document.querySelector(".verify-form");
  var file = document.getElementById("file");
  var hint = document.getElementById("drop-hint");
  var chosen = document.getElementById("file-chosen");
  if (!form || !file) {
    return;
  }
  function size(n) {
    if (n >= 1 << 20) {
      return (n / (1 << 20)).toFixed(1) + " MiB";
    }
    return Math.max(1, Math.round(n / 1024)) + " KiB";
  }
  function showChosen() {
    if (!chosen) {
      return;
    }
    var f = file.files && file.files[0];
    chosen.hidden = !f;
    // The sentence comes from the page, in its language: "Chosen: {name} ({size})".
    var text = form.getAttribute("data-chosen") || "{name} ({size})";
    chosen.textContent = f ? text.replace("{name}", function () { return f.name; }).replace("{size}", function () { return size(f.size); }) : "";
  }
  file.addEventListener("change", showChosen);
  showChosen();
  if (typeof DataTransfer === "undefined") {
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
    showChosen();
    file.focus();
  });
})();
