import { fillPlaceholders } from './placeholders';

describe('fillPlaceholders', () => {
  it('fills every placeholder it has a value for and leaves the others as written', () => {
    const values: Record<string, string> = { name: 'Anna', n: '3' };
    expect(fillPlaceholders('{name} has {n} tasks, {name}! {missing}', (k) => values[k])).toBe(
      'Anna has 3 tasks, Anna! {missing}',
    );
  });

  it('fills an empty value as empty', () => {
    expect(fillPlaceholders('[{x}]', () => '')).toBe('[]');
  });
});
