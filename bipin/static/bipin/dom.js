// A new element with attributes and text, for the scripts that build parts of
// a page (the judge's and the inspector's phone pages). Text goes in as text,
// never as HTML, so a name typed by a user cannot become markup.
window.bipinEl = function (tag, attrs, text) {
  "use strict";
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (text !== undefined) e.textContent = text;
  return e;
};

// The words a script shows come from its page, already translated into the
// page's one language (a json_script element with id "phrases"): say("total")
// or say("between", {name: "内容", max: 6}) fills the {name} marks.
window.bipinSay = (function () {
  "use strict";
  var phrases = null;
  return function (key, values) {
    if (phrases === null) {
      var node = document.getElementById("phrases");
      phrases = node ? JSON.parse(node.textContent) : {};
    }
    var text = phrases[key] === undefined ? key : phrases[key];
    return text.replace(/\{(\w+)\}/g, function (all, name) {
      return values && values[name] !== undefined ? String(values[name]) : all;
    });
  };
})();

// An answer from the server carries both languages ({zh, en}); show the page's.
window.bipinPick = function (problem) {
  "use strict";
  return document.documentElement.lang === "en" ? problem.en : problem.zh;
};

// The stage being judged (#round-name on the judge's phone and the big screen),
// as the last answer says it: a cut while the page is open renames it. An answer
// without the field (a phone's copy from before) leaves the page's words alone.
window.bipinShowRound = function (name) {
  "use strict";
  var p = document.getElementById("round-name");
  if (!p || name === undefined) return;
  p.hidden = !name;
  p.textContent = name ? window.bipinSay("round", {name: name}) : "";
};
