import { DateTime } from 'luxon';
import { dateFilter, LiquidRenderer, MoneyValue, RenderSettings, TEMPLATE_LIMITS } from './liquid-renderer';

const r = new LiquidRenderer();
const at = (locale: string, timezone = 'Europe/Berlin'): RenderSettings => ({
  locale,
  timezone,
  currency: 'EUR',
});
const NBSP = '\u00a0';

describe('LiquidRenderer filters', () => {
  it.each([
    ['en', '€1,234.56', '28 February', 'June 2, 2026'],
    ['de', `1.234,56${NBSP}€`, '28 Februar', '2. Juni 2026'],
    ['pl', `1234,56${NBSP}€`, '28 lutego', '2 czerwca 2026'],
  ])('money and date in %s', (locale, money, birthday, placed) => {
    const scope = {
      total: new MoneyValue(123456, 'EUR', locale),
      birthday: '1990-02-28',
      placed: new Date('2026-06-01T22:30:00Z'),
    };
    expect(r.render('{{ total | money }}', 'text', scope, at(locale))).toBe(money);
    expect(r.render('{{ total }}', 'text', scope, at(locale))).toBe(money);
    expect(r.render('{{ birthday | date: "d MMMM" }}', 'text', scope, at(locale))).toBe(birthday);
    expect(r.render('{{ placed | date }}', 'text', scope, at(locale))).toBe(placed);
  });

  it('formats a date in the customer’s zone: the same instant is 1 June in Pago Pago and 2 June in Kiritimati', () => {
    const scope = { placed: new Date('2026-06-01T22:30:00Z') };
    expect(r.render('{{ placed | date: "d MMMM" }}', 'text', scope, at('en', 'Pacific/Pago_Pago'))).toBe(
      '1 June',
    );
    expect(r.render('{{ placed | date: "d MMMM" }}', 'text', scope, at('en', 'Pacific/Kiritimati'))).toBe(
      '2 June',
    );
  });

  it('keeps 29 February for a birthday without a year', () => {
    expect(r.render('{{ b | date: "d MMMM" }}', 'text', { b: '2000-02-29' }, at('de'))).toBe('29 Februar');
  });

  it('answers a date again from what it formatted, keyed by value, format, language and zone', () => {
    const instant = new Date('2026-06-01T22:30:00Z');
    const luxon = (v: Date | string | number, f: string, s: RenderSettings) =>
      (v instanceof Date
        ? DateTime.fromJSDate(v, { zone: s.timezone })
        : typeof v === 'number'
          ? DateTime.fromMillis(v, { zone: s.timezone })
          : DateTime.fromISO(v, { zone: s.timezone })
      )
        .setLocale(s.locale)
        .toFormat(f || 'DDD');
    for (let round = 0; round < 2; round++)
      for (const value of [instant, instant.getTime(), '2026-06-04', '2026-06-01T22:30:00Z'])
        for (const format of ['d MMMM', 'cccc d LLLL', 'HH:mm', ''])
          for (const s of [at('en'), at('de'), at('pl', 'Pacific/Kiritimati'), at('en', 'Pacific/Pago_Pago')])
            expect(dateFilter(value, format, s)).toBe(luxon(value, format, s));
    expect(dateFilter(new Date(Number.NaN), 'd MMMM', at('en'))).toBe('');
    expect(dateFilter('not a date', 'd MMMM', at('en'))).toBe('');
    expect(dateFilter('', 'd MMMM', at('en'))).toBe('');
    expect(dateFilter(null, 'd MMMM', at('en'))).toBe('');
  });

  it('money: a plain number is major units in the business currency; zero-decimal currencies stay whole', () => {
    expect(r.render('{{ 99.5 | money }}', 'text', {}, { ...at('pl'), currency: 'PLN' })).toBe(
      `99,50${NBSP}zł`,
    );
    expect(r.render('{{ t | money }}', 'text', { t: new MoneyValue(1500, 'JPY', 'en') }, at('en'))).toBe(
      '¥1,500',
    );
  });
});

