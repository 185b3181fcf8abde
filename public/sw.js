// Clearlist's service worker: the app shell offline, and new versions in the background.
//
// A navigation is answered from the cached shell (index.html and the files it names), so
// the app starts without the network; the app then opens the list on its own copy of the
// dataset (src/dataset_cache.rs) and says it is offline. Each navigation also fetches the
// current index.html in the background: when it differs (a new build), the files it names
// are fetched and cached, it becomes the shell, and open pages are told, so the next
// navigation starts the new version (the app shows a notice). The API is never answered or
// stored here; embed documents naming an organisation always come from the server (their
// `frame-ancestors` depends on it). Signing out sends `Clear-Site-Data`, which removes this
// worker and its cache with the dataset.

const SHELL = "clearlist-shell-v1";
const INDEX = "/index.html";
/** Files the shell needs that index.html does not name. */
const FIXED = ["/boot.js", "/suppression-worker.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(refresh().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    if (url.searchParams.get("embed") === "1" && url.searchParams.has("org")) return;
    event.respondWith(navigate(event));
    return;
  }
  event.respondWith(fromCache(request));
});

/** The cached shell, refreshed in the background; the network while there is none. */
async function navigate(event) {
  const shell = await (await caches.open(SHELL)).match(INDEX);
  if (!shell) {
    event.waitUntil(refresh());
    return fetch(event.request);
  }
  event.waitUntil(refresh().then((updated) => updated && announce()));
  return shell;
}

/** A shell file from the cache, else from the network. */
async function fromCache(request) {
  const cached = await (await caches.open(SHELL)).match(request, { ignoreSearch: true });
  return cached ?? fetch(request);
}

/**
 * Fetches index.html; when it differs from the cached one, caches the files it names and
 * then it, and drops files no longer named. Whether an earlier shell was replaced.
 */
async function refresh() {
  let response;
  try {
    response = await fetch(INDEX, { cache: "no-store" });
  } catch {
    return false; // Offline: the cached shell stays.
  }
  if (!response.ok) return false;
  const html = await response.clone().text();
  const cache = await caches.open(SHELL);
  const current = await cache.match(INDEX);
  if (current && (await current.text()) === html) return false;
  const named = [...html.matchAll(/(?:src|href|data-clearlist-js|data-clearlist-wasm)="(\/[^"]*)"/g)].map(
    (match) => match[1],
  );
  const files = new Set([...named, ...FIXED]);
  await cache.addAll([...files].map((path) => new Request(path, { cache: "no-store" })));
  await cache.put(INDEX, response);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== INDEX && !files.has(path)) await cache.delete(request);
  }
  return Boolean(current);
}

/** Tells every open page that the next navigation starts a new version. */
async function announce() {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "clearlist-update-ready" });
  }
}
