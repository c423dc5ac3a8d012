import { tagsTransformer } from './columns';

describe('tagsTransformer', () => {
  /** What it stored before tags in order skipped the Set and the sort. */
  const reference = (tags: string[]) => (tags.length ? `,${[...new Set(tags)].sort().join(',')},` : '');

  it('stores tags in order, each once, whether or not they came so', () => {
    for (const tags of [
      [],
      ['vip'],
      ['tea', 'vip'],
      ['vip', 'tea'],
      ['vip', 'vip'],
      ['a', 'b', 'b', 'c'],
      ['Zeta', 'alpha', 'Ähnlich', 'ß'],
      ['10', '9', '100'],
      ['b', 'a', 'c'],
    ])
      expect([tags, tagsTransformer.to(tags)]).toEqual([tags, reference(tags)]);
    expect(tagsTransformer.to(['vip', 'tea'])).toBe(',tea,vip,');
    expect(tagsTransformer.to(null)).toBeNull();
  });
});
