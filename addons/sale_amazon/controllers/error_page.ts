/**
 * The page shown when linking an account with Amazon fails. The message may quote Amazon, so it is
 * escaped: text from outside is never HTML.
 */
import type { ServerResponse } from 'node:http';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

export function renderLinkError(message: string, backUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Amazon account not linked</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#212529}
.alert{background:#f8d7da;border:1px solid #f1aeb5;border-radius:.375rem;padding:1rem;white-space:pre-wrap}
a.btn{display:inline-block;margin-top:1.5rem;padding:.5rem 1rem;background:#714b67;color:#fff;border-radius:.25rem;text-decoration:none}</style>
</head><body>
<h1>The account could not be linked with Amazon</h1>
<p class="alert">${escapeHtml(message)}</p>
<a class="btn" href="${escapeHtml(backUrl)}">Back to my account</a>
</body></html>
`;
}

export function sendLinkError(res: ServerResponse, status: number, message: string, backUrl: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(renderLinkError(message, backUrl));
}
