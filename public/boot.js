// Starts the Clearlist WebAssembly app.
//
// This static module replaces trunk's inline loader so the Content-Security-Policy can
// forbid inline scripts. trunk writes the fingerprinted names of the wasm-bindgen module and
// the wasm file into data attributes of the <script> element that loads this file (see
// `pattern_script` in Trunk.toml).
const boot = document.querySelector("script[data-clearlist-js]");

// The service worker (public/sw.js) keeps the app shell for offline starts. Only a
// top-level page registers it: in a CRM's frame the app always comes from the server. When
// it has fetched a new version, the page is marked and told (the app shows a notice).
if ("serviceWorker" in navigator && window.self === window.top) {
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type !== "clearlist-update-ready") return;
    document.documentElement.dataset.updateReady = "true";
    window.dispatchEvent(new Event("clearlist-update-ready"));
  });
  navigator.serviceWorker.register("/sw.js").catch((error) => {
    console.warn("Clearlist: no offline start in this browser", error);
  });
}

try {
  const { default: init } = await import(boot.dataset.clearlistJs);
  await init({ module_or_path: boot.dataset.clearlistWasm });
} catch (error) {
  console.error("Clearlist failed to start", error);
  const message = document.createElement("p");
  message.className = "boot-error";
  message.setAttribute("role", "alert");
  message.textContent = `Clearlist could not start in this browser (${error}).`;
  document.body.append(message);
}
