// Our only script: CSRF header on htmx requests, and a visible message when one fails.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // The server's own message for a failed request, percent-encoded UTF-8 (a header is Latin-1).
  function serverMessage(xhr) {
    var encoded = xhr ? xhr.getResponseHeader("HX-Error-Message") : null;
    if (!encoded) return "";
    try {
      return decodeURIComponent(encoded);
    } catch (malformed) {
      return "";
    }
  }

  // The page's translated message for a status ("503") or "offline", else the general one.
  // By attribute name: dataset maps data-message-503 to "message-503" (a hyphen before a digit
  // stays), never to "message503".
  function pageMessage(box, key) {
    return box.getAttribute("data-message-" + key) || box.getAttribute("data-message");
  }

  function showError(key, xhr) {
    var box = document.getElementById("htmx-error");
    if (!box) return;
    box.textContent = serverMessage(xhr) || pageMessage(box, key);
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

  // An answer that carries an error message is an error whatever its status (a 422 refusal
  // page, say): nothing is swapped, so the form keeps what the person typed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!serverMessage(event.detail.xhr)) return;
    event.detail.shouldSwap = false;
    event.detail.isError = true;
  });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    showError(xhr ? String(xhr.status) : "", xhr);
  });

  document.addEventListener("htmx:sendError", function () {
    showError("offline", null);
  });

  // A form loaded into the week's editor takes the focus, so keyboard users land in it.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "editor") return;
    var first = event.detail.target.querySelector(
      "input:not([type=hidden]), select, textarea, button"
    );
    if (first) first.focus();
  });

  // A form that comes back refused: its first field with an error takes the focus, in the
  // middle of the screen, so the message beside it is read at once (on a phone the error was
  // otherwise far above the screen); a refusal of the whole form, when no field has one.
  var INVALID = '[aria-invalid="true"], .field-invalid input, .field-invalid select, ' +
    ".field-invalid textarea";
  function focusFirstError(root) {
    var target = root.querySelector(INVALID);
    if (!target) {
      target = root.querySelector("form .flash-error");
      if (!target) return;
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!event.detail.xhr || event.detail.xhr.status !== 422) return;
    var swapped = event.detail.target;
    var root = (swapped.id && document.getElementById(swapped.id)) || document;
    focusFirstError(root);
  });
  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (main && main.querySelector(INVALID)) focusFirstError(main);
  });

  // The phone menu is a <details>: close it with Escape or a tap outside, as people expect.
  function closeMenu(returnFocus) {
    var menu = document.getElementById("menu");
    if (!menu || !menu.open) return;
    menu.open = false;
    if (returnFocus) menu.querySelector("summary").focus();
  }
  // The menu's groups: one open at a time; Escape or a click elsewhere closes it.
  function closeGroups(except) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }
  document.addEventListener(
    "toggle",
    function (event) {
      var group = event.target;
      if (group.classList && group.classList.contains("nav-group") && group.open) {
        closeGroups(group);
      }
    },
    true
  );
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.nav-group[open]");
    if (open) {
      open.open = false;
      open.querySelector("summary").focus();
      return;
    }
    closeMenu(true);
  });
  document.addEventListener("click", function (event) {
    var menu = document.getElementById("menu");
    if (menu && !menu.contains(event.target)) closeMenu(false);
    var inGroup = event.target.closest ? event.target.closest("details.nav-group") : null;
    closeGroups(inGroup);
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

// The interim report: "Insert" beside a record of the period adds its text to the part's text,
// as a paragraph of its own at the end, so writing is assembling rather than retyping.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-insert]") : null;
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-insert-into"));
    if (!field) return;
    var text = field.value.replace(/\s+$/, "");
    field.value = (text ? text + "\n\n" : "") + button.getAttribute("data-insert");
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  });
})();

// A list of checkboxes with "Select all / none" (the people invited to a meeting): the buttons
// show only where this script runs, as they do nothing without it.
(function () {
  "use strict";
  function showButtons(root) {
    root.querySelectorAll(".check-all[hidden]").forEach(function (row) {
      row.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    showButtons(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    showButtons(event.detail.target);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-check-all]") : null;
    if (!button) return;
    var list = document.getElementById(button.getAttribute("data-check-all"));
    if (!list) return;
    var checked = button.getAttribute("data-checked") === "true";
    list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = checked;
    });
  });
})();
