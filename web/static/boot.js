// Loads the page's WebAssembly module: the simulator (imported statically, so its glue
// is preloaded with the page), or the slides for `?present`; and offers the simulator
// the 计算过程/tornado module, fetched on first ask (`plannerExplainModule`). Kept in its
// own file so the page's Content-Security-Policy can forbid inline scripts.
import initSimulator from './web.js';

let explaining;
window.plannerExplainModule = () => {
  explaining ??= import('./explain.js')
    .then(async (module) => {
      await module.default({ module_or_path: new URL('explain_bg.wasm', import.meta.url) });
      return module;
    })
    .catch((error) => {
      explaining = undefined;
      throw error;
    });
  return explaining;
};

if (new URLSearchParams(location.search).has('present')) {
  const { default: initSlides } = await import('./present.js');
  await initSlides({ module_or_path: new URL('present_bg.wasm', import.meta.url) });
} else {
  await initSimulator({ module_or_path: new URL('web_bg.wasm', import.meta.url) });
}
