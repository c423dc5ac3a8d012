import { isAutoReply, replyText, textOfHtml } from './reply-text';

describe('replyText: what the customer wrote, without the quote', () => {
  it.each([
    ['Yes please!\n\nOn Mon, 15 Jun 2026 at 09:00, Shop <a@b.c> wrote:\n> Hello', 'Yes please!'],
    ['Ja, gern.\r\n\r\nAm 15.06.2026 um 09:00 schrieb Laden <a@b.c>:\r\n> Hallo', 'Ja, gern.'],
    ['Tak.\n\nW dniu 15.06.2026 o 09:00 Sklep <a@b.c> napisał:\n> Cześć', 'Tak.'],
    ['Sure.\n\nOn Mon, 15 Jun 2026 at 09:00, Shop Owner\n<a@b.c> wrote:\n> Hello', 'Sure.'],
    ['Thanks\n> quoted\n> more', 'Thanks'],
    ['Thanks!\n-----Original Message-----\nFrom: Shop', 'Thanks!'],
    ['Danke\n\nVon: Laden <a@b.c>\nGesendet: Montag', 'Danke'],
    ['See you\n-- \nAnna Schmidt\n+49 151', 'See you'],
    ['Ok!\n\nSent from my iPhone', 'Ok!'],
    ['Line one\nFrom: me, as a phrase in the text', 'Line one\nFrom: me, as a phrase in the text'],
  ])('%j → %j', (input, expected) => expect(replyText(input)).toBe(expected));

  it('keeps everything when the answer is below the quote (nothing is lost)', () => {
    expect(replyText('> Hello\n\nMy answer below')).toBe('> Hello\n\nMy answer below');
  });
});

describe('textOfHtml', () => {
  it('drops tags, styles and the quoted blockquote, decodes entities', () => {
    const html =
      '<html><head><style>p{}</style></head><body><p>Gern &amp; gleich&nbsp;morgen</p><div>Gr&#252;&#xDF;e</div><blockquote>old mail</blockquote></body></html>';
    expect(replyText(textOfHtml(html))).toBe('Gern & gleich morgen\nGrüße');
  });
});

describe('isAutoReply', () => {
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'Re: Hi', true],
    [{ 'auto-submitted': 'no' }, 'Re: Hi', false],
    [{ 'x-autoreply': 'yes' }, 'Re: Hi', true],
    [{ precedence: 'bulk' }, 'Re: Hi', true],
    [{}, 'Automatische Antwort: Hallo', true],
    [{}, 'Out of Office: back on Monday', true],
    [{}, 'Abwesenheitsnotiz', true],
    [{}, 'Re: Happy birthday', false],
  ])('%j %j → %s', (headers, subject, expected) =>
    expect(isAutoReply(headers as Record<string, string>, subject)).toBe(expected),
  );
});
