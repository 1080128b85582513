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
