/**
 * The sandbox's Seller Central consent page (`/apps/authorize/consent`): the seller sees which
 * application asks for access and approves it; the sandbox then sends the browser to the
 * application's redirect URI with `state`, `selling_partner_id` and `spapi_oauth_code`, as Amazon
 * does. Everything shown comes from the request, so all of it is escaped.
 */
import type * as http from 'node:http';
import { escapeHtml } from '../controllers/error_page';
import type { ConsentRequest, LwaAuthorizations } from './lwa_authorization';

export const CONSENT_PATH = '/apps/authorize/consent';
const CONFIRM_PATH = '/apps/authorize/confirm';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}
.error{background:#fde2e2;border:1px solid #e9a5a5;padding:1rem}button{padding:.5rem 1.5rem;background:#ff9900;border:1px solid #c77600;border-radius:.25rem}</style>
</head><body><p>Amazon Seller Central (SP-API sandbox)</p>
${body}
</body></html>
`;
}

function hidden(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function consentForm(authorizations: LwaAuthorizations, sellerId: string, request: ConsentRequest): string {
  const app = authorizations.application;
  return page('Authorize application', `<h1>Authorize an application</h1>
<p>The application <code>${escapeHtml(app.id)}</code> asks to access the selling account of <strong>${escapeHtml(sellerId)}</strong> through the Selling Partner API.</p>
<p>After approval you return to <code>${escapeHtml(request.redirectUri)}</code>.</p>
<form method="post" action="${CONFIRM_PATH}">
${hidden('application_id', app.id)}${hidden('state', request.state)}${hidden('redirect_uri', request.redirectUri)}${hidden('version', request.version)}
<button type="submit" name="approve" value="1">Approve</button>
</form>`);
}

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}

/** GET the consent page, or POST its Approve button. Returns false when the path is not the consent page's. */
export function handleConsent(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, authorizations: LwaAuthorizations, sellerId: string): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  const showing = req.method === 'GET' && url.pathname === CONSENT_PATH;
  const approving = req.method === 'POST' && url.pathname === CONFIRM_PATH;
  if (!showing && !approving) return false;
  const params = showing ? url.searchParams : new URLSearchParams(raw.toString('utf8'));
  const request = authorizations.checkConsent(params);
  if ('error' in request) {
    send(res, 400, page('Authorization failed', `<h1>This application cannot be authorized</h1>\n<p class="error">${escapeHtml(request.error)}</p>`));
  } else if (showing) {
    send(res, 200, consentForm(authorizations, sellerId, request));
  } else {
    res.writeHead(302, { location: authorizations.approve(request), 'cache-control': 'no-store' });
    res.end();
  }
  return true;
}
