import { homeFor, safeLocalPath } from './safe-redirect';

describe('safeLocalPath', () => {
  it('follows same-site paths only', () => {
    expect(safeLocalPath('/customers/7?tab=x', '/')).toBe('/customers/7?tab=x');
    for (const bad of [
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      'javascript:alert(1)',
      '',
      undefined,
      42,
    ])
      expect(safeLocalPath(bad, '/today')).toBe('/today');
  });

  it('sends each role home', () => {
    expect([homeFor('owner'), homeFor('staff'), homeFor(undefined)]).toEqual([
      '/overview',
      '/today',
      '/today',
    ]);
  });
});
