// The notice's 核验数据 (bipin-snapshot-v1) rechecked in the citizen's browser:
// the file's SHA-256, the scheme's SHA-256, every node as the sum of its parts
// in integer units of the published decimals, each panel's aggregate from the
// published (masked) marks as bipin/scoring/panels.py computes it, and the
// ranks within each group from the engine's ranking keys. What the browser
// does not redo (each rule's points, grades, awards) `bipin verify-snapshot`
// rechecks. SHA-256 is the vendored js-sha256 (crypto.subtle needs HTTPS).
(function () {
  "use strict";
  var root = document.getElementById("snapshot-verify");
  var textNode = document.getElementById("snapshot-verify-text");
  if (!root || !textNode || !window.sha256) return;
  var T = JSON.parse(textNode.textContent);
  var FORMAT = "bipin-snapshot-v1";

  function say(key, values) {
    return T[key].replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  }

  // bipin/scoring/rounding.py to_units: half away from zero after dropping float
  // noise beyond six decimals of a unit.
  function toUnits(x, d) {
    var scaled = Math.abs(x) * Math.pow(10, d);
    return Math.sign(x) * Math.floor(Number(scaled.toFixed(6)) + 0.5);
  }
  function roundTo(x, d) { return toUnits(x, d) / Math.pow(10, d); }
  function close(a, b) { return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)); }

  // bipin/scoring/panels.py aggregate_marks for one row of marks (no blanks).
  function aggregate(values, panel) {
    var n = values.length;
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var sum = function (xs) { return xs.reduce(function (s, v) { return s + v; }, 0); };
    if (panel.aggregate === "sum") return sum(values);
    if (panel.aggregate === "median") {
      return (sorted[Math.max(Math.floor((n - 1) / 2), 0)] + sorted[Math.max(Math.floor(n / 2), 0)]) / 2;
    }
    if (panel.aggregate === "trimmed") {
      var k = n >= Math.max(panel.trim_min_judges, 2 * panel.trim + 1) ? panel.trim : 0;
      var kept = sorted.slice(k, n - k);
      return sum(kept) / kept.length;
    }
    if (panel.aggregate === "mean") return sum(values) / n;
    return null;
  }

  // One entrant's marks for a panel leaf: {criterion: {judge: mark × factor}}.
  function marksOf(record, entrant, panel) {
    var ids = panel.criteria.map(function (c) { return c.id; });
    var out = {}, rounds = {};
    ids.forEach(function (c) { out[c] = {}; });
    record.observations.forEach(function (o) {
      if (o.source !== "panel" || String(o.entrant) !== entrant || !(o.item in out)) return;
      rounds[o.round === null ? "" : o.round] = true;
      out[o.item][o.judge || ""] = o.value * o.factor;
    });
    return { marks: out, rounds: Object.keys(rounds).length };
  }

  // The panel total the engine published as the leaf's value, redone from the
  // marks; null where the browser does not redo it (rounds, missing marks).
  function panelTotal(record, entrant, leaf) {
    var panel = (record.panels || {})[leaf.panel];
    if (!panel || leaf.missing_marks || aggregate([1], panel) === null) return null;
    // Severity-adjusted marks need the judge-effect fit: left to the command line.
    if (panel.adjust === "judge_effect" && panel.adjust_counts) return null;
    var got = marksOf(record, entrant, panel);
    // No marks at all: the engine publishes no panel value (the missing policy
    // then decides the points, which the command-line check redoes).
    if (got.rounds === 0 && leaf.value === null) return { total: null };
    // One round, carried as it is: weighted rounds are left to the command line.
    if (got.rounds !== 1 || panel.rounds === "weighted") return null;
    var judges = {};
    panel.criteria.forEach(function (c) { Object.keys(got.marks[c.id]).forEach(function (j) { judges[j] = true; }); });
    var judgeList = Object.keys(judges).sort();
    if (judgeList.length < Math.max(panel.min_judges, 1)) return null;
    var d = panel.decimals;
    if (panel.on === "sheet") {
      var sheets = [];
      judgeList.forEach(function (j) {
        var complete = panel.criteria.every(function (c) { return j in got.marks[c.id]; });
        if (!complete) return;
        var s = panel.criteria.reduce(function (t, c) { return t + got.marks[c.id][j] * c.weight; }, 0);
        sheets.push(d !== null && panel.rounding_stage === "judge" ? roundTo(s, d) : s);
      });
      if (!sheets.length) return null;
      var total = aggregate(sheets, panel);
      return { total: d !== null && panel.rounding_stage === "entrant" ? roundTo(total, d) : total };
    }
    var criteria = {}, sum = 0;
    for (var i = 0; i < panel.criteria.length; i++) {
      var c = panel.criteria[i];
      var values = judgeList.filter(function (j) { return j in got.marks[c.id]; })
        .map(function (j) { return got.marks[c.id][j]; });
      if (!values.length) return null;
      var v = aggregate(values, panel);
      if (d !== null) v = roundTo(v, d);
      criteria[c.id] = v;
      sum += v * c.weight;
    }
    return { total: sum, criteria: criteria };
  }

  // Every node against the sum of its children; every panel leaf against its marks.
  function checkItems(record, entrant, items, path, d, problems, counts) {
    items.forEach(function (node) {
      var here = path ? path + " / " + node.id : String(node.id);
      if (node.children) {
        var parts = node.children.reduce(function (s, c) { return s + toUnits(c.points, d); }, 0);
        counts.nodes += 1;
        if (parts !== toUnits(node.points, d)) {
          problems.push(say("node_sum", { item: here, p: node.points, s: parts / Math.pow(10, d) }));
        }
        checkItems(record, entrant, node.children, here, d, problems, counts);
      } else if (node.source === "panel") {
        var redo = panelTotal(record, entrant, node);
        if (redo === null) { counts.skipped += 1; return; }
        if (redo.total === null) return;  // no marks, no published value: nothing to redo
        counts.panels += 1;
        if (node.value === null || !close(redo.total, node.value)) {
          problems.push(say("panel_value", { item: here, p: node.value, r: +redo.total.toFixed(6) }));
        }
        Object.keys(redo.criteria || {}).forEach(function (c) {
          var published = (node.criteria || {})[c];
          if (published === null || published === undefined || !close(redo.criteria[c], published)) {
            problems.push(say("panel_criterion", { item: here, c: c, p: published, r: +redo.criteria[c].toFixed(6) }));
          }
        });
      }
    });
  }

  function better(a, b) {  // a ranks above b on the engine's keys
    var x, y;  // null is an entrant missing from the draw: last on that key
    for (var i = 0; i < a.length; i++) {
      x = a[i] === null ? -Infinity : a[i];
      y = b[i] === null ? -Infinity : b[i];
      if (x !== y) return x > y;
    }
    return false;
  }

  function verify(record, fileHash) {
    var steps = [], rows = [], d = record.decimals;
    steps.push(fileHash === root.dataset.sha256
      ? { ok: true, text: say("hash_ok", { h: fileHash }) }
      : { ok: false, text: say("hash_bad", { h: fileHash, p: root.dataset.sha256 }) });
    if (record.format !== FORMAT || !Array.isArray(record.results) || typeof d !== "number") {
      steps.push({ ok: false, text: say("format_bad", { f: FORMAT }) });
      return { steps: steps, rows: rows };
    }
    var scheme = record.scheme || {};
    var bytes = scheme.encoding === "base64"
      ? Uint8Array.from(atob(scheme.content || ""), function (ch) { return ch.charCodeAt(0); })
      : String(scheme.content || "");
    var schemeHash = window.sha256(bytes);
    steps.push({ ok: schemeHash === scheme.sha256,
                 text: say(schemeHash === scheme.sha256 ? "scheme_ok" : "scheme_bad", { f: scheme.filename, h: schemeHash }) });
    var names = {};
    (record.entrants || []).forEach(function (e) { names[String(e.id)] = e.name; });
    var counts = { entrants: 0, nodes: 0, panels: 0, skipped: 0 };
    record.results.forEach(function (group) {
      group.results.forEach(function (r) {
        var problems = [];
        counts.entrants += 1;
        var sum = r.items.reduce(function (s, n) { return s + toUnits(n.points, d); }, 0);
        if (sum !== toUnits(r.total, d)) {
          problems.push(say("total_sum", { p: r.total, s: sum / Math.pow(10, d) }));
        }
        checkItems(record, String(r.entrant), r.items, "", d, problems, counts);
        var keys = r.ranking_keys || [];
        // The total comes just before one key per tie-break; a rank_last veto adds a key before it.
        var at = keys.length - (record.tie_break || []).length - 1;
        if (keys[at] !== toUnits(r.total, d)) problems.push(say("key_total", { k: keys[at] }));
        if (r.rank !== null) {  // null: kept out of the ranking by a veto, listed apart
          var rank = 1 + group.results.filter(function (o) {
            return o.rank !== null && better(o.ranking_keys || [], keys);
          }).length;
          if (rank !== r.rank) problems.push(say("rank", { p: r.rank, r: rank }));
        }
        // Shown as the notice shows them: 51.10, not 51.1; "—" for one kept out of the ranking.
        rows.push({ name: names[String(r.entrant)] || r.entrant, group: group.group,
                    total: typeof r.total === "number" ? r.total.toFixed(d) : String(r.total),
                    rank: r.rank === null ? "—" : String(r.rank), problems: problems });
      });
    });
    var bad = rows.filter(function (r) { return r.problems.length; }).length;
    steps.push({ ok: bad === 0, text: say(bad ? "entrants_bad" : "entrants_ok",
      { n: counts.entrants, bad: bad, nodes: counts.nodes, panels: counts.panels }) });
    if (counts.skipped) steps.push({ ok: null, text: say("skipped", { n: counts.skipped }) });
    return { steps: steps, rows: rows };
  }

  function show(outcome) {
    var out = document.getElementById("verify-result");
    out.replaceChildren();
    var failed = outcome.steps.some(function (s) { return s.ok === false; });
    out.setAttribute("data-verdict", failed ? "bad" : "ok");
    out.appendChild(window.bipinEl("p", { "class": "verdict " + (failed ? "bad" : "ok") },
      failed ? T.verdict_bad : T.verdict_ok));
    var list = window.bipinEl("ul", { "class": "verify-steps" });
    outcome.steps.forEach(function (s) {
      var cls = s.ok === null ? "open" : s.ok ? "ok" : "bad";
      list.appendChild(window.bipinEl("li", { "class": cls }, (s.ok === null ? "· " : s.ok ? "✓ " : "✗ ") + s.text));
    });
    out.appendChild(list);
    if (!outcome.rows.length) return;
    var table = window.bipinEl("table", { "class": "verify-entrants" });
    var head = window.bipinEl("tr", {});
    [T.col_group, T.col_entrant, T.col_total, T.col_rank, T.col_check].forEach(function (h) {
      head.appendChild(window.bipinEl("th", {}, h));
    });
    table.appendChild(window.bipinEl("thead", {})).appendChild(head);
    var body = table.appendChild(window.bipinEl("tbody", {}));
    outcome.rows.forEach(function (r) {
      var tr = window.bipinEl("tr", { "class": r.problems.length ? "bad" : "ok" });
      [r.group, r.name, r.total, r.rank].forEach(function (v) { tr.appendChild(window.bipinEl("td", {}, v)); });
      var cell = window.bipinEl("td", {}, r.problems.length ? "✗ " + r.problems.join(";") : "✓");
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    out.appendChild(window.bipinEl("div", { "class": "table-wrap" })).appendChild(table);
  }

  function run(buffer) {
    var hash = window.sha256(buffer);
    var record;
    try {
      record = JSON.parse(new TextDecoder("utf-8").decode(buffer));
    } catch (e) {
      show({ steps: [{ ok: false, text: T.not_json }], rows: [] });
      return;
    }
    show(verify(record, hash));
  }

  fetch(root.dataset.record, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.arrayBuffer(); })
    .then(run)
    .catch(function () { show({ steps: [{ ok: false, text: T.load_failed }], rows: [] }); });
  document.getElementById("verify-file").addEventListener("change", function (ev) {
    var file = ev.target.files[0];
    if (file) file.arrayBuffer().then(run);
  });
}());
