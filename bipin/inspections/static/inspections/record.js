// The inspector's phone page. A finding is put in IndexedDB first (photos as
// Blobs) with its idempotency key, then sent until the server answers; the
// server stores each key once, so a resend after a lost reply is harmless.
// Items stay on the phone as 已保存 after they arrive, so the inspector sees
// what reached the server.
(function () {
  "use strict";
  var root = document.getElementById("record");
  if (!root) return;
  var VISITS = root.dataset.visits, SUBMIT = root.dataset.submit;
  var OWNER = root.dataset.contest + ":" + root.dataset.user;
  var CACHE = "bipin-visits:" + OWNER;
  var say = window.bipinSay;
  var visits = [], items = [], sending = false, db = null;

  function $(id) { return document.getElementById(id); }
  var el = window.bipinEl, csrf = window.bipinCsrf, newKey = window.bipinKey;

  // --- IndexedDB: one store of findings keyed by their idempotency key ---
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open("bipin-inspections", 1);
      req.onupgradeneeded = function () { req.result.createObjectStore("outbox", {keyPath: "key"}); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function tx(mode, work) {
    return new Promise(function (resolve, reject) {
      var t = db.transaction("outbox", mode), result;
      var store = t.objectStore("outbox");
      result = work(store);
      t.oncomplete = function () { resolve(result && result.result); };
      t.onerror = function () { reject(t.error); };
    });
  }
  function readAll() {
    return tx("readonly", function (s) { return s.getAll(); }).then(function (all) {
      items = (all || []).filter(function (i) { return i.owner === OWNER; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }
  function put(item) { return tx("readwrite", function (s) { return s.put(item); }); }

  // --- visits and the form ---
  function load() {
    return bipinFetch(VISITS, {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}})
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { visits = data.visits; localStorage.setItem(CACHE, JSON.stringify(visits)); })
      .catch(function () { try { visits = JSON.parse(localStorage.getItem(CACHE) || "[]"); } catch (e) { visits = []; } })
      .then(fillVisits);
  }
  function options(select, values, blank) {
    select.textContent = "";
    if (blank) select.appendChild(el("option", {value: ""}, blank));
    values.forEach(function (v) { select.appendChild(el("option", {value: v.value}, v.label)); });
  }
  function visit() {
    var id = Number($("f-visit").value);
    return visits.filter(function (v) { return v.id === id; })[0];
  }
  function item() {
    var v = visit(), id = $("f-item").value;
    return v ? v.items.filter(function (i) { return i.id === id; })[0] : null;
  }
  function fillVisits() {
    options($("f-visit"), visits.map(function (v) { return {value: String(v.id), label: v.entrant + " · " + v.round}; }));
    fillItems();
  }
  function fillItems() {
    var v = visit();
    options($("f-item"), (v ? v.items : []).map(function (i) { return {value: i.id, label: i.name}; }));
    var sites = $("f-sites");
    sites.textContent = "";
    (v ? v.sites : []).forEach(function (s) { sites.appendChild(el("option", {value: s})); });
    showSites(v);
    fillChoices();
  }
  // The villages or households to see: drawn ones say so and link to the draw's
  // record; before the reveal only that a draw is pending (never which sites).
  function showSites(v) {
    var p = $("visit-sites");
    p.textContent = "";
    p.hidden = !v || (!v.sites.length && !v.draw);
    if (p.hidden) return;
    if (v.draw && v.draw.status === "committed") {
      p.appendChild(document.createTextNode(say("sites_pending") + " · "));
    } else {
      p.appendChild(el("strong", {}, say("sites") + " "));
      p.appendChild(el("span", {class: "sites"}, v.sites.join("、")));
    }
    if (v.draw) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("a", {href: v.draw.url}, say(v.draw.status === "revealed" ? "draw_record" : "commitment")));
    }
  }
  function fillChoices() {
    var i = item();
    var cats = i ? i.catalogue : [], sev = i ? i.severities : [];
    options($("f-category"), cats.map(function (c) { return {value: c, label: c}; }), say("choose"));
    options($("f-severity"), sev.map(function (c) { return {value: c, label: c}; }), say("choose"));
    $("f-category-label").hidden = !cats.length;
    $("f-severity-label").hidden = !sev.length;
  }
  $("f-visit").addEventListener("change", fillItems);
  $("f-item").addEventListener("change", fillChoices);

  function showErrors(errors) {
    var ul = $("form-errors");
    ul.textContent = "";
    errors.forEach(function (t) { ul.appendChild(el("li", {}, t)); });
    ul.hidden = !errors.length;
  }

  $("finding-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = ev.target, v = visit(), i = item(), errors = [];
    if (!v) errors.push(say("choose_visit"));
    if (!i) errors.push(say("choose_item"));
    if (i && i.catalogue.length && !f.category.value) errors.push(say("choose_category"));
    if (i && i.severities.length && !f.severity.value) errors.push(say("choose_severity"));
    if (!f.description.value.trim()) errors.push(say("describe"));
    showErrors(errors);
    if (errors.length) return;
    var entry = {key: newKey(), owner: OWNER, created: Date.now(), state: "waiting", error: "",
                 visit: v.id, entrant: v.entrant, item: i.id, category: f.category.value,
                 severity: f.severity.value, site: f.site.value.trim(),
                 description: f.description.value.trim(),
                 photos: Array.prototype.slice.call($("f-photos").files)};
    entry.photoCount = entry.photos.length;
    put(entry).then(function () {
      f.description.value = ""; f.site.value = ""; $("f-photos").value = "";
      return readAll();
    }).then(function () { render(); flush(); });
  });

  function render() {
    var waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
    $("net").textContent = (navigator.onLine ? "" : say("offline") + " · ") +
      (waiting ? say("waiting_n", {n: waiting}) : "");
    var ul = $("outbox");
    ul.textContent = "";
    items.slice().reverse().forEach(function (i) {
      var li = el("li", {class: "finding state-" + i.state, "data-key": i.key});
      li.appendChild(el("span", {}, i.entrant + " · " + [i.category, i.severity].filter(Boolean).join(" ") +
                                    " · " + i.description.slice(0, 30) +
                                    (i.photoCount ? " · " + say("photos_n", {n: i.photoCount}) : "")));
      li.appendChild(el("span", {class: "state " + i.state}, say(i.state)));
      if (i.error) li.appendChild(el("span", {class: "error"}, i.error));
      ul.appendChild(li);
    });
  }

  function body(i) {
    var form = new FormData();
    ["key", "visit", "item", "category", "severity", "site", "description"].forEach(function (k) {
      form.append(k, String(i[k]));
    });
    i.photos.forEach(function (p, n) { form.append("photos", p, p.name || ("photo-" + (n + 1) + ".jpg")); });
    return form;
  }

  function flush() {
    if (sending || !db) return;
    var next = items.filter(function (i) { return i.state === "waiting"; })[0];
    if (!next) return;
    sending = true;
    bipinFetch(SUBMIT, {method: "POST", credentials: "same-origin", cache: "no-store",
                        headers: {"X-CSRFToken": csrf(), Accept: "application/json"}, body: body(next)}, 60000)
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (b) { return {status: r.status, body: b}; });
      })
      .then(function (res) {
        sending = false;
        if (res.status >= 500 || res.status === 0) throw new Error("server");
        if (res.status === 401 || res.status === 403) {
          $("net").textContent = say("log_in_again");
          return;
        }
        if (res.status === 200 || res.status === 201) { next.state = "saved"; next.photos = []; next.error = ""; }
        else {
          next.state = "failed";
          next.error = (res.body.errors || []).map(window.bipinPick).join(";");
        }
        return put(next).then(readAll).then(function () { render(); flush(); });
      })
      .catch(function () { sending = false; render(); });
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  openDb().then(function (d) { db = d; return readAll(); })
    .then(function () { render(); return load(); })
    .then(function () { flush(); setInterval(flush, 2000); })
    .catch(function () { $("net").textContent = say("no_storage"); load(); });
})();
