//! Runs the OPRF blinding in a web worker: `suppression-worker.js` (in `public/`) loads
//! this same WebAssembly module in a module worker and answers `blind` / `finalize`
//! messages with the functions of [`super::oprf`]. The page finds the module's
//! fingerprinted file names on the boot script (see `Trunk.toml`). Where that is not
//! possible (no boot script, as in component tests, or no module workers) the same
//! functions run in the page, yielding to the browser between batches.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use super::{SuppressionError, oprf};

/// The worker script, copied to the site root by trunk.
const SCRIPT: &str = "/suppression-worker.js";

type Pending = Rc<RefCell<HashMap<u32, (Function, Function)>>>;

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
            Pseudonymiser::Worker(worker) => {
                let emails: Array = emails
                    .iter()
                    .map(|email| JsValue::from_str(email))
                    .collect();
                let answer = worker.call("blind", batch, "emails", &emails).await?;
                strings(&answer)
            }
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
                let evaluated: Array = evaluated.iter().map(|e| JsValue::from_str(e)).collect();
                let answer = worker
                    .call("finalize", batch, "evaluated", &evaluated)
                    .await?;
                strings(&answer)?
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
            let data = event.data();
            let id = Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|id| id.as_f64())
                .map(|id| id as u32);
            let Some((resolve, reject)) = id.and_then(|id| answers.borrow_mut().remove(&id)) else {
                return;
            };
            let ok = Reflect::get(&data, &"ok".into())
                .ok()
                .and_then(|ok| ok.as_bool());
            let _ = if ok == Some(true) {
                resolve.call1(
                    &JsValue::NULL,
                    &Reflect::get(&data, &"result".into()).unwrap_or_default(),
                )
            } else {
                reject.call1(
                    &JsValue::NULL,
                    &Reflect::get(&data, &"error".into()).unwrap_or_default(),
                )
            };
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let started = OprfWorker {
            worker,
            pending,
            next_id: Cell::new(0),
            _on_message: on_message,
        };
        let message = Object::new();
        set(&message, "js", &js.into());
        set(&message, "wasm", &wasm.into());
        started
            .send("init", message)
            .await
            .map_err(|err| format!("the worker could not load the module: {err}"))?;
        Ok(started)
    }

    async fn call(
        &self,
        kind: &str,
        batch: u32,
        field: &str,
        values: &Array,
    ) -> Result<JsValue, SuppressionError> {
        let message = Object::new();
        set(&message, "batch", &batch.into());
        set(&message, field, values);
        self.send(kind, message)
            .await
            .map_err(SuppressionError::Oprf)
    }

    /// Posts `message` with a fresh id and `kind`, and waits for the answer.
    async fn send(&self, kind: &str, message: Object) -> Result<JsValue, String> {
        let id = self.next_id.get();
        self.next_id.set(id.wrapping_add(1));
        set(&message, "id", &id.into());
        set(&message, "kind", &kind.into());
        let pending = Rc::clone(&self.pending);
        let promise = Promise::new(&mut |resolve, reject| {
            pending.borrow_mut().insert(id, (resolve, reject));
        });
        self.worker
            .post_message(&message)
            .map_err(|err| format!("{err:?}"))?;
        JsFuture::from(promise)
            .await
            .map_err(|err| err.as_string().unwrap_or_else(|| format!("{err:?}")))
    }
}

impl Drop for OprfWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a plain property on a fresh object cannot fail.
    let _ = Reflect::set(object, &key.into(), value);
}

fn strings(value: &JsValue) -> Result<Vec<String>, SuppressionError> {
    let array: &Array = value
        .dyn_ref()
        .ok_or_else(|| SuppressionError::Oprf("the worker did not answer a list".to_owned()))?;
    array
        .iter()
        .map(|item| {
            item.as_string().ok_or_else(|| {
                SuppressionError::Oprf("the worker answered a non-string".to_owned())
            })
        })
        .collect()
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