describe('LiquidRenderer safety', () => {
  const name = '<script>alert(1)</script>';

  it('escapes every output in HTML, not in text', () => {
    expect(r.render('<p>Hi {{ n }}</p>', 'html', { n: name }, at('en'))).toBe(
      '<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(r.render('Hi {{ n }}', 'text', { n: name }, at('en'))).toBe(`Hi ${name}`);
  });

  it('reads no files: include, render and layout find nothing', () => {
    for (const t of [
      '{% include "package.json" %}',
      '{% render "/etc/passwd" %}',
      '{% layout "package.json" %}x',
    ]) {
      expect(() => r.render(t, 'text', {}, at('en'))).toThrow(/Failed to lookup/);
    }
  });

  it('sees own properties only', () => {
    expect(
      r.render('[{{ o.constructor }}{{ o.toString }}{{ o.__proto__ }}]', 'text', { o: { a: 1 } }, at('en')),
    ).toBe('[]');
  });

  it('stops runaway templates and oversized output', () => {
    expect(() =>
      r.render('{% for i in (1..100000000) %}{{ i }}{% endfor %}', 'text', {}, at('en')),
    ).toThrow();
    const big = '{% for i in (1..30000) %}0123456789{% endfor %}';
    expect(() => r.render(big, 'text', {}, at('en'))).toThrow(
      new RegExp(`${TEMPLATE_LIMITS.outputLimit}|limit`),
    );
    expect(() => r.render('x'.repeat(TEMPLATE_LIMITS.parseLimit + 1), 'text', {}, at('en'))).toThrow(
      /parse length limit/,
    );
  });
});

describe('LiquidRenderer without markup', () => {
  const r = new LiquidRenderer();
  const settings: RenderSettings = { locale: 'en', timezone: 'Europe/Berlin', currency: 'EUR' };
  it.each([
    'Thank them for their loyalty; ask how their recent purchases are working out.',
    '  <p>a & b < c "quoted" \'single\'</p>\n\n  ',
    'braces { alone } and }} and %} and {-',
    '',
    'Podziękuj za lojalność; zapytaj, jak sprawdzają się ostatnie zakupy.',
  ])('renders %j as liquidjs does (the same source through the engine)', (source) => {
    for (const kind of ['text', 'html', 'layout'] as const) {
      const engine = r.render(`${source}{% if false %}{% endif %}`, kind, {}, settings);
      expect(r.render(source, kind, {}, settings)).toBe(engine);
      expect(engine).toBe(source);
    }
  });
});

describe('LiquidRenderer.validate', () => {
  const sample = {
    customer: { first_name: 'A', tags: ['vip'] },
    order: { lines: [{ sku: 'x' }] },
    unsubscribe_url: 'u',
  };

  it('accepts known variables, loops and assigned locals', () => {
    const t =
      '{{ customer.first_name }} {{ customer.tags.size }} {% for l in order.lines %}{{ l.sku }}{% endfor %}{% assign x = 1 %}{{ x }} {{ order.lines.first.sku }}';
    expect(r.validate('text', t, 'text', sample, at('en'))).toEqual([]);
  });

  it('names an unknown variable with its line and column, even in a branch that does not run', () => {
    const t = 'Hello\n{% if false %}  {{ customer.frist_name }}{% endif %}';
    expect(r.validate('html', t, 'html', sample, at('en'))).toEqual([
      { field: 'html', problem: 'unknown variable "customer.frist_name" at line 2, col 20' },
    ]);
    expect(r.validate('text', '{{ order.lines.first.price }}', 'text', sample, at('en'))[0].problem).toMatch(
      /"order\.lines\.first\.price"/,
    );
    expect(r.validate('text', '{{ coupon }}', 'text', sample, at('en'))[0].problem).toMatch(/"coupon"/);
  });

  it('names an unknown filter with its position', () => {
    const [p] = r.validate('subject', 'Hi {{ customer.first_name | shout }}', 'text', sample, at('en'));
    expect(p.field).toBe('subject');
    expect(p.problem).toMatch(/unknown filter: shout, line:1, col:4/);
  });

  it('reports syntax errors and includes', () => {
    expect(r.validate('text', '{% if %}', 'text', sample, at('en'))[0].problem).toMatch(/line:1/);
    expect(r.validate('text', '{% include "x" %}', 'text', sample, at('en'))[0].problem).toMatch(
      /Failed to lookup/,
    );
  });
});
