//! Work that can wait: tasks posted at background priority, after input and rendering.

use leptos::prelude::{request_animation_frame, set_timeout, window};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::{Closure, JsValue};

/// Runs `task` once the browser has nothing more urgent to do: `scheduler.postTask` at
/// background priority where the browser has it, a zero timeout elsewhere. Tasks posted
/// this way run in the order they were posted.
fn run_in_background(task: impl FnOnce() + 'static) {
    let scheduler = js_sys::Reflect::get(&window(), &JsValue::from_str("scheduler"))
        .ok()
        .filter(JsValue::is_object);
    let post_task = scheduler.as_ref().and_then(|scheduler| {
        js_sys::Reflect::get(scheduler, &JsValue::from_str("postTask"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    let (Some(scheduler), Some(post_task)) = (scheduler, post_task) else {
        set_timeout(task, std::time::Duration::ZERO);
        return;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &options,
        &JsValue::from_str("priority"),
        &JsValue::from_str("background"),
    );
    let task = Closure::once_into_js(task);
    // The returned promise only rejects if the task is aborted, which nothing here does.
    let _ = post_task.call2(&scheduler, &task, &options);
}

/// Runs `task` in the background once the next frame is painted. Tasks asked for while the
/// same frame is pending run in the order they were asked for (the list's live counts
/// before its overscan rows).
pub fn after_next_paint(task: impl FnOnce() + 'static) {
    request_animation_frame(move || run_in_background(task));
}
