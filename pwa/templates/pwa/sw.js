/* Lontar's service worker (served at /sw.js, scope "/"; rendered by pwa.views).
 *
 * - The app shell (offline page, icons, viewflow's CSS and JS) is cached at install.
 * - A signed-in page tells the worker who is signed in and which pages to keep for
 *   offline reading (the user's agenda for today and tomorrow, pwa.offline); the worker
 *   fetches and keeps them, for that user only, and drops them when another user signs
 *   in or the user signs out (the logout response also clears the site's storage).
 * - Pages: network first; without a network, the kept copy, else the offline page.
 * - Web Push: a JSON payload {"title", "body", "url"} becomes a notification; a click on
 *   it opens (or focuses) its url.
 */
const VERSION = "0";
const SHELL = "lontar-shell-" + VERSION;
const PAGES = "lontar-pages";
const STATIC = "lontar-static";
const OFFLINE_URL = "/luring/";
const META_URL = "/luring/__kept__";
const SHELL_URLS = {{ shell_urls|safe }};
const REFRESH_MS = 10 * 60 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((n) => n.startsWith("lontar-shell-") && n !== SHELL).map((n) => caches.delete(n))
    )).then(() => self.clients.claim())
  );
});

async function keptMeta() {
  const cache = await caches.open(PAGES);
  const response = await cache.match(META_URL);
  return response ? response.json() : { user: null, pages: [], at: 0 };
}

async function forget() {
  await caches.delete(PAGES);
}

async function keepPagesFor(user, force) {
  const meta = await keptMeta();
  if (meta.user !== user) {
    await forget();
  } else if (!force && Date.now() - meta.at < REFRESH_MS) {
    return meta;
  }
  const list = await fetch("/luring/daftar.json", { credentials: "same-origin", cache: "no-store" });
  if (!list.ok) return meta;
  const data = await list.json();
  if (data.user !== user) {  // signed out (or someone else) meanwhile: keep nothing
    await forget();
    return { user: null, pages: [], at: 0 };
  }
  const cache = await caches.open(PAGES);
  const kept = [];
  for (const page of data.pages) {
    const response = await fetch(page.url, { credentials: "same-origin", redirect: "manual" });
    if (response.ok && response.type === "basic") {
      await cache.put(page.url, response);
      kept.push(page);
    }
  }
  const fresh = { user: user, pages: kept, at: Date.now() };
  await cache.put(META_URL, new Response(JSON.stringify(fresh), {
    headers: { "Content-Type": "application/json" },
  }));
  return fresh;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const reply = (body) => event.source && event.source.postMessage(body);
  if (message.type === "user") {
    event.waitUntil(
      keepPagesFor(message.user, Boolean(message.force))
        .then((meta) => reply({ type: "kept", pages: meta.pages.map((p) => p.url) }))
        .catch((error) => reply({ type: "kept-failed", error: String(error) }))
    );
  } else if (message.type === "signed-out") {
    event.waitUntil(forget().then(() => reply({ type: "forgotten" })));
  }
});

async function fromNetwork(request) {
  try {
    const response = await fetch(request);
    if (response.ok && request.mode === "navigate") {
      const cache = await caches.open(PAGES);
      // A kept page read again online: keep the newer copy.
      if (await cache.match(request.url)) await cache.put(request.url, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request.url, { cacheName: PAGES });
    if (kept) return kept;
    if (request.mode === "navigate") {
      const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL });
      if (offline) return offline;
    }
    throw error;
  }
}

async function staticFile(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(STATIC)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fromNetwork(request));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(self.registration.showNotification(data.title || "Lontar", {
    body: data.body || "",
    icon: "/static/pwa/icon-192.png",
    badge: "/static/pwa/icon-192.png",
    lang: "id",
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data && event.notification.data.url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;  // only our own pages
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
    for (const client of windows) {
      if (client.url === target.href && "focus" in client) return client.focus();
    }
    return self.clients.openWindow(target.href);
  }));
});
