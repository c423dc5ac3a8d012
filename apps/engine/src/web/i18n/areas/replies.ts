import { areaCatalog } from './area';

/** Customers' replies: answering an email reply from its task on Today, the inbound email token, the timeline's automatic answers. */
export const repliesCatalog = areaCatalog({
  en: {
    'replies.labelEmail': 'Answer by email',
    'contact.auto_reply': 'Automatic answer',
    'replies.sentEmail': 'Email answer on its way: {text}',
    'replies.emailToken':
      'email: the token of the inbound email webhook. Point the mail provider’s inbound parse for the Reply-To address at {url} and give it this token as the Basic auth password, the X-Touchbase-Token header or ?token= (docs/delivery.md#inbound-email).',
  },
  de: {
    'replies.labelEmail': 'Per E-Mail antworten',
    'contact.auto_reply': 'Automatische Antwort',
    'replies.sentEmail': 'E-Mail-Antwort ist unterwegs: {text}',
    'replies.emailToken':
      'email: das Token des Webhooks für eingehende E-Mails. Richten Sie die Eingangs-Weiterleitung (Inbound Parse) des Mail-Anbieters für die Antwortadresse auf {url} und geben Sie ihr dieses Token als Basic-Auth-Passwort, als Header X-Touchbase-Token oder als ?token= (docs/delivery.md#inbound-email).',
  },
  pl: {
    'replies.labelEmail': 'Odpowiedz e-mailem',
    'contact.auto_reply': 'Odpowiedź automatyczna',
    'replies.sentEmail': 'Odpowiedź e-mail w drodze: {text}',
    'replies.emailToken':
      'email: token webhooka poczty przychodzącej. Skieruj inbound parse dostawcy poczty dla adresu Reply-To na {url} i podaj ten token jako hasło Basic auth, nagłówek X-Touchbase-Token lub ?token= (docs/delivery.md#inbound-email).',
  },
});
