#!/usr/bin/env node
// Rewrites the build's JavaScript so that it holds only Latin-1 characters: every character
// above U+00FF (a dash or an ellipsis in a comment, a Polish letter in a text) becomes a \uXXXX
// escape. V8 keeps each loaded module's source in its heap, as one byte per character when every
// character is Latin-1 and two bytes otherwise: about 1 MB of an idle engine's heap
// (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory). Escapes mean the same in strings,
// template literals, regular expressions and comments; the sources use no String.raw.
const fs = require('node:fs');
const path = require('node:path');

/**
 * The same program with every UTF-16 code unit above 0xFF written as a \uXXXX escape. A character
 * that is itself escaped (`\—`, an odd number of backslashes before it) would change meaning, so
 * it stops the build instead.
 */
function toLatin1(source, file = 'source') {
  return source.replace(/[^\x00-\xff]/g, (c, at) => {
    let slashes = 0;
    while (at - slashes - 1 >= 0 && source[at - slashes - 1] === '\\') slashes++;
    if (slashes % 2) throw new Error(`${file}: an escaped ${JSON.stringify(c)} at offset ${at}`);
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

function rewrite(dir) {
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) files += rewrite(p);
    else if (entry.name.endsWith('.js')) {
      const source = fs.readFileSync(p, 'utf8');
      const out = toLatin1(source, p);
      if (out !== source) {
        fs.writeFileSync(p, out);
        files++;
      }
    }
  }
  return files;
}

if (require.main === module) rewrite(path.join(__dirname, '..', 'dist'));

module.exports = { toLatin1 };
