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
  var STATUS = {waiting: "待发送 / waiting to send", saved: "已保存 / saved", failed: "被拒绝 / refused"};
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
      p.appendChild(document.createTextNode("核查点待抽签揭晓 / sites to be drawn · "));
    } else {
      p.appendChild(el("strong", {}, "核查点 / sites: "));
      p.appendChild(el("span", {class: "sites"}, v.sites.join("、")));
    }
    if (v.draw) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(el("a", {href: v.draw.url}, (v.draw.status === "revealed" ? "抽签记录 / draw record" : "承诺值 / commitment")));
    }
  }
  function fillChoices() {
    var i = item();
    var cats = i ? i.catalogue : [], sev = i ? i.severities : [];
    options($("f-category"), cats.map(function (c) { return {value: c, label: c}; }), "— 请选择 / choose —");
    options($("f-severity"), sev.map(function (c) { return {value: c, label: c}; }), "— 请选择 / choose —");
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
    if (!v) errors.push("请选择核查单位 / choose a visit");
    if (!i) errors.push("请选择指标 / choose an indicator");
    if (i && i.catalogue.length && !f.category.value) errors.push("请选择问题类别 / choose a category");
    if (i && i.severities.length && !f.severity.value) errors.push("请选择严重程度 / choose a severity");
    if (!f.description.value.trim()) errors.push("请填写问题描述 / describe the problem");
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
    $("net").textContent = (navigator.onLine ? "" : "离线 / offline · ") +
      (waiting ? waiting + " 条问题待发送 / waiting to send" : "");
    var ul = $("outbox");
    ul.textContent = "";
    items.slice().reverse().forEach(function (i) {
      var li = el("li", {class: "finding state-" + i.state, "data-key": i.key});
      li.appendChild(el("span", {}, i.entrant + " · " + [i.category, i.severity].filter(Boolean).join(" ") +
                                    " · " + i.description.slice(0, 30) +
                                    (i.photoCount ? " · " + i.photoCount + " 张照片 / photos" : "")));
      li.appendChild(el("span", {class: "state " + i.state}, STATUS[i.state]));
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
          $("net").textContent = "请重新登录后自动补发 / log in again; waiting findings will be sent";
          return;
        }
        if (res.status === 200 || res.status === 201) { next.state = "saved"; next.photos = []; next.error = ""; }
        else {
          next.state = "failed";
          next.error = (res.body.errors || []).map(function (e) { return e.zh + " / " + e.en; }).join(";");
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
    .catch(function () { $("net").textContent = "本机无法保存离线记录 / this browser cannot keep findings offline"; load(); });
})();
