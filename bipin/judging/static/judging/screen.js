// The big screen: poll the board every 500 ms (poll.js) and tick the timer
// from the server's clock.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) return;
  var URL_ = root.dataset.board, board = null, offset = 0;

  function $(id) { return document.getElementById(id); }
  function cell(tr, text, cls) { var td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); }
  function clock(seconds) {
    var s = Math.floor(Math.abs(seconds)), m = Math.floor(s / 60);
    return m + ":" + ("0" + (s % 60)).slice(-2);
  }

  function render() {
    $("panel-name").textContent = board.panel || "";
    var rows = $("board-rows");
    rows.textContent = "";
    board.entries.forEach(function (e, i) {
      var tr = document.createElement("tr");
      tr.className = e.complete ? "complete" : "";
      tr.setAttribute("data-ref", e.ref);
      cell(tr, String(i + 1), "num");
      cell(tr, e.label);
      cell(tr, e.submitted + "/" + e.expected, "num");
      cell(tr, e.total === null ? (e.complete && board.mode !== "ranks_only" ? "…" : "") : e.total, "num total");
      cell(tr, e.rank === null ? "" : String(e.rank), "num rank");
      rows.appendChild(tr);
    });
    var notes = {immediate: "", at_end: board.results_shown ? "" : window.bipinSay("at_end"),
                 ranks_only: window.bipinSay("ranks_only")};
    $("board-note").textContent = notes[board.mode] || "";
  }

  function tick() {
    if (!board) return;
    var t = board.timer, box = $("timer");
    box.hidden = !t.entry;
    if (!t.entry) return;
    $("timer-entry").textContent = t.entry;
    var elapsed = 0;
    if (t.started_at) {
      var now = Date.now() + offset, until = t.paused_at ? Date.parse(t.paused_at) : now;
      elapsed = (until - Date.parse(t.started_at)) / 1000 - t.paused_seconds;
    }
    var left = t.length - elapsed;
    $("timer-clock").textContent = (left < 0 ? "+" : "") + clock(left);
    box.className = "timer" + (left <= 0 ? " over" : left <= 60 ? " warn" : "") + (t.paused_at ? " paused" : "");
    var say = window.bipinSay;
    $("timer-note").textContent = !t.started_at ? say("ready") : t.paused_at ? say("paused")
      : left <= 0 ? say("overtime") : left <= 60 ? say("last_minute") : "";
  }

  setInterval(tick, 200);
  window.bipinPoll(URL_, 500, function (data) {
    board = data;
    offset = Date.parse(data.timer.server_now) - Date.now();
    render();
    tick();  // the timer from the same answer as the rows, not up to 200 ms later
  });
})();
