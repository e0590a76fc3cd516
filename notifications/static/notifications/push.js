// Web Push on the notification settings page: subscribe this browser with the server's
// VAPID key and post the subscription JSON to Lontar; or unsubscribe it. The service
// worker (registered by the installable app) shows the {"title","body","url"} payloads.
(function () {
  "use strict";
  var box = document.getElementById("push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  var status = box.querySelector('[data-push="status"]');
  var csrf = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";

  function keyBytes(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function send(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf) },
      body: JSON.stringify(body),
    });
  }
  function say(text) { if (status) status.textContent = text; }

  var on = box.querySelector('[data-push="subscribe"]');
  var off = box.querySelector('[data-push="unsubscribe"]');
  if (on) on.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.subscribe({
        userVisibleOnly: true, applicationServerKey: keyBytes(box.dataset.vapidKey),
      });
    }).then(function (subscription) {
      return send(box.dataset.subscribeUrl, subscription.toJSON());
    }).then(function (response) { say(response.ok ? "✓" : "✗"); })
      .catch(function (error) { say(String(error)); });
  });
  if (off) off.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return send(box.dataset.unsubscribeUrl, { endpoint: endpoint });
      });
    }).then(function () { say("✓"); }).catch(function (error) { say(String(error)); });
  });
})();
