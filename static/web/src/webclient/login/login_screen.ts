import { Component, useState, xml } from '@odoo/owl';
import { jsonRpc, RPCError } from '../../core/network/rpc';

/**
 * Where a successful login goes: back to the screen the session expired on (?redirect=, a path
 * of this site only, so the login page cannot send users elsewhere), else the client.
 */
export function afterLoginUrl(location: { pathname: string; search: string; href: string }): string {
  if (location.pathname !== '/web/login') return location.href;
  const params = new URLSearchParams(location.search);
  const back = params.get('redirect');
  if (back && back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\')) return back;
  params.delete('redirect');
  const rest = params.toString();
  return `/web${rest ? `?${rest}` : ''}`;
}

/** The login form; a successful login reloads the client with the new session. */
export class LoginScreen extends Component<{ db: string }> {
  static override template = xml`
    <div class="o_login_screen">
      <form class="o_login_form" t-on-submit.prevent="login">
        <h1 class="o_login_title">Log in</h1>
        <label for="login">Email</label>
        <input id="login" name="login" class="o_input" type="text" autocomplete="username" required="required" autofocus="autofocus"
               t-on-input="(ev) => this.state.login = ev.target.value"/>
        <label for="password">Password</label>
        <input id="password" name="password" class="o_input" type="password" autocomplete="current-password" required="required"
               t-on-input="(ev) => this.state.password = ev.target.value"/>
        <p t-if="state.error" class="alert alert-danger o_login_error" role="alert" t-esc="state.error"/>
        <button type="submit" class="btn btn-primary o_login_button" data-testid="login-submit" t-att-disabled="state.busy">Log in</button>
      </form>
    </div>`;
  static override props = { db: String };

  state = useState({ login: '', password: '', error: '', busy: false });

  async login() {
    this.state.busy = true;
    this.state.error = '';
    try {
      await jsonRpc((...args) => fetch(...args), '/web/session/authenticate', { db: this.props.db, login: this.state.login, password: this.state.password });
      window.location.replace(afterLoginUrl(window.location));
    } catch (error) {
      this.state.error = error instanceof RPCError && error.exceptionName.endsWith('AccessDenied') ? 'Wrong login/password' : (error as Error).message;
    } finally {
      this.state.busy = false;
    }
  }
}
