//! Benchmark floor: fetch one JSON document and render one field, nothing else.

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[derive(Deserialize)]
struct Job {
    status: String,
}

#[function_component]
fn Hello() -> Html {
    let status = use_state(|| String::from("…"));
    {
        let status = status.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let text = match gloo_net::http::Request::get("job.json").send().await {
                    Ok(resp) => match resp.json::<Job>().await {
                        Ok(job) => job.status,
                        Err(e) => e.to_string(),
                    },
                    Err(e) => e.to_string(),
                };
                status.set(text);
            });
        });
    }
    html! { <p>{ "Hello, " }{ (*status).clone() }</p> }
}

#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    yew::Renderer::<Hello>::with_root(root).render();
}
