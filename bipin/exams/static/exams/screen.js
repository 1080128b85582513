// The sitting's big screen follows the candidates without reloading the page.
// A timed reload (<meta http-equiv="refresh">) throws a reader's place and focus
// back to the top every few seconds and is a critical accessibility failure;
// here only the progress is swapped for the server's latest, and a failed poll
// (venue Wi-Fi) leaves the last one showing until the next succeeds.
(function () {
  "use strict";
  var screen = document.getElementById("sitting-screen");
  if (!screen) { return; }
  var every = parseInt(screen.getAttribute("data-refresh-ms"), 10) || 5000;
  function poll() {
    window.bipinFetch(window.location.href, {credentials: "same-origin"}, every * 2)
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("sitting-screen");
        if (fresh) { screen.replaceChildren.apply(screen, Array.prototype.slice.call(fresh.childNodes)); }
      })
      .catch(function () { /* keep what is shown; the next poll tries again */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
}());
