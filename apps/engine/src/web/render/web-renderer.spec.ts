import { BadRequestException } from '@nestjs/common';
import {
  Conflict,
  FixedClock,
  Forbidden,
  NotFound,
  TemplateMissingError,
  TooManyAttempts,
  ValidationFailed,
} from '@touchbase/core';
import { ImportFileError } from '@touchbase/ingest';
import { testConfig } from '../../../../../test/kit/config';
import { statusOf } from '../web-exception.filter';
import { SettingsService } from '@touchbase/store';
import { WebRenderer } from './web-renderer';

const config = testConfig({ type: 'sqlite', path: ':memory:' });
const clock = new FixedClock('2026-06-15T08:00:00Z');
// no database: the settings stay the environment's defaults
const renderer = new WebRenderer(config, new SettingsService(undefined as never, clock, config), clock);
const owner = {
  id: 1,
  email: 'o@x.test',
  name: 'Olivia',
  role: 'owner',
  locale: 'de',
  timezone: null,
  via: 'session',
  csrfToken: 'tok"en',
};
const req = (user?: object) => ({ user, path: '/customers', headers: {} }) as never;

describe('WebRenderer', () => {
  it('escapes every value by default, in text and in attributes', async () => {
    const c = {
      id: 7,
      firstName: '<script>alert(1)</script>',
      lastName: '"Mallory" & co',
      tags: ['<b>vip</b>'],
      erasedAt: null,
    };
    const html = await renderer.render(req(owner), 'customers/list', {
      q: '"><img src=x onerror=alert(1)>',
      page: { items: [c], total: 1 },
    });
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &#34;Mallory&#34; &amp; co');
    expect(html).toContain('&lt;b&gt;vip&lt;/b&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('content="tok&#34;en"');
  });

  it('writes counts, phones, money and the favicon per the reader’s language', async () => {
    const c = { id: 7, firstName: 'Jan', lastName: 'Nowak', phone: '+48601234567', tags: [], erasedAt: null };
    const d = { ...c, id: 8, firstName: 'Jens', phone: '+4915112345678' };
    const pl = await renderer.render(req({ ...owner, locale: 'pl' }), 'customers/list', {
      q: '',
      page: { items: [c, d], total: 22 },
    });
    expect(pl).toContain('<html lang="pl">');
    expect(pl).toContain('22 klientów');
    expect(pl).toContain('<link rel="icon" href="/assets/favicon.svg"');
    // the business is in Germany (DEFAULT_PHONE_REGION=DE): its own numbers national, others international
    expect(pl).toContain('>+48 601 234 567</a>');
    expect(pl).toContain('>01511 2345678</a>');
    const de = await renderer.render(req(owner), 'customers/list', { q: '', page: { items: [], total: 1 } });
    expect(de).toContain('1 Kunde<');
  });

  it('renders in the signed-in user’s language with the navigation of their role', async () => {
    const html = await renderer.render(req(owner), 'customers/list', {
      q: '',
      page: { items: [], total: 0 },
    });
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('>Kunden</a>');
    expect(html).toContain('>Regeln</a>');
    const staff = await renderer.render(req({ ...owner, role: 'staff', locale: 'en' }), 'customers/list', {
      q: '',
      page: { items: [], total: 0 },
    });
    expect(staff).toContain('>Customers</a>');
    expect(staff).not.toContain('href="/rules"');
  });

  it('renders error pages in the user’s language', async () => {
    const html = await renderer.render(req(owner), 'errors/error', { status: 404, kind: '404', detail: '' });
    expect(html).toContain('Nicht gefunden');
  });
});

describe('statusOf', () => {
  it('maps the shared domain errors as the API does, HTTP errors by their status, the rest to 500', () => {
    expect(
      [
        new NotFound('x'),
        new Forbidden('x'),
        new Conflict('x'),
        new ValidationFailed([{ field: 'name', problem: 'is required' }]),
        new ImportFileError('the file is empty'),
        new TemplateMissingError('birthday', 'sms'),
        new TooManyAttempts(1000),
        new BadRequestException('x'),
        Object.assign(new Error('x'), { name: 'NotFound' }),
        new Error('boom'),
      ].map(statusOf),
    ).toEqual([404, 403, 409, 400, 400, 404, 429, 400, 500, 500]);
  });
});
