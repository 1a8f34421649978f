// remark's presenter view's timer and notes (its slideshow view builds them with `new`): the
// presenter console (src/runtime/console/) replaces both, so they make nothing here
// (src/node/vite-plugin-lazy-slides.ts redirects remark's modules to this one).
module.exports = function ReplacedByThePresenterConsole() {};
