// Loads the page's WebAssembly module: the simulator (imported statically, so its glue
// is preloaded with the page), the slides for `?present`, the execution view (执行情况)
// for `?execution`, a saved scenario's review page (审核与历史) for `?review=ID`, or the
// admin's users page (用户管理) for `?users`; and offers the simulator
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

const query = new URLSearchParams(location.search);
if (query.has('present')) {
  const { default: initSlides } = await import('./present.js');
  await initSlides({ module_or_path: new URL('present_bg.wasm', import.meta.url) });
} else if (query.has('users')) {
  const { default: initUsers } = await import('./users.js');
  await initUsers({ module_or_path: new URL('users_bg.wasm', import.meta.url) });
} else if (query.has('review')) {
  const { default: initReview } = await import('./review.js');
  await initReview({ module_or_path: new URL('review_bg.wasm', import.meta.url) });
} else if (query.has('execution')) {
  const { default: initExecution } = await import('./execution.js');
  await initExecution({ module_or_path: new URL('execution_bg.wasm', import.meta.url) });
} else {
  await initSimulator({ module_or_path: new URL('web_bg.wasm', import.meta.url) });
}
