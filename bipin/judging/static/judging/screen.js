// The big screen: poll the board every 500 ms (poll.js) and tick the timer
// from the server's clock.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) return;
  var URL_ = root.dataset.board, board = null, offset = 0;

  function $(id) { return document.getElementById(id); }
  function cell(tr, text, cls) { var td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; tr.appendChild(td); }
  function render() {
    $("panel-name").textContent = board.panel || "";
    window.bipinShowRound(board.round);
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
    // No entrant on stage, or a panel without a timer (a tasting): no clock.
    box.hidden = !t.entry || t.length === null;
    if (box.hidden) return;
    $("timer-entry").textContent = t.entry;
    var c = window.bipinClock(t, offset);
    $("timer-clock").textContent = c.text;
    box.className = c.cls;
    $("timer-note").textContent = c.note;
  }

  setInterval(tick, 200);
  window.bipinPoll(URL_, 500, function (data) {
    board = data;
    offset = Date.parse(data.timer.server_now) - Date.now();
    render();
    tick();  // the timer from the same answer as the rows, not up to 200 ms later
  }, function (message) {
    // A revoked screen link: the projector shows nothing of the day any more.
    board = null;
    $("board-rows").textContent = "";
    $("timer").hidden = true;
    $("board-note").textContent = message;
  });
})();
