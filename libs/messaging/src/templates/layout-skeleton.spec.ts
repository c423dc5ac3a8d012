import { BusinessSettings } from '@touchbase/config';
import type { SettingsService } from '@touchbase/store';
import { EmailLayout } from './email-layout.service';
import type { LayoutInput } from './email-layout-scope';
import { slotsArePlain } from './layout-skeleton';
import { LiquidRenderer } from './liquid-renderer';
import type { TemplateService } from './template.service';

const settings = {
  businessName: 'Kaffee & <Bohne>',
  postalAddress: 'Kaffee & Bohne GmbH\nMusterstraße 1',
  logo: 'https://cdn.example/logo.png?a=1&b=2',
  shopUrl: 'https://shop.example',
  publicBaseUrl: 'https://tb.example',
  timezone: 'Europe/Berlin',
  defaultLocale: 'en',
} as BusinessSettings;

/** An EmailLayout whose stored layout is `stored` (null: the shipped one), rendering for real. */
function layoutWith(stored: { html: string; text: string } | null) {
  const renderer = new LiquidRenderer();
  const templates = {
    renderer,
    settings: (locale: string, timezone: string) => ({ locale, timezone, currency: 'EUR' }),
    resolve: async () => stored,
  } as unknown as TemplateService;
  const owner = { get: () => settings, refresh: async () => settings } as unknown as SettingsService;
  return new EmailLayout(templates, owner);
}

const inputs: LayoutInput[] = [
  {
    locale: 'de',
    subject: 'Alles Gute, <Anna> & "Co"',
    html: '<p>Hallo Anna</p>  ',
    text: '  Hallo Anna\n',
    unsubscribeUrl: 'https://tb.example/u/abc?x=1&y="2"',
  },
  {
    locale: 'en',
    subject: '',
    html: '',
    text: 'Plain <text>\n\nhttps://x.example/a?b=1&c=2',
    unsubscribeUrl: null,
  },
  { locale: 'pl', subject: 'Zamówienie $& $1', html: '', text: '', unsubscribeUrl: '' },
  { locale: 'fr', subject: 'tbslot', html: '<b>x</b>', text: 'x', unsubscribeUrl: 'https://tb.example/u/q' },
];

describe('the email layout rendered once per kind of email (layout skeleton)', () => {
  it.each([
    ['the shipped layouts', null],
    [
      'a layout with emptiness tests and whitespace control',
      {
        html: '<h1>{{- subject -}}</h1>{% if unsubscribe_url == "" %}none{% else %}<a href="{{ unsubscribe_url }}">x</a>{% endif %}{% unless content != \'\' %}empty{% endunless %}{{content}}',
        text: '{{ subject }}\n{{ content }}\n{% if subject != "" %}s{% endif %}{{ unsubscribe_url }}   ',
      },
    ],
    [
      'a layout that filters or tests the values otherwise (rendered per email)',
      {
        html: '{{ subject | upcase }}{% if content contains "Anna" %}A{% endif %}{{ content }}{{ unsubscribe_url }}',
        text: '{% assign s = subject | size %}{{ s }} {{ content | truncate: 5 }} {{ unsubscribe_url }}',
      },
    ],
  ])('gives exactly what rendering per email gives: %s', async (_, stored) => {
    const layout = layoutWith(stored);
    for (const input of inputs) {
      const expected = layout.render(stored ?? layout.builtIn(input.locale), input);
      // twice: the first builds the skeleton, the second fills it
      expect(await layout.wrap(input)).toEqual(expected);
      expect(await layout.wrap(input)).toEqual(expected);
    }
  });

  it('renders the layout once per language and kind of email, not once per email', async () => {
    const layout = layoutWith(null);
    const render = jest.spyOn(LiquidRenderer.prototype, 'render');
    for (let i = 0; i < 5; i++)
      expect((await layout.wrap({ ...inputs[0], subject: `Hi ${i}` })).html).toContain(
        `<title>Hi ${i}</title>`,
      );
    // the skeleton's HTML and text parts, rendered once
    expect(render).toHaveBeenCalledTimes(2);
    render.mockRestore();
  });

  it('takes a layout as plain only where the values are whole outputs or emptiness tests', () => {
    expect(
      slotsArePlain(
        "<p>{{ subject }}</p>{{- content -}}{% if unsubscribe_url != '' %}{{unsubscribe_url}}{% endif %}",
      ),
    ).toBe(true);
    expect(slotsArePlain('{{ business.name | upcase }} {{ business.subject_line }}')).toBe(true);
    expect(slotsArePlain('{{ subject | upcase }}')).toBe(false);
    expect(slotsArePlain('{{ "}}" | append: subject }}')).toBe(false);
    expect(slotsArePlain('{% if subject contains "x" %}{% endif %}')).toBe(false);
    expect(slotsArePlain('{% if subject %}{% endif %}')).toBe(false);
    expect(slotsArePlain('{% liquid\necho content\n%}')).toBe(false);
    expect(slotsArePlain('{% assign u = unsubscribe_url %}')).toBe(false);
    expect(slotsArePlain('{{ subject ')).toBe(false);
  });
});
