// Behaviour that a page declares in its markup, because the
// Content-Security-Policy runs scripts from static files only (no onclick=):
//   data-confirm="question" on a submit button asks before the form is sent;
//   data-print on a button prints the page.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-confirm], [data-print]");
    if (!target) { return; }
    if (target.hasAttribute("data-print")) {
      window.print();
    } else if (!window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
