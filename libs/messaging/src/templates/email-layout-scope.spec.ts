import { BusinessSettings } from '@touchbase/config';
import { SafeHtml } from './liquid-renderer';
import { layoutScope, textToHtml } from './email-layout-scope';

const settings = (over: Partial<BusinessSettings> = {}) =>
  ({
    businessName: 'Shop',
    postalAddress: 'Shop GmbH\nMain St 1',
    logo: '',
    shopUrl: 'https://shop.example',
    publicBaseUrl: 'https://tb.example',
    ...over,
  }) as BusinessSettings;
const input = {
  locale: 'de',
  subject: 'Hi',
  html: '',
  text: 'Hello <you>\n\nSee https://x.example/a?b=1&c=2',
  unsubscribeUrl: null,
};

describe('email layout scope', () => {
  it('turns a plain-text body into escaped paragraphs with clickable links', () => {
    expect(textToHtml('Hello <you>\nline two\n\nSee https://x.example/a?b=1&c=2')).toBe(
      '<p>Hello &lt;you&gt;<br>line two</p>\n<p>See <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a></p>',
    );
    const scope = layoutScope(input, settings(), 'html');
    expect(scope.content).toBeInstanceOf(SafeHtml);
    expect(String(scope.content)).toContain('Hello &lt;you&gt;');
    expect(layoutScope(input, settings(), 'text').content).toBe(input.text);
  });

  it('gives the logo only as an http(s) address: an uploaded one is served by the engine', () => {
    const logo = (l: string) =>
      (layoutScope(input, settings({ logo: l }), 'html').business as { logo_url: string }).logo_url;
    expect(logo('https://cdn.example/logo.png')).toBe('https://cdn.example/logo.png');
    expect(logo('data:image/png;base64,AAAA')).toBe('https://tb.example/brand/logo');
    expect(logo('javascript:alert(1)')).toBe('');
    expect(logo('')).toBe('');
  });

  it('splits the imprint into lines and has no unsubscribe link for an email without one', () => {
    const scope = layoutScope(input, settings(), 'html');
    expect((scope.business as { address_lines: string[] }).address_lines).toEqual(['Shop GmbH', 'Main St 1']);
    expect(scope.unsubscribe_url).toBe('');
    expect(scope.lang).toBe('de');
  });
});
