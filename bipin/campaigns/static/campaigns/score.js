// A village scorer's phone page. A household's answers the phone could not send
// are kept in localStorage with their idempotency key and resent until the
// server answers; the server keeps each key once, so a resend after a lost
// reply saves nothing twice. The stars always come from the server.
(function () {
  "use strict";
  var list = document.getElementById("households"), sheet = document.getElementById("sheet");
  if (!list || !sheet) return;
  var OUTBOX = "bipin-campaign-outbox:" + list.dataset.contest + ":" + list.dataset.user;
  var say = window.bipinSay, sending = false, open = null;

  function outbox() { try { return JSON.parse(localStorage.getItem(OUTBOX) || "[]"); } catch (e) { return []; } }
  function setOutbox(items) { localStorage.setItem(OUTBOX, JSON.stringify(items)); }
  function row(id) { return document.getElementById("household-" + id); }

  function showNet(text) {
    var items = outbox(), waiting = navigator.onLine ? "waiting" : "offline";
    document.getElementById("net").textContent = text || (items.length ? say(waiting, {n: items.length}) : "");
    Array.prototype.forEach.call(list.querySelectorAll(".household"), function (li) {
      li.querySelector(".pending").hidden = !items.some(function (i) { return String(i.household) === li.dataset.id; });
    });
  }

  function fill(answers) {
    Array.prototype.forEach.call(sheet.querySelectorAll("fieldset.item"), function (f) {
      var name = "item_" + f.dataset.item, value = answers[f.dataset.item];
      if (f.dataset.kind === "points") {
        sheet.elements[name].value = value === undefined ? "" : value;
      } else {
        Array.prototype.forEach.call(f.querySelectorAll("input"), function (input) {
          input.checked = value !== undefined && input.value === (value ? "yes" : "no");
        });
      }
    });
  }

  function openSheet(li) {
    var waiting = outbox().filter(function (i) { return String(i.household) === li.dataset.id; }).pop();
    open = li;
    document.getElementById("sheet-title").textContent = li.dataset.number + " " + li.dataset.head;
    fill(waiting ? waiting.answers : JSON.parse(li.dataset.answers || "{}"));
    sheet.hidden = false;
    li.appendChild(sheet);  // inside the household's item: a list holds only items
    sheet.scrollIntoView({block: "nearest"});
  }

  function read() {
    var answers = {};
    Array.prototype.forEach.call(sheet.querySelectorAll("fieldset.item"), function (f) {
      if (f.dataset.kind === "points") {
        answers[f.dataset.item] = sheet.elements["item_" + f.dataset.item].value;
      } else {
        var checked = f.querySelector("input:checked");
        if (checked) answers[f.dataset.item] = checked.value === "yes";
      }
    });
    return answers;
  }

  function stored(item, body) {
    var li = row(item.household);
    if (!li) return;
    li.dataset.answers = JSON.stringify(item.answers);
    var stars = li.querySelector(".stars");
    stars.dataset.stars = body.stars;
    stars.textContent = (body.stars ? new Array(body.stars + 1).join("★") : "—") + " " + body.total;
    li.querySelector(".error").hidden = true;
  }

  function refused(item, body) {
    var li = row(item.household);
    if (!li) return;
    var error = li.querySelector(".error");
    error.textContent = (body.errors || []).map(window.bipinPick).join(";");
    error.hidden = false;
  }

  function flush() {
    if (sending) return;
    var items = outbox();
    if (!items.length) { showNet(); return; }
    sending = true;
    var item = items[0];
    bipinFetch(item.url, {method: "POST", credentials: "same-origin", cache: "no-store",
                          headers: {"Content-Type": "application/json", "X-CSRFToken": window.bipinCsrf()},
                          body: JSON.stringify({key: item.key, answers: item.answers})})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) { return {status: r.status, body: body}; });
      })
      .then(function (res) {
        sending = false;
        if (res.status >= 500) throw new Error("server");
        if (res.status === 401 || res.status === 403) { showNet(say("log_in_again")); return; }
        setOutbox(outbox().filter(function (i) { return i.key !== item.key; }));
        if ((res.status === 200 || res.status === 201) && res.body.household) stored(item, res.body);
        else refused(item, res.body);
        showNet();
        flush();
      })
      .catch(function () { sending = false; showNet(); });
  }

  list.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || !list.contains(link)) return;
    event.preventDefault();
    openSheet(link.closest(".household"));
  });
  sheet.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!open) return;
    var items = outbox();
    items.push({key: window.bipinKey(), url: open.dataset.url, household: open.dataset.id, answers: read()});
    setOutbox(items);
    sheet.hidden = true;
    open = null;
    showNet();
    flush();
  });
  document.getElementById("sheet-close").addEventListener("click", function () { sheet.hidden = true; open = null; });
  var search = document.querySelector("#search input[name=q]");
  search.addEventListener("input", function () {
    var q = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(list.querySelectorAll(".household"), function (li) {
      li.hidden = q !== "" && (li.dataset.head + " " + li.dataset.number).toLowerCase().indexOf(q) < 0;
    });
  });
  // Opened as ?h=<id> (the link without the script): the same household's sheet, filled in.
  if (sheet.dataset.household && row(sheet.dataset.household)) openSheet(row(sheet.dataset.household));
  else sheet.hidden = true;
  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { showNet(); });
  setInterval(flush, 3000);
  flush();
})();
