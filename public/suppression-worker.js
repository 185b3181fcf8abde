// The OPRF blinding of suppression-file emails, off the page's main thread.
//
// A module worker that loads the app's own WebAssembly module (the page sends the
// fingerprinted file names in the first message) and answers `blind` and `finalize` with
// its exported functions; see src/suppression_file/worker.rs for the protocol. The emails
// and the blinding secrets never leave this worker and the page.
let app;

self.onmessage = async ({ data }) => {
  try {
    let result = null;
    if (data.kind === "init") {
      const module = await import(data.js);
      await module.default({ module_or_path: data.wasm });
      app = module;
    } else if (data.kind === "blind") {
      result = app.clearlistOprfBlind(data.batch, data.emails);
    } else if (data.kind === "finalize") {
      result = app.clearlistOprfFinalize(data.batch, data.evaluated);
    } else {
      throw new Error(`unknown message ${data.kind}`);
    }
    self.postMessage({ id: data.id, ok: true, result });
  } catch (error) {
    self.postMessage({ id: data.id, ok: false, error: String(error?.message ?? error) });
  }
};
