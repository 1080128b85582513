// The public draw page checks every revealed draw in the browser, with the
// algorithm of bipin/scoring/draw.py (bipin-draw-v1, docs/draw.md), so that a
// citizen needs no command line. SHA-256 comes from the vendored js-sha256:
// crypto.subtle exists only on HTTPS or localhost, and the hall serves the
// page over plain http on its own network.
(function () {
  "use strict";
  var ALGORITHM = "bipin-draw-v1";
  var textNode = document.getElementById("draw-verify-text");
  if (!textNode || !window.sha256) return;
  var T = JSON.parse(textNode.textContent);

  function say(key, values) {
    return T[key].replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  }

  // Python: json.dumps([str(v).strip() ...], ensure_ascii=False, separators=(",", ":")).
  // JSON.stringify writes the same text: no spaces, non-ASCII kept, \uXXXX lowercase.
  function canonicalInputs(inputs) {
    return JSON.stringify(inputs.map(function (v) { return String(v).trim(); }));
  }

  function drawOrder(seed, inputs, ids) {
    var prefix = seed + "\n" + canonicalInputs(inputs) + "\n";
    var keys = {};
    ids.forEach(function (id) { keys[id] = window.sha256(prefix + id); });
    var order = ids.slice().sort(function (a, b) {
      if (keys[a] !== keys[b]) return keys[a] < keys[b] ? -1 : 1;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return { keys: keys, order: order };
  }

  function isList(v) { return Array.isArray(v); }

  // Each step the check took, in order: {ok: true|false|null, text}. null = not checked.
  function verify(record) {
    var steps = [];
    if (!record || typeof record !== "object") {
      return { ok: false, steps: [{ ok: false, text: T.not_a_record }], order: [] };
    }
    var algorithmOk = record.algorithm === ALGORITHM;
    steps.push({ ok: algorithmOk, text: algorithmOk ? say("algorithm_ok", { a: ALGORITHM })
      : say("algorithm_bad", { a: String(record.algorithm), expected: ALGORITHM }) });
    if (typeof record.seed !== "string" || !record.seed) {
      steps.push({ ok: null, text: T.not_revealed });
      return { ok: null, steps: steps, order: [] };
    }
    if (!isList(record.inputs) || !isList(record.entrants) || !isList(record.order)) {
      steps.push({ ok: false, text: T.not_lists });
      return { ok: false, steps: steps, order: [] };
    }
    var hash = window.sha256(record.seed);
    var commitOk = hash === record.commitment;
    steps.push({ ok: commitOk, text: commitOk ? say("commitment_ok", { h: hash })
      : say("commitment_bad", { h: hash, c: String(record.commitment) }) });
    var ids = record.entrants.map(String);
    if (new Set(ids).size !== ids.length) {
      steps.push({ ok: false, text: T.repeated });
      return { ok: false, steps: steps, order: [] };
    }
    var drawn = drawOrder(record.seed, record.inputs, ids);
    steps.push({ ok: true, text: say("keys", { n: ids.length, c: canonicalInputs(record.inputs) }) });
    var claimed = record.order.map(String);
    var orderOk = claimed.join("\u0000") === drawn.order.join("\u0000");
    var firstOff = -1;
    for (var i = 0; i < Math.max(claimed.length, drawn.order.length) && firstOff < 0; i++) {
      if (claimed[i] !== drawn.order[i]) firstOff = i;
    }
    steps.push({ ok: orderOk, text: orderOk ? say("order_ok", { order: drawn.order.join(", ") })
      : say("order_bad", { pos: firstOff + 1, got: String(claimed[firstOff]),
                           want: String(drawn.order[firstOff]), order: drawn.order.join(", ") }) });
    return { ok: algorithmOk && commitOk && orderOk, steps: steps, order: drawn.order,
             keys: drawn.keys };
  }

  function show(box, outcome) {
    box.replaceChildren();
    var verdict = outcome.ok === null ? "open" : outcome.ok ? "ok" : "bad";
    box.setAttribute("data-verdict", verdict);
    var head = window.bipinEl("p", { "class": "verdict " + verdict },
      verdict === "ok" ? T.verdict_ok : verdict === "bad" ? T.verdict_bad : T.verdict_open);
    box.appendChild(head);
    var list = window.bipinEl("ul", { "class": "verify-steps" });
    outcome.steps.forEach(function (s) {
      var mark = s.ok === null ? "·" : s.ok ? "✓" : "✗";
      var cls = s.ok === null ? "open" : s.ok ? "ok" : "bad";
      list.appendChild(window.bipinEl("li", { "class": cls }, mark + " " + s.text));
    });
    box.appendChild(list);
    if (outcome.keys) {
      var keys = window.bipinEl("details", { "class": "draw-keys" });
      keys.appendChild(window.bipinEl("summary", {}, T.show_keys));
      var ol = window.bipinEl("ol", {});
      outcome.order.forEach(function (id) {
        ol.appendChild(window.bipinEl("li", {}, id + "  " + outcome.keys[id]));
      });
      keys.appendChild(ol);
      box.appendChild(keys);
    }
  }

  var recordsNode = document.getElementById("draw-records");
  var records = recordsNode ? JSON.parse(recordsNode.textContent) : [];
  records.forEach(function (record) {
    var box = document.querySelector('.draw-check[data-draw="' + record.draw + '"]');
    if (box) show(box, verify(record));
  });

  var form = document.getElementById("draw-paste-form");
  if (!form) return;
  var pasted = form.querySelector("textarea");
  var result = document.getElementById("draw-paste-result");
  form.querySelector("input[type=file]").addEventListener("change", function (ev) {
    var file = ev.target.files[0];
    if (!file) return;
    file.text().then(function (text) { pasted.value = text; check(); });
  });
  function check() {
    var record;
    try {
      record = JSON.parse(pasted.value);
    } catch (e) {
      show(result, { ok: false, steps: [{ ok: false, text: T.not_json }], order: [] });
      return;
    }
    show(result, verify(record));
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); check(); });
}());
