import { statSync } from 'node:fs';
import { BUNDLE_CSS, BUNDLE_JS } from '../assets/bundle';

export interface ShellOptions {
  sessionInfo: Record<string, unknown> | null;
  db: string;
  debug: boolean;
}

/**
 * The page every client URL returns: the bundle and `odoo.__session_info__` (null when nobody
 * is logged in: the client then shows its login screen). The JSON is escaped so that no data
 * can close the script element.
 */
export function renderShell(options: ShellOptions): string {
  const odoo = { __session_info__: options.sessionInfo, db: options.db, debug: options.debug ? '1' : '' };
  const version = (path: string) => Math.floor(statSync(path).mtimeMs).toString(36);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Odoo</title>
<link rel="stylesheet" href="/web/static/dist/web.css?v=${version(BUNDLE_CSS)}">
<script>var odoo = ${scriptSafeJson(odoo)};</script>
<script defer src="/web/static/dist/web.js?v=${version(BUNDLE_JS)}"></script>
</head>
<body class="o_web_client"></body>
</html>
`;
}

export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
