import type { Liquid } from 'liquidjs';
import { loadDefaultTemplates } from './default-templates';
import { LiquidRenderer, MoneyValue, RenderSettings } from './liquid-renderer';
import { PlainTemplate } from './plain-template';
import { taskScope } from './task-scope';
import { buildScope, sampleTouchContext } from './template-scope';

const r = new LiquidRenderer();
const settings: RenderSettings = { locale: 'en', timezone: 'Europe/Berlin', currency: 'EUR' };
/** liquidjs itself, configured as the renderer configures it: what every render must equal. */
const liquid = (kind: 'html' | 'text'): Liquid =>
  (r as unknown as { engines: Record<string, Liquid> }).engines[kind];
const byLiquid = (source: string, kind: 'html' | 'text', scope: object, at = settings) =>
  liquid(kind).parseAndRenderSync(source, scope, { globals: { __touchbase: at } }) as string;
const plainOf = (source: string, kind: 'html' | 'text') =>
  PlainTemplate.of(liquid(kind).parse(source), kind, liquid(kind));
/** What a render answers, or the error it fails with. */
const outcome = (render: () => string) => {
  try {
    return render();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};

const business = {
  name: 'Müller & Söhne <"Feinkost"> \'s',
  url: 'https://shop.test/?a=1&b=2',
  shop_url: '',
  address: 'Hauptstraße 1\n10115 Berlin',
  logo_url: '',
  currency: 'EUR',
};
const blankOnes = {
  ...sampleTouchContext('EUR'),
  product: { ...sampleTouchContext('EUR').product!, url: null },
  extra: { hold_until: '' },
};
const hostile = {
  ...sampleTouchContext('EUR'),
  customer: {
    ...sampleTouchContext('EUR').customer,
    firstName: `Zoë <b>&amp;</b> "O'Brien"`,
    lastName: '',
    email: null,
    locale: 'de',
  },
};

describe('PlainTemplate (a template of text and variables, rendered without liquidjs)', () => {
  const shipped = loadDefaultTemplates();
  const cases = shipped.flatMap((t) =>
    (['subject', 'html', 'text'] as const)
      .filter((f) => t[f].includes('{{'))
      .map((f) => ({
        name: `${t.key}/${t.channel}/${t.locale}.${f}`,
        source: t[f],
        kind: (t.channel === 'email' && f === 'html' ? 'html' : 'text') as 'html' | 'text',
        task: t.channel === 'task',
        layout: t.key === '_layout',
      })),
  );

  it.each(cases)('renders the shipped $name as liquidjs does', ({ source, kind, task, layout }) => {
    for (const ctx of [sampleTouchContext('EUR'), hostile, blankOnes])
      for (const locale of ['en', 'de', 'pl']) {
        const scope = task
          ? taskScope(ctx, business, locale, {})
          : buildScope(ctx, business, locale, {
              unsubscribe_url: 'https://t.test/u/x?a=1&b=2',
              survey_url: 'https://t.test/s/x',
            });
        const at = { ...settings, locale };
        expect(r.render(source, kind, scope, at)).toBe(byLiquid(source, kind, scope, at));
        // a message template is rendered without liquidjs's evaluator
        if (!task && !layout)
          expect(plainOf(source, kind)?.render(scope, { __touchbase: at })).toBe(
            byLiquid(source, kind, scope, at),
          );
      }
  });

  it('takes the shipped message templates (text, variables, the own filters, if/else)', () => {
    const birthday = shipped.find((t) => t.key === 'birthday' && t.channel === 'email' && t.locale === 'en')!;
    expect(plainOf(birthday.subject, 'text')).not.toBeNull();
    expect(plainOf(birthday.html, 'html')).not.toBeNull();
    expect(plainOf(birthday.text, 'text')).not.toBeNull();
    const restock = shipped.find(
      (t) => t.key === 'back_in_stock' && t.channel === 'email' && t.locale === 'en',
    )!;
    expect(plainOf(restock.html, 'html')).not.toBeNull();
    for (const t of shipped.filter((x) => x.channel !== 'task' && x.key !== '_layout'))
      for (const f of ['subject', 'html', 'text'] as const)
        if (t[f].includes('{'))
          expect([
            t.key,
            f,
            plainOf(t[f], t.channel === 'email' && f === 'html' ? 'html' : 'text') !== null,
          ]).toEqual([t.key, f, true]);
  });

  const scope = {
    s: `a & b < c > d " e ' f`,
    zero: 0,
    negZero: -0,
    n: 1.5,
    big: 1e21,
    nan: Number.NaN,
    yes: true,
    no: false,
    nothing: null,
    unset: undefined,
    list: ['x', 'y'],
    money: new MoneyValue(1234, 'EUR', 'en'),
    date: new Date('2026-06-01T10:00:00Z'),
    iso: '2026-06-04',
    blankish: ' \n ',
    emptyList: [],
    emptyObject: {},
    comparable: { equals: () => true, gt: () => false, geq: () => false, lt: () => false, leq: () => false },
    nested: { deep: { name: 'Ann' }, size: 3, first: 'f' },
    withProto: Object.assign(Object.create({ inherited: 'no' }), { own: 'yes' }),
    nullProto: Object.assign(Object.create(null), { name: 'np' }),
    liquidish: { toLiquid: () => ({ name: 'from toLiquid' }), name: 'raw' },
    fn: () => 'called',
    constructor: 'own constructor',
  };
  it.each([
    '{{ s }}',
    '[{{ zero }}|{{ negZero }}|{{ n }}|{{ big }}|{{ nan }}|{{ yes }}|{{ no }}|{{ nothing }}|{{ unset }}]',
    '{{ list }}',
    '{{ money }}',
    '{{ date }}',
    '{{ nested.deep.name }} {{ nested.size }} {{ nested.first }} {{ list.size }} {{ list.first }}',
    '{{ withProto.own }}/{{ withProto.inherited }}',
    '{{ nullProto.name }}',
    '{{ liquidish.name }}',
    '{{ fn }}',
    '{{ constructor }} {{ toString }} {{ s.length }}',
    '{{ missing }}|{{ missing.deeper }}|{{ s.deeper }}',
    '{{ blank }}|{{ empty }}|{{ nil }}|{{ true }}',
    '{{ nested["deep"].name }} {{ list[0] }}',
    '  {{- s -}}  \n x {{ s -}}\n\n y',
    '{% raw %}{{ s }}{% endraw %} {{ s }}',
    '{{ s }}{% comment %} note {% endcomment %}',
    '{{ s | upcase }}',
    'no markup {',
    '{{ money | money }} {{ n | money }} {{ n | money: "JPY" }} {{ zero | money }} {{ nothing | money }}',
    '{{ date | date: "d MMMM" }} {{ date | date }} {{ iso | date: "cccc d LLLL" }} {{ s | date }} {{ nothing | date }}',
    '{{ zero | plural: "order", "orders" }} {{ n | plural: "zamówienie", "zamówienia", "zamówień" }}',
    '{{ date | date: fmt }} {{ date | date: format: "d" }} {{ s | money: "XX1" }} {{ n | money | upcase }}',
    '{{ n | money: 5 }} {{ unset | money }} {{ missing | date: "d" }} {{ list | date: "d" }}',
    '{% if s != blank %}A{{ s }}{% else %}B{% endif %}|{% if iso == blank %}C{% endif %}',
    '{% for v in list %}{{ v }}{% endfor %}',
    '{% unless yes %}U{% endunless %}',
    '{% if s contains "a" %}has{% elsif yes %}yes{% else %}no{% endif %}',
    '{% if nothing %}1{% elsif no %}2{% elsif zero %}3{% else %}4{% endif %}',
    '{% if nested.deep.name == "Ann" and yes %}{{ nested.deep.name }}{% endif %}',
    '{% if missing.x %}m{% endif %}{% if blankish != blank %}nb{% endif %}{% if emptyList == blank %}el{% endif %}',
    '{% if s | size %}x{% endif %}',
    '{% if yes %}{% if no %}a{% else %}{{ s | upcase }}{% endif %}{% endif %}',
    '{%- if yes -%}  trimmed  {%- endif -%}',
    '{% if zero %}0t{% endif %}{% if zero == blank %}0b{% endif %}{% if yes != blank %}yb{% endif %}{% if no == blank %}nb{% endif %}',
    '{% if date == blank %}db{% endif %}{% if money != blank %}mb{% endif %}{% if nested == blank %}nb{% endif %}{% if empty == blank %}eb{% endif %}',
    '{% if emptyObject == blank %}ob{% endif %}{% if nullProto != blank %}np{% endif %}{% if list %}l{% endif %}{% if emptyList %}el{% endif %}',
    '{% if liquidish == blank %}lb{% endif %}{% if fn == blank %}fb{% endif %}{% if withProto.inherited == blank %}ib{% endif %}',
    '{% if comparable == blank %}cb{% endif %}{% if comparable %}ct{% endif %}{% if unset != blank %}u{% endif %}{% if nan == blank %}nan{% endif %}',
    '{% if blank == s %}bs{% endif %}{% if s == empty %}se{% endif %}{% if s != "" %}sq{% endif %}{% if s.first %}f{% endif %}',
  ])('renders %j as liquidjs does, in html and in text', (source) => {
    for (const kind of ['html', 'text'] as const)
      for (const locale of ['en', 'pl'])
        expect(outcome(() => r.render(source, kind, scope, { ...settings, locale }))).toBe(
          outcome(() => byLiquid(source, kind, scope, { ...settings, locale })),
        );
  });
});
