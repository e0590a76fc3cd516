/* The offline page: lists the pages the service worker kept for offline reading. */
(function () {
  "use strict";
  var list = document.getElementById("lt-offline-pages");
  var none = document.getElementById("lt-offline-none");
  if (!list || !("caches" in window)) return;
  caches.open("lontar-pages").then(function (cache) {
    return cache.match("/luring/__kept__");
  }).then(function (response) {
    return response ? response.json() : { pages: [] };
  }).then(function (meta) {
    meta.pages.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = page.label;
      item.appendChild(link);
      list.appendChild(item);
    });
    if (meta.pages.length && none) none.hidden = true;
  });
})();
