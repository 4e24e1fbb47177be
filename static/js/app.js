// Our only script: CSRF header on htmx requests, and a visible message when one fails.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function showError(key) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.textContent = box.dataset[key] || box.dataset.message;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("htmx-error");
    if (box) box.hidden = true;
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    showError("message" + status);
  });

  document.addEventListener("htmx:sendError", function () {
    showError("messageOffline");
  });

  // A form loaded into the week's editor takes the focus, so keyboard users land in it.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "editor") return;
    var first = event.detail.target.querySelector(
      "input:not([type=hidden]), select, textarea, button"
    );
    if (first) first.focus();
  });

  // The phone menu is a <details>: close it with Escape or a tap outside, as people expect.
  function closeMenu(returnFocus) {
    var menu = document.getElementById("menu");
    if (!menu || !menu.open) return;
    menu.open = false;
    if (returnFocus) menu.querySelector("summary").focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenu(true);
  });
  document.addEventListener("click", function (event) {
    var menu = document.getElementById("menu");
    if (menu && !menu.contains(event.target)) closeMenu(false);
  });
})();

// Meetings: an upload form's <progress> follows the bytes sent (htmx:xhr:progress).
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("form") : null;
    var bar = form ? form.querySelector("progress.upload-progress") : null;
    if (!bar || !event.detail.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    bar.textContent = bar.value + "%";
  });
})();
