// Loads the simulator's WebAssembly module. Kept in its own file so the page's
// Content-Security-Policy can forbid inline scripts.
import init from './web.js';
init({ module_or_path: new URL('web_bg.wasm', import.meta.url) });
