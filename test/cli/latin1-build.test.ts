/**
 * The build rewrites dist/**\/*.js to Latin-1 (scripts/latin1-dist.js) so that V8 keeps each
 * module's source at one byte per character: the rewritten program must mean the same.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toLatin1 } = require('../../scripts/latin1-dist.js') as {
  toLatin1(source: string, file?: string): string;
};

function evaluate(source: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', source)(module);
  return module.exports;
}

describe('the Latin-1 build step', () => {
  const source = [
    '// a dash – and an ellipsis … in a comment',
    'module.exports = {',
    '  pl: "Zażółć gęślą jaźń — ok…",',
    '  de: "Grüße, café",',
    '  template: `→ ${1 + 1} ł`,',
    '  emoji: "😀",',
    '  escapedSlash: "\\\\—",',
    '  dashes: /^[–—]+$/u,',
    '  units: /[😀]/,',
    '};',
  ].join('\n');

  it('writes every character above U+00FF as an escape and keeps Latin-1 as it is', () => {
    const out = toLatin1(source);
    expect([...out].filter((c) => c.charCodeAt(0) > 0xff)).toEqual([]);
    expect(out).toContain('Grüße, café');
    expect(out).toContain('"Za\\u017có\\u0142\\u0107 g\\u0119');
  });

  it('keeps what the program means: strings, templates and regular expressions', () => {
    const before = evaluate(source);
    const after = evaluate(toLatin1(source));
    for (const key of ['pl', 'de', 'template', 'emoji', 'escapedSlash']) expect(after[key]).toBe(before[key]);
    expect(after.escapedSlash).toBe('\\—');
    const dashes = after.dashes as RegExp;
    expect(dashes.test('–—')).toBe(true);
    expect(dashes.test('-')).toBe(false);
    expect((after.units as RegExp).test('😀')).toBe(true);
  });

  it('stops at a character that is itself escaped, whose meaning an escape would change', () => {
    expect(() => toLatin1('x = "\\—";', 'dist/x.js')).toThrow('dist/x.js: an escaped "—"');
  });
});
