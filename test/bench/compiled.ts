/**
 * The project's TypeScript as plain JavaScript under var/bench-js, for a bench's child process
 * whose memory is measured: the engine runs compiled code (dist/), while `-r @swc-node/register`
 * keeps the swc compiler's native binding and its caches resident — 76 MB of RSS before a
 * single project module is loaded (measured 28 Nov 2026: bare node 39 MB, with the register
 * hook 115 MB). Same compiler and settings as the register hook (.swcrc), so the code that runs
 * is the same; only the compiler is not in the measured process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const TREES = ['libs', 'config', 'test/bench'];

/** Compiles TREES into var/bench-js (other files copied) and answers the path of `entry` there. */
export function compileForBench(root: string, entry: string): string {
  const out = path.join(root, 'var', 'bench-js');
  compileTrees(root, out, TREES);
  return path.join(out, path.relative(root, entry).replace(/\.ts$/, '.js'));
}

/** Compiles the TypeScript of `trees` (e.g. ['apps', 'libs', 'config']) into `out`, laid out as in `root`; other files are copied (liquidjs will not read a view through a symlink that leads out of its directory). */
export function compileTrees(root: string, out: string, trees: string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const swc = require('@swc/core') as typeof import('@swc/core');
  fs.rmSync(out, { recursive: true, force: true });
  const rc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
  const options = {
    ...rc,
    $schema: undefined,
    swcrc: false,
    sourceMaps: false,
    jsc: { ...rc.jsc, baseUrl: root },
  };
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith('.ts') && !rel.endsWith('.spec.ts')) {
        const js = swc.transformFileSync(path.join(root, rel), {
          ...options,
          filename: path.join(root, rel),
        });
        fs.mkdirSync(path.join(out, dir), { recursive: true });
        fs.writeFileSync(path.join(out, rel.replace(/\.ts$/, '.js')), js.code);
      } else if (!rel.endsWith('.ts')) {
        fs.mkdirSync(path.join(out, dir), { recursive: true });
        fs.copyFileSync(path.join(root, rel), path.join(out, rel));
      }
    }
  };
  for (const tree of trees) walk(tree);
}
