import { areaCatalog } from './area';

/** The email layout on the Templates page and the SMS editor's length counter (docs/web-ui.md#templates). */
export const emailsCatalog = areaCatalog({
  en: {
    'emails.layout.title': 'Email layout',
    'emails.layout.intro':
      'Every email to a customer is sent inside this layout: your logo, business name and shop link on top, your postal address (imprint) and the customer’s own unsubscribe link below. Logo, name, address and shop link come from the settings. It must keep {{ content }} (where the message goes) and {{ unsubscribe_url }}; one version per language.',
    'emails.layout.html': 'Layout (HTML)',
    'emails.layout.text': 'Layout (plain text)',
    'emails.layout.reset': 'Reset to the shipped layout',
    'emails.layout.resetConfirm':
      'Replace this language’s layout with the shipped one? Your changes are lost.',
    'emails.layout.wasReset': 'The shipped layout is back.',
    'emails.sms.parts': { one: '{n} SMS part', other: '{n} SMS parts' },
    'emails.sms.left': { one: '{n} character left in this part', other: '{n} characters left in this part' },
    'emails.sms.gsm':
      'GSM-7: 160 characters fit one SMS, 153 per part when it is longer; € [ ] { } ~ ^ \\ | count twice.',
    'emails.sms.ucs2':
      'UCS-2: a character outside GSM-7 (such as ą, ł or an emoji) makes each part hold 70 characters, 67 when it is longer.',
  },
  de: {
    'emails.layout.title': 'E-Mail-Layout',
    'emails.layout.intro':
      'Jede E-Mail an Kunden wird in diesem Layout versendet: oben Ihr Logo, Ihr Firmenname und der Link zum Shop, unten Ihre Postanschrift (Impressum) und der persönliche Abmeldelink. Logo, Name, Anschrift und Shop-Link kommen aus den Einstellungen. {{ content }} (dort steht die Nachricht) und {{ unsubscribe_url }} müssen bleiben; eine Fassung je Sprache.',
    'emails.layout.html': 'Layout (HTML)',
    'emails.layout.text': 'Layout (Nur-Text)',
    'emails.layout.reset': 'Auf das mitgelieferte Layout zurücksetzen',
    'emails.layout.resetConfirm':
      'Das Layout dieser Sprache durch das mitgelieferte ersetzen? Ihre Änderungen gehen verloren.',
    'emails.layout.wasReset': 'Das mitgelieferte Layout ist wiederhergestellt.',
    'emails.sms.parts': { one: '{n} SMS-Teil', other: '{n} SMS-Teile' },
    'emails.sms.left': { one: 'noch {n} Zeichen in diesem Teil', other: 'noch {n} Zeichen in diesem Teil' },
    'emails.sms.gsm':
      'GSM-7: 160 Zeichen passen in eine SMS, 153 je Teil bei längeren; € [ ] { } ~ ^ \\ | zählen doppelt.',
    'emails.sms.ucs2':
      'UCS-2: Ein Zeichen außerhalb von GSM-7 (etwa ą, ł oder ein Emoji) lässt jeden Teil nur 70 Zeichen fassen, 67 bei längeren.',
  },
  pl: {
    'emails.layout.title': 'Układ e-maili',
    'emails.layout.intro':
      'Każdy e-mail do klienta jest wysyłany w tym układzie: u góry logo, nazwa firmy i link do sklepu, na dole adres pocztowy (dane firmy) i osobisty link do wypisania się. Logo, nazwa, adres i link do sklepu pochodzą z ustawień. Musi zawierać {{ content }} (tu trafia wiadomość) i {{ unsubscribe_url }}; jedna wersja na język.',
    'emails.layout.html': 'Układ (HTML)',
    'emails.layout.text': 'Układ (zwykły tekst)',
    'emails.layout.reset': 'Przywróć dostarczony układ',
    'emails.layout.resetConfirm': 'Zastąpić układ w tym języku dostarczonym? Twoje zmiany przepadną.',
    'emails.layout.wasReset': 'Przywrócono dostarczony układ.',
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
