import net from 'node:net';
import tls from 'node:tls';

export interface SmtpSettings { host: string; port: number; user?: string; password?: string; ssl?: boolean; timeoutMs?: number }
export interface OutgoingMessage { from: string; to: string[]; raw: string }

/**
 * A small SMTP client (RFC 5321): EHLO, AUTH PLAIN when credentials are set, MAIL FROM,
 * RCPT TO, DATA. Implicit TLS when ssl is set (port 465); STARTTLS is not offered.
 */
export async function sendSmtp(settings: SmtpSettings, message: OutgoingMessage): Promise<void> {
  const socket: net.Socket = settings.ssl ? tls.connect({ host: settings.host, port: settings.port, servername: settings.host }) : net.connect({ host: settings.host, port: settings.port });
  socket.setTimeout(settings.timeoutMs ?? 20000);
  let buffer = '';
  const waiters: Array<(line: string) => void> = [];
  const failures: Array<(error: Error) => void> = [];
  socket.on('data', (data) => {
    buffer += data.toString('utf8');
    let index: number;
    // A reply ends with a line "NNN text" (a dash after the code means more lines follow).
    while ((index = buffer.search(/^\d{3} .*\r?\n/m)) !== -1) {
      const end = buffer.indexOf('\n', index) + 1;
      const reply = buffer.slice(0, end);
      buffer = buffer.slice(end);
      waiters.shift()?.(reply);
    }
  });
  const fail = (error: Error) => { for (const f of failures.splice(0)) f(error); };
  socket.on('error', fail);
  socket.on('timeout', () => { fail(new Error(`The SMTP server ${settings.host}:${settings.port} did not answer in time.`)); socket.destroy(); });
  const expect = (codes: number[], command?: string) => new Promise<string>((resolve, reject) => {
    failures.push(reject);
    waiters.push((reply) => {
      failures.splice(failures.indexOf(reject), 1);
      const code = Number(reply.slice(reply.lastIndexOf('\n', reply.length - 2) + 1).slice(0, 3));
      if (codes.includes(code)) resolve(reply);
      else reject(new Error(`The SMTP server refused ${command ?? 'the connection'}: ${reply.trim()}`));
    });
    if (command) socket.write(`${command}\r\n`);
  });
  try {
    await expect([220]);
    await expect([250], 'EHLO localhost');
    if (settings.user) await expect([235], `AUTH PLAIN ${Buffer.from(`\0${settings.user}\0${settings.password ?? ''}`).toString('base64')}`);
    await expect([250], `MAIL FROM:<${message.from}>`);
    for (const to of message.to) await expect([250, 251], `RCPT TO:<${to}>`);
    await expect([354], 'DATA');
    // Dot-stuffing: a line starting with "." gets another one.
    await expect([250], `${message.raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`);
    await expect([221], 'QUIT').catch(() => undefined);
  } finally {
    socket.end();
  }
}
