import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The environment settings, node flags and script of the documented start command (package.json
 * "start:engine": `[NAME=value …] node [flags] dist/….js`) in the checkout at `root`, so a bench
 * runs the engine's code as an owner starts it (bench:cli's idle engine, bench:evaluate's tick).
 */
export function engineCommand(root: string): {
  env: Record<string, string>;
  flags: string[];
  script: string;
} {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts['start:engine'] ?? '';
  const m = /^((?:[A-Z_]+=\S+\s+)*)node((?:\s+--\S+)*)\s+(dist\/\S+\.js)$/.exec(script.trim());
  if (!m)
    throw new Error(
      `package.json "start:engine" is not \`[NAME=value …] node [flags] dist/….js\`: ${script}`,
    );
  const words = (text: string) => text.trim().split(/\s+/).filter(Boolean);
  const env = Object.fromEntries(
    words(m[1]).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]),
  );
  return { env, flags: words(m[2]), script: m[3] };
}
