// The job page follows its job: the bar, the count and the time left, once a
// second, until the job ends; then it opens the result (or shows why not).
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || root.dataset.finished === "1") return;
  var bar = document.getElementById("job-bar");
  var count = document.getElementById("job-count");
  var stage = document.getElementById("job-stage");

  function left(seconds) {
    if (seconds === null || seconds === undefined) return "";
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return " · " + window.bipinSay(m ? "left_ms" : "left_s", {m: m, s: s});
  }

  function show(state) {
    stage.textContent = state.stage;
    if (state.total) {
      bar.max = state.total;
      bar.value = state.done;
      count.textContent = state.done + " / " + state.total + " " + state.unit + " · " +
        state.percent + "%" + left(state.eta_seconds);
    } else {
      bar.removeAttribute("value");  // no length known yet: an indeterminate bar
      count.textContent = "";
    }
  }

  function poll() {
    window.bipinFetch(root.dataset.statusUrl, {credentials: "same-origin"}, 10000)
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (state) {
        if (state.finished) {
          if (state.done_url) window.location.assign(state.done_url);
          else window.location.reload();
          return;
        }
        show(state);
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });  // offline for a moment: try again
  }
  setTimeout(poll, 500);
})();
