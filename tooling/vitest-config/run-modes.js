// Runs one script the four ways a user runs code besides a file: `node -e` (CommonJS),
// `node --input-type=module -e`, the REPL (`node -i`, script on stdin), and a bundled single-file
// build (the caller's bundler, e.g. esbuild). Used by the threaded backends to check that their
// worker threads start in each. The script is an ES module body that only uses `await import(...)`
// and reports by calling `report(value)` (defined here), which prints one marked JSON line.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MARK = '@@nabla-run-mode@@ ';
const PRELUDE = `const report = (value) => console.log(${JSON.stringify(MARK)} + JSON.stringify(value));\n`;

/** The four ways, in the order they run. */
export const RUN_MODES = ['node -e', 'node --input-type=module -e', 'REPL', 'bundled single file'];

function reported(mode, output) {
  const line = output.split('\n').find((l) => l.includes(MARK));
  if (line === undefined) throw new Error(`${mode}: the script reported nothing; output:\n${output}`);
  return JSON.parse(line.slice(line.indexOf(MARK) + MARK.length));
}

function node(cwd, args, input, env) {
  return execFileSync(process.execPath, args, {
    cwd, input, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000,
  });
}

/**
 * Types `lines` into `node -i` one at a time, as a person would: each line once the previous one
 * has finished (the REPL printed its next prompt), since piped input does not wait for a
 * top-level `await`. Resolves with everything the REPL printed.
 */
function repl(cwd, lines, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-i'], { cwd, env: { ...process.env, ...env, NODE_NO_READLINE: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let prompts = 0;
    let next = 0;
    const timer = setTimeout(() => { child.kill(); reject(new Error(`REPL timed out; output:\n${output}`)); }, 60_000);
    const onData = (chunk) => {
      output += chunk;
      const seen = output.split('> ').length - 1;
      if (seen === prompts) return;
      prompts = seen;
      if (next < lines.length) child.stdin.write(`${lines[next++]}\n`);
      else if (next === lines.length) { next++; child.stdin.end('.exit\n'); }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', () => { clearTimeout(timer); resolve(output); });
  });
}

/**
 * Runs `body` in each of RUN_MODES from `cwd` (so bare imports resolve from there) and returns
 * what each reported. `bundle(entry, outfile)` must write a single-file Node ESM bundle of `entry`.
 */
export async function runInEveryMode(cwd, body, bundle, env = {}) {
  const script = PRELUDE + body;
  const results = {};
  results['node -e'] = reported('node -e', node(cwd, ['-e', `(async () => {\n${script}\n})().catch((e) => { console.error(e); process.exit(1); });`], undefined, env));
  results['node --input-type=module -e'] = reported('node --input-type=module -e', node(cwd, ['--input-type=module', '-e', script], undefined, env));
  results.REPL = reported('REPL', await repl(cwd, script.split('\n').filter((l) => l.trim() !== ''), env));
  mkdirSync(join(cwd, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(cwd, '.tmp', 'run-modes-'));
  try {
    const entry = join(dir, 'entry.mjs');
    const outfile = join(dir, 'bundle.mjs');
    writeFileSync(entry, script);
    await bundle(entry, outfile);
    results['bundled single file'] = reported('bundled single file', node(dir, [outfile], undefined, env));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
