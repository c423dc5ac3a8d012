/**
 * The sinks of bench:dispatch in their own process, so the SMTP server's and the stub's work
 * does not share a thread with the client being measured. Prints one JSON line with their
 * addresses, then runs until its parent closes stdin.
 */
import { SmtpSink, TwilioStub } from '../kit';

async function main() {
  const sink = await SmtpSink.start({ parse: false });
  const stub = await TwilioStub.start({ record: false });
  process.stdout.write(
    JSON.stringify({
      smtpUrl: sink.url,
      twilio: { baseUrl: stub.baseUrl, accountSid: stub.accountSid, authToken: stub.authToken },
    }) + '\n',
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    sink
      .close()
      .then(() => stub.close())
      .then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
