// The candidate's page: a countdown from the server's remaining seconds,
// autosave of every answer (retried until the server has it, and kept in
// localStorage so a reload while offline loses nothing) and automatic
// submission at time-up. The server decides the time; this only mirrors it.
(function () {
  "use strict";
  var form = document.getElementById("exam");
  var clock = document.getElementById("clock");
  var state = document.getElementById("save-state");
  var submitForm = document.getElementById("submit-form");
  var csrf = submitForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var say = window.bipinSay;
  var startedAt = performance.now();
  var remaining = parseInt(clock.dataset.remaining, 10);
  var pending = {};   // item id -> {response, seq} not yet confirmed by the server
  // Every change of an answer gets a higher number than any before on this
  // device, kept across reloads: a save given up on may still reach the
  // server after a newer one, and the server keeps the highest number.
  // Date.now() keeps it growing even where localStorage is unavailable.
  var lastSeq = 0;
  var done = false;
  var storeKey = "bipin-exam:" + form.dataset.saveUrl;
  // Answers are saved one by one; Enter in a text answer must not send the
  // whole form as a page request.
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  function remember() {
    var saved = {seq: lastSeq, pending: pending};
    try { window.localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* private mode */ }
  }

  function changed(item, response) {
    lastSeq = Math.max(lastSeq + 1, Date.now());
    pending[item] = {response: response, seq: lastSeq};
  }

  function show(fieldset, response) {
    if (fieldset.dataset.qtype === "fill" || fieldset.dataset.qtype === "short") {
      fieldset.querySelector("input[type=text], textarea").value = response[0] || "";
    } else {
      Array.prototype.forEach.call(fieldset.querySelectorAll("input"), function (i) {
        i.checked = response.indexOf(i.value) >= 0;
      });
    }
  }

  function restore() {
    var saved = {};
    try { saved = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { saved = {}; }
    // A page from before save numbers kept only {item: response}.
    var kept = saved.pending || saved;
    lastSeq = typeof saved.seq === "number" ? saved.seq : 0;
    Object.keys(kept).forEach(function (item) {
      var fieldset = form.querySelector('fieldset.question[data-item="' + item + '"]');
      var entry = Array.isArray(kept[item]) ? {response: kept[item]} : kept[item];
      if (!fieldset || !entry || !Array.isArray(entry.response)) { return; }
      show(fieldset, entry.response);
      if (typeof entry.seq === "number") {
        pending[item] = entry;
        lastSeq = Math.max(lastSeq, entry.seq);
      } else {
        changed(item, entry.response);
      }
    });
  }

  function responseOf(fieldset) {
    var qtype = fieldset.dataset.qtype;
    if (qtype === "fill" || qtype === "short") {
      var text = fieldset.querySelector("input[type=text], textarea").value;
      return text.trim() ? [text] : [];
    }
    return Array.prototype.map.call(fieldset.querySelectorAll("input:checked"), function (i) { return i.value; });
  }

  function mark(item, text, bad) {
    var el = form.querySelector('fieldset[data-item="' + item + '"] .saved');
    if (el) { el.textContent = text; el.classList.toggle("bad", !!bad); }
  }

  // Answers go to the server one at a time, oldest change first: gentle on
  // venue Wi-Fi, and the server never sees two saves of one paper at once.
  function drain() {
    var items = Object.keys(pending);
    if (!items.length) { return Promise.resolve(true); }
    var item = items[0], entry = pending[item];
    return bipinFetch(form.dataset.saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify({item: parseInt(item, 10), response: entry.response, seq: entry.seq})
    }).then(function (r) {
      return r.json().then(function (body) { return {status: r.status, body: body}; });
    }).then(function (res) {
      if (res.body.ok) {
        if (pending[item] === entry) { delete pending[item]; remember(); }
        // A newer change than this one is stored (another tab or device):
        // show what will be graded, unless a still newer one waits here.
        var fieldset = form.querySelector('fieldset.question[data-item="' + item + '"]');
        if (res.body.seq > entry.seq && !pending[item] && fieldset) { show(fieldset, res.body.response); }
        mark(item, say("saved"));
        sync(res.body.remaining);
        return drain();
      }
      if (res.status === 409) {
        if (!done) { done = true; window.location.reload(); }  // time is up: the server says so
        return false;
      }
      delete pending[item];
      remember();
      mark(item, res.body.error, true);
      return drain();
    }, function () {
      mark(item, say("not_saved"), true);
      return false;  // offline: the next retry or the "online" event starts again
    });
  }

  var current = null;
  function flush() {
    if (!current) {
      current = drain().then(function (emptied) {
        current = null;
        // an answer changed just as the queue ran dry: send it now, not at the next retry
        if (emptied && Object.keys(pending).length && !done) { return flush(); }
        return undefined;
      }, function () { current = null; });
    }
    return current;
  }

  // Save what is still unsent (typed text included), then submit; answers that
  // arrive within the server's small grace still count.
  function finishNow(auto) {
    done = true;
    submitForm.querySelector("input[name=auto]").value = auto ? "1" : "";
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.question"), function (f) {
      if (f.dataset.qtype === "fill" || f.dataset.qtype === "short") { changed(f.dataset.item, responseOf(f)); }
    });
    var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
    Promise.race([flush(), timeout]).then(function () {
      try { window.localStorage.removeItem(storeKey); } catch (e) { /* private mode */ }
      submitForm.submit();
    });
  }
  function pendingCount() { return Object.keys(pending).length; }

  function sync(serverRemaining) {
    remaining = serverRemaining;
    startedAt = performance.now();
  }

  function tick() {
    var left = Math.max(0, Math.round(remaining - (performance.now() - startedAt) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    clock.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    document.getElementById("exam-bar").classList.toggle("urgent", left <= 60);
    state.textContent = pendingCount() ? say("unsaved_n", {n: pendingCount()}) : say("all_saved");
    if (left <= 0 && !done) { finishNow(true); }
  }

  // The question list marks each number answered or not, from what is on the page.
  function unanswered() {
    var left = 0;
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.question"), function (f) {
      var answered = responseOf(f).length > 0;
      var link = document.querySelector('#question-list a[data-item="' + f.dataset.item + '"]');
      if (link) {
        link.className = answered ? "answered" : "unanswered";
        link.title = say(answered ? "answered" : "unanswered");
      }
      if (!answered) { left += 1; }
    });
    var count = document.getElementById("answered-count");
    if (count) { count.textContent = String(form.querySelectorAll("fieldset.question").length - left); }
    return left;
  }

  form.addEventListener("change", function (e) {
    var fieldset = e.target.closest("fieldset.question");
    if (!fieldset) { return; }
    unanswered();
    changed(fieldset.dataset.item, responseOf(fieldset));
    remember();
    mark(fieldset.dataset.item, say("saving"));
    flush();
  });
  form.addEventListener("input", function (e) {
    if (e.target.matches("input[type=text], textarea")) {
      var fieldset = e.target.closest("fieldset.question");
      changed(fieldset.dataset.item, responseOf(fieldset));
      remember();
      unanswered();
    }
  });
  submitForm.addEventListener("submit", function (e) {
    e.preventDefault();
    if (done) { return; }
    // Ask first on the page itself, naming how many questions are still unanswered.
    var left = unanswered();
    document.querySelector("#unanswered-warning strong").textContent =
      left ? say("unanswered_n", {n: left}) : say("all_answered");
    document.getElementById("submit-confirm").hidden = false;
    document.getElementById("submit-button").hidden = true;
    document.getElementById("confirm-submit").focus();
  });
  document.getElementById("confirm-submit").addEventListener("click", function () {
    if (!done) { finishNow(false); }
  });
  document.getElementById("keep-answering").addEventListener("click", function () {
    document.getElementById("submit-confirm").hidden = true;
    document.getElementById("submit-button").hidden = false;
  });
  // An answer given before this script ran (a slow phone shows the questions first)
  // changed with nobody listening: what differs from what the page came with is sent.
  function editedEarly() {
    Array.prototype.forEach.call(form.querySelectorAll("fieldset.question"), function (f) {
      var item = f.dataset.item;
      var edited = Array.prototype.some.call(f.querySelectorAll("input, textarea"), function (i) {
        return i.type === "checkbox" || i.type === "radio" ? i.checked !== i.defaultChecked
          : i.value !== i.defaultValue;
      });
      if (edited && !pending[item]) {
        changed(item, responseOf(f));
        mark(item, say("saving"));
      }
    });
    remember();
  }
  restore();
  editedEarly();
  unanswered();
  flush();
  window.addEventListener("online", flush);
  setInterval(function () { if (!done) { flush(); } }, 3000);
  setInterval(tick, 500);
  tick();
})();
