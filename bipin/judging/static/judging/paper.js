// Paper entry: choosing another judge reloads the form for that judge, so the
// entries they are recused from are marked and the next one to type comes up.
(function () {
  "use strict";
  var select = document.querySelector("select[data-reload-with]");
  if (!select) return;
  select.addEventListener("change", function () {
    var url = new URL(window.location.href);
    url.search = "";
    url.searchParams.set(select.dataset.reloadWith, select.value);
    window.location.assign(url.toString());
  });
})();
