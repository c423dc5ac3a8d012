import { areaCatalog } from './area';

/** The email layout on the Templates page and the SMS editor's length counter (docs/web-ui.md#templates). */
export const emailsCatalog = areaCatalog({
  en: {
    'emails.sms.parts': { one: '{n} SMS part', other: '{n} SMS parts' },
    'emails.sms.left': { one: '{n} character left in this part', other: '{n} characters left in this part' },
    'emails.sms.gsm':
      'GSM-7: 160 characters fit one SMS, 153 per part when it is longer; € [ ] { } ~ ^ \\ | count twice.',
    'emails.sms.ucs2':
      'UCS-2: a character outside GSM-7 (such as ą, ł or an emoji) makes each part hold 70 characters, 67 when it is longer.',
  },
  de: {
    'emails.sms.parts': { one: '{n} SMS-Teil', other: '{n} SMS-Teile' },
    'emails.sms.left': { one: 'noch {n} Zeichen in diesem Teil', other: 'noch {n} Zeichen in diesem Teil' },
    'emails.sms.gsm':
      'GSM-7: 160 Zeichen passen in eine SMS, 153 je Teil bei längeren; € [ ] { } ~ ^ \\ | zählen doppelt.',
    'emails.sms.ucs2':
      'UCS-2: Ein Zeichen außerhalb von GSM-7 (etwa ą, ł oder ein Emoji) lässt jeden Teil nur 70 Zeichen fassen, 67 bei längeren.',
  },
  pl: {
    'emails.sms.parts': {
      one: '{n} część SMS',
      few: '{n} części SMS',
      many: '{n} części SMS',
      other: '{n} części SMS',
    },
    'emails.sms.left': {
      one: 'w tej części został {n} znak',
      few: 'w tej części zostały {n} znaki',
      many: 'w tej części zostało {n} znaków',
      other: 'w tej części zostało {n} znaku',
    },
    'emails.sms.gsm':
      'GSM-7: 160 znaków mieści się w jednym SMS-ie, 153 na część w dłuższym; € [ ] { } ~ ^ \\ | liczą się podwójnie.',
    'emails.sms.ucs2':
      'UCS-2: znak spoza GSM-7 (np. ą, ł lub emoji) sprawia, że część mieści 70 znaków, a w dłuższym 67.',
  },
});
