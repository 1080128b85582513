// fetch() with a deadline, for pages that send one request at a time (the
// judge's phone, the candidate's test, the big screen's poll). On venue Wi-Fi
// a request can hang without ever failing, and a hung one would hold up every
// later sheet, answer or screen update. After the deadline it is aborted and
// fails like an offline request, so the page's own retry takes over; the
// server stores a resent sheet or answer once (same idempotency key / item).
window.bipinFetch = function (url, options, ms) {
  "use strict";
  var controller = new AbortController();
  // window.BIPIN_FETCH_MS lets a browser test shorten the wait.
  setTimeout(function () { controller.abort(); }, window.BIPIN_FETCH_MS || ms || 15000);
  return fetch(url, Object.assign({}, options, {signal: controller.signal}));
};

// The CSRF token a POST from a page's script sends as X-CSRFToken.
window.bipinCsrf = function () {
  "use strict";
  var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : "";
};

// A fresh idempotency key (32 hex digits) for a sheet or finding kept on the
// phone: the server stores each key once, so it can be resent safely.
window.bipinKey = function () {
  "use strict";
  // crypto.randomUUID needs a secure context; a venue laptop on plain http does not have one.
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
};
