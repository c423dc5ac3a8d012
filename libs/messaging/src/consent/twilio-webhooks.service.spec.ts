import { inboundKeyword } from './twilio-webhooks.service';

describe('inboundKeyword', () => {
  it.each([
    'STOP',
    'stop',
    '  Stop  ',
    'STOPALL',
    'unsubscribe',
    'Cancel',
    'END',
    'quit',
    'REVOKE',
    'optout',
    '\tOPTOUT\n',
  ])('%j → stop', (body) => {
    expect(inboundKeyword(body)).toBe('stop');
  });
  it.each(['START', ' start', 'Unstop'])('%j → start', (body) => expect(inboundKeyword(body)).toBe('start'));
  it('HELP → help', () => expect(inboundKeyword(' help ')).toBe('help'));
  it.each(['Stop it please', 'please stop', 'STOP!', 'opt out', '', 'Thanks, see you Saturday'])(
    '%j is not a keyword',
    (body) => {
      expect(inboundKeyword(body)).toBeNull();
    },
  );
});
