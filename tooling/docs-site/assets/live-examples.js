// Live examples: every code block of a page that follows an HTML comment `<!-- live -->` runs in
// the page, in order, as an ES module whose `@nabla/...` imports load the site's browser bundles
// (assets/nabla/, built from the packages' dist/); what it logs is shown under the block, and an
// error is shown there and reported on the console. `window.nablaLiveExamples` holds the results
// (the site's Chromium test reads it). Typedoc copies this file to assets/custom.js.
(() => {
  const bundles = new URL('./nabla/', document.currentScript.src);
  const MODULES = {
    '@nabla/nabla': 'nabla.js',
    '@nabla/tensor-core/browser': 'tensor-core-browser.js',
    '@nabla/layers/browser': 'layers-browser.js',
  };
  const state = { total: 0, finished: 0, failed: 0, done: false, results: [] };
  window.nablaLiveExamples = state;

  /** The <pre> blocks marked live, in document order. */
  function liveBlocks() {
    const blocks = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.data.trim() !== 'live') continue;
      let next = node.nextSibling;
      while (next && next.nodeType !== Node.ELEMENT_NODE) next = next.nextSibling;
      if (next && next.tagName === 'PRE') blocks.push(next);
    }
    return blocks;
  }

  /** The example's source with its `@nabla/...` specifiers pointing at the bundles. */
  function rewriteImports(code) {
    return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(@nabla\/[^'"]+)\2/g, (_, before, quote, specifier) => {
      const file = MODULES[specifier];
      if (!file) throw new Error(`this example imports ${specifier}, which the site does not bundle (it has ${Object.keys(MODULES).join(', ')})`);
      return before + quote + new URL(file, bundles).href + quote;
    });
  }

  /** The code of a highlighted block: typedoc breaks its lines with <br>, which textContent drops. */
  function sourceOf(pre) {
    const code = (pre.querySelector('code') ?? pre).cloneNode(true);
    for (const br of code.querySelectorAll('br')) br.replaceWith('\n');
    return code.textContent;
  }

  /** One logged value as text. */
  function show(value) {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return JSON.stringify(value);
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length}) [${Array.from(value).join(', ')}]`;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    if (typeof value === 'object' && value !== null && typeof value.toString === 'function' && value.toString !== Object.prototype.toString) return value.toString();
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }

  async function run(pre, index) {
    const output = document.createElement('pre');
    output.className = 'nabla-live-output';
    output.dataset.status = 'running';
    output.textContent = '…';
    pre.after(output);
    const lines = [];
    const capture = (...args) => {
      lines.push(args.map(show).join(' '));
      output.textContent = lines.join('\n');
    };
    const original = { log: console.log, info: console.info };
    console.log = capture;
    console.info = capture;
    const code = sourceOf(pre);
    let url;
    try {
      url = URL.createObjectURL(new Blob([rewriteImports(code)], { type: 'text/javascript' }));
      await import(url);
      output.dataset.status = 'ok';
      if (lines.length === 0) output.textContent = '(no output)';
      state.results.push({ index, ok: true, output: lines.join('\n') });
    } catch (error) {
      state.failed++;
      output.dataset.status = 'error';
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      output.textContent = [...lines, message].join('\n');
      state.results.push({ index, ok: false, output: lines.join('\n'), error: message });
      console.error(`live example ${index + 1} failed: ${message}`);
    } finally {
      console.log = original.log;
      console.info = original.info;
      if (url) URL.revokeObjectURL(url);
      state.finished++;
    }
  }

  function addStyle() {
    const style = document.createElement('style');
    style.textContent = [
      'pre.nabla-live-output { border-left: 3px solid #3a7; margin-top: -0.5em; white-space: pre-wrap; }',
      'pre.nabla-live-output::before { content: "output"; display: block; font-size: 0.75em; opacity: 0.6; }',
      'pre.nabla-live-output[data-status="error"] { border-left-color: #c33; color: #c33; }',
    ].join('\n');
    document.head.append(style);
  }

  async function main() {
    const blocks = liveBlocks();
    state.total = blocks.length;
    if (blocks.length > 0) addStyle();
    for (let i = 0; i < blocks.length; i++) await run(blocks[i], i);
    state.done = true;
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main());
  else void main();
})();
