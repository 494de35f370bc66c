// Loads the page's WebAssembly module: the slides for `?present`, the simulator
// otherwise. Kept in its own file so the page's Content-Security-Policy can forbid
// inline scripts.
const slides = new URLSearchParams(location.search).has('present');
const name = slides ? 'present' : 'web';
const { default: init } = await import(`./${name}.js`);
await init({ module_or_path: new URL(`${name}_bg.wasm`, import.meta.url) });
