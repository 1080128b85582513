// The ceremony screen: show the drawn order one by one.
(function () {
  "use strict";
  var items = document.querySelectorAll("#order li");
  var i = 0;
  function next() {
    if (i >= items.length) return;
    items[i].classList.add("shown");
    i += 1;
    setTimeout(next, 900);
  }
  if (items.length) { document.body.classList.add("revealing"); setTimeout(next, 600); }
})();
