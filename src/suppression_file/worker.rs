//! Runs the OPRF blinding in a web worker: `suppression-worker.js` (in `public/`) loads
//! this same WebAssembly module in a module worker and answers `blind` / `finalize`
//! messages with the functions of [`super::oprf`]. The page finds the module's
//! fingerprinted file names on the boot script (see `Trunk.toml`). Where that is not
//! possible (no boot script, as in component tests, or no module workers) the same
//! functions run in the page, yielding to the browser between batches.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Function, Promise};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::{SuppressionError, oprf};

/// The worker script, copied to the site root by trunk.
const SCRIPT: &str = "/suppression-worker.js";

/// The `resolve` of each call waiting for the worker's answer, by message id.
type Pending = Rc<RefCell<HashMap<u32, Function>>>;

/// A message to the worker (`data.kind` and its fields, as `suppression-worker.js` reads
/// them), with the id its answer carries back.
#[derive(Serialize)]
struct Message<'a> {
    id: u32,
    #[serde(flatten)]
    request: Request<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Request<'a> {
    /// Load the app's module (its fingerprinted file names).
    Init { js: &'a str, wasm: &'a str },
    /// Blind a batch of emails.
    Blind { batch: u32, emails: &'a [String] },
    /// Unblind a batch's evaluated elements.
    Finalize { batch: u32, evaluated: &'a [String] },
}

/// The worker's answer to a message (found by its id): `result` when `ok`, else `error`.
#[derive(Deserialize)]
struct Answer {
    ok: bool,
    #[serde(default)]
    result: Option<Vec<String>>,
    #[serde(default)]
    error: Option<String>,
}

/// Where the OPRF blinding runs.
pub enum Pseudonymiser {
    /// In a web worker.
    Worker(OprfWorker),
    /// In the page.
    InPage,
}

impl Pseudonymiser {
    /// A worker when one starts, else the page.
    pub async fn start() -> Self {
        match OprfWorker::start().await {
            Ok(worker) => Pseudonymiser::Worker(worker),
            Err(reason) => {
                web_sys::console::info_1(
                    &format!("Clearlist: blinding in the page ({reason})").into(),
                );
                Pseudonymiser::InPage
            }
        }
    }

    /// Blinds a batch.
    ///
    /// # Errors
    /// [`SuppressionError::Oprf`] with the reason.
    pub async fn blind(
        &self,
        batch: u32,
        emails: &[String],
    ) -> Result<Vec<String>, SuppressionError> {
        match self {
            Pseudonymiser::Worker(worker) => worker
                .send(Request::Blind { batch, emails })
                .await
                .map_err(SuppressionError::Oprf),
            Pseudonymiser::InPage => {
                yield_now().await;
                oprf::blind(batch, emails).map_err(SuppressionError::Oprf)
            }
        }
    }

    /// Unblinds a batch's answer into pseudonyms.
    ///
    /// # Errors
    /// [`SuppressionError::Oprf`] with the reason.
    pub async fn finalize(
        &self,
        batch: u32,
        evaluated: Vec<String>,
    ) -> Result<Vec<u64>, SuppressionError> {
        match self {
            Pseudonymiser::Worker(worker) => {
                let request = Request::Finalize {
                    batch,
                    evaluated: &evaluated,
                };
                worker
                    .send(request)
                    .await
                    .map_err(SuppressionError::Oprf)?
                    .iter()
                    .map(|hex| {
                        u64::from_str_radix(hex, 16)
                            .map_err(|_| SuppressionError::Oprf(format!("bad pseudonym `{hex}`")))
                    })
                    .collect()
            }
            Pseudonymiser::InPage => {
                yield_now().await;
                oprf::finalize(batch, &evaluated).map_err(SuppressionError::Oprf)
            }
        }
    }
}

/// A started worker; terminated when dropped.
pub struct OprfWorker {
    worker: Worker,
    pending: Pending,
    next_id: Cell<u32>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl OprfWorker {
    /// Starts the worker and loads the module in it.
    ///
    /// # Errors
    /// Why no worker runs (no boot script, no module workers, the module failed to load).
    pub async fn start() -> Result<Self, String> {
        let document = web_sys::window()
            .and_then(|window| window.document())
            .ok_or("no document")?;
        let boot = document
            .query_selector("script[data-clearlist-js]")
            .ok()
            .flatten()
            .ok_or("no boot script")?;
        let js = boot
            .get_attribute("data-clearlist-js")
            .ok_or("no module name")?;
        let wasm = boot
            .get_attribute("data-clearlist-wasm")
            .ok_or("no wasm name")?;

        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(SCRIPT, &options)
            .map_err(|err| format!("the worker did not start: {err:?}"))?;
        let pending: Pending = Rc::default();
        let answers = Rc::clone(&pending);
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            #[derive(Deserialize)]
            struct Id {
                id: u32,
            }
            let Ok(Id { id }) = serde_wasm_bindgen::from_value(event.data()) else {
                return;
            };
            if let Some(resolve) = answers.borrow_mut().remove(&id) {
                let _ = resolve.call1(&JsValue::NULL, &event.data());
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let started = OprfWorker {
            worker,
            pending,
            next_id: Cell::new(0),
            _on_message: on_message,
        };
        started
            .send(Request::Init {
                js: &js,
                wasm: &wasm,
            })
            .await
            .map_err(|err| format!("the worker could not load the module: {err}"))?;
        Ok(started)
    }

    /// Posts `request` with a fresh id and waits for the answer: its strings, or the
    /// worker's error.
    async fn send(&self, request: Request<'_>) -> Result<Vec<String>, String> {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        // Plain objects, not `Map`s: the worker reads `data.kind`.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        let message = Message { id, request }
            .serialize(&serializer)
            .map_err(|err| err.to_string())?;
        let pending = Rc::clone(&self.pending);
        let promise = Promise::new(&mut |resolve, _| {
            pending.borrow_mut().insert(id, resolve);
        });
        self.worker
            .post_message(&message)
            .map_err(|err| format!("{err:?}"))?;
        let data = JsFuture::from(promise)
            .await
            .map_err(|err| format!("{err:?}"))?;
        let answer: Answer = serde_wasm_bindgen::from_value(data)
            .map_err(|err| format!("the worker's answer is malformed: {err}"))?;
        match answer {
            Answer {
                ok: true, result, ..
            } => Ok(result.unwrap_or_default()),
            Answer { error, .. } => Err(error.unwrap_or_else(|| "unknown error".to_owned())),
        }
    }
}

impl Drop for OprfWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Lets the browser paint before the next batch of in-page work.
async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}
