// The organizer's console: who is on stage, who is next, the countdown, and
// which judge has filed which sheet, polled with an ETag.
(function () {
  "use strict";
  var table = document.getElementById("console-table");
  if (!table) return;
  var URL_ = table.dataset.console;
  var say = window.bipinSay;
  var MARK = {locked: "✓", pending: say("mark_pending"), reopened: say("mark_reopened"),
              recused: say("mark_recused"), elsewhere: say("mark_elsewhere"), superseded: "", "": "·"};

  function th(tr, text) { var e = document.createElement("th"); e.textContent = text; tr.appendChild(e); }
  function td(tr, text, cls) { var e = document.createElement("td"); e.textContent = text; if (cls) e.className = cls; tr.appendChild(e); }

  function render(data) {
    var head = document.createElement("tr");
    th(head, say("entrant"));
    data.judges.forEach(function (j, i) {
      var e = document.createElement("th");
      e.textContent = j;
      // A judge whose marks drift from the panel (docs/judges.md): a link to the analysis.
      if (data.drift && data.drift[i]) {
        var flag = document.createElement("a");
        flag.className = "badge bad drift-flag";
        flag.href = data.analysis;
        flag.textContent = say("drift");
        flag.title = say("drift_title");
        e.appendChild(document.createTextNode(" "));
        e.appendChild(flag);
      }
      head.appendChild(e);
    });
    th(head, say("score"));
    table.tHead.textContent = "";
    table.tHead.appendChild(head);
    var body = table.tBodies[0];
    body.textContent = "";
    data.entries.forEach(function (e) {
      var tr = document.createElement("tr");
      if (e.on_stage) tr.className = "on-stage";
      // In 盲评 the label is the code itself (the server decides what may show).
      td(tr, e.label + (e.code && e.code !== e.label ? " · " + e.code : ""));
      e.judges.forEach(function (s) { td(tr, MARK[s] || s, "judge-" + (s || "none")); });
      td(tr, e.total || "", "num");
      body.appendChild(tr);
    });
  }

  var timer = null, offset = 0;
  function text(id, value) { var e = document.getElementById(id); if (e) e.textContent = value; }
  function stage(data) {
    text("on-stage", data.on_stage || "—");
    text("next-up", data.next ? data.next.label : "—");
    // A draw revealed while the console is open: the next call now follows it.
    if (data.next && data.next.basis) text("next-basis", say("basis_" + data.next.basis));
    timer = data.timer;
    if (timer) offset = Date.parse(timer.server_now) - Date.now();
    tick();
  }
  function tick() {
    var box = document.getElementById("console-timer");
    if (!box || !timer || timer.length === null) return;
    var c = window.bipinClock(timer.entry ? timer : {length: timer.length, paused_seconds: 0}, offset);
    text("console-clock", c.text);
    box.className = "console-" + c.cls;
    text("console-timer-note", timer.entry ? c.note : "");
  }
  setInterval(tick, 250);
  window.bipinPoll(URL_, 1000, function (data) { render(data); stage(data); });
})();
