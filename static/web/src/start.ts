import { App } from '@odoo/owl';
import { makeEnv, startServices } from './core/env';
import { pageInfo } from './core/session';
import { WebClient } from './webclient/webclient';
import { LoginScreen } from './webclient/login/login_screen';

/** Mounts the login screen or the web client, depending on the session the page carries. */
async function start(): Promise<void> {
  const info = pageInfo();
  const target = document.body;
  const common = { dev: Boolean(info.debug), warnIfNoStaticProps: true, translatableAttributes: [] as string[] };
  if (!info.__session_info__ || window.location.pathname === '/web/login' && !info.__session_info__.uid) {
    await new App(LoginScreen, { ...common, props: { db: info.db } }).mount(target);
    return;
  }
  if (window.location.pathname === '/web/login') {
    window.location.replace('/web');
    return;
  }
  const env = makeEnv(info.debug);
  env.sessionInfo = info.__session_info__;
  env.cids = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('cids') ?? '';
  env.currencies = info.__session_info__.currencies ?? {};
  await startServices(env);
  await new App(WebClient, { ...common, env }).mount(target);
  (window as unknown as { __webClientReady?: number }).__webClientReady = performance.now();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();
