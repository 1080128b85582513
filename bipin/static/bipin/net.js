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
