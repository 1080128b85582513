// Shared by the big screen and the console: poll a JSON URL with the last
// ETag; a 304 (nothing changed) costs the server one row read. A 404 (a
// revoked screen link) calls onGone with the answer's message and stops.
window.bipinPoll = function (url, everyMs, onData, onGone) {
  "use strict";
  var etag = null;
  function poll() {
    var headers = {Accept: "application/json"};
    if (etag) headers["If-None-Match"] = etag;
    bipinFetch(url, {credentials: "same-origin", cache: "no-store", headers: headers}, 10000)
      .then(function (r) {
        if (r.status === 304) return null;
        if (r.status === 404 && onGone) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var e = (body.errors || [])[0];
            onGone(e ? e.zh + " / " + e.en : "");
            throw new Error("gone");
          });
        }
        if (!r.ok) throw new Error(r.status);
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (data) { if (data) onData(data); })
      .then(function () { setTimeout(poll, everyMs); }, function (err) {
        if (err.message !== "gone") setTimeout(poll, everyMs);
      });
  }
  poll();
};
