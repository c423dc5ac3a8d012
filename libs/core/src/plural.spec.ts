import { pluralCategory, pluralForm, pluralWord } from './plural';

describe('plural forms', () => {
  it('picks the category by the language: Polish one/few/many, English one/other', () => {
    expect([1, 3, 5, 22, 25].map((n) => pluralCategory('pl', n))).toEqual([
      'one',
      'few',
      'many',
      'few',
      'many',
    ]);
    expect([1, 2].map((n) => pluralCategory('en', n))).toEqual(['one', 'other']);
    expect(pluralCategory('en', 'abc')).toBe('other');
  });

  it('chooses named forms, falling back to other', () => {
    const forms = { one: '{n} wiersz', few: '{n} wiersze', many: '{n} wierszy', other: '{n} wiersza' };
    expect([1, 3, 5].map((n) => pluralForm(forms, 'pl', n))).toEqual([
      '{n} wiersz',
      '{n} wiersze',
      '{n} wierszy',
    ]);
    expect(pluralForm({ other: 'rows' }, 'en', 1)).toBe('rows');
  });

  it('chooses positional forms one, few, many', () => {
    const words = ['zadanie', 'zadania', 'zadań'];
    expect([1, 2, 5].map((n) => pluralWord(words, 'pl', n))).toEqual(['zadanie', 'zadania', 'zadań']);
    expect([1, 2].map((n) => pluralWord(['day', 'days'], 'en', n))).toEqual(['day', 'days']);
    expect(pluralWord(['Tag', 'Tage'], 'de', 5)).toBe('Tage');
    expect(pluralWord([], 'en', 1)).toBe('');
  });
});
