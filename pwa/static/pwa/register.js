/* Registers Lontar's service worker on every page and tells it who is signed in.
 *
 * <meta name="lontar-user" content="ID"> on a signed-in page, content="" on a signed-out
 * one (the login page): the worker keeps that user's offline pages, or drops them.
 * When the worker has kept them, <html data-offline-ready="1"> is set.
 * Hook for other scripts (Web Push subscription): window.lontarServiceWorker, a promise
 * of the ServiceWorkerRegistration (rejected where service workers are unavailable).
 */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) {
    window.lontarServiceWorker = Promise.reject(new Error("no service worker"));
    window.lontarServiceWorker.catch(function () {});
    return;
  }
  var meta = document.querySelector('meta[name="lontar-user"]');
  window.lontarServiceWorker = navigator.serviceWorker.register("/sw.js", { scope: "/" });

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "kept") {
      document.documentElement.dataset.offlineReady = "1";
      document.documentElement.dataset.offlinePages = String(data.pages.length);
    }
  });

  if (!meta) return;  // a page that does not know (the offline page itself)
  var user = meta.getAttribute("content");
  navigator.serviceWorker.ready.then(function (registration) {
    var worker = registration.active;
    if (!worker) return;
    if (user) {
      worker.postMessage({ type: "user", user: Number(user) });
    } else {
      worker.postMessage({ type: "signed-out" });
    }
  });
})();
