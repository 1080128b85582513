// Shared by the big screen and the console: poll a JSON URL with the last
// ETag; a 304 (nothing changed) costs the server one row read.
window.bipinPoll = function (url, everyMs, onData) {
  "use strict";
  var etag = null;
  function poll() {
    var headers = {Accept: "application/json"};
    if (etag) headers["If-None-Match"] = etag;
    bipinFetch(url, {credentials: "same-origin", cache: "no-store", headers: headers}, 10000)
      .then(function (r) {
        if (r.status === 304) return null;
        if (!r.ok) throw new Error(r.status);
        etag = r.headers.get("ETag");
        return r.json();
      })
      .then(function (data) { if (data) onData(data); })
      .catch(function () {})
      .then(function () { setTimeout(poll, everyMs); });
  }
  poll();
};
