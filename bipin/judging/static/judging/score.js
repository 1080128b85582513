// The judge's phone page. Sheets the phone could not send are kept in
// localStorage with their idempotency key and resent until the server answers;
// the server stores each key once, so a resend after a lost reply is harmless.
(function () {
  "use strict";
  var root = document.getElementById("score");
  if (!root) return;
  var TASKS = root.dataset.tasks, SUBMIT = root.dataset.submit;
  var OUTBOX = "bipin-outbox:" + root.dataset.contest + ":" + root.dataset.judge;
  var CACHE = "bipin-tasks:" + root.dataset.contest + ":" + root.dataset.judge;
  var say = window.bipinSay;
  var tasks = null, open = null, failures = {}, sending = false;

  function $(id) { return document.getElementById(id); }
  var el = window.bipinEl, csrf = window.bipinCsrf, newKey = window.bipinKey;
  function outbox() { try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; } }
  function setOutbox(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }

  function load() {
    return bipinFetch(TASKS, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { tasks = data; localStorage.setItem(CACHE, JSON.stringify(data)); render(); })
      .catch(function () {
        if (!tasks) { try { tasks = JSON.parse(localStorage.getItem(CACHE) || "null"); } catch (e) { tasks = null; } }
        render();
      });
  }

  function stateOf(panel, entry) {
    var waiting = outbox().some(function (s) { return s.panel === panel.id && s.entry === entry.ref; });
    return waiting ? "waiting" : entry.status;
  }

  function render() {
    var net = $("net"), waiting = outbox().length;
    net.textContent = (navigator.onLine ? "" : say("offline") + " · ") +
      (waiting ? say("waiting_n", {n: waiting}) : "");
    var list = $("list");
    list.textContent = "";
    // Busy until the first answer (or the phone's copy): a screen reader waits for the list.
    list.setAttribute("aria-busy", "false");
    if (!tasks) return;
    window.bipinShowRound(tasks.round);
    var cur = $("current");
    cur.hidden = true;
    tasks.panels.forEach(function (panel) {
      // 分桌: a judge at a table sees the table's name and only its samples.
      list.appendChild(el("h2", {}, panel.flight === undefined ? panel.name
        : panel.name + " · " + (panel.flight || say("no_table"))));
      var ul = el("ul", {class: "entries"});
      panel.entries.forEach(function (entry) {
        var state = stateOf(panel, entry);
        var li = el("li", {class: "entry state-" + state, "data-ref": entry.ref});
        var b = el("button", {type: "button", class: "entry-open"}, entry.label);
        b.disabled = state !== "open" && state !== "reopened";
        b.addEventListener("click", function () { openSheet(panel, entry); });
        li.appendChild(b);
        li.appendChild(el("span", {class: "state " + state}, say(state)));
        if (entry.reason && state === "reopened") li.appendChild(el("span", {class: "muted reason"}, say("reason", {reason: entry.reason})));
        if (failures[entry.ref]) li.appendChild(el("span", {class: "error"}, failures[entry.ref]));
        ul.appendChild(li);
        if (tasks.current && tasks.current.panel === panel.id && tasks.current.entry === entry.ref) {
          cur.hidden = false;
          cur.textContent = "";
          cur.appendChild(el("p", {class: "muted"}, say("on_stage")));
          var big = el("button", {type: "button", class: "primary entry-current", "data-ref": entry.ref},
                       entry.label + " · " + say(state));
          big.disabled = b.disabled;
          big.addEventListener("click", function () { openSheet(panel, entry); });
          cur.appendChild(big);
        }
      });
      list.appendChild(ul);
    });
  }

  function openSheet(panel, entry) {
    open = {panel: panel, entry: entry};
    $("sheet").hidden = false;
    $("sheet-form").hidden = false;
    $("confirm").hidden = true;
    $("sheet-errors").hidden = true;
    $("sheet-title").textContent = entry.label + " · " + panel.name;
    var box = $("criteria");
    box.textContent = "";
    panel.criteria.forEach(function (c) {
      var low = c.min || "0";
      var label = el("label", {}, c.name + " " + say("range", {min: low, max: c.max, step: c.step}));
      // A phone's decimal keypad has no minus sign: a signed scale (GOE) needs the full keyboard.
      var input = el("input", {type: "number", name: c.id, min: low, max: c.max, step: c.step,
                               inputmode: Number(low) < 0 ? "text" : "decimal", required: "required"});
      // A sheet sent back for correction starts from what the judge filed.
      if (entry.marks && entry.marks[c.id] !== undefined) input.value = plain(entry.marks[c.id]);
      label.appendChild(input);
      if (c.descriptor) label.appendChild(el("small", {class: "muted descriptor"}, c.descriptor));
      box.appendChild(label);
    });
    $("sheet-form").comment.value = entry.comment || "";
    showTotal();
    $("sheet").scrollIntoView();
  }

  function readForm() {
    var marks = {}, errors = [];
    open.panel.criteria.forEach(function (c) {
      var raw = $("sheet-form").elements[c.id].value.trim(), v = Number(raw), max = Number(c.max), step = Number(c.step);
      var low = Number(c.min || 0);
      var ratio = v / step;
      if (raw === "" || !isFinite(v)) errors.push(say("needs_number", {name: c.name}));
      else if (v < low || v > max) errors.push(say("between", {name: c.name, min: c.min || "0", max: c.max}));
      else if (Math.abs(ratio - Math.round(ratio)) > 1e-9) errors.push(say("multiple", {name: c.name, step: c.step}));
      else marks[c.id] = raw;
    });
    return {marks: marks, errors: errors};
  }

  // "5.50" from the server shows as 5.5, as the judge typed it.
  function plain(value) { return String(Number(value)); }

  function row(table, name, value, cls) {
    var tr = el("tr"); tr.appendChild(el("th", {}, name)); tr.appendChild(el("td", {class: cls}, value));
    table.appendChild(tr);
  }

  // The sheet's total in hundredths, so 0.1 + 0.2 shows as 0.3.
  function total(marks) {
    var cents = Object.keys(marks).reduce(function (sum, k) {
      var v = Number(marks[k]);
      return sum + (isFinite(v) ? Math.round(v * 100) : 0);
    }, 0);
    return plain((cents / 100).toFixed(2));
  }

  function showTotal() {
    var marks = {};
    open.panel.criteria.forEach(function (c) { marks[c.id] = $("sheet-form").elements[c.id].value; });
    $("sheet-total").textContent = say("total_line", {total: total(marks)});
  }

  function showErrors(errors) {
    var ul = $("sheet-errors");
    ul.textContent = "";
    errors.forEach(function (t) { ul.appendChild(el("li", {}, t)); });
    ul.hidden = !errors.length;
  }

  $("sheet-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var read = readForm();
    showErrors(read.errors);
    if (read.errors.length) return;
    var table = $("confirm-table");
    table.textContent = "";
    open.panel.criteria.forEach(function (c) {
      row(table, c.name, read.marks[c.id], "num");
    });
    row(table, say("total"), total(read.marks), "num total");
    var comment = $("sheet-form").comment.value.trim();
    row(table, say("comment"), comment || say("no_comment"), "comment");
    open.marks = read.marks;
    $("sheet-form").hidden = true;
    $("confirm").hidden = false;
  });
  $("sheet-form").addEventListener("input", function () { if (open) showTotal(); });
  $("confirm-no").addEventListener("click", function () { $("sheet-form").hidden = false; $("confirm").hidden = true; });
  $("sheet-cancel").addEventListener("click", function () { $("sheet").hidden = true; open = null; });
  $("confirm-yes").addEventListener("click", function () {
    var items = outbox();
    items.push({key: newKey(), panel: open.panel.id, entry: open.entry.ref, marks: open.marks,
                comment: $("sheet-form").comment.value});
    setOutbox(items);
    delete failures[open.entry.ref];
    $("sheet").hidden = true;
    open = null;
    render();
    flush();
  });

  function markStored(item, status) {
    if (!tasks) return;
    tasks.panels.forEach(function (p) {
      if (p.id !== item.panel) return;
      p.entries.forEach(function (e) { if (e.ref === item.entry) e.status = status; });
    });
  }

  function flush() {
    if (sending) return;
    var items = outbox();
    if (!items.length) return;
    sending = true;
    var item = items[0];
    bipinFetch(SUBMIT, {method: "POST", credentials: "same-origin", cache: "no-store",
                   headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
                   body: JSON.stringify(item)})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) { return {status: r.status, body: body}; });
      })
      .then(function (res) {
        sending = false;
        if (res.status >= 500) throw new Error("server");
        if (res.status === 401 || res.status === 403) {
          // Logged out or the CSRF cookie changed: keep the sheet until the judge logs in again.
          $("net").textContent = say("log_in_again");
          return;
        }
        setOutbox(outbox().filter(function (s) { return s.key !== item.key; }));
        if (res.status === 200 || res.status === 201) markStored(item, res.body.status);
        else failures[item.entry] = (res.body.errors || []).map(window.bipinPick).join(";");
        render();
        flush();
      })
      .catch(function () { sending = false; render(); });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  setInterval(flush, 2000);
  setInterval(function () { if (!open && !outbox().length) load(); }, 5000);
  load().then(flush);
})();
