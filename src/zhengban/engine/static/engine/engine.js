// Matter engine pages: let htmx show refusals (400 invalid, 403 not allowed, 404, 409 conflict) in
// place, since they carry the message the person needs; close the action panel on Cancel.
(function () {
  "use strict";

  var SHOWN = { 400: true, 403: true, 404: true, 409: true };

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (SHOWN[event.detail.xhr.status]) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var panel = document.getElementById("action-panel");
    if (panel && event.detail.target === panel) {
      var first = panel.querySelector("[aria-invalid=true], input:not([type=hidden]), select, textarea, .button");
      if (first) {
        first.focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-panel]");
    var panel = close && close.closest("#action-panel");
    if (panel) {
      event.preventDefault();
      panel.innerHTML = "";
    }
  });
})();
