// The presentation countdown, shared by the big screen and the console. The
// server's clock is the truth: `offset` is its time minus this machine's.
// The note is said in the page's language through its phrases (judging/phrases.py).
window.bipinClock = function (t, offset) {
  "use strict";
  function mmss(seconds) {
    var s = Math.floor(Math.abs(seconds)), m = Math.floor(s / 60);
    return m + ":" + ("0" + (s % 60)).slice(-2);
  }
  var elapsed = 0;
  if (t.started_at) {
    var now = Date.now() + offset, until = t.paused_at ? Date.parse(t.paused_at) : now;
    elapsed = (until - Date.parse(t.started_at)) / 1000 - t.paused_seconds;
  }
  var left = t.length - elapsed;
  return {
    text: (left < 0 ? "+" : "") + mmss(left),
    cls: "timer" + (left <= 0 ? " over" : left <= 60 ? " warn" : "") + (t.paused_at ? " paused" : ""),
    note: window.bipinSay(!t.started_at ? "ready" : t.paused_at ? "paused"
      : left <= 0 ? "overtime" : left <= 60 ? "last_minute" : "running")
  };
};
