import { WebClient, loginUrl } from '../../static/web/src/webclient/webclient';
import { UserMenu, debugToggleUrl } from '../../static/web/src/webclient/navbar/user_menu';
import { afterLoginUrl } from '../../static/web/src/webclient/login/login_screen';
import { browser } from '../../static/web/src/core/browser/browser';
import { makeTestEnv, mountComponent, nextTick, ServerError } from './helpers';

const menus = {
  root: { id: 'root', name: 'root', children: [1], appID: false, xmlid: '', actionID: false, actionModel: false, webIcon: false },
  1: { id: 1, name: 'Contacts', children: [], appID: 1, xmlid: 'web.menu_contacts', actionID: 5, actionModel: 'ir.actions.act_window', webIcon: false },
};

let redirect: jest.SpyInstance;
beforeEach(() => {
  redirect = jest.spyOn(browser, 'redirect').mockImplementation(() => undefined);
  window.history.replaceState(null, '', '/web#action=5');
});
afterEach(() => {
  jest.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('web client start-up and session', () => {
  test('an RPC answering code 100 (session expired) sends the user to the login screen, asking to come back', async () => {
    const env = await makeTestEnv((route) => {
      if (route === '/web/webclient/load_menus') return menus;
      if (route === '/web/action/load') throw new ServerError('Session expired', 'odoo.http.SessionExpiredException', 100);
      throw new Error(`unexpected ${route}`);
    });
    const { fixture } = await mountComponent(WebClient as any, env);
    await nextTick();
    expect(redirect).toHaveBeenCalledWith(`/web/login?redirect=${encodeURIComponent('/web#action=5')}`);
    // no error notification for an expired session: the user is simply sent to log in
    expect(fixture.querySelector('.o_notification')).toBeNull();
  });

  test('a failing menu load shows its message and a Reload button, not a blank page', async () => {
    const reload = jest.spyOn(browser, 'reload').mockImplementation(() => undefined);
    const env = await makeTestEnv((route) => {
      if (route === '/web/webclient/load_menus') throw new ServerError('<b>menus</b> are broken', 'odoo.exceptions.UserError');
      throw new Error(`unexpected ${route}`);
    });
    const { fixture } = await mountComponent(WebClient as any, env);
    await nextTick();
    const error = fixture.querySelector('[data-testid="menu-load-error"]')!;
    expect(error.textContent).toContain('<b>menus</b> are broken');
    expect(error.querySelector('b')).toBeNull();
    expect(fixture.querySelector('.o_action_manager')).not.toBeNull();
    expect(env.calls.map((c) => c.route)).toEqual(['/web/webclient/load_menus']);
    (error.querySelector('.o_menu_load_retry') as HTMLElement).click();
    expect(reload).toHaveBeenCalled();
    expect(redirect).not.toHaveBeenCalled();
  });

  test('the login page returns to the screen the session expired on, and only to this site', () => {
    const at = (search: string) => ({ pathname: '/web/login', search, href: `http://x/web/login${search}` });
    expect(afterLoginUrl(at(`?redirect=${encodeURIComponent('/web#action=5&id=3')}`))).toBe('/web#action=5&id=3');
    expect(afterLoginUrl(at(`?redirect=${encodeURIComponent('//evil.example/x')}`))).toBe('/web');
    expect(afterLoginUrl(at(`?redirect=${encodeURIComponent('https://evil.example/')}`))).toBe('/web');
    expect(afterLoginUrl(at('?debug=1'))).toBe('/web?debug=1');
    expect(loginUrl()).toBe('/web/login?redirect=%2Fweb%23action%3D5');
  });

  test('a URL changed by hand (#action=...) opens that screen', async () => {
    const env = await makeTestEnv((route, params) => {
      if (route === '/web/webclient/load_menus') return menus;
      if (route === '/web/action/load') return { id: params.action_id === 'stock.action_orderpoint' ? 9 : 5, type: 'ir.actions.act_window', name: String(params.action_id), res_model: 'res.partner', views: [[false, 'list']] };
      if (route.endsWith('/get_views')) return { views: { list: { id: 1, arch: { fields: [{ field: 'name' }] } }, form: { id: 2, arch: { sheet: [] } }, search: { id: 3, arch: { fields: [], filters: [], groupby: [] } } }, models: { 'res.partner': { name: { type: 'char', string: 'Name' } } } };
      if (route.endsWith('/search_read')) return [];
      if (route.endsWith('/search_count')) return 0;
      throw new Error(`unexpected ${route}`);
    });
    window.history.replaceState(null, '', '/web#action=stock.action_orderpoint');
    const { fixture } = await mountComponent(WebClient as any, env);
    await nextTick();
    expect(fixture.querySelector('.breadcrumb-item.active')!.textContent).toBe('stock.action_orderpoint');
    expect(fixture.querySelector('.o_menu_brand')).toBeNull(); // no menu opens that action
    window.location.hash = 'action=5';
    await nextTick();
    expect(env.calls.filter((c) => c.route === '/web/action/load').map((c) => c.params.action_id)).toEqual(['stock.action_orderpoint', 5]);
    expect(fixture.querySelector('.breadcrumb-item.active')!.textContent).toBe('5');
    expect(fixture.querySelector('.o_menu_brand')!.textContent).toBe('Contacts'); // the app whose menu opens action 5
  });
});

describe('developer mode', () => {
  async function openUserMenu(debug: string) {
    const env = await makeTestEnv(() => null);
    env.debug = debug;
    const { fixture } = await mountComponent(UserMenu as any, env);
    (fixture.querySelector('[data-testid="user-menu"]') as HTMLElement).click();
    await nextTick(1);
    return fixture;
  }

  test('the user menu toggle reloads the client with ?debug=1, and with ?debug=0 when active, keeping the screen', async () => {
    let fixture = await openUserMenu('');
    const toggle = fixture.querySelector('[data-testid="debug-toggle"]') as HTMLElement;
    expect(toggle.textContent).toBe('Activate developer mode');
    toggle.click();
    expect(redirect).toHaveBeenLastCalledWith('/web?debug=1#action=5');
    document.body.innerHTML = '';
    fixture = await openUserMenu('1');
    const off = fixture.querySelector('[data-testid="debug-toggle"]') as HTMLElement;
    expect(off.textContent).toBe('Deactivate developer mode');
    off.click();
    expect(redirect).toHaveBeenLastCalledWith('/web?debug=0#action=5');
    expect(debugToggleUrl(false, '')).toBe('/web?debug=1');
  });

  test('the router keeps ?debug=1 in the URL as the user moves between screens', async () => {
    window.history.replaceState(null, '', '/web?debug=1#action=5');
    const env = await makeTestEnv(() => null);
    env.services.router.pushState({ action: '7', view_type: 'form', id: '3' });
    expect(window.location.search).toBe('?debug=1');
    expect(new URLSearchParams(window.location.hash.slice(1)).get('action')).toBe('7');
  });
});
