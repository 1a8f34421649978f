// remark requires its slide view and calls `new` on what `require` returns: this hands it our
// view's class itself (src/node/vite-plugin-lazy-slides.ts redirects remark's module here).
module.exports = require('./lazy-slide-view.ts').default;
